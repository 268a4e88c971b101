"""The list panel every screen of rows shares: a title, a read-only table over a
``RowsTableModel``, «Añadir / Editar / Quitar» buttons and a red error line; and the small
builders it is made of, for screens that lay the same pieces out their own way.

Rules: a table selects whole rows, one at a time, and is never edited in place; double
clicking a row edits it. A panel opens one dialog at a time, window-modal without blocking
(the screen refreshes from ``ops.changed`` when it saves). Removing is one undoable
operation; a refusal is shown on the error line and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.errors import SesionaError
from desktop.models.rows_model import RowsTableModel
from desktop.operations import Operations
from desktop.widgets.fields import ErrorLabel

#: ``table_view(stretch=STRETCH_ALL)``: every column shares the width.
STRETCH_ALL = -1


def table_view(name: str, model: RowsTableModel, stretch: int | None = None, *,
               word_wrap: bool = True) -> QTableView:
    """Column ``stretch`` takes the spare width and the others fit their contents; with
    ``None`` the last column does, with ``STRETCH_ALL`` all share it."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(word_wrap)
    header = view.horizontalHeader()
    if stretch == STRETCH_ALL:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return view
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def push_button(name: str, text: str, slot: Callable[..., Any]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """The buttons from the left; what is left of the row stays empty."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    return row


def selected_id(view: QTableView) -> str | None:
    rows = view.selectionModel().selectedRows()
    return view.model().id_at(rows[0].row()) if rows else None


def select_id(view: QTableView, row_id: str | None) -> None:
    """Select the row with that id, or nothing when it is not shown."""
    row = view.model().row_of(row_id) if row_id else -1
    if row >= 0:
        view.selectRow(row)
    else:
        view.clearSelection()


def open_replacing(previous: QDialog | None, dialog: QDialog) -> QDialog:
    """Open ``dialog`` window-modal without blocking, in place of the ``previous`` one
    (which is deleted): a screen keeps ``self.dialog = open_replacing(self.dialog, new)``."""
    if previous is not None:
        previous.deleteLater()
    dialog.open()
    return dialog


class ListPanel(QWidget):
    """Title, table, «Añadir / Editar / Quitar» and the error line, named after ``noun``
    (``add_<noun>_button``, ``<plural>_table``, ``<plural>_title``, ``<plural>_error``).

    A subclass names the add button (``add_button.setText``), hands over its model (the
    panel becomes its parent) and implements ``on_add_button_clicked``,
    ``on_edit_button_clicked`` and ``on_remove_button_clicked``; ``can_add`` says when
    adding is possible (editing and removing also need a selected row).
    """

    def __init__(self, ops: Operations, model: RowsTableModel, *, noun: str, plural: str,
                 stretch: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.dialog: QDialog | None = None
        self.title = QLabel()
        self.title.setObjectName(f"{plural}_title")
        self.title.setStyleSheet("font-weight: bold;")
        self.model = model
        model.setParent(self)
        self.view = table_view(f"{plural}_table", model, stretch, word_wrap=False)
        self.view.doubleClicked.connect(self.on_view_double_clicked)
        self.add_button = push_button(f"add_{noun}_button", "", self.on_add_button_clicked)
        self.edit_button = push_button(f"edit_{noun}_button", self.tr("Editar…"),
                                       self.on_edit_button_clicked)
        self.remove_button = push_button(f"remove_{noun}_button", self.tr("Quitar"),
                                         self.on_remove_button_clicked)
        self.error = ErrorLabel()
        self.error.setObjectName(f"{plural}_error")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.remove_button))
        layout.addWidget(self.error)

    # Selection -------------------------------------------------------------------------

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def current_row(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def set_current(self, row_id: str | None) -> None:
        """Make that row current without telling anyone (``currentRowChanged`` is held)."""
        row = self.model.row_of(row_id)
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            selection.setCurrentIndex(self.model.index(row, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        else:
            selection.clearCurrentIndex()
            selection.clearSelection()
        selection.blockSignals(False)
        self.view.viewport().update()

    def can_add(self) -> bool:
        return True

    def update_buttons(self, *_args: object) -> None:
        self.add_button.setEnabled(self.can_add())
        changeable = self.can_add() and self.current_id() is not None
        self.edit_button.setEnabled(changeable)
        self.remove_button.setEnabled(changeable)

    # Actions ---------------------------------------------------------------------------

    def open_dialog(self, dialog: QDialog) -> QDialog:
        self.dialog = open_replacing(self.dialog, dialog)
        return dialog

    def on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.on_edit_button_clicked()

    def remove_undoably(self, text: str, remove: Callable[[], Any],
                        restore: Callable[[], Any], tables: set[str]) -> None:
        self.error.clear_error()
        try:
            self.ops.perform(text, remove, restore, tables)
        except SesionaError as exc:
            self.error.show_error(exc.message)

    def on_add_button_clicked(self) -> Any:
        raise TypeError(f"{type(self).__name__} must say how to add a row")  # each panel does

    def on_edit_button_clicked(self) -> Any:
        raise TypeError(f"{type(self).__name__} must say how to edit a row")  # each panel does

    def on_remove_button_clicked(self) -> None:
        raise TypeError(f"{type(self).__name__} must say how to remove a row")  # each panel does
