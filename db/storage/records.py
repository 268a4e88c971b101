"""Writes to synced tables. Each one logs itself in ``change_log`` in the same transaction.

This module is the only place that INSERTs, UPDATEs or soft-deletes synced rows; every
domain operation goes through it, so the change log can never miss a change. The one write
that is not logged is ``apply_remote``: a change that came from headquarters (it is already
there), written by the sync client's pull.

**A signed acta is immutable.** Every write here (insert, update, reassert, soft delete,
undelete, a change logged again, a row resent) first asks ``contract.acta_ownership``
whether it touches a signed acta, and raises ``LockedRecordError`` with the rule's Spanish
reason before writing or logging anything. So no domain function, undo or redo step can
write around the lock, whatever guard it forgets. The check costs nothing for tables the
acta does not own, and a couple of primary-key SELECTs (the row's parents up to its
session) for those it does. ``apply_remote`` alone is not checked: see there.

**Rows that exist only on this device.** When headquarters refuses a row's insert (another
device registered the same session number first, its parent was refused…), the row stays
here, unknown to headquarters, with the refusal in ``sync_rejections``. An edit to such a
row cannot travel as a change of some fields (headquarters has nothing to change): it is
logged as the insert of the whole row as it now is (``resend``), together with the rows
refused only because they belong to it; deleting it logs nothing (there is nothing to
delete at headquarters), and restoring it sends it again.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from contract import acta_ownership
from contract.tables import SYNCED_TABLES
from db.errors import LockedRecordError, NotFoundError
from db.storage.connection import transaction

BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "deleted_at"})


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _check_table(table: str) -> None:
    if table not in SYNCED_TABLES:
        raise ValueError(f"{table!r} is not a synced table")


def _log(db: sqlite_utils.Database, table: str, row_id: str, op: str, fields: dict, at: str):
    db.execute(
        "INSERT INTO change_log (op_id, table_name, row_id, op, fields, changed_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [new_id(), table, row_id, op, json.dumps(fields, ensure_ascii=False), at],
    )


def _lookup(db: sqlite_utils.Database) -> acta_ownership.Lookup:
    """The rule's ``lookup``: a row as stored on this connection, or None. Remembers what it
    read during one check (a row and its new values usually lead to the same session)."""
    seen: dict[tuple[str, str], dict[str, Any] | None] = {}

    def lookup(table: str, row_id: str) -> dict[str, Any] | None:
        key = (table, row_id)
        if key not in seen:
            cursor = db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])
            found = cursor.fetchone()
            seen[key] = None if found is None else dict(
                zip([d[0] for d in cursor.description], found, strict=True))
        return seen[key]

    return lookup


def check_lock(db: sqlite_utils.Database, table: str, op: str, stored: dict[str, Any] | None,
               fields: dict[str, Any]) -> None:
    """Raise ``LockedRecordError`` if writing ``fields`` (``op``: insert, update, delete or
    undelete) to this row would change a signed acta. Nothing has been written yet."""
    if table not in acta_ownership.PARTS:
        return
    reason = acta_ownership.refusal(_lookup(db), table, op, stored, fields)
    if reason is not None:
        raise LockedRecordError(reason)


def get(db: sqlite_utils.Database, table: str, row_id: str) -> dict[str, Any]:
    _check_table(table)
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]))
    if not rows:
        raise NotFoundError(f"No se encontró el registro solicitado ({table}).")
    return rows[0]


def insert(db: sqlite_utils.Database, table: str, values: dict[str, Any]) -> str:
    """Insert a new row (id generated unless given) and log it. Returns the id."""
    _check_table(table)
    now = utc_now()
    row = {k: v for k, v in values.items() if k not in BOOKKEEPING}
    row_id = values.get("id") or new_id()
    full = {"id": row_id, "created_at": now, "updated_at": now, **row}
    columns = ", ".join(f"[{c}]" for c in full)
    marks = ", ".join("?" for _ in full)
    with transaction(db):
        check_lock(db, table, "insert", None, row)
        db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(full.values()))
        _log(db, table, row_id, "insert", {**row, "created_at": now}, now)
    return row_id


def update(
    db: sqlite_utils.Database, table: str, row_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Apply the fields that really change; log them. Returns their previous values."""
    _check_table(table)
    with transaction(db):
        current = get(db, table, row_id)
        changed = {
            k: v for k, v in changes.items() if k not in BOOKKEEPING and current.get(k) != v
        }
        if not changed:
            return {}
        unknown = set(changed) - set(current)
        if unknown:
            raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
        check_lock(db, table, "update", current, changed)
        now = utc_now()
        assignments = ", ".join(f"[{c}] = ?" for c in changed)
        db.execute(
            f"UPDATE [{table}] SET {assignments}, updated_at = ? WHERE id = ?",
            [*changed.values(), now, row_id],
        )
        if local_only(db, table, row_id):
            resend(db, table, row_id)
        else:
            _log(db, table, row_id, "update", changed, now)
    return {k: current[k] for k in changed}


