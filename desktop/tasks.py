"""Run long work off the UI thread: the one place that crosses threads.

The work is a plain function taking a ``db.storage.progress.Progress``. It runs in Qt's global
thread pool; its progress, result and error come back to the GUI thread as queued signals,
so no widget is ever touched from a worker. A progress dialog appears only if the work
lasts, and its «Cancelar» asks the function to stop at its next step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from db.errors import SesionaError
from db.storage.progress import Cancelled, Progress
from db.storage.sqlite_errors import spanish

# Below this, a task finishes before a dialog would be worth showing.
SHOW_PROGRESS_AFTER_MS = 400


class _Signals(QObject):
    stepped = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress):
        super().__init__()
        self.work, self.signals, self.progress = work, signals, progress

    def run(self) -> None:  # worker thread: emit only, never touch a widget
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except SesionaError as exc:
            self.signals.failed.emit(exc.message)
        except sqlite3.Error as exc:  # in Spanish; SQLite's English goes to the log
            self.signals.failed.emit(spanish(exc))
        except OSError as exc:
            name = f" «{exc.filename}»" if exc.filename else ""
            self.signals.failed.emit(f"No se pudo escribir el archivo{name}: "
                                     f"{exc.strerror or exc}")
        else:
            self.signals.finished.emit(result)


class Task(QObject):
    """One background run. Keep a reference until ``done`` (the runner does)."""

    #: The work's return value, on the GUI thread.
    succeeded = Signal(object)
    #: A Spanish message.
    failed = Signal(str)
    #: Emitted after any outcome, success or not.
    done = Signal()

    def __init__(self, work: Callable[[Progress], Any], label: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.progress = Progress(on_step=self._on_worker_step)
        self._signals = _Signals()
        # Queued: the slots run on the GUI thread, whatever thread emits.
        queued = Qt.ConnectionType.QueuedConnection
        self._signals.stepped.connect(self._on_stepped, queued)
        self._signals.finished.connect(self._on_finished, queued)
        self._signals.failed.connect(self._on_failed, queued)
        self._signals.cancelled.connect(self._on_cancelled, queued)
        self.dialog = QProgressDialog(label, self.tr("Cancelar"), 0, 100, parent)
        self.dialog.setWindowTitle(self.tr("Sesiona"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.progress.cancel)
        self.dialog.setValue(0)
        self._runnable = _Runnable(work, self._signals, self.progress)
        self._runnable.setAutoDelete(False)
        self.running = False

    def start(self) -> Task:
        self.running = True
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def _on_worker_step(self, fraction: float, message: str) -> None:
        self._signals.stepped.emit(fraction, message)

    @Slot(float, str)
    def _on_stepped(self, fraction: float, message: str) -> None:
        if self.running:
            self.dialog.setValue(int(fraction * 100))
            if message:
                self.dialog.setLabelText(message)

    def _close(self) -> None:
        self.running = False
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _on_finished(self, result: Any) -> None:
        self._close()
        self.succeeded.emit(result)
        self.done.emit()

    def _on_failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)
        self.done.emit()

    def _on_cancelled(self) -> None:
        self._close()
        self.done.emit()


def run_task(work: Callable[[Progress], Any], label: str, parent: QWidget, *,
             on_success: Callable[[Any], None] | None = None,
             on_failure: Callable[[str], None] | None = None) -> Task:
    task = Task(work, label, parent)
    if on_success is not None:
        task.succeeded.connect(on_success)
    if on_failure is not None:
        task.failed.connect(on_failure)
    task.done.connect(task.deleteLater)
    return task.start()
