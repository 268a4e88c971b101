"""The bundled app (PyInstaller, one folder) run as a secretary would run it: its own
executable, no Python, a read-only install folder and a fresh home directory."""

from __future__ import annotations

import re
import sqlite3
import sys

import pypdf
import pytest

from desktop.startup import SHOWN_MARKER
from installers import bundle_filter
from installers.project import project_version, tree_size
from tests.installers.bundled_app import run_bundle, snapshot

pytestmark = pytest.mark.xdist_group("pyinstaller")


def test_version_comes_from_pyproject(bundle, home):
    done = run_bundle(bundle, "--version", home=home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sesiona {project_version()}"


def test_bundle_carries_the_qt_parts_sesiona_uses_and_no_others(bundle):
    qt = bundle / "_internal" / "PySide6" / "Qt"
    plugins = {p.relative_to(qt / "plugins").as_posix() for p in (qt / "plugins").rglob("*.so")}
    assert {"platforms/libqxcb.so", "platforms/libqoffscreen.so", "imageformats/libqjpeg.so",
            "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
            "printsupport/libcupsprintersupport.so"} <= plugins
    libraries = {p.name for p in (qt / "lib").iterdir()}
    assert {"libQt6Pdf.so.6", "libQt6PdfWidgets.so.6", "libQt6PrintSupport.so.6",
            "libQt6Widgets.so.6"} <= libraries
    everything = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    unwanted = re.compile(r"Qt6(WebEngine|Quick|Qml|3D|Multimedia|Charts)|libgtk-3")
    assert not [name for name in everything if unwanted.search(name)]
    assert not [name for name in everything if bundle_filter.dropped(name)]
    # Fonts, catalogues, translations, trust anchors and the icon travel with the app.
    resources = bundle / "_internal" / "resources"
    for name in ("fonts/LiberationSans-Regular.ttf", "catalogs/regions.csv",
                 "translations/sesiona.ts", "trust/README.md", "icons/sesiona.svg"):
        assert (resources / name).is_file(), name
    assert tree_size(bundle) > 0


def _bundled_modules(bundle) -> set[str]:
    """The Python modules frozen into the bundle (the PYZ archive inside the executable)."""
    from PyInstaller.archive.readers import CArchiveReader

    executable = CArchiveReader(str(bundle / "sesiona"))
    archives = [name for name, entry in executable.toc.items() if entry[-1] == "z"]
    assert archives, "the executable holds no PYZ archive"
    return {module for name in archives
            for module in executable.open_embedded_archive(name).toc}


def test_bundle_carries_the_sync_engine_and_nothing_of_headquarters(bundle):
    modules = _bundled_modules(bundle)
    assert {"contract.protocol", "contract.bundle_format", "devicesync.client",
            "devicesync.bundles", "db.storage.records", "desktop.app"} <= modules
    tops = {module.split(".")[0] for module in modules}
    assert tops.isdisjoint(bundle_filter.HQ_MODULES), tops & set(bundle_filter.HQ_MODULES)


def test_demo_then_acta_gives_a_pdf_with_accents_and_embedded_fonts(bundle, home, tmp_path):
    database, pdf = tmp_path / "demo.sqlite", tmp_path / "acta.pdf"
    demo = run_bundle(bundle, "demo", "--db", str(database), "--fecha", "2025-06-30",
                      home=home)
    assert demo.returncode == 0, demo.stderr
    assert "Base de demostración creada" in demo.stdout
    listing = run_bundle(bundle, "sesiones", "--db", str(database), home=home)
    assert listing.returncode == 0, listing.stderr
    signed = [line.split()[0] for line in listing.stdout.splitlines() if "firmada" in line]
    acta = run_bundle(bundle, "acta", "--db", str(database), "--session", signed[0],
                      "--out", str(pdf), home=home)
    assert acta.returncode == 0, acta.stderr

    reader = pypdf.PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Sesión" in text or "SESIÓN" in text
    assert "Región" in text or "REGIÓN" in text or "Comisión" in text or "COMISIÓN" in text
    assert "Página 1 de" in text
    fonts = [font.get_object() for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()]
    assert fonts
    assert all("Liberation" in str(font["/BaseFont"]) for font in fonts)
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts
               if "/FontDescriptor" in font)


def test_gui_starts_offscreen_shows_the_main_window_and_exits_cleanly(bundle, home, tmp_path):
    done = run_bundle(bundle, "--db", str(tmp_path / "comite.sqlite"), home=home,
                      SESIONA_EXIT_AFTER_SHOW="0")
    assert done.returncode == 0, done.stderr
    assert SHOWN_MARKER in done.stdout
    assert "Traceback" not in done.stderr


def test_read_only_install_writes_only_in_the_user_data_directory(bundle, home, tmp_path):
    """No --db: the default base goes to the user's data folder; the install folder and the
    working directory stay exactly as they were."""
    workdir = tmp_path / "trabajo"
    workdir.mkdir()
    before = snapshot(bundle)
    done = run_bundle(bundle, home=home, cwd=workdir, SESIONA_EXIT_AFTER_SHOW="0")
    assert done.returncode == 0, done.stderr
    assert snapshot(bundle) == before
    assert not any(workdir.iterdir())
    assert (home / ".local" / "share" / "Sesiona" / "sesiona.sqlite").is_file()
    assert (home / ".config" / "MTPE" / "Sesiona.conf").is_file()
    assert all(not mode & 0o222 for mode in
               (p.stat().st_mode for p in bundle.rglob("*") if not p.is_symlink()))


def test_no_python_is_needed(bundle, home):
    """The bundle runs its own interpreter: with no python on PATH it still works."""
    done = run_bundle(bundle, "--version", home=home, PATH="/nonexistent")
    assert done.returncode == 0, done.stderr
    assert (bundle / "_internal" / f"libpython{sys.version_info.major}."
                                    f"{sys.version_info.minor}.so.1.0").is_file()


def test_bundled_check_reads_what_the_bundled_demo_wrote(bundle, home, tmp_path):
    database = tmp_path / "demo.sqlite"
    assert run_bundle(bundle, "demo", "--db", str(database), home=home).returncode == 0
    check = run_bundle(bundle, "check", "--db", str(database), home=home)
    assert check.returncode == 0, check.stderr
    assert "Integridad: correcta" in check.stdout
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("SELECT count(*) FROM committees").fetchone()[0] == 2
    finally:
        conn.close()
