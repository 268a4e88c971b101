"""What starting the real app adds around the main window: its icon, the one-window-per-
database lock, and an unattended mode for smoke tests and the start-up benchmark.

``SESIONA_EXIT_AFTER_SHOW=N`` makes the app print ``SHOWN_MARKER`` once the main window is on
screen and close it N seconds later (0: at once), and report start-up problems on stderr
instead of in a dialog nobody is there to close. Installers' tests and
benchmarks/bench_startup.py use it on the bundled app.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from db.storage.instance_lock import InstanceLock
from resources import resource_path

EXIT_AFTER_SHOW = "SESIONA_EXIT_AFTER_SHOW"
SHOWN_MARKER = "Sesiona: ventana principal abierta"


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "sesiona.svg")))


def unattended() -> bool:
    return EXIT_AFTER_SHOW in os.environ


def tell_user(title: str, message: str, parent: QWidget | None = None) -> None:
    """A start-up problem: on stderr always, and in a dialog when someone is there."""
    print(f"sesiona: {message}", file=sys.stderr, flush=True)
    if not unattended():
        QMessageBox.critical(parent, title, message)


class _ReleaseOnClose(QObject):
    """Frees the database lock once its window has closed (e.g. «Abrir base» switched files)."""

    def __init__(self, window: QWidget, lock: InstanceLock):
        super().__init__(window)
        self._watched, self._lock = window, lock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Qt may still deliver events while Python tears this object down: no attributes then.
        window = getattr(self, "_watched", None)
        if window is not None and watched is window and event.type() == QEvent.Type.Close:
            # The window may still refuse to close; look once the event has been handled.
            QTimer.singleShot(0, self._release_if_closed)
        return False

    def _release_if_closed(self) -> None:
        window, lock = getattr(self, "_watched", None), getattr(self, "_lock", None)
        if window is not None and lock is not None and not window.isVisible():
            lock.release()


def hold_lock_while_open(window: QWidget, lock: InstanceLock) -> None:
    window.installEventFilter(_ReleaseOnClose(window, lock))
    QApplication.instance().aboutToQuit.connect(lock.release)


def exit_after_show_if_asked(window: QWidget) -> None:
    raw = os.environ.get(EXIT_AFTER_SHOW)
    if raw is None:
        return
    try:
        delay_ms = max(0, round(float(raw) * 1000))
    except ValueError:
        delay_ms = 0

    def when_exposed() -> None:
        handle = window.windowHandle()
        if handle is None or not handle.isExposed():
            QTimer.singleShot(5, when_exposed)
            return
        print(SHOWN_MARKER, flush=True)
        QTimer.singleShot(delay_ms, window.close)

    QTimer.singleShot(0, when_exposed)
