"""The PDFs as a viewer shows them: pages rendered by Qt PDF (as the app's preview does).

The QR code is read back from the rendered pixels with a small decoder written from the
QR specification (ISO/IEC 18004), so the test proves a scanner gets the payload, not just
that some drawing exists.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from reportlab.graphics.barcode.qrencoder import QRRSBlock

from forms.acta import render_acta
from forms.attendance_sheet import render_attendance_sheet
from forms.errata import render_errata
from forms.extract import render_extract
from forms.layout import PAGE_HEIGHT, QR_SIZE, QR_X, QR_Y
from tests.forms import samples


def load(qapp, path: Path) -> QPdfDocument:
    doc = QPdfDocument(qapp)
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    return doc


def ink(image: QImage) -> np.ndarray:
    """True where the page has ink. Qt leaves the paper transparent, so alpha counts."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8)
    bgra = rows.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4]
    bgra = bgra.reshape(image.height(), image.width(), 4)
    return (bgra[..., 3] > 128) & (bgra[..., :3].min(axis=2) < 160)


def page_ink(doc: QPdfDocument, page: int) -> float:
    size = doc.pagePointSize(page).toSize()
    return float(ink(doc.render(page, size)).mean())


@pytest.mark.parametrize("name", ["acta", "sheet", "extract", "errata"])
def test_every_page_has_content_but_is_not_a_black_box(qapp, tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    {
        "acta": lambda: render_acta(samples.acta(), path, logo=samples.logo_png()),
        "sheet": lambda: render_attendance_sheet(samples.sheet(seats=20), path),
        "extract": lambda: render_extract(samples.extract(), path),
        "errata": lambda: render_errata(samples.errata(), path),
    }[name]()
    doc = load(qapp, path)
    assert doc.pageCount() >= 1
    for page in range(doc.pageCount()):
        fraction = page_ink(doc, page)
        assert 0.004 < fraction < 0.35, (page, fraction)


def test_more_content_more_pages(qapp, tmp_path):
    render_acta(samples.acta(attendees=6, agreements=2), tmp_path / "small.pdf")
    render_acta(samples.acta(attendees=60, agreements=30, long=True), tmp_path / "big.pdf")
    small, big = load(qapp, tmp_path / "small.pdf"), load(qapp, tmp_path / "big.pdf")
    assert 1 <= small.pageCount() < big.pageCount()
    assert small.pagePointSize(0).toSize() == QSize(595, 842)  # A4 portrait


def test_signature_slots_are_blank_cells(qapp, tmp_path):
    """Nothing is printed inside a FIRMA box: a signature placed there covers no text."""
    content = samples.acta(attendees=24)
    slots = render_acta(content, tmp_path / "acta.pdf")
    doc = load(qapp, tmp_path / "acta.pdf")
    scale = 2
    images = {}
    for slot in slots:
        if slot.page not in images:
            size = doc.pagePointSize(slot.page)
            images[slot.page] = ink(doc.render(
                slot.page, QSize(int(size.width() * scale), int(size.height() * scale))))
        page = images[slot.page]
        x1, y1, x2, y2 = (v * scale for v in slot.box)
        top, bottom = int(page.shape[0] - y2) + 2, int(page.shape[0] - y1) - 2
        inside = page[top:bottom, int(x1) + 2:int(x2) - 2]
        assert inside.size and not inside.any(), slot
        # … and the cell's top rule is just above it (a tall row centres the box).
        assert page[top - 12 * scale:top, int(x1) + 2:int(x2) - 2].all(axis=1).any(), slot


def test_qr_code_on_the_first_page_decodes_to_the_payload(qapp, tmp_path):
    content = samples.acta()
    render_acta(content, tmp_path / "acta.pdf")
    doc = load(qapp, tmp_path / "acta.pdf")
    scale = 8  # pixels per point: a module is about 10 px wide
    width, height = doc.pagePointSize(0).width(), doc.pagePointSize(0).height()
    margin = 10
    clip = QRect(int((QR_X - margin) * scale), int((PAGE_HEIGHT - QR_Y - QR_SIZE - margin)
                                                    * scale),
                 int((QR_SIZE + 2 * margin) * scale), int((QR_SIZE + 2 * margin) * scale))
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(QSize(int(width * scale), int(height * scale)))
    options.setScaledClipRect(clip)
    pixels = ink(doc.render(0, clip.size(), options))
    assert decode(sample_modules(pixels)) == content.qr_payload


# A minimal QR reader ------------------------------------------------------------------

def sample_modules(dark: np.ndarray) -> list[list[bool]]:
    """Grid of modules from a clean, upright image of one code (its finders mark the
    corners; the top row of the top-left finder is seven dark modules)."""
    rows, cols = np.nonzero(dark)
    top, left, right = rows.min(), cols.min(), cols.max() + 1
    run = int(np.argmin(dark[top, left:right]))  # first light pixel after the finder's edge
    module = run / 7
    n = round((right - left) / module)
    assert (n - 17) % 4 == 0, n
    module = (right - left) / n
    return [[bool(dark[int(top + (r + 0.5) * module), int(left + (c + 0.5) * module)])
             for c in range(n)] for r in range(n)]


MASKS = [
    lambda r, c: (r + c) % 2 == 0, lambda r, c: r % 2 == 0, lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0, lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
    lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
]


def format_code(level_bits: int, mask: int) -> int:
    data = level_bits << 3 | mask
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    return ((data << 10) | rem) ^ 0x5412


def function_modules(n: int, version: int) -> list[list[bool]]:
    f = [[False] * n for _ in range(n)]

    def fill(r0, c0, r1, c1):
        for r in range(max(r0, 0), min(r1, n)):
            for c in range(max(c0, 0), min(c1, n)):
                f[r][c] = True

    fill(0, 0, 9, 9)  # finder, separator and format information
    fill(0, n - 8, 9, n)
    fill(n - 8, 0, n, 9)
    fill(6, 0, 7, n)  # timing patterns
    fill(0, 6, n, 7)
    if version >= 2:
        count = version // 7 + 2
        step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
        centres = sorted([6] + [n - 7 - i * step for i in range(count - 1)])
        for i, r in enumerate(centres):
            for j, c in enumerate(centres):
                corner = (i, j) in ((0, 0), (0, count - 1), (count - 1, 0))
                if not corner:
                    fill(r - 2, c - 2, r + 3, c + 3)
    if version >= 7:  # version information blocks
        fill(0, n - 11, 6, n - 8)
        fill(n - 11, 0, n - 8, 6)
    return f


def decode(m: list[list[bool]]) -> str:
    n = len(m)
    version = (n - 17) // 4
    read = sum(m[i][8] << i for i in range(6)) | m[7][8] << 6 | m[8][8] << 7 | m[8][7] << 8
    read |= sum(m[8][14 - i] << i for i in range(9, 15))
    level_bits, mask = min(((lv, mk) for lv in range(4) for mk in range(8)),
                           key=lambda p: bin(format_code(*p) ^ read).count("1"))
    assert format_code(level_bits, mask) == read, "format information unreadable"
    func = function_modules(n, version)
    bits = []
    right = n - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = (right + 1) & 2 == 0
        for vert in range(n):
            r = n - 1 - vert if upward else vert
            for c in (right, right - 1):
                if not func[r][c]:
                    bits.append(m[r][c] ^ MASKS[mask](r, c))
        right -= 2
    codewords = [int("".join("1" if b else "0" for b in bits[i:i + 8]), 2)
                 for i in range(0, len(bits) - 7, 8)]
    blocks = QRRSBlock.getRSBlocks(version, level_bits)
    data: list[list[int]] = [[] for _ in blocks]
    at = 0
    for i in range(max(b.dataCount for b in blocks)):
        for k, block in enumerate(blocks):
            if i < block.dataCount:
                data[k].append(codewords[at])
                at += 1
    stream = "".join(f"{byte:08b}" for block in data for byte in block)
    return parse_segments(stream, version)


def parse_segments(stream: str, version: int) -> str:
    out, pos = bytearray(), 0
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    while pos + 4 <= len(stream):
        mode = int(stream[pos:pos + 4], 2)
        pos += 4
        if mode == 0:
            break
        size_class = 0 if version <= 9 else 1 if version <= 26 else 2
        width = {1: (10, 12, 14), 2: (9, 11, 13), 4: (8, 16, 16)}[mode][size_class]
        count = int(stream[pos:pos + width], 2)
        pos += width
        if mode == 4:
            for _ in range(count):
                out.append(int(stream[pos:pos + 8], 2))
                pos += 8
        elif mode == 2:
            for i in range(0, count, 2):
                if count - i >= 2:
                    v = int(stream[pos:pos + 11], 2)
                    out += (alnum[v // 45] + alnum[v % 45]).encode()
                    pos += 11
                else:
                    out += alnum[int(stream[pos:pos + 6], 2)].encode()
                    pos += 6
        else:
            for i in range(0, count, 3):
                digits = min(3, count - i)
                bits = {3: 10, 2: 7, 1: 4}[digits]
                out += str(int(stream[pos:pos + bits], 2)).zfill(digits).encode()
                pos += bits
    return out.decode("utf-8")
