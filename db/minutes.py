"""The content of the acta: informes, pedidos, orden del día and interventions.

These are ordered lists inside a session; ``position`` gives the printed numbering.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db import records
from db.connection import transaction
from db.sessions import ensure_editable

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
        ensure_editable(db, session_of(db, table, row))
        scope = [parent_id]
        extra = ""
        if table == "reports":
            extra = " AND section = ?"
            scope.append(values.get("section", "presidencia"))
        row["position"] = db.execute(
            f"SELECT coalesce(max(position), 0) + 1 FROM {table} WHERE {parent_column} = ?"
            f" AND deleted_at IS NULL{extra}", scope).fetchone()[0]
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
        ensure_editable(db, session_of(db, table, current))
        records.soft_delete(db, table, row_id)
        _renumber(db, table, current)


def restore(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    with transaction(db):
        current = records.get(db, table, row_id)
        ensure_editable(db, session_of(db, table, current))
        records.undelete(db, table, row_id)
        _renumber(db, table, current)


def _renumber(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    parent_column = BLOCKS[table]
    extra, scope = "", [row[parent_column]]
    if table == "reports":
        extra, scope = " AND section = ?", [row[parent_column], row["section"]]
    siblings = db.execute(
        f"SELECT id FROM {table} WHERE {parent_column} = ? AND deleted_at IS NULL{extra}"
        " ORDER BY position, created_at", scope).fetchall()
    for index, (sibling_id,) in enumerate(siblings, start=1):
        records.update(db, table, sibling_id, {"position": index})


def listing(db: sqlite_utils.Database, table: str, parent_id: str,
            section: str | None = None) -> list[dict[str, Any]]:
    parent_column = BLOCKS[table]
    sql = f"SELECT * FROM {table} WHERE {parent_column} = ? AND deleted_at IS NULL"
    params: list[Any] = [parent_id]
    if section:
        sql += " AND section = ?"
        params.append(section)
    return list(db.query(sql + " ORDER BY position", params))
