"""«Nueva sesión»: the number is suggested as the next one for the committee and kind."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.domain import committees, sessions
from db.errors import ValidationError
from desktop.operations import Operations
from desktop.widgets.choosers import choice_combo
from desktop.widgets.fields import ErrorLabel, OptionalDateEdit, OptionalTimeEdit, RequiredDateEdit


class NewSessionDialog(QDialog):
    def __init__(self, ops: Operations, committee_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.committee_id = ops, committee_id
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("Nueva sesión"))
        self.committee = ops.read(committees.get_committee, committee_id)

        self.kind = choice_combo(sessions.KINDS)
        self.kind.setObjectName("kind")
        self.number = QSpinBox()
        self.number.setObjectName("number")
        self.number.setRange(1, 99999)
        self.date = RequiredDateEdit()
        self.date.setObjectName("date")
        self.start_time = OptionalTimeEdit()
        self.start_time.setObjectName("start_time")
        self.venue = QLineEdit()
        self.venue.setObjectName("venue")
        self.venue.setPlaceholderText(self.tr("p. ej. Auditorio de la DRTPE"))
        self.modality = choice_combo(sessions.MODALITIES)
        self.modality.setObjectName("modality")
        self.convened_on = OptionalDateEdit()
        self.convened_on.setObjectName("convened_on")
        self.errors = {name: ErrorLabel() for name in ("number", "date", "kind", "")}
        self.warning = QLabel()
        self.warning.setObjectName("notice_warning")
        self.warning.setStyleSheet("color: #8a5a00;")
        self.warning.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Tipo:"), self.kind)
        form.addRow(self.tr("Número:"), self.number)
        form.addRow("", self.errors["number"])
        form.addRow(self.tr("Fecha:"), self.date)
        form.addRow("", self.errors["date"])
        form.addRow(self.tr("Hora de inicio:"), self.start_time)
        form.addRow(self.tr("Sede:"), self.venue)
        form.addRow(self.tr("Modalidad:"), self.modality)
        form.addRow(self.tr("Fecha de convocatoria:"), self.convened_on)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Crear sesión"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self.suggest_number)
        self.date.dateChanged.connect(self.update_warning)
        self.convened_on.dateChanged.connect(self.update_warning)
        self.suggest_number()
        self.update_warning()

    def suggest_number(self) -> None:
        self.number.setValue(self.ops.read(sessions.next_number, self.committee_id,
                                           self.kind.currentData()))

    def update_warning(self) -> None:
        message = sessions.notice_warning(
            self.committee, {"date": self.date.value(), "convened_on": self.convened_on.value()})
        self.warning.setText(f"⚠ {message}" if message else "")

    def values(self) -> dict:
        return {"kind": self.kind.currentData(), "number": self.number.value(),
                "date": self.date.value(), "start_time": self.start_time.value(),
                "venue": self.venue.text().strip(), "modality": self.modality.currentData(),
                "convened_on": self.convened_on.value()}

    def accept(self) -> None:
        for label in self.errors.values():
            label.clear_error()
        values = self.values()
        try:
            self.created_id = self.ops.create(
                self.tr("Crear sesión"),
                lambda: sessions.create_session(self.ops.db, self.committee_id, **values),
                "sessions", tables={"sessions", "agreement_followups"},
                delete=lambda rid: sessions.delete_session(self.ops.db, rid))
        except ValidationError as exc:
            for field, message in exc.errors.items():
                self.errors.get(field, self.errors[""]).show_error(message)
            return
        super().accept()

