"""The «Acuerdos» tab: the agreements adopted at the session (section VII of the acta).

A new agreement is written in a small inline box and only saved once it has text, so an
agreement is never stored empty or with placeholder wording. The selected agreement is
edited in place: text, deadline, target, state, the sense of the vote and the
responsible institutions. Every change is undoable.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db import agreements, catalog, membership, records, sessions
from db.errors import SesionaError, ValidationError
from db.rules.deadlines import is_overdue
from desktop.models.lazy_table import OVERDUE_BRUSH
from desktop.operations import Operations
from desktop.session_editor.base import SessionTab
from desktop.widgets.choosers import choice_combo
from desktop.widgets.fields import ErrorLabel
from desktop.widgets.form import TYPING_PAUSE_MS, BoundForm, read_value, write_value

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
VOTE_FIELDS = ("vote_mode", "votes_for", "votes_against", "votes_abstain")
LIST_TEXT_LENGTH = 90


def _tr(text: str) -> str:
    return QCoreApplication.translate("AgreementsTab", text)


def vote_summary(row: dict[str, Any]) -> str:
    """The sense of the vote as the acta words it."""
    if row.get("vote_mode") != "mayoria":
        return _tr("Aprobado por unanimidad")
    abstain = row.get("votes_abstain") or 0
    abstentions = (_tr("1 abstención") if abstain == 1
                   else _tr("{0} abstenciones").format(abstain))
    return _tr("Aprobado por mayoría ({0} a favor, {1} en contra, {2})").format(
        row.get("votes_for") or 0, row.get("votes_against") or 0, abstentions)


def _fold(text: str) -> str:
    """Lower case without accents, so «policia» finds «Policía»."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _same(a: Any, b: Any) -> bool:
    """Equal once the data layer has normalised them (stripped text, None as empty)."""
    def norm(v: Any) -> Any:
        return "" if v is None else v.strip() if isinstance(v, str) else v
    return norm(a) == norm(b)


