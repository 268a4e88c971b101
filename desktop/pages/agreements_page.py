"""Acuerdos: the tracker of every agreement, its follow-up history and its state.

The filter bar only re-queries ids (the table model is lazy), so the page stays responsive
with tens of thousands of agreements. Every read and write goes through ``ops``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.domain import agreements, catalog, sessions
from db.domain.agreements import STATES, TrackerFilter
from db.domain.rules.deadlines import OPEN_STATES
from db.domain.rules.numbering import KIND_ABBREVIATIONS
from db.errors import SesionaError
from db.locale_pe import long_date, short_date
from db.storage import records
from desktop.dialogs.followup_dialog import FollowupDialog
from desktop.models.agreements_model import AgreementsTrackerModel, agreement_reference
from desktop.models.lazy_table import MUTED_BRUSH
from desktop.operations import Operations
from desktop.pages.base import Page
from desktop.widgets.choosers import fill, institution_combo
from desktop.widgets.fields import ErrorLabel

SEARCH_PAUSE_MS = 250
OPEN_FILTER = "abiertos"
#: Initial widths of the tracker's columns; «Acuerdo» stretches. Never resize to contents:
#: that would read every row of a 30,000-row model.
COLUMN_WIDTHS = (80, 0, 120, 100, 145, 170, 85)
OVERDUE_STYLE = "color: #b3261e; font-weight: bold;"


def session_code(session: dict[str, Any]) -> str:
    """«SO-13»."""
    return f"{KIND_ABBREVIATIONS.get(session['kind'], 'S')}-{session['number']}"


class AgreementDetail(QWidget):
    """The selected agreement: its full text, responsibles, deadline, state, origin and
    follow-up history, plus the two actions (register a follow-up, change the state)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agreement_detail")
        self.stack = QStackedWidget()

        self.placeholder = QLabel(self.tr("Seleccione un acuerdo para ver su detalle."))
        self.placeholder.setObjectName("detail_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        body = QWidget()
        self.reference = QLabel()
        self.reference.setObjectName("detail_reference")
        self.reference.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.text = self._value_label("detail_text")
        self.responsibles = self._value_label("detail_responsibles")
        self.deadline = self._value_label("detail_deadline")
        self.target = self._value_label("detail_target")
        self.state = self._value_label("detail_state")
        self.session = self._value_label("detail_session")
        form = QFormLayout()
        form.addRow(self.tr("Responsables:"), self.responsibles)
        form.addRow(self.tr("Plazo:"), self.deadline)
        form.addRow(self.tr("Meta:"), self.target)
        self.target_label = form.labelForField(self.target)
        form.addRow(self.tr("Estado:"), self.state)
        form.addRow(self.tr("Sesión de origen:"), self.session)

        self.followups = QTreeWidget()
        self.followups.setObjectName("followups_list")
        self.followups.setHeaderLabels(
            [
                self.tr("Fecha"),
                self.tr("Sesión"),
                self.tr("Informe"),
                self.tr("Medio de verificación"),
                self.tr("Nuevo estado"),
            ]
        )
        self.followups.setRootIsDecorated(False)
        self.followups.setWordWrap(True)
        self.followups.setUniformRowHeights(False)
        self.followups.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.followups.header().setStretchLastSection(False)
        for column, width in ((0, 80), (1, 60), (3, 150), (4, 90)):
            self.followups.setColumnWidth(column, width)

        self.add_followup_button = QPushButton(self.tr("Registrar seguimiento…"))
        self.add_followup_button.setObjectName("add_followup_button")
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("state_combo")
        fill(self.state_combo, STATES)
        self.change_state_button = QPushButton(self.tr("Cambiar estado"))
        self.change_state_button.setObjectName("change_state_button")
        actions = QHBoxLayout()
        actions.addWidget(self.add_followup_button)
        actions.addStretch(1)
        actions.addWidget(QLabel(self.tr("Estado:")))
        actions.addWidget(self.state_combo)
        actions.addWidget(self.change_state_button)
        self.error = ErrorLabel()
        self.error.setObjectName("detail_error")

        history = QLabel(self.tr("Seguimiento"))
        history.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reference)
        layout.addWidget(self.text)
        layout.addLayout(form)
        layout.addWidget(history)
        layout.addWidget(self.followups, 1)
        layout.addLayout(actions)
        layout.addWidget(self.error)

        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def _value_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def clear(self) -> None:
        self.stack.setCurrentWidget(self.placeholder)
        self.followups.clear()
        self.error.clear_error()

    def show_agreement(
        self,
        row: dict[str, Any],
        target: str,
        responsibles: list[dict[str, Any]],
        followups: list[dict[str, Any]],
        session_of: Callable[[str], dict[str, Any] | None],
    ) -> None:
        """Fill the panel. ``row`` is a tracker row; ``session_of`` reads a session by id."""
        self.stack.setCurrentIndex(1)
        self.reference.setText(
            self.tr("Acuerdo {reference}").format(reference=agreement_reference(row))
        )
        self.text.setText(row["text"])
        self.responsibles.setText(
            "\n".join(f"{r['acronym']} — {r['name']}" for r in responsibles)
            or self.tr("Sin responsables")
        )
        deadline = row["deadline_text"] or self.tr("Sin plazo")
        if row["overdue"]:
            deadline = self.tr("{deadline} (vencido)").format(deadline=deadline)
        self.deadline.setText(deadline)
        self.target.setText(target)
        self.target.setVisible(bool(target))
        if self.target_label is not None:
            self.target_label.setVisible(bool(target))
        state = STATES.get(row["state"], row["state"])
        if row["overdue"]:
            state = self.tr("{state} · Vencido").format(state=state)
        self.state.setText(state)
        self.state.setStyleSheet(OVERDUE_STYLE if row["overdue"] else "")
        self.session.setText(
            self.tr("Sesión {kind} N° {number} del {date}").format(
                kind=sessions.KINDS.get(row["session_kind"], row["session_kind"]),
                number=row["session_number"],
                date=long_date(row["session_date"]),
            )
        )
        self.state_combo.blockSignals(True)
        self.state_combo.setCurrentIndex(max(self.state_combo.findData(row["state"]), 0))
        self.state_combo.blockSignals(False)
        self.change_state_button.setEnabled(False)
        self._fill_followups(followups, session_of)

    def _fill_followups(
        self, followups: list[dict[str, Any]], session_of: Callable[[str], dict[str, Any] | None]
    ) -> None:
        self.followups.clear()
        for followup in followups:
            session = session_of(followup["session_id"]) if followup["session_id"] else None
            code = session_code(session) if session else "—"
            body = followup["body"]
            if not body:
                where = (
                    f"{code} del {short_date(session['date'])}"
                    if session
                    else short_date(followup["noted_on"])
                )
                body = self.tr("(pendiente de informe en la sesión {session})").format(
                    session=where
                )
            item = QTreeWidgetItem(
                [
                    short_date(followup["noted_on"]),
                    code,
                    body,
                    followup["evidence"] or "",
                    STATES.get(followup["state_after"] or "", ""),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, followup["id"])
            item.setToolTip(2, body)
            if not followup["body"]:
                for column in range(self.followups.columnCount()):
                    item.setForeground(column, MUTED_BRUSH)
            self.followups.addTopLevelItem(item)
        if followups:
            self.followups.scrollToItem(self.followups.topLevelItem(len(followups) - 1))


class AgreementsPage(Page):
    """Acuerdos: filter bar, lazy tracker table and the selected agreement's detail."""

    title = "Acuerdos"
    watches = frozenset(
        {"agreements", "agreement_responsibles", "agreement_followups", "sessions", "institutions"}
    )

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ):
        super().__init__(ops, parent)
        self.setObjectName("agreements_page")
        self.title = self.tr("Acuerdos")
        self.today = today
        self.current_id: str | None = None
        self.followup_dialog: FollowupDialog | None = None
        #: «¿Registrar la ejecución…?», asked when an agreement becomes «cumplido».
        self.execution_offer: QWidget | None = None

        # Filter bar ---------------------------------------------------------------------
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("state_filter")
        self.state_filter.addItem(self.tr("Todos los estados"), None)
        self.state_filter.addItem(self.tr("Abiertos (pendiente o en proceso)"), OPEN_FILTER)
        for value, label in STATES.items():
            self.state_filter.addItem(label, value)
        self.institution_filter = institution_combo(
            self.ops.read(catalog.institutions), blank=self.tr("Todas las instituciones")
        )
        self.institution_filter.setObjectName("institution_filter")
        self.institution_filter.setMinimumContentsLength(18)
        self.institution_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.overdue_check = QCheckBox(self.tr("Solo vencidos"))
        self.overdue_check.setObjectName("overdue_check")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(self.tr("Buscar en el texto…"))
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.search_timer = QTimer(self)
        self.search_timer.setObjectName("search_timer")
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_PAUSE_MS)

        bar = QHBoxLayout()
        bar.addWidget(self.state_filter)
        bar.addWidget(self.institution_filter)
        bar.addWidget(self.overdue_check)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.count_label)

        # Table and detail ---------------------------------------------------------------
        self.model = AgreementsTrackerModel(ops, self, self.current_filter())
        self.table = QTableView()
        self.table.setObjectName("agreements_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(COLUMN_WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
        self.detail = AgreementDetail()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("agreements_splitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        # Wiring -------------------------------------------------------------------------
        self.state_filter.currentIndexChanged.connect(self.on_filter_changed)
        self.institution_filter.currentIndexChanged.connect(self.on_filter_changed)
        self.institution_filter.lineEdit().editingFinished.connect(
            self.on_institution_filter_editing_finished
        )
        self.overdue_check.toggled.connect(self.on_filter_changed)
        self.search_edit.textChanged.connect(self.search_timer.start)
        self.search_edit.returnPressed.connect(self.on_filter_changed)
        self.search_timer.timeout.connect(self.on_filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)
        self.detail.add_followup_button.clicked.connect(self.open_followup_dialog)
        self.detail.state_combo.currentIndexChanged.connect(self.on_state_combo_changed)
        self.detail.change_state_button.clicked.connect(self.on_change_state_clicked)
        self.detail.clear()
        self.refresh()

    # Filtering ---------------------------------------------------------------------------

    def current_filter(self) -> TrackerFilter:
        state = self.state_filter.currentData()
        states = OPEN_STATES if state == OPEN_FILTER else (state,) if state else ()
        return TrackerFilter(
            committee_id=self.committee_id,
            states=tuple(states),
            institution_id=self.institution_filter.currentData(),
            overdue_only=self.overdue_check.isChecked(),
            text=self.search_edit.text(),
            today=self.today(),
        )

    def on_filter_changed(self, *_args: Any) -> None:
        """Re-query the ids for the new filter, keeping the selection if it still matches."""
        self.search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._after_reload()

    def on_institution_filter_editing_finished(self) -> None:
        """Typed text that is not an item: take the first institution containing it, or put
        back the chosen item's text, so the combo never shows one thing and filter another."""
        combo = self.institution_filter
        text = combo.currentText().strip()
        if text == combo.itemText(combo.currentIndex()):
            return
        if not text:
            combo.setCurrentIndex(0)
            return
        match = combo.findText(text, Qt.MatchFlag.MatchContains)
        if match > 0:
            combo.setCurrentIndex(match)
        else:
            combo.setEditText(combo.itemText(combo.currentIndex()))

    def refresh(self) -> None:
        """Re-read after a change: same ids keep the selection and scroll position."""
        self.model.filter = self.current_filter()
        self.model.requery()
        self._after_reload()

    def _on_ops_changed(self, tables: frozenset[str]) -> None:
        if "institutions" in tables:
            self._reload_institutions()
        super()._on_ops_changed(tables)

    def _reload_institutions(self) -> None:
        combo = self.institution_filter
        selected = combo.currentData()
        fill(
            combo,
            {i["id"]: f"{i['acronym']} — {i['name']}" for i in self.ops.read(catalog.institutions)},
            blank=self.tr("Todas las instituciones"),
        )
        combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(selected), 0))
        combo.blockSignals(False)

    def _after_reload(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(
            self.tr("1 acuerdo")
            if count == 1
            else self.tr("{count} acuerdos").format(count=f"{count:,}")
        )
        row = self.model.row_of(self.current_id) if self.current_id else -1
        if row >= 0:
            if self.table.currentIndex().row() != row:
                self.table.selectRow(row)  # shows the detail through currentRowChanged
            else:
                self.show_detail(self.current_id)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()
            self.current_id = None
            self.detail.clear()

    # Selection and detail ----------------------------------------------------------------

    def select_agreement(self, agreement_id: str) -> bool:
        """Select an agreement in the table if the filter shows it."""
        row = self.model.row_of(agreement_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.current_id = None
            self.detail.clear()
            return
        self.current_id = self.model.id_at(current.row())
        self.show_detail(self.current_id)

    def show_detail(self, agreement_id: str) -> None:
        rows = self.ops.read(agreements.tracker_rows, [agreement_id], self.today())
        if not rows:
            self.detail.clear()
            return
        cache: dict[str, dict[str, Any] | None] = {}

        def session_of(session_id: str) -> dict[str, Any] | None:
            if session_id not in cache:
                try:
                    cache[session_id] = self.ops.read(sessions.get_session, session_id)
                except SesionaError:
                    cache[session_id] = None
            return cache[session_id]

        full = self.ops.read(records.get, "agreements", agreement_id)
        self.detail.error.clear_error()
        self.detail.show_agreement(
            rows[0],
            full.get("target") or "",
            self.ops.read(agreements.responsibles, agreement_id),
            self.ops.read(agreements.followups, agreement_id),
            session_of,
        )

    # Actions -----------------------------------------------------------------------------

    def open_followup_dialog(self) -> FollowupDialog | None:
        """Open «Registrar seguimiento» for the selected agreement (window-modal)."""
        if self.current_id is None:
            return None
        if self.followup_dialog is not None:
            self.followup_dialog.deleteLater()
        dialog = FollowupDialog(self.ops, self.current_id, self)
        agreement_id = self.current_id
        dialog.accepted.connect(lambda: self.on_followup_dialog_accepted(dialog, agreement_id))
        self.followup_dialog = dialog
        dialog.open()
        return dialog

    def on_followup_dialog_accepted(self, dialog: FollowupDialog, agreement_id: str) -> None:
        if dialog.state_combo.currentData() == "cumplido":
            self.offer_execution_entry(agreement_id)

    def on_state_combo_changed(self, _index: int) -> None:
        row = self.model.row_of(self.current_id) if self.current_id else -1
        current = self.model.row_at(row) if row >= 0 else None
        self.detail.change_state_button.setEnabled(
            current is not None and self.detail.state_combo.currentData() != current["state"]
        )

    def on_change_state_clicked(self) -> None:
        """Change the state with undo (Ctrl+Z brings the previous state back)."""
        if self.current_id is None:
            return
        state = self.detail.state_combo.currentData()
        try:
            self.ops.edit(
                agreements.update_agreement,
                "agreements",
                self.current_id,
                "state",
                state,
                self.tr("Estado"),
            )
        except SesionaError as exc:
            self.detail.error.show_error(exc.message)
            return
        if state == "cumplido":
            self.offer_execution_entry(self.current_id)

    def offer_execution_entry(self, agreement_id: str) -> None:
        """If the committee has this year's plan, offer to record what the agreement did."""
        from desktop.plans.agreement_offer import offer_if_planned

        if self.execution_offer is not None:
            self.execution_offer.deleteLater()
        self.execution_offer = offer_if_planned(self, self.ops, agreement_id,
                                                today=self.today())
