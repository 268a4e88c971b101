"""The content of the acta: informes, pedidos, orden del día and interventions.

These are ordered lists inside a session; ``position`` gives the printed numbering.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db.domain.session_lock import ensure_editable
from db.errors import NotFoundError
from db.storage import records
from db.storage.connection import transaction

# Each kind of block: its table, the column that links it to its parent, and how the
# parent leads back to the session (for the signed-acta lock).
BLOCKS = {
    "reports": "session_id",
    "requests": "session_id",
    "agenda_items": "session_id",
    "interventions": "agenda_item_id",
}
EDITABLE_FIELDS = {
    "reports": {"title", "body", "institution_id", "section"},
    "requests": {"body", "institution_id", "section"},
    "agenda_items": {"title"},
    "interventions": {"body", "institution_id", "speaker"},
}
# Lists numbered separately per section (4.1 / 4.2; pedidos of the presidency / members).
SECTIONED = {"reports", "requests"}


def session_of(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> str:
    if table == "interventions":
        return db.execute("SELECT session_id FROM agenda_items WHERE id = ?",
                          [row["agenda_item_id"]]).fetchone()[0]
    return row["session_id"]


def add(db: sqlite_utils.Database, table: str, parent_id: str, **values: Any) -> str:
    """Append a block at the end of its list."""
    parent_column = BLOCKS[table]
    with transaction(db):
        row = {parent_column: parent_id, **values}
        if table in SECTIONED:
            row.setdefault("section", "presidencia")
        ensure_editable(db, session_of(db, table, row))
        where, scope = _siblings(table, row)
        row["position"] = db.execute(
            f"SELECT coalesce(max(position), 0) + 1 FROM {table} WHERE {where}",
            scope).fetchone()[0]
        return records.insert(db, table, row)


def edit(db: sqlite_utils.Database, table: str, row_id: str, changes: dict) -> dict:
    unknown = set(changes) - EDITABLE_FIELDS[table]
    if unknown:
        raise ValueError(f"not editable in {table}: {sorted(unknown)}")
    with transaction(db):
        current = records.get(db, table, row_id)
        ensure_editable(db, session_of(db, table, current))
        return records.update(db, table, row_id, changes)


def remove(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    """Soft-delete and renumber the rest of the list so the printed numbering has no gaps."""
    with transaction(db):
        current = records.get(db, table, row_id)
        records.soft_delete(db, table, row_id)  # refused by records once signed
        _renumber(db, table, current)


def restore(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    """Undelete a block back at the place it had, so undoing a removal restores the numbering."""
    with transaction(db):
        current = records.get(db, table, row_id)
        order = [i for i in _sibling_ids(db, table, current) if i != row_id]
        order.insert(max(current["position"] - 1, 0), row_id)
        records.undelete(db, table, row_id)  # refused by records once signed
        _write_positions(db, table, order)


def move(db: sqlite_utils.Database, table: str, row_id: str, offset: int) -> int:
    """Move a block ``offset`` places (-1 up, +1 down: a swap with its neighbour).

    Stops at either end of the list. Returns how many places it really moved, so that
    ``move(db, table, row_id, -moved)`` undoes it.
    """
    with transaction(db):
        current = records.get(db, table, row_id)
        ensure_editable(db, session_of(db, table, current))
        if current["deleted_at"] is not None:
            raise NotFoundError("No se encontró el registro solicitado.")
        order = _sibling_ids(db, table, current)
        index = order.index(row_id)
        target = min(max(index + offset, 0), len(order) - 1)
        if target != index:
            order.insert(target, order.pop(index))
            _write_positions(db, table, order)
        return target - index


def _siblings(table: str, row: dict[str, Any]) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) of the live list a block is numbered in."""
    parent_column = BLOCKS[table]
    where, scope = f"{parent_column} = ? AND deleted_at IS NULL", [row[parent_column]]
    if table in SECTIONED:
        where += " AND section = ?"
        scope.append(row["section"])
    return where, scope


def _sibling_ids(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> list[str]:
    where, scope = _siblings(table, row)
    return [r[0] for r in db.execute(
        f"SELECT id FROM {table} WHERE {where} ORDER BY position, created_at", scope)]


def _write_positions(db: sqlite_utils.Database, table: str, order: list[str]) -> None:
    for index, sibling_id in enumerate(order, start=1):
        records.update(db, table, sibling_id, {"position": index})


def _renumber(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    _write_positions(db, table, _sibling_ids(db, table, row))


def listing(db: sqlite_utils.Database, table: str, parent_id: str,
            section: str | None = None) -> list[dict[str, Any]]:
    parent_column = BLOCKS[table]
    sql = f"SELECT * FROM {table} WHERE {parent_column} = ? AND deleted_at IS NULL"
    params: list[Any] = [parent_id]
    if section:
        sql += " AND section = ?"
        params.append(section)
    return list(db.query(sql + " ORDER BY position", params))
