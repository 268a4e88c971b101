"""Record a follow-up note (seguimiento) on one agreement, optionally changing its state."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.domain import agreements
from db.errors import SesionaError, ValidationError
from db.locale_pe import lima_today
from desktop.models.agreements_model import agreement_reference, one_line
from desktop.operations import Operations
from desktop.widgets.choosers import fill
from desktop.widgets.fields import ErrorLabel, RequiredDateEdit

HEADING_LENGTH = 160


class FollowupDialog(QDialog):
    """Fecha, Informe (required), Medio de verificación and an optional new state.

    Aceptar writes through ``ops.call``; a refused value keeps the dialog open with the
    Spanish message shown in red, and nothing is written.
    """

    #: The id of the follow-up just stored.
    followup_saved = Signal(str)

    def __init__(self, ops: Operations, agreement_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.agreement_id = agreement_id
        self.followup_id: str | None = None
        self.setObjectName("followup_dialog")
        self.setWindowTitle(self.tr("Registrar seguimiento"))
        self.setMinimumWidth(520)

        self.heading = QLabel(self._heading_text())
        self.heading.setObjectName("followup_heading")
        self.heading.setWordWrap(True)

        self.date_edit = RequiredDateEdit()
        self.date_edit.setObjectName("followup_date")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("followup_body")
        self.body_edit.setPlaceholderText(self.tr("Lo que se informó sobre el avance del acuerdo"))
        self.evidence_edit = QLineEdit()
        self.evidence_edit.setObjectName("followup_evidence")
        self.evidence_edit.setPlaceholderText(self.tr("Oficio, informe, enlace… (opcional)"))
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("followup_state")
        fill(self.state_combo, agreements.STATES, blank=self.tr("Sin cambio"))

        form = QFormLayout()
        form.addRow(self.tr("Fecha:"), self.date_edit)
        form.addRow(self.tr("Informe: *"), self.body_edit)
        form.addRow(self.tr("Medio de verificación:"), self.evidence_edit)
        form.addRow(self.tr("Nuevo estado:"), self.state_combo)

        self.error_label = ErrorLabel()
        self.error_label.setObjectName("followup_error")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("followup_buttons")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Aceptar"))
        self.ok_button.setObjectName("followup_ok")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancelar"))
        cancel.setObjectName("followup_cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.body_edit.setFocus()

    def _heading_text(self) -> str:
        rows = self.ops.read(agreements.tracker_rows, [self.agreement_id], lima_today())
        if not rows:
            return ""
        text = one_line(rows[0]["text"])
        if len(text) > HEADING_LENGTH:
            text = text[: HEADING_LENGTH - 1].rstrip() + "…"
        return self.tr("Acuerdo {reference}: {text}").format(
            reference=agreement_reference(rows[0]), text=text
        )

    def accept(self) -> None:
        """Store the follow-up; on a refusal stay open and show why."""
        try:
            self.followup_id = self.ops.call(
                agreements.add_followup,
                self.agreement_id,
                self.date_edit.value(),
                self.body_edit.toPlainText(),
                evidence=self.evidence_edit.text().strip(),
                state_after=self.state_combo.currentData(),
                tables={"agreement_followups", "agreements"},
            )
        except ValidationError as exc:
            self.error_label.show_error(exc.message)
            (self.body_edit if "body" in exc.errors else self.date_edit).setFocus()
            return
        except SesionaError as exc:
            self.error_label.show_error(exc.message)
            return
        self.error_label.clear_error()
        self.followup_saved.emit(self.followup_id)
        super().accept()
