"""The sync area of the main window's status bar.

It shows the changes waiting to be sent, the last successful sync («hace 5 min»), a
progress bar during a round, the reason of the last failure in Spanish, and a button to
the conflict inbox while something there waits for the secretary.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from db.locale_pe import ago
from db.storage import records
from desktop.sync.controller import SyncController
from devicesync import inbox

REFRESH_MS = 30_000  # «hace 5 min» moves on by itself
ERROR_STYLE = "color: #b3261e;"


class SyncStatus(QWidget):
    #: The secretary asked for the conflict inbox.
    inbox_requested = Signal()
    #: The secretary asked for the sync settings (not enrolled yet).
    settings_requested = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pending_label")
        self.last_label = QLabel()
        self.last_label.setObjectName("last_sync_label")
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("sync_error_label")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setMaximumWidth(420)
        self.error_label.hide()
        self.inbox_button = QPushButton()
        self.inbox_button.setObjectName("sync_inbox_button")
        self.inbox_button.setFlat(True)
        self.inbox_button.clicked.connect(self.inbox_requested)
        self.inbox_button.hide()
        self.sync_button = QPushButton(self.tr("Sincronizar ahora"))
        self.sync_button.setObjectName("sync_now_button")
        self.sync_button.setFlat(True)
        self.sync_button.clicked.connect(self.on_sync_button_clicked)
        for widget in (self.error_label, self.inbox_button, self.progress, self.last_label,
                       self.pending_label, self.sync_button):
            layout.addWidget(widget)

        controller.started.connect(self.on_controller_started)
        controller.stepped.connect(self.on_controller_stepped)
        controller.succeeded.connect(self.on_controller_succeeded)
        controller.failed.connect(self.on_controller_failed)
        controller.state_changed.connect(self.refresh)
        self.clock = QTimer(self)
        self.clock.timeout.connect(self.refresh)
        self.clock.start(REFRESH_MS)
        self.refresh()

    def refresh(self) -> None:
        count = self.ops.read(records.pending_changes)
        self.pending_label.setText(self.tr("1 cambio sin sincronizar") if count == 1 else
                                   self.tr("{0} cambios sin sincronizar").format(count))
        device = self.controller.device()
        if device is None:
            self.last_label.setText(self.tr("Sin inscribir en la sede"))
            self.sync_button.setText(self.tr("Inscribir…"))
        else:
            self.sync_button.setText(self.tr("Sincronizar ahora"))
            moment = device.last_success
            self.last_label.setText(
                self.tr("Última sincronización: {0}").format(ago(moment, datetime.now(UTC)))
                if moment else self.tr("Aún no se ha sincronizado"))
        self.sync_button.setEnabled(not self.controller.running)
        message = self.controller.last_error
        self.error_label.setVisible(bool(message))
        self.error_label.setText(self._short(message))
        self.error_label.setToolTip(message)
        conflicts, rejected = self.ops.read(inbox.open_counts)
        parts = []
        if conflicts:
            parts.append(self.tr("{0} conflicto(s)").format(conflicts))
        if rejected:
            parts.append(self.tr("{0} rechazado(s)").format(rejected))
        self.inbox_button.setText("⚠ " + ", ".join(parts) if parts else "")
        self.inbox_button.setVisible(bool(parts))

    @staticmethod
    def _short(message: str, limit: int = 90) -> str:
        first = message.split(": ")[0] if len(message) > limit else message
        return first if len(first) <= limit else first[:limit - 1] + "…"

    def on_sync_button_clicked(self) -> None:
        if self.controller.enrolled():
            self.controller.sync_now()
        else:
            self.settings_requested.emit()

    def on_controller_started(self) -> None:
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Sincronizando… %p%"))
        self.progress.show()
        self.sync_button.setEnabled(False)

    def on_controller_stepped(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setToolTip(message)

    def on_controller_succeeded(self, report) -> None:
        self.progress.hide()
        self.setToolTip("\n".join(report.lines()))
        self.refresh()

    def on_controller_failed(self, message: str) -> None:
        self.progress.hide()
        self.refresh()
