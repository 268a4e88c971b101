"""Seats (member institutions) and the designations of their representatives.

Designations are history: replacing a titular closes the previous designation on the
new one's date and never overwrites it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from db.domain.validation import Checker
from db.locale_pe import lima_today
from db.storage import records
from db.storage.connection import transaction

ROLES = {"miembro": "Miembro", "observador": "Observador", "invitado_permanente":
         "Invitado permanente"}
POSITIONS = {"titular": "Titular", "alterno": "Alterno"}


def _validate_seat(db: sqlite_utils.Database, row: dict[str, Any], seat_id: str | None) -> None:
    check = Checker()
    check.required(row, "institution_id", "Institución")
    check.choice(row, "role", "Rol", ROLES)
    if row.get("institution_id"):
        clash = db.execute(
            "SELECT i.acronym FROM seats s JOIN institutions i ON i.id = s.institution_id"
            " WHERE s.committee_id = ? AND s.institution_id = ? AND s.deleted_at IS NULL"
            " AND s.id IS NOT ?",
            [row["committee_id"], row["institution_id"], seat_id],
        ).fetchone()
        if clash:
            check.fail("institution_id",
                       f"La institución {clash[0]} ya tiene un asiento en este comité.")
    check.raise_if_any()


def add_seat(db: sqlite_utils.Database, committee_id: str, institution_id: str | None,
             role: str = "miembro", *, is_presidency: bool = False,
             is_secretariat: bool = False) -> str:
    row = {"committee_id": committee_id, "institution_id": institution_id, "role": role,
           "is_presidency": int(is_presidency), "is_secretariat": int(is_secretariat)}
    with transaction(db):
        _validate_seat(db, row, None)
        row["position"] = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM seats WHERE committee_id = ?",
            [committee_id]).fetchone()[0]
        return records.insert(db, "seats", row)


def update_seat(db: sqlite_utils.Database, seat_id: str, changes: dict) -> dict:
    with transaction(db):
        current = records.get(db, "seats", seat_id)
        _validate_seat(db, {**current, **changes}, seat_id)
        return records.update(db, "seats", seat_id, changes)


def remove_seat(db: sqlite_utils.Database, seat_id: str) -> None:
    records.soft_delete(db, "seats", seat_id)


def seats(db: sqlite_utils.Database, committee_id: str,
          on: date | str | None = None) -> list[dict[str, Any]]:
    """Seats with their institution and the titular/alterno in office on ``on`` (today)."""
    day = (on or lima_today()).__str__()
    return list(db.query(
        """
        SELECT s.*, i.acronym, i.name AS institution_name,
          (SELECT d.person_name FROM designations d WHERE d.seat_id = s.id
             AND d.position = 'titular' AND d.deleted_at IS NULL AND d.designated_on <= :day
             AND (d.ended_on IS NULL OR d.ended_on > :day)
             ORDER BY d.designated_on DESC LIMIT 1) AS titular,
          (SELECT d.person_name FROM designations d WHERE d.seat_id = s.id
             AND d.position = 'alterno' AND d.deleted_at IS NULL AND d.designated_on <= :day
             AND (d.ended_on IS NULL OR d.ended_on > :day)
             ORDER BY d.designated_on DESC LIMIT 1) AS alterno
        FROM seats s JOIN institutions i ON i.id = s.institution_id
        WHERE s.committee_id = :committee AND s.deleted_at IS NULL
        ORDER BY s.is_presidency DESC, s.is_secretariat DESC,
          CASE s.role WHEN 'miembro' THEN 0 WHEN 'invitado_permanente' THEN 1 ELSE 2 END,
          s.position
        """,
        {"committee": committee_id, "day": day},
    ))


def voting_seat_count(db: sqlite_utils.Database, committee_id: str) -> int:
    return int(db.execute(
        "SELECT count(*) FROM seats WHERE committee_id = ? AND role = 'miembro'"
        " AND deleted_at IS NULL", [committee_id]).fetchone()[0])


def _validate_designation(row: dict[str, Any]) -> None:
    check = Checker()
    check.choice(row, "position", "Cargo", POSITIONS)
    check.required(row, "person_name", "Nombres y apellidos")
    check.required(row, "designated_on", "Fecha de designación")
    check.iso_date(row, "designated_on", "Fecha de designación")
    check.raise_if_any()


def designate(db: sqlite_utils.Database, seat_id: str, position: str, person_name: str,
              designated_on: str, document: str = "", job_title: str = "") -> str:
    """Designate a titular or alterno; the one in office is closed, not overwritten."""
    row = {"seat_id": seat_id, "position": position, "person_name": (person_name or "").strip(),
           "designated_on": designated_on, "document": document.strip(),
           "job_title": job_title.strip()}
    _validate_designation(row)
    with transaction(db):
        records.get(db, "seats", seat_id)
        for previous in db.query(
            "SELECT id FROM designations WHERE seat_id = ? AND position = ?"
            " AND deleted_at IS NULL AND ended_on IS NULL AND designated_on <= ?",
            [seat_id, position, designated_on],
        ):
            records.update(db, "designations", previous["id"], {"ended_on": designated_on})
        return records.insert(db, "designations", row)


def designations(db: sqlite_utils.Database, seat_id: str) -> list[dict[str, Any]]:
    """The whole history of a seat, newest first."""
    return list(db.query(
        "SELECT * FROM designations WHERE seat_id = ? AND deleted_at IS NULL"
        " ORDER BY designated_on DESC, created_at DESC", [seat_id]))


def representative_on(db: sqlite_utils.Database, seat_id: str, position: str,
                      on: date | str) -> dict[str, Any] | None:
    rows = list(db.query(
        "SELECT * FROM designations WHERE seat_id = ? AND position = ? AND deleted_at IS NULL"
        " AND designated_on <= ? AND (ended_on IS NULL OR ended_on > ?)"
        " ORDER BY designated_on DESC LIMIT 1", [seat_id, position, str(on), str(on)]))
    return rows[0] if rows else None
