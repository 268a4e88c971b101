"""The «Acuerdos» tab: the agreements adopted at the session (section VII of the acta).

A new agreement is written in a small inline box and only saved once it has text, so an
agreement is never stored empty or with placeholder wording. The selected agreement is
edited in place: text, deadline, target, state, the sense of the vote and the
responsible institutions. Every change is undoable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.domain import agreements, sessions
from db.domain.rules.deadlines import is_overdue
from db.errors import SesionaError
from db.locale_pe import lima_today
from db.storage import records
from desktop.models.lazy_table import OVERDUE_BRUSH
from desktop.operations import Operations
from desktop.session_editor.agreement_widgets import (
    LIST_TEXT_LENGTH,
    NO_PARENT,
    Index,
    ResponsiblesPicker,
    VoteEditor,
    _same,
    _tr,
    vote_summary,
)
from desktop.session_editor.base import SessionTab
from desktop.widgets.choosers import choice_combo
from desktop.widgets.fields import ErrorLabel
from desktop.widgets.form import BoundForm, read_value, write_value


class AgreementListModel(QAbstractListModel):
    """The session's agreements, one line each: «1. Aprobar el Plan Operativo Anual…»."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self.today = lima_today()

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace the rows; the same ids in the same order keep the view's selection."""
        if [r["id"] for r in rows] == [r["id"] for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, agreement_id: str | None) -> int:
        return next((i for i, r in enumerate(self._rows) if r["id"] == agreement_id), -1)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(row["text"].split())
            if len(text) > LIST_TEXT_LENGTH:
                text = text[:LIST_TEXT_LENGTH].rstrip() + "…"
            return f"{row['number']}. {text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{row['number']}. {row['text']}",
                     _tr("Responsables: {0}").format(row.get("responsible_acronyms")
                                                     or _tr("sin indicar")),
                     _tr("Plazo: {0}").format(row.get("deadline_text") or _tr("sin plazo")),
                     vote_summary(row)]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_overdue(row["state"], row.get("deadline_end"), self.today):
                return OVERDUE_BRUSH
            return None
        if role == self.ID_ROLE:
            return row["id"]
        return None


