"""Render the app icon from its SVG source (resources/icons/sesiona.svg).

Only the SVG is kept in the repository; the PNG sizes a Linux desktop wants and the
multi-size ``.ico`` Windows wants are drawn here at build time with Qt, which the build
environment already has. Usage: ``python -m installers.icons OUT_DIR``.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from installers.project import ROOT

SVG = ROOT / "resources" / "icons" / "sesiona.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _png_bytes(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"No se pudo leer el ícono {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO container holding PNG-compressed images (read by Windows Vista and later).

    Qt's own ICO writer stores a single size; Explorer and the Start menu pick the size
    they need from this one file.
    """
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def render_icons(out_dir: Path) -> dict[str, Path]:
    """Write ``sesiona-<N>.png`` for each size and ``sesiona.ico`` into ``out_dir``.

    Creates a QGuiApplication if the process has none: call it from a process of its own
    (``python -m installers.icons``, PyInstaller's), never from one that needs a QApplication.
    """
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = {size: _png_bytes(size) for size in sorted(set(PNG_SIZES) | set(ICO_SIZES))}
    written: dict[str, Path] = {}
    for size in PNG_SIZES:
        target = out_dir / f"sesiona-{size}.png"
        target.write_bytes(pngs[size])
        written[f"{size}"] = target
    ico = out_dir / "sesiona.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    written["ico"] = ico
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("uso: python -m installers.icons CARPETA_DE_SALIDA")
    for path in render_icons(Path(sys.argv[1])).values():
        print(path)
