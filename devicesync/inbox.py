"""The conflict inbox and the rejected changes: what sync could not settle by itself.

A **conflict** is one field where another device's value reached headquarters first: the
stored value is the server's, and this device's own value waits here beside it until the
secretary chooses. «mine» writes the device's value again as a new edit (logged, so it is
pushed on the next round); «server» keeps the server's value (writing it locally only if
the row still shows another one). At most one open conflict exists per field: a newer one
replaces the older.

A **rejection** is a change headquarters refused (an edit to a signed acta…), kept with
its Spanish reason until dismissed. When headquarters still holds the row, it answers with
its values of the refused fields and the device shows them again (the refused values stay
here). A refused **insert** is different: the row never reached headquarters and exists
only on this device (``records.local_only``). Correcting it (e.g. giving the session
another number) sends the whole row again, with the rows refused only because they belong
to it; so does ``retry_rejected`` without a correction. Each rejection carries ``hint``,
what the secretary can do, in Spanish.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from contract.tables import TABLE_LABELS
from db.errors import NotFoundError, ValidationError
from db.storage import records
from db.storage.connection import transaction

FIELD_LABELS = {
    "name": "Nombre", "acronym": "Siglas", "title": "Título", "body": "Texto",
    "text": "Texto", "venue": "Lugar", "city": "Ciudad", "date": "Fecha", "state": "Estado",
    "notes": "Notas", "start_time": "Hora de inicio", "end_time": "Hora de término",
    "deadline_text": "Plazo", "deadline_end": "Fecha límite", "target": "Meta",
    "person_name": "Nombres y apellidos", "job_title": "Cargo", "position": "Orden",
    "deleted_at": "Eliminado", "modality": "Modalidad", "conducted_by": "Conducida por",
    "description": "Descripción", "quantity": "Cantidad", "annual_target": "Meta anual",
    "observations": "Observaciones", "code": "Código", "speaker": "Orador",
    "justification": "Justificación", "attendee": "Asistente", "dissent": "Votos en contra",
}
OPS = {"insert": "Alta", "update": "Cambio", "delete": "Baja", "undelete": "Restauración"}
CHOICES = {"mine": "Quedarse con el mío", "server": "Aceptar el de la sede"}


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def show_value(value: Any) -> str:
    """A value as the secretary reads it."""
    if value is None or value == "":
        return "(vacío)"
    if isinstance(value, bool):
        return "sí" if value else "no"
    return str(value)


def describe_row(db: sqlite_utils.Database, table: str, row_id: str) -> str:
    """«Sesión ordinaria N.º 5 (2025-03-10)», «Acuerdo N.º 3», or the label and a short id."""
    label = TABLE_LABELS.get(table, table)
    try:
        row = records.get(db, table, row_id)
    except (NotFoundError, ValueError):
        return f"{label} {row_id[:8]}"
    if table == "sessions":
        return f"Sesión {row['kind']} N.º {row['number']} ({row['date']})"
    if table == "agreements":
        return f"Acuerdo N.º {row['number']}: {str(row['text'])[:60]}"
    for key in ("acronym", "name", "title", "person_name", "code", "file_name"):
        if row.get(key):
            return f"{label}: {str(row[key])[:60]}"
    return f"{label} {row_id[:8]}"


# Recording (called by the sync round, inside its transaction) -----------------------------

def record_conflict(db: sqlite_utils.Database, table: str, row_id: str, field: str,
                    local_value: Any, server_value: Any, op_id: str, reason: str = "") -> bool:
    """Keep both values of a field; returns False when they are equal (nothing to choose)."""
    if local_value == server_value:
        return False
    if field == "deleted_at" and (local_value is None) == (server_value is None):
        return False  # both deleted (at different moments) or both restored: no choice
    now = records.utc_now()
    open_row = db.execute(
        "SELECT id FROM sync_conflicts WHERE table_name = ? AND row_id = ? AND field = ?"
        " AND resolved_at IS NULL", [table, row_id, field]).fetchone()
    if open_row:
        db.execute("UPDATE sync_conflicts SET local_value = ?, server_value = ?, op_id = ?,"
                   " reason = ?, detected_at = ? WHERE id = ?",
                   [encode(local_value), encode(server_value), op_id, reason, now,
                    open_row[0]])
    else:
        db.execute("INSERT INTO sync_conflicts (table_name, row_id, field, local_value,"
                   " server_value, op_id, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [table, row_id, field, encode(local_value), encode(server_value), op_id,
                    reason, now])
    return True


def record_rejection(db: sqlite_utils.Database, op_id: str, table: str, row_id: str, op: str,
                     fields: str, reason: str) -> None:
    db.execute("INSERT INTO sync_rejections (op_id, table_name, row_id, op, fields, reason,"
               " rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [op_id, table, row_id, op, fields,
                reason or "La sede rechazó el cambio.", records.utc_now()])


# The inbox -------------------------------------------------------------------------------

def _with_labels(db: sqlite_utils.Database, row: dict[str, Any]) -> dict[str, Any]:
    row["record"] = describe_row(db, row["table_name"], row["row_id"])
    row["table_label"] = TABLE_LABELS.get(row["table_name"], row["table_name"])
    return row


def conflicts(db: sqlite_utils.Database, open_only: bool = True) -> list[dict[str, Any]]:
    """Conflicts, oldest first, with decoded values and Spanish labels."""
    sql = "SELECT * FROM sync_conflicts"
    if open_only:
        sql += " WHERE resolved_at IS NULL"
    out = []
    for row in db.query(sql + " ORDER BY detected_at, id"):
        row["local_value"] = decode(row["local_value"])
        row["server_value"] = decode(row["server_value"])
        row["field_label"] = FIELD_LABELS.get(row["field"], row["field"])
        out.append(_with_labels(db, row))
    return out


def open_counts(db: sqlite_utils.Database) -> tuple[int, int]:
    """(open conflicts, undismissed rejections)."""
    return (int(db.execute("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL")
                .fetchone()[0]),
            int(db.execute("SELECT count(*) FROM sync_rejections WHERE dismissed_at IS NULL")
                .fetchone()[0]))


def resolve_conflict(db: sqlite_utils.Database, conflict_id: int, choice: str) -> None:
    if choice not in CHOICES:
        raise ValueError(f"unknown choice {choice!r}")
    with transaction(db):
        rows = list(db.query("SELECT * FROM sync_conflicts WHERE id = ?", [conflict_id]))
        if not rows:
            raise NotFoundError("No se encontró el conflicto.")
        conflict = rows[0]
        if conflict["resolved_at"] is not None:
            raise ValidationError({"conflict": "Este conflicto ya se resolvió."})
        table, row_id, field = conflict["table_name"], conflict["row_id"], conflict["field"]
        chosen = decode(conflict["local_value" if choice == "mine" else "server_value"])
        current = records.get(db, table, row_id).get(field)
        if field == "deleted_at":
            if choice == "mine" or (current is None) != (chosen is None):
                (records.undelete if chosen is None else records.soft_delete)(db, table, row_id)
        elif choice == "mine":
            # Always a new logged edit: headquarters holds the other value.
            records.reassert(db, table, row_id, {field: chosen})
        elif current != chosen:
            records.update(db, table, row_id, {field: chosen})
        db.execute("UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
                   [records.utc_now(), choice, conflict_id])


LOCAL_ONLY_HINT = (
    "Este registro existe solo en este equipo: la sede no lo recibió. Corríjalo como indica "
    "el motivo (por ejemplo, cambie el número) y se enviará completo en la próxima "
    "sincronización, junto con los registros que dependen de él; si ya no lo necesita, "
    "elimínelo. También puede reenviarlo sin cambios («Reintentar»).")
KEPT_HINT = ("La sede conserva su versión del registro, que ya se muestra en este equipo; "
             "los datos rechazados quedan aquí como referencia.")
RETRIED_HINT = "Se volvió a enviar a la sede."


def _hint(row: dict[str, Any], live: bool) -> str:
    if row.get("retried_at"):
        return RETRIED_HINT
    if row["op"] == "insert":
        return LOCAL_ONLY_HINT if live else (
            "Este registro existía solo en este equipo y fue eliminado: no hay nada que "
            "enviar.")
    return KEPT_HINT


def rejections(db: sqlite_utils.Database, include_dismissed: bool = False
               ) -> list[dict[str, Any]]:
    """Refused changes, oldest first, with ``fields`` decoded, Spanish labels, ``local_only``
    (the row exists only on this device) and ``hint`` (what the secretary can do)."""
    sql = "SELECT * FROM sync_rejections"
    if not include_dismissed:
        sql += " WHERE dismissed_at IS NULL"
    out = []
    for row in db.query(sql + " ORDER BY rejected_at, id"):
        row["fields"] = decode(row["fields"])
        row["op_label"] = OPS.get(row["op"], row["op"])
        live = _is_live(db, row["table_name"], row["row_id"])
        row["local_only"] = (row["op"] == "insert" and not row.get("retried_at")
                             and live)
        row["hint"] = _hint(row, live)
        out.append(_with_labels(db, row))
    return out


def _is_live(db: sqlite_utils.Database, table: str, row_id: str) -> bool:
    if table not in records.SYNCED_TABLES:
        return False
    found = db.execute(f"SELECT deleted_at FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    return found is not None and found[0] is None


def retry_rejected(db: sqlite_utils.Database, rejection_id: int) -> None:
    """Send a refused change again, with the row's values as they are now.

    A refused insert sends the whole row (and the rows refused with it that belong to it);
    a refused edit sends the refused fields again; a refused delete or restore is repeated
    if the row is still deleted or restored here. The rejection leaves the list."""
    with transaction(db):
        rows = list(db.query("SELECT * FROM sync_rejections WHERE id = ?", [rejection_id]))
        if not rows:
            raise NotFoundError("No se encontró el cambio rechazado.")
        rejection = rows[0]
        table, row_id = rejection["table_name"], rejection["row_id"]
        if rejection["retried_at"] is not None:
            raise ValidationError({"rejection": "Este cambio ya se volvió a enviar."})
        if table not in records.SYNCED_TABLES:
            raise ValidationError({"rejection": "Esta versión de Sesiona no conoce ese tipo "
                                                "de registro: no se puede reenviar."})
        try:
            current = records.get(db, table, row_id)
        except NotFoundError:
            raise ValidationError({"rejection": "El registro ya no existe en este equipo: no "
                                                "hay nada que reenviar."}) from None
        now = records.utc_now()
        if rejection["op"] == "insert" or records.local_only(db, table, row_id):
            if current["deleted_at"] is not None:
                raise ValidationError({"rejection": "El registro fue eliminado en este "
                                                    "equipo: no hay nada que reenviar."})
            records.resend(db, table, row_id)
        elif rejection["op"] == "update":
            fields = decode(rejection["fields"]) or {}
            values = {k: current[k] for k in fields if k in current}
            if values:
                records.reassert(db, table, row_id, values)
        elif rejection["op"] == "delete" and current["deleted_at"] is not None:
            records.log_again(db, table, row_id, "delete", {"deleted_at": current["deleted_at"]})
        elif rejection["op"] == "undelete" and current["deleted_at"] is None:
            records.log_again(db, table, row_id, "undelete", {"deleted_at": None})
        db.execute("UPDATE sync_rejections SET retried_at = coalesce(retried_at, ?),"
                   " dismissed_at = coalesce(dismissed_at, ?) WHERE id = ?",
                   [now, now, rejection_id])


def dismiss_rejection(db: sqlite_utils.Database, rejection_id: int) -> None:
    with transaction(db):
        done = db.execute("UPDATE sync_rejections SET dismissed_at = ? WHERE id = ?"
                          " AND dismissed_at IS NULL", [records.utc_now(), rejection_id])
        if done.rowcount == 0:
            raise NotFoundError("No se encontró el cambio rechazado (o ya se descartó).")
