"""«Datos de la sesión»: number, date and time, venue, modality, convocation and state."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.domain import committees, sessions, signatures
from db.errors import SesionaError
from desktop.session_editor.base import SessionTab
from desktop.widgets.choosers import choice_combo
from desktop.widgets.fields import OptionalDateEdit, OptionalTimeEdit, RequiredDateEdit
from desktop.widgets.form import BoundForm

# The buttons offered for each state: (target state, Spanish label).
STATE_ACTIONS = {
    "programada": [("realizada", "Marcar como realizada"),
                   ("sin_quorum", "No realizada por falta de quórum")],
    "realizada": [("acta_aprobada", "Acta aprobada en esta sesión"),
                  ("programada", "Volver a programada")],
    "sin_quorum": [("programada", "Volver a programada"), ("realizada", "Marcar como realizada")],
    "acta_aprobada": [("realizada", "Volver a borrador")],
    "acta_firmada": [],
}


class DataTab(SessionTab):
    title = "Datos"
    watches = frozenset({"sessions", "committees"})

    def __init__(self, ops, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.form = BoundForm(ops, sessions.update_session, "sessions",
                              tables={"sessions"}, parent=self)
        grid = QFormLayout()
        number = QSpinBox()
        number.setRange(1, 99999)
        add = self.form.add_row
        add(grid, "kind", self.tr("Tipo:"), choice_combo(sessions.KINDS))
        add(grid, "number", self.tr("Número:"), number)
        add(grid, "date", self.tr("Fecha:"), RequiredDateEdit())
        add(grid, "start_time", self.tr("Hora de inicio:"), OptionalTimeEdit())
        add(grid, "end_time", self.tr("Hora de término:"), OptionalTimeEdit())
        add(grid, "venue", self.tr("Sede:"), QLineEdit())
        add(grid, "city", self.tr("Ciudad:"), QLineEdit())
        add(grid, "modality", self.tr("Modalidad:"), choice_combo(sessions.MODALITIES))
        add(grid, "conducted_by", self.tr("Conducción de la sesión:"), QLineEdit())
        add(grid, "call", self.tr("Convocatoria:"), choice_combo(sessions.CALLS))
        add(grid, "convened_on", self.tr("Fecha de convocatoria:"), OptionalDateEdit())
        notes = QPlainTextEdit()
        notes.setMaximumHeight(80)
        add(grid, "notes", self.tr("Notas internas:"), notes)

        self.notice_warning = QLabel()
        self.notice_warning.setObjectName("notice_warning")
        self.notice_warning.setStyleSheet("color: #8a5a00;")
        self.notice_warning.setWordWrap(True)

        state_box = QGroupBox(self.tr("Estado de la sesión"))
        self.state_label = QLabel()
        self.state_label.setObjectName("state_label")
        self.state_buttons = QHBoxLayout()
        self.state_error = QLabel()
        self.state_error.setStyleSheet("color: #b3261e;")
        state_layout = QVBoxLayout(state_box)
        state_layout.addWidget(self.state_label)
        state_layout.addLayout(self.state_buttons)
        state_layout.addWidget(self.state_error)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(grid)
        layout.addWidget(self.notice_warning)
        layout.addWidget(state_box)
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def refresh(self) -> None:
        if not self.session_id:
            self.form.load(None)
            return
        session = self.ops.read(sessions.get_session, self.session_id)
        committee = self.ops.read(committees.get_committee, session["committee_id"])
        self.form.load(session)
        self.form.set_read_only(self.locked)
        warning = sessions.notice_warning(committee, session)
        self.notice_warning.setText(f"⚠ {warning}" if warning else "")
        self.state_label.setText(self.tr("Estado actual: <b>{0}</b>").format(
            sessions.STATES[session["state"]]))
        self._rebuild_state_buttons(session["state"])

    def _rebuild_state_buttons(self, state: str) -> None:
        while self.state_buttons.count():
            item = self.state_buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for target, label in STATE_ACTIONS[state]:
            button = QPushButton(self.tr(label))
            button.setObjectName(f"state_to_{target}")
            button.clicked.connect(partial(self.change_state, target))
            self.state_buttons.addWidget(button)
        self.state_buttons.addStretch()

    def change_state(self, target: str) -> None:
        self.state_error.setText("")
        try:
            self.ops.edit(_apply_state, "sessions", self.session_id, "state", target,
                          self.tr("Estado"), tables={"sessions"})
        except SesionaError as exc:
            self.state_error.setText(exc.message)

    def flush(self) -> None:
        self.form.flush()


def _apply_state(db, session_id: str, changes: dict) -> dict:
    """A state button. Approval here means «in this same session»; approving in a later
    session is chosen in the «Firmas» tab."""
    if changes["state"] == "acta_aprobada":
        return signatures.approve(db, session_id, session_id)
    return sessions.set_state(db, session_id, changes["state"])
