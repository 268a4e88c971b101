"""Small builders shared by the panels of the «Firmas» tab, so that every panel looks the
same: wrapped labels, single-row-selection tables, named buttons wired by name, and rows
of buttons pushed to the left.

Rule: a button named ``x`` is the owner's attribute ``x_button`` (object name too) and is
connected to the owner's slot ``on_x_button_clicked``; a missing slot fails at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)


def wrapped_label(name: str, text: str = "", *, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def rows_table(name: str) -> QTableView:
    """A read-only table whose rows are selected one at a time."""
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setMinimumHeight(90)
    return view


def stretch_columns(view: QTableView, stretch: int) -> None:
    """Column ``stretch`` takes the spare width; the others fit their contents."""
    header = view.horizontalHeader()
    for column in range(view.model().columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch
                                    if column == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)


def named_button(owner: QWidget, name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(f"{name}_button")
    button.clicked.connect(getattr(owner, f"on_{name}_button_clicked"))
    setattr(owner, f"{name}_button", button)
    return button


def button_row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch()
    return row
