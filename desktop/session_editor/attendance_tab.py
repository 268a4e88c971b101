"""«Asistencia»: attendance by seat with a live quorum indicator, and the invitees."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.domain import sessions
from db.errors import SesionaError, ValidationError
from desktop.models.attendance_model import AttendanceModel
from desktop.models.lazy_table import Column, LazyTableModel
from desktop.session_editor.base import SessionTab
from desktop.widgets.fields import ErrorLabel

REACHED_STYLE = "font-size: 15px; font-weight: bold; color: #1e6b2e;"
MISSING_STYLE = "font-size: 15px; font-weight: bold; color: #b3261e;"


class AttendanceTab(SessionTab):
    title = "Asistencia"
    watches = frozenset({"attendance", "sessions", "seats", "designations", "invitees",
                         "committees"})

    def __init__(self, ops, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorum_label")
        self.quorum_detail = QLabel()
        self.quorum_detail.setObjectName("quorum_detail")
        self.error = ErrorLabel()

        self.model = AttendanceModel(self)
        self.model.attendance_toggled.connect(self.on_model_attendance_toggled)
        self.model.justification_edited.connect(self.on_model_justification_edited)
        self.table = QTableView()
        self.table.setObjectName("attendance_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 320)
        self.table.setColumnWidth(1, 170)
        self.table.setColumnWidth(2, 200)
        self.table.setColumnWidth(3, 200)

        self.invitees_model = LazyTableModel(
            [Column("person_name", self.tr("Nombres y apellidos")),
             Column("entity", self.tr("Entidad")), Column("job_title", self.tr("Cargo"))],
            lambda: [], lambda ids: [], self)
        self.invitees_table = QTableView()
        self.invitees_table.setObjectName("invitees_table")
        self.invitees_table.setModel(self.invitees_model)
        self.invitees_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.invitees_table.horizontalHeader().setStretchLastSection(True)
        self.invitee_name = QLineEdit()
        self.invitee_name.setObjectName("invitee_name")
        self.invitee_name.setPlaceholderText(self.tr("Nombres y apellidos"))
        self.invitee_entity = QLineEdit()
        self.invitee_entity.setObjectName("invitee_entity")
        self.invitee_entity.setPlaceholderText(self.tr("Entidad que representa"))
        self.invitee_job = QLineEdit()
        self.invitee_job.setPlaceholderText(self.tr("Cargo"))
        self.add_invitee_button = QPushButton(self.tr("Añadir invitado/a"))
        self.add_invitee_button.setObjectName("add_invitee")
        self.add_invitee_button.clicked.connect(self.add_invitee)
        self.invitee_name.returnPressed.connect(self.add_invitee)
        self.remove_invitee_button = QPushButton(self.tr("Quitar"))
        self.remove_invitee_button.clicked.connect(self.remove_invitee)
        self.invitee_error = ErrorLabel()

        invitee_form = QHBoxLayout()
        for widget in (self.invitee_name, self.invitee_entity, self.invitee_job,
                       self.add_invitee_button, self.remove_invitee_button):
            invitee_form.addWidget(widget)
        invitees_box = QGroupBox(self.tr("Invitados/as (no cuentan para el quórum)"))
        invitees_layout = QVBoxLayout(invitees_box)
        invitees_layout.addWidget(self.invitees_table)
        invitees_layout.addLayout(invitee_form)
        invitees_layout.addWidget(self.invitee_error)

        hint = QLabel(self.tr("Marque quién asistió por cada institución: el titular o el "
                              "alterno. Los observadores y los invitados no cuentan para el "
                              "quórum."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quorum_label)
        layout.addWidget(self.quorum_detail)
        layout.addWidget(hint)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.error)
        layout.addWidget(invitees_box, 1)

    def refresh(self) -> None:
        if not self.session_id:
            self.model.set_rows([])
            return
        self.model.editable = not self.locked
        self.model.set_rows(self.ops.read(sessions.attendance_sheet, self.session_id))
        status = self.ops.read(sessions.quorum_status, self.session_id)
        self.quorum_label.setText(status.label)
        self.quorum_label.setStyleSheet(REACHED_STYLE if status.reached else MISSING_STYLE)
        self.quorum_detail.setText(status.detail)
        session_id = self.session_id
        self.invitees_model.set_fetchers(
            lambda: [r["id"] for r in self.ops.read(sessions.invitees, session_id)],
            lambda ids: [r for r in self.ops.read(sessions.invitees, session_id)
                         if r["id"] in ids])
        for widget in (self.invitee_name, self.invitee_entity, self.invitee_job,
                       self.add_invitee_button, self.remove_invitee_button):
            widget.setEnabled(not self.locked)

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self.model.editable = not locked

    # Slots -------------------------------------------------------------------------------

    def on_model_attendance_toggled(self, seat_id: str, attendee: str) -> None:
        self.set_attendance(seat_id, attendee)

    def on_model_justification_edited(self, seat_id: str, text: str) -> None:
        row = next(r for r in self.model.rows if r["seat_id"] == seat_id)
        self.set_attendance(seat_id, row["attendee"], text)

    def set_attendance(self, seat_id: str, attendee: str, justification: str | None = None):
        """Mark a seat; undo puts back what it was."""
        self.error.clear_error()
        session_id = self.session_id
        db = self.ops.db
        previous: dict = {}

        def do():
            previous.update(sessions.set_attendance(db, session_id, seat_id, attendee,
                                                    justification))

        def undo():
            sessions.set_attendance(db, session_id, seat_id, previous["attendee"],
                                    previous["justification"])

        try:
            self.ops.perform(self.tr("Marcar asistencia"), do, undo,
                             {"attendance", "sessions"})
        except SesionaError as exc:
            self.error.show_error(exc.message)

    def add_invitee(self) -> None:
        self.invitee_error.clear_error()
        name, entity = self.invitee_name.text(), self.invitee_entity.text()
        job = self.invitee_job.text()
        try:
            self.ops.create(self.tr("Añadir invitado/a"),
                            lambda: sessions.add_invitee(self.ops.db, self.session_id, name,
                                                         entity, job), "invitees")
        except ValidationError as exc:
            self.invitee_error.show_error(exc.message)
            return
        except SesionaError as exc:
            self.invitee_error.show_error(exc.message)
            return
        for widget in (self.invitee_name, self.invitee_entity, self.invitee_job):
            widget.clear()
        self.invitee_name.setFocus()

    def remove_invitee(self) -> None:
        index = self.invitees_table.currentIndex()
        if not index.isValid():
            return
        invitee_id = self.invitees_model.id_at(index.row())
        db = self.ops.db
        try:
            self.ops.perform(self.tr("Quitar invitado/a"),
                             lambda: sessions.remove_invitee(db, invitee_id),
                             lambda: sessions.restore_invitee(db, invitee_id), {"invitees"})
        except SesionaError as exc:
            self.invitee_error.show_error(exc.message)
