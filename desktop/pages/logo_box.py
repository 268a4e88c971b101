"""«Logo para los documentos»: the image printed at the top of the committee's actas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.domain import attachments, committees
from db.errors import SesionaError
from db.storage import blobs
from desktop.operations import Operations


class LogoBox(QGroupBox):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Logo para los documentos"))
        self.ops = ops
        self.committee_id: str | None = None
        self.preview = QLabel()
        self.preview.setObjectName("logo_preview")
        self.preview.setFixedSize(160, 80)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #ccc;")
        self.choose_button = QPushButton(self.tr("Elegir imagen…"))
        self.choose_button.setObjectName("choose_logo")
        self.clear_button = QPushButton(self.tr("Quitar"))
        self.clear_button.setObjectName("clear_logo")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.choose_button.clicked.connect(self.on_choose_button_clicked)
        self.clear_button.clicked.connect(self.on_clear_button_clicked)
        hint = QLabel(self.tr("PNG o JPEG. Se imprime en la cabecera del acta, la lista de "
                              "asistencia, los extractos y las fe de erratas."))
        hint.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def show_committee(self, committee: dict | None) -> None:
        self.committee_id = committee["id"] if committee else None
        digest = committee.get("logo_sha256") if committee else None
        data = self.ops.read(attachments.logo, digest) if digest else None
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.preview.setPixmap(pixmap.scaled(
                self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("Sin logo"))
        self.choose_button.setEnabled(committee is not None)
        self.clear_button.setEnabled(bool(digest))

    def choose_image(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Elegir logo"), str(Path.home()),
                                              self.tr("Imágenes (*.png *.jpg *.jpeg)"))
        return path

    def on_choose_button_clicked(self) -> None:
        path = self.choose_image()
        if path and self.committee_id:
            try:
                data = blobs.read_file(path)
                self._set(Path(path).name, data)
            except SesionaError as exc:
                self.message.setText(exc.message)

    def on_clear_button_clicked(self) -> None:
        if self.committee_id:
            self._set("", None)

    def _set(self, name: str, data: bytes | None) -> None:
        committee_id = self.committee_id
        self.message.setText("")
        old = self.ops.read(committees.get_committee, committee_id)["logo_sha256"]
        db = self.ops.db
        self.ops.perform(
            self.tr("Cambiar el logo") if data else self.tr("Quitar el logo"),
            lambda: attachments.set_logo(db, committee_id, name, data),
            lambda: attachments.restore_logo(db, committee_id, old),
            {"committees"})
