"""Sync rounds in the background, on demand and on a timer, with back-off after failures.

A round runs ``devicesync.client.sync_round`` in Qt's thread pool on its OWN SQLite
connection (WAL and busy_timeout serialise its short write transactions with the UI's);
the UI keeps its connection and is never blocked. Progress, the report and errors come back
to the GUI thread as queued signals; after a round the screens refresh through
``ops.notify``. Automatic rounds run every few minutes while things work, back off
exponentially after failures, and are tried at once when the network comes back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot

from contract.tables import SYNCED_TABLES
from db.errors import SesionaError
from db.storage.connection import connect
from db.storage.progress import Cancelled, Progress
from desktop.operations import Operations
from devicesync import identity
from devicesync.client import sync_round

log = logging.getLogger(__name__)

FIRST_ROUND_MS = 3_000  # shortly after the window opens
INTERVAL_MS = 5 * 60_000  # while everything works
BACKOFF_MS = (30_000, 60_000, 120_000, 240_000, 480_000, 900_000)  # after 1, 2, … failures
#: Tables whose screens refresh after a round (every synced table and the inbox).
REFRESHED = frozenset(SYNCED_TABLES | {"sync_conflicts", "sync_rejections"})


class _Signals(QObject):
    stepped = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)


class _Round(QRunnable):
    def __init__(self, path: Path, signals: _Signals, progress: Progress):
        super().__init__()
        self.path, self.signals, self.progress = path, signals, progress

    def run(self) -> None:  # worker thread: its own connection; emit only
        try:
            db = connect(self.path)
            try:
                result = sync_round(db, progress=self.progress)
            finally:
                db.conn.close()
        except Cancelled:
            self.signals.failed.emit("Sincronización interrumpida.")
        except SesionaError as exc:
            self.signals.failed.emit(exc.message)
        except Exception as exc:  # never into Qt: the next round retries
            log.exception("sync round failed")
            self.signals.failed.emit(f"La sincronización falló por un error inesperado "
                                     f"({type(exc).__name__}); se reintentará más tarde.")
        else:
            self.signals.finished.emit(result)


class SyncController(QObject):
    started = Signal()
    #: fraction 0–1 and a Spanish message, during a round.
    stepped = Signal(float, str)
    #: the SyncReport of a successful round.
    succeeded = Signal(object)
    #: a Spanish message.
    failed = Signal(str)
    #: enrolment or scheduling changed: the status area re-reads.
    state_changed = Signal()

    def __init__(self, ops: Operations, path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.ops, self.path = ops, Path(path)
        self.running = False
        self.failures = 0
        self.last_error = ""
        self.progress: Progress | None = None
        self._runnable: _Round | None = None
        self._signals = _Signals()
        queued = Qt.ConnectionType.QueuedConnection
        self._signals.stepped.connect(self.stepped, queued)
        self._signals.finished.connect(self._on_finished, queued)
        self._signals.failed.connect(self._on_failed, queued)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self._watch_network()
        if self.enrolled():
            self.schedule(FIRST_ROUND_MS)

    # State -------------------------------------------------------------------------------

    def device(self) -> identity.Device | None:
        return self.ops.read(identity.device)

    def enrolled(self) -> bool:
        return self.device() is not None

    def schedule(self, delay_ms: int) -> None:
        self.timer.start(max(delay_ms, 0))

    def backoff_ms(self) -> int:
        return BACKOFF_MS[min(self.failures, len(BACKOFF_MS)) - 1] if self.failures else \
            INTERVAL_MS

    def on_enrolled(self) -> None:
        """After the settings dialog enrolled this database: sync right away."""
        self.failures, self.last_error = 0, ""
        self.state_changed.emit()
        self.sync_now()

    # Rounds ------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> bool:
        """Start a round unless one is running or the database is not enrolled."""
        if self.running:
            return False
        if not self.enrolled():
            self.timer.stop()
            self.last_error = ""
            self.state_changed.emit()
            return False
        self.timer.stop()
        self.running = True
        self.progress = Progress(on_step=self._signals.stepped.emit)
        self._runnable = _Round(self.path, self._signals, self.progress)
        self._runnable.setAutoDelete(False)  # kept until the next round replaces it
        self.started.emit()
        QThreadPool.globalInstance().start(self._runnable)
        return True

    def _on_finished(self, result: Any) -> None:
        self.running, self.failures, self.last_error = False, 0, ""
        self.ops.notify(set(REFRESHED))
        self.schedule(INTERVAL_MS)
        self.succeeded.emit(result)
        self.state_changed.emit()

    def _on_failed(self, message: str) -> None:
        self.running = False
        self.failures += 1
        self.last_error = message
        self.ops.notify({"sync_conflicts"})  # a batch may have been acknowledged before
        if self.enrolled():
            self.schedule(self.backoff_ms())
        self.failed.emit(message)
        self.state_changed.emit()

    def shutdown(self, wait_ms: int = 5_000) -> None:
        """On closing: stop the timer, ask a running round to stop at its next step."""
        self.timer.stop()
        if self.progress is not None:
            self.progress.cancel()
        if self.running:
            QThreadPool.globalInstance().waitForDone(wait_ms)

    # Network -----------------------------------------------------------------------------

    def _watch_network(self) -> None:
        """When the machine comes back online after a failure, retry now, not at back-off."""
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # pragma: no cover (QtNetwork ships with PySide6-Essentials)
            return
        if not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._on_reachability)

    def _on_reachability(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if (reachability == QNetworkInformation.Reachability.Online and self.failures
                and not self.running and self.enrolled()):
            self.schedule(1_000)