class AgreementListModel(QAbstractListModel):
    """The session's agreements, one line each: «1. Aprobar el Plan Operativo Anual…»."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self.today = date.today()

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


class VoteEditor(QWidget):
    """Votación: the mode and, for a majority, the counts. They are written together, so
    the database never holds a majority without its votes in favour."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.row: dict[str, Any] | None = None
        self.editable = True
        self._loaded: dict[str, Any] = {}
        self.mode_combo = choice_combo(agreements.VOTE_MODES)
        self.mode_combo.setObjectName("field_vote_mode")
        self.mode_combo.currentIndexChanged.connect(self.on_mode_combo_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.commit)
        self.spins: dict[str, QSpinBox] = {}
        counts = QHBoxLayout()
        for field, label in (("votes_for", self.tr("A favor")),
                             ("votes_against", self.tr("En contra")),
                             ("votes_abstain", self.tr("Abstenciones"))):
            spin = QSpinBox()
            spin.setObjectName(f"field_{field}")
            spin.setRange(0, 999)
            spin.valueChanged.connect(lambda _v: self._timer.start())
            spin.editingFinished.connect(self.commit)
            counts.addWidget(QLabel(label))
            counts.addWidget(spin)
            self.spins[field] = spin
        counts.addStretch()
        self.summary = QLabel()
        self.summary.setObjectName("vote_summary")
        self.error = ErrorLabel()
        self.error.setObjectName("error_votes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.mode_combo)
        layout.addLayout(counts)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)

    def flush(self) -> None:
        """Commit counts still waiting for the typing pause."""
        if self._timer.isActive():
            self.commit()

    def load(self, row: dict[str, Any] | None) -> None:
        """Show the stored vote. For the same agreement only what changed in the database
        is rewritten, so a majority still being completed is not thrown away."""
        self.flush()  # counts typed for the agreement being left belong to it
        force = (row or {}).get("id") != (self.row or {}).get("id")
        self.row = row
        values = {f: (row.get(f) if row else None) for f in VOTE_FIELDS}
        values["vote_mode"] = values["vote_mode"] or "unanimidad"
        for field in VOTE_FIELDS:
            if force or values[field] != self._loaded.get(field):
                widget = self.mode_combo if field == "vote_mode" else self.spins[field]
                write_value(widget, values[field])
        if force:
            self.error.clear_error()
        self._loaded = values
        self.summary.setText(vote_summary(values) if row else "")
        self._update_enabled()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_enabled()

    def _update_enabled(self) -> None:
        active = self.editable and self.row is not None
        self.mode_combo.setEnabled(active)
        for spin in self.spins.values():
            spin.setEnabled(active and self.mode_combo.currentData() == "mayoria")

    def on_mode_combo_changed(self, _index: int) -> None:
        self._update_enabled()
        if self.mode_combo.currentData() == "mayoria" and not self.spins["votes_for"].value():
            self.spins["votes_for"].setFocus()
        self.commit()

    def commit(self) -> None:
        self._timer.stop()
        row = self.row
        if row is None or not self.editable:
            return
        mode = self.mode_combo.currentData()
        desired: dict[str, Any] = {"vote_mode": mode}
        if mode == "mayoria":
            desired.update({f: spin.value() for f, spin in self.spins.items()})
            if not desired["votes_for"]:
                self.error.show_error(self.tr("Indique cuántos votos a favor tuvo el acuerdo."))
                return
        else:
            desired.update(votes_for=None, votes_against=None, votes_abstain=None)
        changes = {k: v for k, v in desired.items() if row.get(k) != v}
        if changes:
            try:
                self._write(row, changes)
            except SesionaError as exc:
                errors = exc.errors.values() if isinstance(exc, ValidationError) else [exc.message]
                self.error.show_error(" ".join(errors))
                return
        self.error.clear_error()
        if mode == "mayoria" and desired["votes_for"] < desired["votes_against"]:
            self.error.show_error(self.tr(
                "Hay más votos en contra que a favor: revise si el acuerdo fue adoptado."))

    def _write(self, row: dict[str, Any], changes: dict[str, Any]) -> None:
        db, agreement_id = self.ops.db, row["id"]
        if len(changes) == 1:  # typing one count merges into a single undo step
            ((field, value),) = changes.items()
            labels = {"vote_mode": self.tr("Votación"), "votes_for": self.tr("Votos a favor"),
                      "votes_against": self.tr("Votos en contra"),
                      "votes_abstain": self.tr("Abstenciones")}
            self.ops.edit(agreements.update_agreement, "agreements", agreement_id, field,
                          value, labels[field], tables={"agreements"},
                          merge=field != "vote_mode")
            return
        old = {k: row.get(k) for k in changes}
        self.ops.perform(self.tr("Editar «Votación»"),
                         lambda: agreements.update_agreement(db, agreement_id, changes),
                         lambda: agreements.update_agreement(db, agreement_id, old),
                         {"agreements"})


