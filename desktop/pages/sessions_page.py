"""«Sesiones»: the committee's sessions, newest first, and the editor of the selected one."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.domain import session_queries, sessions
from desktop.dialogs.session_dialog import NewSessionDialog
from desktop.models.sessions_model import SessionsModel
from desktop.pages.base import Page
from desktop.session_editor.editor import SessionEditor
from desktop.widgets.choosers import choice_combo


class SessionsPage(Page):
    title = "Sesiones"
    watches = frozenset({"sessions", "agreements"})

    def __init__(self, ops, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.title = self.tr("Sesiones")
        self.dialog: NewSessionDialog | None = None
        self.kind_filter = choice_combo(sessions.KINDS, blank=self.tr("Todos los tipos"))
        self.kind_filter.setObjectName("kind_filter")
        self.state_filter = choice_combo(sessions.STATES, blank=self.tr("Todos los estados"))
        self.state_filter.setObjectName("state_filter")
        self.kind_filter.currentIndexChanged.connect(self.reload)
        self.state_filter.currentIndexChanged.connect(self.reload)
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("Nueva sesión…"))
        self.new_button.setObjectName("new_session")
        self.new_button.clicked.connect(self.on_new_button_clicked)

        self.model = SessionsModel(lambda: [],
                                   lambda ids: self.ops.read(session_queries.session_rows, ids),
                                   self)
        self.table = QTableView()
        self.table.setObjectName("sessions_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)

        self.editor = SessionEditor(ops)

        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.state_filter)
        filters.addStretch()
        filters.addWidget(self.new_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    @property
    def current_session_id(self) -> str | None:
        return self.editor.session_id

    def set_committee(self, committee_id: str | None) -> None:
        self.committee_id = committee_id
        self.editor.set_session(None)
        self.reload()

    def reload(self) -> None:
        committee_id = self.committee_id
        kind, state = self.kind_filter.currentData(), self.state_filter.currentData()
        if committee_id is None:
            self.model.set_fetchers(lambda: [])
        else:
            self.model.set_fetchers(lambda: self.ops.read(
                session_queries.session_ids, committee_id, kind=kind, state=state))
        self.count_label.setText(self.tr("{0} sesiones").format(self.model.rowCount()))
        self.new_button.setEnabled(committee_id is not None)
        if self.editor.session_id:
            self.select_session(self.editor.session_id, open_editor=False)

    def refresh(self) -> None:
        """After an edit: same list, fresh rows; the editor refreshes itself."""
        current = self.editor.session_id
        self.reload()
        if current and self.model.row_of(current) < 0:
            self.editor.set_session(None)

    def select_session(self, session_id: str, *, open_editor: bool = True) -> None:
        row = self.model.row_of(session_id)
        if row < 0:
            return
        selection = self.table.selectionModel()
        selection.blockSignals(not open_editor)
        selection.setCurrentIndex(self.model.index(row, 0),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        self.table.scrollTo(self.model.index(row, 0))

    def on_table_current_changed(self, current, _previous) -> None:
        if current.isValid():
            session_id = self.model.id_at(current.row())
            if session_id != self.editor.session_id:
                self.editor.set_session(session_id)

    def on_new_button_clicked(self) -> NewSessionDialog:
        dialog = NewSessionDialog(self.ops, self.committee_id, self)
        dialog.accepted.connect(lambda: self.open_session(dialog.created_id))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_session(self, session_id: str) -> None:
        self.reload()
        self.select_session(session_id)
        if self.editor.session_id != session_id:
            self.editor.set_session(session_id)

    def flush(self) -> None:
        self.editor.flush()