def reassert(db: sqlite_utils.Database, table: str, row_id: str,
             values: dict[str, Any]) -> None:
    """Write ``values`` and log them even where the row already holds them.

    For a sync conflict settled in this device's favour: headquarters holds another value,
    so the device's value must travel again as a new edit.
    """
    _check_table(table)
    values = {k: v for k, v in values.items() if k not in BOOKKEEPING}
    if not values:
        return
    with transaction(db):
        current = get(db, table, row_id)
        unknown = set(values) - set(current)
        if unknown:
            raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
        check_lock(db, table, "update", current, values)
        now = utc_now()
        assignments = ", ".join(f"[{c}] = ?" for c in values)
        db.execute(
            f"UPDATE [{table}] SET {assignments}, updated_at = ? WHERE id = ?",
            [*values.values(), now, row_id],
        )
        if local_only(db, table, row_id):
            resend(db, table, row_id)
        else:
            _log(db, table, row_id, "update", values, now)


def soft_delete(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    _check_table(table)
    with transaction(db):
        # A row headquarters refused because the acta was already signed there is not part
        # of that acta anywhere but here, and the refusal tells the secretary to remove it:
        # removing it is not a change to the signed acta.
        if not refused_as_signed(db, table, row_id):
            check_lock(db, table, "delete", get(db, table, row_id), {})
        now = utc_now()
        db.execute(
            f"UPDATE [{table}] SET deleted_at = ?, updated_at = ? WHERE id = ?",
            [now, now, row_id],
        )
        if local_only(db, table, row_id):
            # Headquarters never had it: nothing to send, and its refusal is settled.
            db.execute("UPDATE sync_rejections SET dismissed_at = ? WHERE table_name = ?"
                       " AND row_id = ? AND dismissed_at IS NULL", [now, table, row_id])
        else:
            _log(db, table, row_id, "delete", {"deleted_at": now}, now)


def undelete(db: sqlite_utils.Database, table: str, row_id: str) -> None:
    _check_table(table)
    with transaction(db):
        current = get(db, table, row_id)
        # Taking back a delete headquarters refused (e.g. of a session signed meanwhile)
        # puts the row back as headquarters holds it: not a change to the acta there, so
        # the lock does not apply and nothing is sent; the refusal is settled.
        taken_back = False
        try:
            check_lock(db, table, "undelete", current, {})
        except LockedRecordError:
            if not _refused_delete(db, table, row_id):
                raise
            taken_back = True
        now = utc_now()
        db.execute(
            f"UPDATE [{table}] SET deleted_at = NULL, updated_at = ? WHERE id = ?", [now, row_id]
        )
        if taken_back:
            db.execute("UPDATE sync_rejections SET dismissed_at = coalesce(dismissed_at, ?)"
                       " WHERE table_name = ? AND row_id = ? AND op = 'delete'"
                       " AND retried_at IS NULL", [now, table, row_id])
        elif local_only(db, table, row_id):
            resend(db, table, row_id)
        else:
            _log(db, table, row_id, "undelete", {"deleted_at": None}, now)


def _refused_delete(db: sqlite_utils.Database, table: str, row_id: str) -> bool:
    """Headquarters refused this row's delete, and it was not sent again since."""
    try:
        found = db.execute(
            "SELECT 1 FROM sync_rejections WHERE table_name = ? AND row_id = ?"
            " AND op = 'delete' AND retried_at IS NULL LIMIT 1", [table, row_id]).fetchone()
    except sqlite3.OperationalError as exc:  # a file being migrated, before version 5
        if "no such" in str(exc):
            return False
        raise
    return found is not None


def log_again(db: sqlite_utils.Database, table: str, row_id: str, op: str,
              fields: dict[str, Any]) -> None:
    """Log a change the row already shows (a refused delete or restore sent again).

    Checked as the change it sends: headquarters would apply it to the acta as it has it."""
    _check_table(table)
    with transaction(db):
        check_lock(db, table, op, get(db, table, row_id), fields)
        now = utc_now()
        _log(db, table, row_id, op, fields, now)


# Rows that exist only on this device -------------------------------------------------------

def local_only(db: sqlite_utils.Database, table: str, row_id: str) -> bool:
    """Headquarters refused this row's insert and it was not sent again since."""
    try:
        found = db.execute(
            "SELECT 1 FROM sync_rejections WHERE table_name = ? AND row_id = ?"
            " AND op = 'insert' AND retried_at IS NULL LIMIT 1", [table, row_id]).fetchone()
    except sqlite3.OperationalError as exc:  # a file being migrated, before version 5
        if "no such" in str(exc):
            return False
        raise
    return found is not None


def refused_as_signed(db: sqlite_utils.Database, table: str, row_id: str) -> bool:
    """Headquarters refused this row's insert because a signed acta owns its place, and it
    was not sent again since: the row exists only on this device."""
    reasons = (acta_ownership.LOCKED_MESSAGE, acta_ownership.SIGNED_FILE_MESSAGE)
    try:
        found = db.execute(
            "SELECT 1 FROM sync_rejections WHERE table_name = ? AND row_id = ?"
            " AND op = 'insert' AND retried_at IS NULL AND reason IN (?, ?) LIMIT 1",
            [table, row_id, *reasons]).fetchone()
    except sqlite3.OperationalError as exc:  # a file being migrated, before version 5
        if "no such" in str(exc):
            return False
        raise
    return found is not None


def _insert_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("id", "updated_at", "deleted_at")}


