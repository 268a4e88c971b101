"""The one read-only table model of the desktop: rows (plain dicts, or dataclasses) under
translated headers, each column saying how a row reads in it.

Rules: a model is its ``columns`` plus the rows a screen already read through
``ops.read`` (``set_rows``); it never queries. Display and tooltip come from the column
(the tooltip is the display text unless the column has its own), so is the alignment; a
column's ``state`` colours its cell from ``state_brushes``; ``foreground`` and
``background`` colour whole rows. Every row has a key (its ``id`` unless told), shown in
``ID_ROLE``; ``ROW_ROLE`` gives the row itself. ``LazyTableModel`` is the same model over
a list of ids whose rows are fetched page by page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
#: Text on a state colour: readable on the light legend colours in a dark theme too.
ON_STATE_BRUSH = QBrush(QColor("#1a1a1a"))


@dataclass(frozen=True)
class Column:
    """``key`` is read from a dict row unless ``display`` says how the row reads."""

    key: str
    header: str
    display: Callable[[Any], str] | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[Any], str] | None = None
    state: Callable[[Any], str | None] | None = None  # colours the cell by state

    def text(self, row: Any) -> str:
        if self.display is not None:
            return self.display(row)
        value = row.get(self.key)
        return "" if value is None else str(value)


def row_id(row: dict[str, Any]) -> str:
    return row["id"]


class RowsTableModel(QAbstractTableModel):
    """Rows held in memory. With ``refresh_in_place``, new rows with the same keys update
    the cells without a reset, keeping the selection and scroll position."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    ROW_ROLE = Qt.ItemDataRole.UserRole + 2
    STATE_ROLE = Qt.ItemDataRole.UserRole + 3
    state_brushes: dict[str, QBrush] = {}
    refresh_in_place = False

    def __init__(self, columns: Sequence[Column] = (),
                 key: Callable[[Any], str] = row_id, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.key = key
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if self.refresh_in_place and rows \
                and [self.key(r) for r in rows] == [self.key(r) for r in self._rows]:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    # Public helpers --------------------------------------------------------------------

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def id_at(self, row: int) -> str | None:
        item = self.row_at(row)
        return None if item is None else self.key(item)

    def row_of(self, key: str | None) -> int:
        return next((number for number, item in enumerate(self._rows)
                     if self.key(item) == key), -1)

    def column_texts(self, column: int) -> list[str]:
        return [self.columns[column].text(r) for r in self.rows()]

    def foreground(self, row: Any) -> QBrush | None:
        """Override to colour whole rows' text (e.g. overdue agreements)."""
        return None

    def background(self, row: Any) -> QBrush | None:
        """Override to colour whole rows (e.g. a broken signature)."""
        return None

    # Qt interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount() \
                or not 0 <= index.column() < len(self.columns):
            return None
        if role == self.ID_ROLE:
            return self.id_at(index.row())
        row = self.row_at(index.row())
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == self.ROW_ROLE:
            return row
        state = column.state(row) if column.state else None
        if role == self.STATE_ROLE:
            return state
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.state_brushes.get(state) if state else self.background(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return ON_STATE_BRUSH if state else self.foreground(row)
        return None
