"""A read-only table model over a list of ids with a lazily filled row cache.

Only the ids are fetched when the filter changes; the visible rows are fetched in pages
as the view asks for them. This keeps 30,000 rows responsive without a widget per row.
It is ``RowsTableModel`` (same columns, roles and colours) with another storage: that is
all it overrides, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QBrush, QColor

from desktop.models.rows_model import Column, Index, RowsTableModel

__all__ = ["MUTED_BRUSH", "OVERDUE_BRUSH", "Column", "LazyTableModel"]

PAGE_SIZE = 200
OVERDUE_BRUSH = QBrush(QColor("#b3261e"))
MUTED_BRUSH = QBrush(QColor("#6b6b6b"))


class LazyTableModel(RowsTableModel):
    def __init__(self, columns: Sequence[Column], fetch_ids: Callable[[], list[str]],
                 fetch_rows: Callable[[list[str]], list[dict[str, Any]]], parent=None):
        super().__init__(columns, parent=parent)
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

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Show rows already read: their ids, with the cache filled from them."""
        by_id = {row["id"]: row for row in rows}
        self.set_fetchers(lambda: list(by_id), lambda ids: [by_id[i] for i in ids])

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

    # Storage: ids, rows fetched on demand ------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        return [row for i in range(len(self._ids)) if (row := self._row(i)) is not None]

    def id_at(self, row: int) -> str:
        return self._ids[row]

    def row_at(self, row: int) -> dict[str, Any] | None:
        return self._row(row)

    def row_of(self, row_id: str | None) -> int:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)
