"""A read-only table model over a list of ids with a lazily filled row cache.

Only the ids are fetched when the filter changes; the visible rows are fetched in pages
as the view asks for them. This keeps 30,000 rows responsive without a widget per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    display: Callable[[dict[str, Any]], str] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def text(self, row: dict[str, Any]) -> str:
        if self.display is not None:
            return self.display(row)
        value = row.get(self.key)
        return "" if value is None else str(value)


class LazyTableModel(QAbstractTableModel):
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    ROW_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, columns: Sequence[Column], fetch_ids: Callable[[], list[str]],
                 fetch_rows: Callable[[list[str]], list[dict[str, Any]]], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch_ids = fetch_ids
        self._fetch_rows = fetch_rows
        self._ids: list[str] = []
        self._cache: dict[str, dict[str, Any]] = {}

    # Loading -----------------------------------------------------------------------------

    def set_fetchers(self, fetch_ids: Callable[[], list[str]],
                     fetch_rows: Callable[[list[str]], list[dict[str, Any]]] | None = None):
        self._fetch_ids = fetch_ids
        if fetch_rows is not None:
            self._fetch_rows = fetch_rows
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = list(self._fetch_ids())
        self._cache.clear()
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Re-read the cached rows (same ids) after an edit, keeping the selection."""
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(self.columns) - 1))

    def _row(self, index: int) -> dict[str, Any] | None:
        row_id = self._ids[index]
        row = self._cache.get(row_id)
        if row is None:
            start = (index // PAGE_SIZE) * PAGE_SIZE
            page = [i for i in self._ids[start:start + PAGE_SIZE] if i not in self._cache]
            for fetched in self._fetch_rows(page):
                self._cache[fetched["id"]] = fetched
            row = self._cache.get(row_id)
        return row

    # Public helpers ----------------------------------------------------------------------

    def id_at(self, row: int) -> str:
        return self._ids[row]

    def row_at(self, row: int) -> dict[str, Any] | None:
        return self._row(row)

    def row_of(self, row_id: str) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    # Qt interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        column = self.columns[index.column()]
        if role == self.ID_ROLE:
            return self._ids[index.row()]
        row = self._row(index.row())
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == self.ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        return None

    def foreground(self, row: dict[str, Any]) -> QBrush | None:
        """Override to colour whole rows (e.g. overdue agreements)."""
        return None


OVERDUE_BRUSH = QBrush(QColor("#b3261e"))
MUTED_BRUSH = QBrush(QColor("#6b6b6b"))
