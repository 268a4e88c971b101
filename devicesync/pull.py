"""Writing a page of headquarters' feed into the device: atomic, unlogged, never over an
unpushed local edit. Qt-free.

* A page and the new cursor are written in **one transaction**; an interrupted pull leaves
  the cursor where the data is, so the next pull continues without gaps or repeats.
* Entries of the **same row within a page are merged** first (an insert and its later
  delete become one write), so a row that was created and deleted elsewhere never clashes
  with the device's own rows on the way.
* **Fields with a pending local change** (``change_log``) are skipped: the device's edit is
  pushed on the next round. If the server's value differs, both go to the conflict inbox.
* **Foreign keys stay on**, deferred to the commit: rows of a page may arrive in any order,
  and a parent genuinely missing at the commit is an error that names it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlite_utils

from contract.protocol import FeedEntry
from contract.tables import TABLE_LABELS
from contract.uniqueness import UNIQUE_KEYS
from db.storage import records
from devicesync.identity import CURSOR, set_meta
from devicesync.inbox import describe_row, record_conflict
from devicesync.transport import SyncError


def pending_fields(db: sqlite_utils.Database, table: str, row_id: str) -> dict[str, str]:
    """Fields with an unpushed local change on this row → the latest op_id touching them."""
    pending: dict[str, str] = {}
    for op, fields, op_id in db.execute(
            "SELECT op, fields, op_id FROM change_log WHERE table_name = ? AND row_id = ?"
            " ORDER BY seq", [table, row_id]):
        names = {"deleted_at"} if op in ("delete", "undelete") else set(json.loads(fields))
        pending.update(dict.fromkeys(names, op_id))
    return pending


def _fields_of(entry: FeedEntry) -> dict[str, Any]:
    if entry.op == "delete":
        return {**entry.fields, "deleted_at": entry.fields.get("deleted_at") or records.utc_now()}
    if entry.op == "undelete":
        return {**entry.fields, "deleted_at": None}
    return dict(entry.fields)


def coalesce(entries: list[FeedEntry]) -> list[FeedEntry]:
    """One entry per row, at the place of its first: its fields merged in feed order."""
    merged: dict[tuple[str, str], FeedEntry] = {}
    for entry in entries:
        key = (entry.table, entry.row_id)
        first = merged.get(key)
        if first is None:
            merged[key] = entry.model_copy(update={"fields": dict(entry.fields)})
            continue
        fields = {**_fields_of(first), **_fields_of(entry)}
        op = "insert" if first.op == "insert" else "update"
        merged[key] = first.model_copy(update={"op": op, "fields": fields, "seq": entry.seq})
    return list(merged.values())


def _apply_entry(db: sqlite_utils.Database, entry: FeedEntry, pending_rows: set) -> None:
    if entry.table not in records.SYNCED_TABLES:
        raise SyncError(f"La sede envió datos de una tabla desconocida («{entry.table}»): "
                        "actualice Sesiona.")
    skip: dict[str, str] = {}
    if (entry.table, entry.row_id) in pending_rows:
        pending = pending_fields(db, entry.table, entry.row_id)
        server = _fields_of(entry)
        skip = {name: pending[name] for name in set(server) & set(pending)}
        if skip:
            local = records.get(db, entry.table, entry.row_id)
            for name, op_id in skip.items():
                record_conflict(db, entry.table, entry.row_id, name, local.get(name),
                                server[name], op_id,
                                "Este equipo tiene un cambio sin enviar en el mismo dato.")
    try:
        records.apply_remote(db, entry.table, entry.row_id, entry.op, entry.fields,
                             skip=frozenset(skip))
    except ValueError as exc:
        raise SyncError(f"La sede envió un campo que esta versión no conoce ({exc}): "
                        "actualice Sesiona.") from exc
    except sqlite3.IntegrityError as exc:
        label = TABLE_LABELS.get(entry.table, entry.table)
        if "UNIQUE" in str(exc):
            twin = _clashing_row(db, entry)
            if twin is not None and records.local_only(db, entry.table, twin):
                raise SyncError(
                    f"La sede envió un registro ({label}) igual a «"
                    f"{describe_row(db, entry.table, twin)}», que existe solo en este "
                    "equipo porque la sede lo rechazó (véalo en los cambios rechazados). "
                    "Corríjalo (por ejemplo, cambie el número) o elimínelo y vuelva a "
                    "sincronizar. No se guardó nada de esta parte de la sincronización."
                ) from exc
            raise SyncError(
                f"La sede envió un registro ({label}) que choca con otro de este equipo: "
                "probablemente dos equipos crearon sin conexión el mismo número o el mismo "
                "dato. Corrija o elimine el duplicado en este equipo y vuelva a sincronizar. "
                "No se guardó nada de esta parte de la sincronización.") from exc
        raise SyncError(f"No se pudo guardar un registro recibido de la sede ({label}): "
                        f"{exc}.") from exc


def _clashing_row(db: sqlite_utils.Database, entry: FeedEntry) -> str | None:
    """The live row of this device that holds the unique values ``entry`` brings."""
    rule = UNIQUE_KEYS.get(entry.table)
    if rule is None:
        return None
    columns, nocase = rule
    values: dict[str, Any] = {}
    existing = db.execute(f"SELECT * FROM [{entry.table}] WHERE id = ?", [entry.row_id])
    names = [d[0] for d in existing.description]
    found = existing.fetchone()
    if found is not None:
        values.update(zip(names, found, strict=True))
    values.update(_fields_of(entry))
    if any(values.get(column) is None for column in columns):
        return None
    where = " AND ".join(f"[{c}] = ?" + (" COLLATE NOCASE" if c in nocase else "")
                         for c in columns)
    row = db.execute(f"SELECT id FROM [{entry.table}] WHERE {where} AND deleted_at IS NULL"
                     " AND id != ?", [*(values[c] for c in columns), entry.row_id]).fetchone()
    return None if row is None else str(row[0])


def _missing_parents(db: sqlite_utils.Database, tables: set[str]) -> str:
    found = []
    for table in sorted(tables):
        for row in db.execute(f"PRAGMA foreign_key_check([{table}])").fetchmany(3):
            found.append(f"{table} (fila {row[1]}) → {row[2]}")
    return "; ".join(found) or "desconocido"


def apply_page(db: sqlite_utils.Database, entries: list[FeedEntry], cursor: int) -> None:
    """Write a page of the feed and the new cursor in one transaction, without logging."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        pending_rows = {tuple(r) for r in conn.execute(
            "SELECT DISTINCT table_name, row_id FROM change_log")} if entries else set()
        for entry in coalesce(entries):
            _apply_entry(db, entry, pending_rows)
        set_meta(db, CURSOR, str(cursor))
        try:
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            where = _missing_parents(db, {e.table for e in entries})
            raise SyncError("La sede envió registros cuyo registro principal no existe en "
                            f"este equipo ({where}). No se guardó nada de esta página; "
                            "avise a la sede.") from exc
    finally:
        # Committed, or nothing of the page stays: whatever stopped the write.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
