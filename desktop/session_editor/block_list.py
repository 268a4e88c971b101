"""An editor for one numbered list of acta blocks (informes, pedidos, temas, intervenciones).

The list shows each block with its printed number ("4.1.2 Título…"); beside it, the
fields of the selected block are bound to the database through a ``BoundForm``. Adding,
removing and moving are undoable operations; the data layer renumbers the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalog, minutes
from db.errors import SesionaError
from desktop.operations import Operations
from desktop.widgets.choosers import fill, institution_combo
from desktop.widgets.fields import ErrorLabel
from desktop.widgets.form import BoundForm, read_value, write_value

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
SUMMARY_LENGTH = 70


def first_line(text: str | None) -> str:
    """The first non-blank line of a text, without bullet marks."""
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*· ").strip()
        if line:
            return line
    return ""


def elide(text: str, length: int = SUMMARY_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class BlockListModel(QAbstractListModel):
    """The blocks of one list, shown as "<number> <summary>".

    ``number_format`` receives the block's position as ``{n}`` ("4.1.{n}", "6.{n}", "{n}.");
    ``summary(row)`` gives the text after the number ("" shows a placeholder).
    """

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    ROW_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, number_format: str, summary: Callable[[dict[str, Any]], str],
                 parent=None):
        super().__init__(parent)
        self.number_format = number_format
        self.summary = summary
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Show ``rows``. The same ids in the same order only repaint, keeping the selection."""
        rows = list(rows)
        if [r["id"] for r in rows] == self.ids():
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def ids(self) -> list[str]:
        return [r["id"] for r in self._rows]

    def row_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, row_id: str | None) -> int:
        for index, row in enumerate(self._rows):
            if row["id"] == row_id:
                return index
        return -1

    def number(self, row: dict[str, Any]) -> str:
        return self.number_format.format(n=row["position"])

    def full_text(self, row: dict[str, Any]) -> str:
        return f"{self.number(row)} {self.summary(row) or self.tr('(sin contenido)')}"

    # Qt interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return elide(self.full_text(row))
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.full_text(row)
        if role == self.ID_ROLE:
            return row["id"]
        if role == self.ROW_ROLE:
            return row
        return None


@dataclass(frozen=True)
class FieldSpec:
    """One editable field of a block: ``kind`` is "line", "text" or "institution"."""

    field: str
    label: str
    kind: str = "line"
    placeholder: str = ""


