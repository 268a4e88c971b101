"""«Estado del acta»: where the acta stands (state, approval, signature, fingerprint), the
next step, and the registration of its approval.

Rules: approval is offered only while the session is «realizada» and not locked; the
fingerprint shown is the fixed one once signed, else the one of the current content.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db.documents.acta_content import short_fingerprint
from db.documents.acta_loader import load_acta
from db.domain import sessions, signatures
from db.locale_pe import short_date
from desktop.session_editor.signing.context import SigningContext
from desktop.session_editor.signing.widgets import named_button, wrapped_label

MODE_WORDS = {"fisica": QT_TRANSLATE_NOOP("ApprovalPanel", "física"),
              "digital": QT_TRANSLATE_NOOP("ApprovalPanel", "digital")}
NEXT_STEPS = {
    "programada": QT_TRANSLATE_NOOP(
        "ApprovalPanel", "El acta se aprueba y se firma una vez realizada la sesión."),
    "sin_quorum": QT_TRANSLATE_NOOP(
        "ApprovalPanel", "La sesión no se realizó por falta de quórum: no hay acta que firmar."),
    "realizada": QT_TRANSLATE_NOOP(
        "ApprovalPanel", "Registre la aprobación del acta para poder firmarla."),
    "acta_aprobada": QT_TRANSLATE_NOOP(
        "ApprovalPanel", "Firme el acta de una de dos formas: adjunte el acta firmada a mano "
        "y escaneada (a) o fírmela digitalmente (b)."),
    "acta_firmada": QT_TRANSLATE_NOOP(
        "ApprovalPanel", "El acta está firmada y ya no se puede modificar. Para corregirla, "
        "registre una fe de erratas."),
}


class ApprovalPanel(QGroupBox):
    def __init__(self, context: SigningContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Estado del acta"))
        self.context = context
        self.state_label = wrapped_label("state_label")
        self.approved_label = wrapped_label("approved_label")
        self.signed_label = wrapped_label("signed_label")
        self.fingerprint_label = wrapped_label("fingerprint_label", selectable=True)
        self.next_step_label = wrapped_label("next_step_label")
        self.approval_box = QGroupBox(self.tr("Registrar aprobación"))
        self.approval_box.setObjectName("approval_box")
        self.approval_combo = QComboBox()
        self.approval_combo.setObjectName("approval_combo")
        approval = QHBoxLayout(self.approval_box)
        approval.addWidget(QLabel(self.tr("Aprobada en:")))
        approval.addWidget(self.approval_combo, 1)
        approval.addWidget(named_button(self, "approve", self.tr("Registrar aprobación")))
        layout = QVBoxLayout(self)
        for widget in (self.state_label, self.approved_label, self.signed_label,
                       self.fingerprint_label, self.next_step_label, self.approval_box):
            layout.addWidget(widget)

    def refresh(self) -> None:
        session, ops = self.context.session, self.context.ops
        for label in (self.approved_label, self.signed_label):
            label.hide()
        self.approval_box.setVisible(bool(session) and session["state"] == "realizada")
        if not session:
            for label in (self.state_label, self.fingerprint_label, self.next_step_label):
                label.setText("")
            return
        state = session["state"]
        self.state_label.setText(self.tr("Estado actual: <b>{0}</b>").format(
            sessions.STATES[state]))
        self.next_step_label.setText(self.tr(NEXT_STEPS[state]))
        if session["approved_in_session_id"] and state in ("acta_aprobada", "acta_firmada"):
            self.approved_label.setText(self.tr("Aprobada en: {0}").format(
                self._approval_text(session["approved_in_session_id"])))
            self.approved_label.show()
        if state == "acta_firmada":
            mode = MODE_WORDS.get(session["signature_mode"] or "", "")
            self.signed_label.setText(self.tr("Firmada ({0}) el {1}").format(
                self.tr(mode), short_date(session["signed_on"])))
            self.signed_label.show()
            self.fingerprint_label.setText(self.tr("Huella del acta: <b>{0}</b>").format(
                short_fingerprint(session["acta_fingerprint"] or "")))
            self.fingerprint_label.setToolTip(session["acta_fingerprint"] or "")
        else:
            content = ops.read(load_acta, self.context.session_id)
            self.fingerprint_label.setText(self.tr(
                "Huella del contenido actual: <b>{0}</b>").format(content.short_fingerprint))
            self.fingerprint_label.setToolTip(self.tr(
                "Cambia con cada modificación del acta; al firmarse, la huella queda fija y "
                "se imprime en el acta."))
        if state == "realizada":
            self._fill_approval_combo()

    def _approval_text(self, session_id: str) -> str:
        if session_id == self.context.session_id:
            return self.tr("esta misma sesión ({0})").format(
                short_date(self.context.session["date"]))
        other = self.context.ops.read(sessions.get_session, session_id)
        return self.tr("{0} del {1}").format(sessions.title(other), short_date(other["date"]))

    def _fill_approval_combo(self) -> None:
        chosen = self.approval_combo.currentData()
        self.approval_combo.clear()
        session_id = self.context.session_id
        for row in self.context.ops.read(signatures.approval_candidates, session_id):
            if row["id"] == session_id:
                label = self.tr("En esta misma sesión")
            else:
                label = f"{sessions.title(row)} — {short_date(row['date'])}"
            self.approval_combo.addItem(label, row["id"])
        self.approval_combo.setCurrentIndex(max(self.approval_combo.findData(chosen), 0))

    def update_enabled(self) -> None:
        self.approve_button.setEnabled(self.context.state() == "realizada"
                                       and not self.context.locked
                                       and self.approval_combo.count() > 0)
        self.approval_combo.setEnabled(self.approve_button.isEnabled())

    def on_approve_button_clicked(self) -> None:
        target, context = self.approval_combo.currentData(), self.context
        context.attempt(lambda: context.ops.call(signatures.approve, context.session_id, target,
                                                 tables={"sessions"}),
                        self.tr("Se registró la aprobación del acta."))