def resend(db: sqlite_utils.Database, table: str, row_id: str) -> list[tuple[str, str]]:
    """Log the insert of a row that exists only here, whole, as it now is; then the same
    for the rows refused with it that belong to it or point to it (its agreements, its
    attendance…), parents first. Pending changes of rows pointing to a resent one move
    after it in the log, so that headquarters receives the parent first. Their refusals
    are marked as sent again. A deleted row is not sent. Returns the rows resent."""
    _check_table(table)
    sent: list[tuple[str, str]] = []
    with transaction(db):
        waiting = _local_only_rows(db)
        queue = [(table, row_id)]
        while queue:
            current_table, current_id = queue.pop(0)
            if (current_table, current_id) in sent:
                continue
            row = get(db, current_table, current_id)
            if row["deleted_at"] is not None:
                continue
            # The row as it is, sent whole: the rule lets a signed acta's unchanged rows
            # travel (a session signed before headquarters ever accepted it).
            check_lock(db, current_table, "insert", row, _insert_fields(row))
            now = utc_now()
            _log(db, current_table, current_id, "insert", _insert_fields(row), now)
            db.execute("UPDATE sync_rejections SET retried_at = ?,"
                       " dismissed_at = coalesce(dismissed_at, ?) WHERE table_name = ?"
                       " AND row_id = ? AND retried_at IS NULL",
                       [now, now, current_table, current_id])
            sent.append((current_table, current_id))
            queue.extend(waiting.pop(current_id, []))
            _move_pending_after(db, current_id)
    return sent


def _local_only_rows(db: sqlite_utils.Database) -> dict[str, list[tuple[str, str]]]:
    """Rows that exist only here, by every text value they hold (ids of their parent and
    of what they point to among them), in the order headquarters refused them."""
    by_value: dict[str, list[tuple[str, str]]] = {}
    for table, row_id in db.execute(
            "SELECT table_name, row_id FROM sync_rejections WHERE op = 'insert'"
            " AND retried_at IS NULL GROUP BY table_name, row_id ORDER BY min(id)").fetchall():
        if table not in SYNCED_TABLES:
            continue
        row = db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]).fetchone()
        for value in set(row[1:] if row else ()):
            if isinstance(value, str) and value != row_id:
                by_value.setdefault(value, []).append((table, row_id))
    return by_value