class BlockListEditor(QWidget):
    """A numbered list of blocks with Añadir / Quitar / Subir / Bajar and the selected
    block's fields.

    ``parent_id`` is the session (or, for interventions, the agenda item) the list belongs
    to; ``section`` picks 4.1/4.2 or the requests' section.
    """

    #: The selected block's id (or None) after it changed.
    current_changed = Signal(object)

    def __init__(self, ops: Operations, table: str, *, heading: str, number_format: str,
                 fields: Sequence[FieldSpec], summary: Callable[[dict, dict], str],
                 noun: str, section: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.table, self.section, self.noun = ops, table, section, noun
        self.parent_id: str | None = None
        self.locked = False
        self._current_id: str | None = None
        self._current_row = 0
        self._syncing = False
        self._acronyms: dict[str, str] = {}
        self._institution_ids: list[str] | None = None

        self.heading = QLabel(heading)
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.model = BlockListModel(number_format, lambda row: summary(row, self._acronyms),
                                    self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setAccessibleName(heading)
        self.view.selectionModel().currentChanged.connect(self.on_view_current_changed)

        self.add_button = QPushButton(self.tr("Añadir"))
        self.remove_button = QPushButton(self.tr("Quitar"))
        self.up_button = QPushButton(self.tr("Subir"))
        self.down_button = QPushButton(self.tr("Bajar"))
        self.add_button.setToolTip(self.tr("Añadir {noun} al final de la lista").format(noun=noun))
        self.remove_button.setToolTip(
            self.tr("Quitar {noun} (Supr); se puede deshacer").format(noun=noun))
        self.up_button.setToolTip(self.tr("Subir un lugar (Alt+↑)"))
        self.down_button.setToolTip(self.tr("Bajar un lugar (Alt+↓)"))
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.up_button.clicked.connect(self.on_up_button_clicked)
        self.down_button.clicked.connect(self.on_down_button_clicked)
        for keys, slot in ((QKeySequence.StandardKey.Delete, self.on_remove_button_clicked),
                           (QKeySequence("Alt+Up"), self.on_up_button_clicked),
                           (QKeySequence("Alt+Down"), self.on_down_button_clicked)):
            shortcut = QShortcut(keys, self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        self.message = ErrorLabel()
        self.message.setObjectName("message")

        self.form = BoundForm(ops, self._update, table, {table}, self)
        form_box = QWidget()
        form_layout = QFormLayout(form_box)
        form_layout.setContentsMargins(0, 0, 0, 0)
        self.field_specs = list(fields)
        for spec in self.field_specs:
            self.form.add_row(form_layout, spec.field, spec.label, self._make_editor(spec))

        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch()
        left = QVBoxLayout()
        left.addWidget(self.view)
        left.addLayout(buttons)
        left.addWidget(self.message)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addWidget(form_box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body)

        self.form.load(None)
        self._update_buttons()

    # Building ----------------------------------------------------------------------------

    def _update(self, db, row_id: str, changes: dict) -> dict:
        return minutes.edit(db, self.table, row_id, changes)

    def _make_editor(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "text":
            text = QPlainTextEdit()
            text.setPlaceholderText(spec.placeholder)
            text.setTabChangesFocus(True)
            return text
        if spec.kind == "institution":
            combo = institution_combo([], blank=self.tr("— Sin institución —"))
            combo.setProperty("institution_field", True)
            return combo
        line = QLineEdit()
        line.setPlaceholderText(spec.placeholder)
        return line

    def widget(self, field: str) -> QWidget:
        """The editor bound to ``field``."""
        return self.form.bindings[field].widget

    # State ---------------------------------------------------------------------------------

    def current_id(self) -> str | None:
        return self._current_id

    def set_parent_id(self, parent_id: str | None) -> None:
        """Show the list of another session (or agenda item); selects its first block."""
        if parent_id != self.parent_id:
            self.form.flush()
            self.parent_id = parent_id
            self._current_id, self._current_row = None, 0
            self.message.clear_error()
        self.refresh()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.form.set_read_only(locked)
        self._update_buttons()

    def flush(self) -> None:
        self.form.flush()

    def refresh(self) -> None:
        """Re-read the list, keeping the selected block (or its place if it went away)."""
        self._reload_institutions()
        rows = (self.ops.read(minutes.listing, self.table, self.parent_id, self.section)
                if self.parent_id else [])
        self._syncing = True
        try:
            self.model.set_rows(rows)
            row = self.model.row_of(self._current_id)
            if row < 0 and rows:
                row = min(self._current_row, len(rows) - 1)
            if row >= 0:
                self.view.selectionModel().setCurrentIndex(
                    self.model.index(row),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False
        self._show(rows[row] if row >= 0 else None, row)

    def select(self, row_id: str) -> None:
        row = self.model.row_of(row_id)
        if row >= 0:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _show(self, row: dict[str, Any] | None, index: int) -> None:
        """Put ``row`` in the form: a new block is loaded, the same one only updated."""
        new_id = row["id"] if row else None
        if index >= 0:
            self._current_row = index
        if new_id != self._current_id or new_id != self.form.row_id:
            self._current_id = new_id
            self.form.load(row)
            self.form.set_read_only(self.locked)
            self._update_buttons()
            self.current_changed.emit(new_id)
            return
        if row is not None:
            self._sync_form(row)
        self._update_buttons()

    def _sync_form(self, row: dict[str, Any]) -> None:
        """Show values changed elsewhere (undo) without touching a field being typed in."""
        for binding in self.form.bindings.values():
            shown = read_value(binding.widget)
            if isinstance(shown, str) and isinstance(binding.widget, QLineEdit):
                shown = shown.strip()
            if shown != binding.loaded:  # the user is typing here: keep it
                continue
            binding.loaded = row.get(binding.field)
            write_value(binding.widget, binding.loaded)

    def _reload_institutions(self) -> None:
        institutions = self.ops.read(catalog.institutions)
        self._acronyms = {i["id"]: i["acronym"] for i in institutions}
        ids = [i["id"] for i in institutions]
        if ids == self._institution_ids:
            return
        self._institution_ids = ids
        for binding in self.form.bindings.values():
            if binding.widget.property("institution_field"):
                fill(binding.widget, {i["id"]: f"{i['acronym']} — {i['name']}"
                                      for i in institutions},
                     blank=self.tr("— Sin institución —"))
                write_value(binding.widget, binding.loaded)

    def _update_buttons(self) -> None:
        editable = self.parent_id is not None and not self.locked
        row = self.model.row_of(self._current_id)
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.model.rowCount() - 1)

    # Slots ---------------------------------------------------------------------------------

    def on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        # Aim at the new block first: saving the old one's typing refreshes the list, and
        # the refresh must keep the user's choice.
        self._current_id = current.data(BlockListModel.ID_ROLE) if current.isValid() else None
        self.form.flush()
        row = self.model.row_of(self._current_id)
        self._show(self.model.row_at(row) if row >= 0 else None, row)

    def on_add_button_clicked(self) -> None:
        if not self.add_button.isEnabled():
            return
        self.form.flush()
        db, table, parent_id = self.ops.db, self.table, self.parent_id
        values = {"section": self.section} if self.section else {}
        new_id = self._run(lambda: self.ops.create(
            self.tr("Añadir {noun}").format(noun=self.noun),
            lambda: minutes.add(db, table, parent_id, **values), table, {table},
            delete=lambda rid: minutes.remove(db, table, rid),
            restore=lambda rid: minutes.restore(db, table, rid)))
        if new_id is None:
            return
        self.refresh()
        self.select(new_id)
        first = self.widget(self.field_specs[0].field)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_remove_button_clicked(self) -> None:
        if not self.remove_button.isEnabled() or self._current_id is None:
            return
        self.form.flush()
        db, table, row_id = self.ops.db, self.table, self._current_id
        self._run(lambda: self.ops.perform(
            self.tr("Quitar {noun}").format(noun=self.noun),
            lambda: minutes.remove(db, table, row_id),
            lambda: minutes.restore(db, table, row_id), {table}))
        self.refresh()

    def on_up_button_clicked(self) -> None:
        if self.up_button.isEnabled():
            self._move(-1)

    def on_down_button_clicked(self) -> None:
        if self.down_button.isEnabled():
            self._move(1)

    def _move(self, offset: int) -> None:
        if self._current_id is None:
            return
        self.form.flush()
        db, table, row_id = self.ops.db, self.table, self._current_id
        self._run(lambda: self.ops.perform(
            self.tr("Mover {noun}").format(noun=self.noun),
            lambda: minutes.move(db, table, row_id, offset),
            lambda: minutes.move(db, table, row_id, -offset), {table}))
        self.refresh()

    def _run(self, action: Callable[[], Any]) -> Any:
        """Run an action; a refusal (e.g. a signed acta) is shown under the list."""
        try:
            result = action()
        except SesionaError as exc:
            self.message.show_error(exc.message)
            return None
        self.message.clear_error()
        return result
