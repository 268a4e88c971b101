"""Starting the desktop app: Qt application, Spanish (Peru) locale, the main window.

Opening a file goes through ``db.storage.store.open_store``, which checks it (ours, not damaged)
before writing a byte. Only a path with nothing there yet is created (the first start, or a
new file named on purpose): «Abrir base de datos…» on an empty or foreign file refuses it.
Every refusal, SQLite's included, is shown in Spanish.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from db.errors import DatabaseFileError
from db.storage.instance_lock import DatabaseInUse, InstanceLock
from db.storage.sqlite_errors import spanish
from db.storage.store import open_store
from desktop.startup import app_icon, exit_after_show_if_asked, hold_lock_while_open, tell_user
from resources import resource_path

LOCALE = QLocale(QLocale.Language.Spanish, QLocale.Country.Peru)


def install_translations(app: QApplication) -> None:
    """Qt's own strings (dialog buttons, undo texts) in Spanish, then Sesiona's catalogue.

    Sesiona's source strings are written in Spanish; a ``sesiona_<locale>.qm`` in
    resources/translations adds another language without touching the code.
    """
    QLocale.setDefault(LOCALE)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, directory in (("qtbase", qt_dir),
                            ("sesiona", str(resource_path("translations")))):
        translator = QTranslator(app)
        if translator.load(LOCALE, name, "_", directory):
            app.installTranslator(translator)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or sys.argv[:1])
        app.setOrganizationName("MTPE")
        app.setApplicationName("Sesiona")
        app.setApplicationDisplayName("Sesiona")
        install_translations(app)
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def open_or_explain(path: Path, parent: QWidget | None = None, *, create: bool = False):
    """Open the file, or tell the user in Spanish why not. The file is left untouched."""
    try:
        return open_store(path, create=create)
    except DatabaseFileError as exc:
        tell_user("No se pudo abrir la base de datos", exc.message, parent)
    except sqlite3.Error as exc:
        tell_user("No se pudo abrir la base de datos", spanish(exc), parent)
    return None


def open_main_window(path: Path):
    from desktop.main_window import MainWindow

    lock = InstanceLock(Path(path))
    try:
        lock.acquire()  # before anything touches the file: a second window changes nothing
    except DatabaseInUse as exc:
        tell_user("La base de datos ya está abierta", exc.message)
        return None
    # Nothing there yet: a new database (the first start, or a new file named on purpose).
    # An existing file, even an empty one, must already be Sesiona's.
    db = open_or_explain(Path(path), create=not Path(path).exists())
    if db is None:
        lock.release()
        return None
    window = MainWindow(db, Path(path))
    hold_lock_while_open(window, lock)
    window.show()
    return window


def run(db_path: Path) -> int:
    app = create_application()
    window = open_main_window(db_path)
    if window is None:
        return 1
    exit_after_show_if_asked(window)
    return app.exec()