def _move_pending_after(db: sqlite_utils.Database, row_id: str) -> None:
    """Rows whose pending insert names ``row_id`` (ids are UUIDs: found as text) before its
    resent insert: all their pending changes go to the end of the log, in their order and
    with their op_ids (a retry stays a retry); then the same for the rows naming them."""
    todo, moved = [row_id], {row_id}
    while todo:
        current = todo.pop(0)
        anchor = db.execute("SELECT max(seq) FROM change_log WHERE row_id = ?",
                            [current]).fetchone()[0]
        if anchor is None:
            continue
        for table, child in db.execute(
                "SELECT DISTINCT table_name, row_id FROM change_log WHERE seq < ?"
                " AND op = 'insert' AND instr(fields, ?) > 0", [anchor, current]).fetchall():
            if child in moved:
                continue
            moved.add(child)
            todo.append(child)
            for seq, *rest in db.execute(
                    "SELECT seq, op_id, table_name, row_id, op, fields, changed_at"
                    " FROM change_log WHERE table_name = ? AND row_id = ? ORDER BY seq",
                    [table, child]).fetchall():
                db.execute("DELETE FROM change_log WHERE seq = ?", [seq])
                db.execute("INSERT INTO change_log (op_id, table_name, row_id, op, fields,"
                           " changed_at) VALUES (?, ?, ?, ?, ?, ?)", rest)


def pending_changes(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])


# Changes from headquarters ---------------------------------------------------------------

_columns_cache: dict[tuple[int, str], frozenset[str]] = {}


def columns(db: sqlite_utils.Database, table: str) -> frozenset[str]:
    """The columns of a synced table (cached per schema version: every open file has been
    migrated to the same one)."""
    _check_table(table)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    key = (version, table)
    if key not in _columns_cache:
        _columns_cache[key] = frozenset(
            r[1] for r in db.execute(f"PRAGMA table_info([{table}])").fetchall())
    return _columns_cache[key]


_defaults_cache: dict[tuple[int, str], dict[str, Any]] = {}


def _literal(text: str) -> Any:
    if text.upper() == "NULL":
        return None
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def defaults(db: sqlite_utils.Database, table: str) -> dict[str, Any]:
    """NOT NULL columns of a synced table with a constant default → that default: the value
    a row holds when it was created without it (cached like ``columns``)."""
    _check_table(table)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    key = (version, table)
    if key not in _defaults_cache:
        _defaults_cache[key] = {
            r[1]: _literal(r[4]) for r in db.execute(f"PRAGMA table_info([{table}])")
            if r[3] and r[4] is not None}
    return _defaults_cache[key]


def apply_remote(db: sqlite_utils.Database, table: str, row_id: str, op: str,
                 fields: dict[str, Any], *, skip: frozenset[str] = frozenset()) -> None:
    """Write a change that came from headquarters, WITHOUT logging it: it is already there.

    Not checked against the signed-acta rule, on purpose: headquarters applies the same
    rule (``contract.acta_ownership``) before it accepts any change, so what it serves is
    the record as accepted there; refusing it here would leave this device disagreeing with
    headquarters for ever (and a session's own signing arrives through here too, with its
    signed files and content in the same pull).

    Insert-or-update by id (an insert of a row the device already has updates it; an update
    of a row it lacks inserts it), soft delete and undelete. ``skip`` names fields the
    caller leaves untouched (they have a pending local change). The caller owns the
    transaction; foreign keys stay on.
    """
    known = columns(db, table)
    unknown = set(fields) - known
    if unknown:
        raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
    values = {k: v for k, v in fields.items() if k not in skip and k not in {"id", "updated_at"}}
    if op == "delete":
        values.setdefault("deleted_at", fields.get("deleted_at") or utc_now())
        if "deleted_at" in skip:
            values.pop("deleted_at")
    elif op == "undelete" and "deleted_at" not in skip:
        values["deleted_at"] = None
    now = utc_now()
    exists = db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    if exists:
        if not values:
            return
        assignments = ", ".join(f"[{c}] = ?" for c in values)
        db.execute(f"UPDATE [{table}] SET {assignments}, updated_at = ? WHERE id = ?",
                   [*values.values(), now, row_id])
        return
    full = {"id": row_id, "created_at": values.pop("created_at", None) or now,
            "updated_at": now, **values}
    names = ", ".join(f"[{c}]" for c in full)
    marks = ", ".join("?" for _ in full)
    db.execute(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", list(full.values()))
