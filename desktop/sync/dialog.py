"""«Configuración → Sincronización…»: enrol this database's device with headquarters.

The secretary enters the server address, the one-time code and a name for this computer,
and presses «Inscribir». The request runs in the background on its own connection; the
token goes to the system keyring, never to a file. The «http» setting is named visibly.
"""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalog
from db.storage.connection import connect
from db.storage.progress import Progress
from desktop.dialogs.committee_dialog import INVALID_STYLE
from desktop.operations import Operations
from desktop.tasks import Task, run_task
from desktop.widgets.fields import ErrorLabel
from devicesync import enrollment, identity
from devicesync.transport import HTTP_SETTING


def enroll_in_own_connection(path: Path, server_url: str, code: str, name: str,
                             allow_http: bool) -> identity.Device:
    db = connect(path)
    try:
        return enrollment.enroll(db, server_url, code, name, allow_http=allow_http)
    finally:
        db.conn.close()


class SyncDialog(QDialog):
    #: The device was enrolled (the controller syncs at once).
    enrolled = Signal()

    def __init__(self, ops: Operations, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.path = ops, Path(path)
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Sincronización con la sede"))
        self.resize(620, 420)
        layout = QVBoxLayout(self)

        self.current = QLabel()
        self.current.setObjectName("enrolled_label")
        self.current.setWordWrap(True)
        layout.addWidget(self.current)

        box = QGroupBox(self.tr("Inscribir este equipo"))
        form = QFormLayout(box)
        self.server_url = QLineEdit()
        self.server_url.setObjectName("server_url")
        self.server_url.setPlaceholderText("https://sesiona.trabajo.gob.pe")
        self.code = QLineEdit()
        self.code.setObjectName("enroll_code")
        self.code.setPlaceholderText(self.tr("código de un solo uso entregado por la sede"))
        self.device_name = QLineEdit(socket.gethostname()[:120])
        self.device_name.setObjectName("device_name")
        self.allow_http = QCheckBox(self.tr(HTTP_SETTING))
        self.allow_http.setObjectName("allow_http")
        self.allow_http.setToolTip(self.tr(
            "Solo para una red de pruebas de confianza: con http:// la credencial y los datos "
            "viajan sin cifrar. Las direcciones locales (127.0.0.1, localhost) no lo necesitan."))
        form.addRow(self.tr("Dirección de la sede"), self.server_url)
        form.addRow(self.tr("Código de inscripción"), self.code)
        form.addRow(self.tr("Nombre de este equipo"), self.device_name)
        form.addRow("", self.allow_http)
        layout.addWidget(box)
        note = QLabel(self.tr(
            "La credencial del equipo se guarda en el almacén seguro del sistema (Administrador "
            "de credenciales de Windows, o el llavero de su escritorio), nunca en un archivo."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = ErrorLabel()
        self.error.setObjectName("sync_dialog_error")
        layout.addWidget(self.error)
        layout.addStretch()

        buttons = QDialogButtonBox()
        self.enroll_button = QPushButton(self.tr("Inscribir"))
        self.enroll_button.setObjectName("enroll_button")
        self.enroll_button.setDefault(True)
        self.enroll_button.clicked.connect(self.on_enroll_button_clicked)
        buttons.addButton(self.enroll_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        device = self.ops.read(identity.device)
        if device is None:
            self.current.setText(self.tr("Este equipo aún no está inscrito en la sede."))
            return
        region = self.ops.read(catalog.region_name, device.region_code)
        self.current.setText(self.tr(
            "<b>Inscrito</b> como «{0}» en {1}<br>Región: {2} ({3})<br>Dispositivo: {4}"
        ).format(device.device_name, device.server_url, region, device.region_code,
                 device.device_id))
        self.server_url.setText(device.server_url)
        self.device_name.setText(device.device_name)
        self.allow_http.setChecked(device.allow_http)
        self.enroll_button.setText(self.tr("Inscribir de nuevo"))

    def on_enroll_button_clicked(self) -> None:
        self.error.clear_error()
        self.server_url.setStyleSheet("")
        args = (self.path, self.server_url.text(), self.code.text(), self.device_name.text(),
                self.allow_http.isChecked())
        self.enroll_button.setEnabled(False)

        def work(progress: Progress) -> identity.Device:
            progress.step(0.2, self.tr("Inscribiendo este equipo en la sede…"))
            return enroll_in_own_connection(*args)

        self.task = run_task(work, self.tr("Inscribiendo este equipo en la sede…"), self,
                             on_success=self.on_enrolled, on_failure=self.on_failed)

    def on_enrolled(self, _device: identity.Device) -> None:
        self.enroll_button.setEnabled(True)
        self.code.clear()
        self.load()
        self.ops.notify({"meta"})
        self.enrolled.emit()

    def on_failed(self, message: str) -> None:
        self.enroll_button.setEnabled(True)
        self.error.show_error(message)
        if "http" in message or "dirección" in message.lower():
            self.server_url.setStyleSheet(INVALID_STYLE)