class AgreementsTab(SessionTab):
    title = QT_TRANSLATE_NOOP("AgreementsTab", "Acuerdos")
    watches = frozenset({"agreements", "agreement_responsibles", "institutions", "seats",
                         "sessions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self._session: dict[str, Any] | None = None
        self._refreshing = False
        #: «¿Registrar la ejecución…?», asked when an agreement becomes «cumplido».
        self.execution_offer: QWidget | None = None
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_list_side())
        splitter.addWidget(self._build_detail_side())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._show_selected()

    # Building ------------------------------------------------------------------------

    def _build_list_side(self) -> QWidget:
        self.new_button = QPushButton(self.tr("Nuevo acuerdo"))
        self.new_button.setObjectName("new_agreement")
        self.new_button.clicked.connect(self.on_new_button_clicked)
        self.remove_button = QPushButton(self.tr("Quitar"))
        self.remove_button.setObjectName("remove_agreement")
        self.remove_button.setToolTip(self.tr("Quita el acuerdo seleccionado (se puede deshacer)"))
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        self.list_error = ErrorLabel()

        # The inline box where a new agreement is written: it exists once it has text.
        self.composer = QFrame()
        self.composer.setFrameShape(QFrame.Shape.StyledPanel)
        self.composer_label = QLabel()
        self.composer_text = QPlainTextEdit()
        self.composer_text.setObjectName("new_agreement_text")
        self.composer_text.setPlaceholderText(self.tr(
            "Por ejemplo: Aprobar el Plan Operativo Anual 2025, con cargo a que los sectores "
            "remitan sus aportes."))
        self.composer_text.setTabChangesFocus(True)
        self.composer_text.setMaximumHeight(110)
        self.composer_text.textChanged.connect(self.on_composer_text_changed)
        self.composer_error = ErrorLabel()
        self.add_button = QPushButton(self.tr("Agregar acuerdo"))
        self.add_button.setObjectName("add_agreement")
        self.add_button.setToolTip(self.tr("Ctrl+Enter"))
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.composer_text, self.on_add_button_clicked,
                      context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.composer_text,
                  self.on_cancel_button_clicked, context=Qt.ShortcutContext.WidgetShortcut)
        composer_buttons = QHBoxLayout()
        composer_buttons.addStretch()
        composer_buttons.addWidget(self.cancel_button)
        composer_buttons.addWidget(self.add_button)
        composer_layout = QVBoxLayout(self.composer)
        for widget in (self.composer_label, self.composer_text, self.composer_error):
            composer_layout.addWidget(widget)
        composer_layout.addLayout(composer_buttons)
        self.composer.hide()

        self.model = AgreementListModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("agreement_list")
        self.list_view.setModel(self.model)
        self.list_view.setWordWrap(True)
        self.list_view.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.list_view.selectionModel().currentChanged.connect(self.on_list_current_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list_view,
                  self.on_remove_button_clicked, context=Qt.ShortcutContext.WidgetShortcut)
        self.empty_label = QLabel(self.tr(
            "Aún no hay acuerdos en esta sesión. Use «Nuevo acuerdo» para registrar el "
            "primero."))
        self.empty_label.setWordWrap(True)

        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        for widget in (self.list_error, self.composer, self.empty_label, self.list_view):
            layout.addWidget(widget)
        return side

    def _build_detail_side(self) -> QWidget:
        self.form = BoundForm(self.ops, agreements.update_agreement, "agreements",
                              {"agreements"}, self)
        self.form.committed.connect(self.on_form_committed)
        form_layout = QFormLayout()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.form.add_row(form_layout, "text", self.tr("Texto*:"), self.text_edit)
        self.deadline_edit = QLineEdit()
        self.deadline_edit.setPlaceholderText(self.tr("31/03/2025 o «II trimestre 2025»"))
        self.form.add_row(form_layout, "deadline_text", self.tr("Plazo:"), self.deadline_edit)
        self.target_edit = QLineEdit()
        self.target_edit.setPlaceholderText(self.tr(
            "Opcional, p. ej. «en al menos dos gobiernos locales»"))
        self.form.add_row(form_layout, "target", self.tr("Meta:"), self.target_edit)
        self.state_combo = choice_combo(agreements.STATES)
        self.form.add_row(form_layout, "state", self.tr("Estado:"), self.state_combo)
        self.votes = VoteEditor(self.ops)
        form_layout.addRow(self.tr("Votación:"), self.votes)
        self.dissent_edit = QPlainTextEdit()
        self.dissent_edit.setTabChangesFocus(True)
        self.dissent_edit.setMaximumHeight(80)
        self.dissent_edit.setPlaceholderText(self.tr(
            "Quién votó en contra y sus razones, si pidió que conste en el acta"))
        self.form.add_row(form_layout, "dissent", self.tr("Voto singular:"), self.dissent_edit)
        self.responsibles = ResponsiblesPicker(self.ops)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addLayout(form_layout)
        detail_layout.addWidget(self.responsibles)
        detail_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        hint = QLabel(self.tr("Seleccione un acuerdo de la lista para ver y editar su detalle."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(hint)
        self.detail_stack.addWidget(scroll)
        return self.detail_stack

    def on_form_committed(self, field: str) -> None:
        """An agreement just marked «cumplido»: offer to record it in this year's plan."""
        if field == "state" and self.state_combo.currentData() == "cumplido" \
                and self.form.row_id:
            from desktop.plans.agreement_offer import offer_if_planned

            if self.execution_offer is not None:
                self.execution_offer.deleteLater()
            self.execution_offer = offer_if_planned(self, self.ops, self.form.row_id)

    # SessionTab contract -------------------------------------------------------------

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        if locked:
            self.composer.hide()
        self._show_selected()

    def set_session(self, session_id: str | None) -> None:
        changed = session_id != self.session_id
        super().set_session(session_id)  # flushes first: typing lands in the old session
        if changed:
            self.composer_text.clear()
            self.composer.hide()
            self.list_error.clear_error()
            self._select_row(0 if self.model.rowCount() else -1)
            self._show_selected()

    def flush(self) -> None:
        self.form.flush()
        self.votes.flush()
        if self.composer.isVisible() and self.composer_text.toPlainText().strip():
            self.on_add_button_clicked()

    def refresh(self) -> None:
        if self._refreshing:
            return
        self._refreshing = True
        try:
            current, position = self.current_id(), self.list_view.currentIndex().row()
            if self.session_id:
                self._session = self.ops.read(sessions.get_session, self.session_id)
                rows = self.ops.read(agreements.for_session, self.session_id)
            else:
                self._session, rows = None, []
            self.model.set_rows(rows)
            row = self.model.row_of(current)
            if row < 0 and rows:  # the shown agreement went away: stay at the same place
                row = min(max(position, 0), len(rows) - 1)
            self._select_row(row)
            self.empty_label.setVisible(not rows)
        finally:
            self._refreshing = False
        self._show_selected()

    # Selection -----------------------------------------------------------------------

    def current_id(self) -> str | None:
        index = self.list_view.currentIndex()
        return index.data(AgreementListModel.ID_ROLE) if index.isValid() else None

    def current_row(self) -> dict[str, Any] | None:
        index = self.list_view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_agreement(self, agreement_id: str) -> None:
        self._select_row(self.model.row_of(agreement_id))
        self._show_selected()

    def _select_row(self, row: int) -> None:
        selection = self.list_view.selectionModel()
        if row < 0:
            selection.clearCurrentIndex()
            selection.clearSelection()
        else:
            selection.setCurrentIndex(self.model.index(row),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def on_list_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._refreshing:
            self._show_selected()

    def _show_selected(self) -> None:
        row = self.current_row()
        self.detail_stack.setCurrentIndex(1 if row else 0)
        if row is not None and self.form.row_id == row["id"]:
            self._sync_form(row)
        else:
            self.form.load(row)
        self.form.set_read_only(self.locked)
        editable = not self.locked and bool(self.session_id)
        self.votes.set_editable(editable)
        self.votes.load(row)
        self.responsibles.load(self._session, row["id"] if row else None, editable)
        self.new_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and row is not None)

    def _sync_form(self, row: dict[str, Any]) -> None:
        """Show changes made elsewhere (undo, canonical deadlines) without disturbing typing."""
        for binding in self.form.bindings.values():
            value = row.get(binding.field)
            if _same(value, binding.loaded):
                continue
            binding.loaded = value
            binding.error.clear_error()
            binding.widget.setStyleSheet("")
            if not _same(read_value(binding.widget), value):  # keep the cursor where it is
                write_value(binding.widget, value)

    # New and removed agreements ------------------------------------------------------

    def on_new_button_clicked(self) -> None:
        if self.locked or not self.session_id:
            return
        numbers = [self.model.row_at(i)["number"] for i in range(self.model.rowCount())]
        self.composer_label.setText(self.tr("Acuerdo N° {0}").format(max(numbers, default=0) + 1))
        self.composer_error.clear_error()
        self.add_button.setEnabled(bool(self.composer_text.toPlainText().strip()))
        self.composer.show()
        self.composer_text.setFocus()

    def on_composer_text_changed(self) -> None:
        self.add_button.setEnabled(bool(self.composer_text.toPlainText().strip()))
        self.composer_error.clear_error()

    def on_cancel_button_clicked(self) -> None:
        self.composer_text.clear()
        self.composer.hide()

    def on_add_button_clicked(self) -> None:
        text = self.composer_text.toPlainText().strip()
        if not text:
            self.composer_error.show_error(self.tr("Escriba el texto del acuerdo."))
            return
        if not self.session_id or self.locked:
            return
        session_id, db = self.session_id, self.ops.db
        try:  # undo and redo respect a signed acta: db.storage.records refuses them
            agreement_id = self.ops.create(
                self.tr("Nuevo acuerdo"),
                lambda: agreements.create_agreement(db, session_id, text),
                "agreements", {"agreements", "agreement_responsibles"},
                delete=lambda rid: agreements.delete_agreement(db, rid))
        except SesionaError as exc:
            self.composer_error.show_error(exc.message)
            return
        self.composer_text.clear()
        self.composer.hide()
        self.select_agreement(agreement_id)
        self.deadline_edit.setFocus()

    def on_remove_button_clicked(self) -> None:
        row = self.current_row()
        if row is None or self.locked:
            return
        db, agreement_id = self.ops.db, row["id"]
        self.form.flush()
        self.list_error.clear_error()
        try:  # the undo (a restore) is refused by db.storage.records once the acta is signed
            self.ops.perform(self.tr("Quitar el acuerdo N° {0}").format(row["number"]),
                             lambda: agreements.delete_agreement(db, agreement_id),
                             lambda: records.undelete(db, "agreements", agreement_id),
                             {"agreements", "agreement_responsibles"})
        except SesionaError as exc:
            self.list_error.show_error(exc.message)
