"""Package the bundle as ``sesiona_<version>_<arch>.deb`` with dpkg-deb.

Layout: the bundle in /opt/sesiona, /usr/bin/sesiona (a symlink: the PyInstaller bootloader
finds its files through /proc/self/exe), the .desktop entry and the icon in the hicolor theme.
dpkg's own triggers refresh the menu and icon caches, so the package has no maintainer
scripts; user data (~/.local/share/Sesiona) is never part of it, so removing or upgrading the
package leaves it alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from installers.bundle import BuildError, run_tool
from installers.icons import PNG_SIZES, SVG
from installers.project import APP_NAME, project_version, tree_size

HERE = Path(__file__).resolve().parent
INSTALL_DIR = Path("opt") / APP_NAME

QT_RUNTIME_PACKAGES = HERE / "qt-runtime-packages.txt"


def qt_runtime_packages() -> list[str]:
    """The Debian packages Qt needs to show a window (the one list, shared with
    ``.ci/system-deps.sh``)."""
    lines = QT_RUNTIME_PACKAGES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# What the bundle takes from the system instead of carrying it: the C library, and what Qt
# needs to show a window (the build copies only those the build machine happens to have).
DEPENDS = ["libc6 (>= 2.34)", *qt_runtime_packages()]


def debian_version(version: str) -> str:
    """PEP 440 to Debian: a pre-release sorts before its release (``1.0rc1`` → ``1.0~rc1``)."""
    return re.sub(r"[.-]?(a|b|rc|dev)(\d*)", r"~\1\2", version)


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True,
                          text=True).stdout.strip()


def _normalise_permissions(root: Path) -> None:
    """Directories and executables 0755, everything else 0644, whatever the build left."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or path.stat().st_mode & 0o111:
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def render_icons_apart(out_dir: Path) -> dict[str, Path]:
    """The icons, drawn in a separate process: Qt allows one application object per process,
    and the caller (a test run, say) may need a full QApplication later."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run_tool([sys.executable, "-m", "installers.icons", str(out_dir)], "el dibujo de los íconos",
             env)
    icons = {f"{size}": out_dir / f"sesiona-{size}.png" for size in PNG_SIZES}
    return {**icons, "ico": out_dir / "sesiona.ico"}


def stage(bundle: Path, staging: Path) -> Path:
    """Lay out the package's file tree in ``staging`` (emptied first)."""
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(bundle, staging / INSTALL_DIR, symlinks=True)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / APP_NAME).symlink_to(Path("/") / INSTALL_DIR / APP_NAME)
    applications = staging / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(HERE / "sesiona.desktop", applications / "sesiona.desktop")
    icons = render_icons_apart(staging.parent / "icons")
    theme = staging / "usr" / "share" / "icons" / "hicolor"
    for size in PNG_SIZES:
        target = theme / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(icons[f"{size}"], target / f"{APP_NAME}.png")
    (theme / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(SVG, theme / "scalable" / "apps" / f"{APP_NAME}.svg")
    doc = staging / "usr" / "share" / "doc" / APP_NAME
    doc.mkdir(parents=True)
    shutil.copy2(HERE / "copyright", doc / "copyright")
    _normalise_permissions(staging)
    return staging


def control_text(staging: Path, version: str, arch: str) -> str:
    template = (HERE / "control.in").read_text(encoding="utf-8")
    fields = {
        "VERSION": debian_version(version),
        "ARCHITECTURE": arch,
        "INSTALLED_SIZE": str((tree_size(staging) + 1023) // 1024),
        "DEPENDS": ", ".join(DEPENDS),
    }
    return re.sub(r"@(\w+)@", lambda m: fields[m.group(1)], template)


def build_deb(bundle: Path, out_dir: Path, xz_level: int = 6) -> Path:
    """Build the .deb from ``bundle`` into ``out_dir``; returns its path.

    xz, the format every dpkg reads; level 6 (dpkg's default) for releases, while the tests
    pass a faster level: same format and contents, a larger file.
    """
    if not (bundle / APP_NAME).is_file():
        raise BuildError(f"No hay un paquete de PyInstaller en {bundle}.")
    version, arch = project_version(), architecture()
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = stage(bundle, out_dir / "deb-build" / "root")
    debian = staging / "DEBIAN"
    debian.mkdir(mode=0o755)
    (debian / "control").write_text(control_text(staging, version, arch), encoding="utf-8")
    (debian / "control").chmod(0o644)
    deb = out_dir / f"{APP_NAME}_{debian_version(version)}_{arch}.deb"
    run_tool(["dpkg-deb", "--build", "--root-owner-group", "-Zxz", f"-z{xz_level}",
              str(staging), str(deb)], "dpkg-deb")
    shutil.rmtree(out_dir / "deb-build")
    return deb
