"""The conflict inbox and the rejected changes: what sync could not settle by itself.

A **conflict** is one field where another device's value reached headquarters first: the
stored value is the server's, and this device's own value waits here beside it until the
secretary chooses. «mine» writes the device's value again as a new edit (logged, so it is
pushed on the next round); «server» keeps the server's value (writing it locally only if
the row still shows another one). At most one open conflict exists per field: a newer one
replaces the older.

A **rejection** is a change headquarters refused (an edit to a signed acta…), kept with
its Spanish reason until dismissed.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from db import records
from db.connection import transaction
from db.errors import NotFoundError, ValidationError

TABLE_LABELS = {
    "institutions": "Institución", "committees": "Comité",
    "legal_instruments": "Instrumento legal", "seats": "Asiento", "designations": "Designación",
    "sessions": "Sesión", "attendance": "Asistencia", "invitees": "Invitado",
    "reports": "Informe", "requests": "Pedido", "agenda_items": "Punto de agenda",
    "interventions": "Intervención", "agreements": "Acuerdo",
    "agreement_responsibles": "Responsable de acuerdo",
    "agreement_followups": "Seguimiento de acuerdo", "attachments": "Archivo adjunto",
    "errata": "Fe de erratas", "units": "Unidad de medida", "work_plans": "Plan de trabajo",
    "plan_nodes": "Elemento del plan", "plan_node_institutions": "Institución del plan",
    "indicators": "Indicador", "indicator_targets": "Meta programada",
    "execution_entries": "Registro de ejecución", "execution_evidence": "Medio de verificación",
}
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


def rejections(db: sqlite_utils.Database, include_dismissed: bool = False
               ) -> list[dict[str, Any]]:
    sql = "SELECT * FROM sync_rejections"
    if not include_dismissed:
        sql += " WHERE dismissed_at IS NULL"
    out = []
    for row in db.query(sql + " ORDER BY rejected_at, id"):
        row["fields"] = decode(row["fields"])
        row["op_label"] = OPS.get(row["op"], row["op"])
        out.append(_with_labels(db, row))
    return out


def dismiss_rejection(db: sqlite_utils.Database, rejection_id: int) -> None:
    with transaction(db):
        done = db.execute("UPDATE sync_rejections SET dismissed_at = ? WHERE id = ?"
                          " AND dismissed_at IS NULL", [records.utc_now(), rejection_id])
        if done.rowcount == 0:
            raise NotFoundError("No se encontró el cambio rechazado (o ya se descartó).")