class ResponsiblesPicker(QGroupBox):
    """Responsables: the committee's seated institutions first, then (behind a toggle) the
    rest of the catalogue. Each tick replaces the list through ``set_responsibles``."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Responsables"))
        self.ops = ops
        self.session: dict[str, Any] | None = None
        self.agreement_id: str | None = None
        self.editable = True
        self._filling = False
        self._keys: list[str | None] = []
        self.show_all_check = QCheckBox(self.tr("Mostrar todas las instituciones"))
        self.show_all_check.toggled.connect(lambda _c: self.reload())
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Buscar institución…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.setObjectName("responsible_list")
        self.list.setMinimumHeight(160)
        self.list.itemChanged.connect(self.on_list_item_changed)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = ErrorLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter_edit)
        top.addWidget(self.show_all_check)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)

    def load(self, session: dict[str, Any] | None, agreement_id: str | None,
             editable: bool) -> None:
        if agreement_id != self.agreement_id:
            self.error.clear_error()
        self.session, self.agreement_id, self.editable = session, agreement_id, editable
        self.reload()

    def reload(self) -> None:
        entries: list[tuple[str | None, str]] = []
        chosen: set[str] = set()
        hint = ""
        if self.agreement_id and self.session:
            chosen = {i["id"] for i in self.ops.read(agreements.responsibles, self.agreement_id)}
            seats = self.ops.read(membership.seats, self.session["committee_id"],
                                  self.session["date"])
            seated = {s["institution_id"] for s in seats}
            entries = [(s["institution_id"], f"{s['acronym']} — {s['institution_name']}")
                       for s in seats]
            show_all = self.show_all_check.isChecked()
            others = [(i["id"], f"{i['acronym']} — {i['name']}")
                      for i in self.ops.read(catalog.institutions)
                      if i["id"] not in seated and (show_all or i["id"] in chosen)]
            if others:
                entries += [(None, self.tr("Otras instituciones")), *others]
            if not seated and not show_all:
                hint = self.tr("El comité aún no tiene instituciones miembro registradas; "
                               "active «Mostrar todas las instituciones».")
            elif not chosen:
                hint = self.tr("Indique al menos una institución responsable del acuerdo.")
        self._fill(entries, chosen)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def _fill(self, entries: list[tuple[str | None, str]], chosen: set[str]) -> None:
        self._filling = True
        try:
            keys = [key for key, _label in entries]
            if keys != self._keys:  # rebuild only when the rows differ: keeps the scroll
                self.list.clear()
                for key, label in entries:
                    item = QListWidgetItem(label)
                    item.setData(Qt.ItemDataRole.UserRole, key)
                    if key is None:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                    self.list.addItem(item)
                self._keys = keys
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if self.editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            for i in range(self.list.count()):
                item = self.list.item(i)
                key = item.data(Qt.ItemDataRole.UserRole)
                item.setFlags(Qt.ItemFlag.NoItemFlags if key is None else flags)
                if key is not None:
                    item.setCheckState(Qt.CheckState.Checked if key in chosen
                                       else Qt.CheckState.Unchecked)
        finally:
            self._filling = False
        self._apply_filter(self.filter_edit.text())

    def _apply_filter(self, text: str) -> None:
        needle = _fold(text)
        for i in range(self.list.count()):
            item = self.list.item(i)
            header = item.data(Qt.ItemDataRole.UserRole) is None
            item.setHidden(bool(needle) and (header or needle not in _fold(item.text())))

    def checked(self) -> list[str]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.data(Qt.ItemDataRole.UserRole) is not None
                and item.checkState() == Qt.CheckState.Checked]

    def on_list_item_changed(self, _item: QListWidgetItem) -> None:
        if self._filling or not self.agreement_id or not self.editable:
            return
        db, agreement_id, wanted = self.ops.db, self.agreement_id, self.checked()
        previous: dict[str, list[str]] = {}

        def do() -> None:  # set_responsibles returns the list it replaced: keep the first
            previous.setdefault("ids", agreements.set_responsibles(db, agreement_id, wanted))

        def undo() -> None:
            agreements.set_responsibles(db, agreement_id, previous["ids"])

        self.error.clear_error()
        try:
            self.ops.perform(self.tr("Cambiar responsables"), do, undo,
                             {"agreement_responsibles"})
        except SesionaError as exc:
            self.error.show_error(exc.message)
            self.reload()


class AgreementsTab(SessionTab):
    title = QT_TRANSLATE_NOOP("AgreementsTab", "Acuerdos")
    watches = frozenset({"agreements", "agreement_responsibles", "institutions", "seats",
                         "sessions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self._session: dict[str, Any] | None = None
        self._refreshing = False
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

        def restore(agreement_id: str) -> None:  # redo must respect a signed acta too
            sessions.ensure_editable(db, session_id)
            records.undelete(db, "agreements", agreement_id)

        try:
            agreement_id = self.ops.create(
                self.tr("Nuevo acuerdo"),
                lambda: agreements.create_agreement(db, session_id, text),
                "agreements", {"agreements", "agreement_responsibles"},
                delete=lambda rid: agreements.delete_agreement(db, rid), restore=restore)
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
        db, agreement_id, session_id = self.ops.db, row["id"], row["session_id"]

        def restore() -> None:
            sessions.ensure_editable(db, session_id)
            records.undelete(db, "agreements", agreement_id)

        self.form.flush()
        self.list_error.clear_error()
        try:
            self.ops.perform(self.tr("Quitar el acuerdo N° {0}").format(row["number"]),
                             lambda: agreements.delete_agreement(db, agreement_id), restore,
                             {"agreements", "agreement_responsibles"})
        except SesionaError as exc:
            self.list_error.show_error(exc.message)
