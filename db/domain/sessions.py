"""Sessions: numbering, data, states, convocation notice, attendance and quorum.

A signed acta is locked by the one writer (``db.storage.records``, after
``contract.acta_ownership``). The early guard and the read-only question ("is this acta
signed?") live in ``db.domain.session_lock``, below this module and ``agreements``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from contract import acta_ownership
from db.domain import agreements, committees
from db.domain.membership import representative_on
from db.domain.rules import numbering, quorum
from db.domain.session_lock import ensure_editable
from db.domain.validation import Checker
from db.errors import ValidationError
from db.storage import records
from db.storage.connection import transaction

KINDS = {"ordinaria": "Ordinaria", "extraordinaria": "Extraordinaria"}
MODALITIES = {"presencial": "Presencial", "virtual": "Virtual", "mixta": "Mixta"}
CALLS = {"primera": "Primera convocatoria", "segunda": "Segunda convocatoria"}
STATES = {
    "programada": "Programada",
    "realizada": "Realizada (acta en borrador)",
    "sin_quorum": "No realizada por falta de quórum",
    "acta_aprobada": "Acta aprobada",
    "acta_firmada": "Acta firmada",
}
TRANSITIONS = {
    "programada": {"realizada", "sin_quorum"},
    "realizada": {"programada", "acta_aprobada", "sin_quorum"},
    "sin_quorum": {"programada", "realizada"},
    # «firmada» is reached only through db.domain.signatures, with the signed file attached.
    "acta_aprobada": {"realizada"},
    "acta_firmada": set(),
}
LOCKED_STATES = {acta_ownership.SIGNED_STATE}
ATTENDEES = {"titular": "Titular", "alterno": "Alterno", "ninguno": "No asistió"}


def next_number(db: sqlite_utils.Database, committee_id: str, kind: str) -> int:
    rows = db.execute(
        "SELECT number FROM sessions WHERE committee_id = ? AND kind = ? AND deleted_at IS NULL",
        [committee_id, kind]).fetchall()
    return numbering.next_number(r[0] for r in rows)


def validate(db: sqlite_utils.Database, row: dict[str, Any], session_id: str | None) -> None:
    check = Checker()
    check.choice(row, "kind", "Tipo de sesión", KINDS)
    check.choice(row, "modality", "Modalidad", MODALITIES)
    check.choice(row, "state", "Estado", STATES)
    check.choice(row, "call", "Convocatoria", CALLS)
    check.required(row, "date", "Fecha")
    check.iso_date(row, "date", "Fecha")
    check.iso_date(row, "convened_on", "Fecha de convocatoria")
    number = row.get("number")
    if number is None or isinstance(number, bool) or not isinstance(number, int) or number < 1:
        check.fail("number", "El número de sesión debe ser un entero mayor que cero.")
    elif row.get("kind") in KINDS:
        clash = db.execute(
            "SELECT 1 FROM sessions WHERE committee_id = ? AND kind = ? AND number = ?"
            " AND deleted_at IS NULL AND id IS NOT ?",
            [row["committee_id"], row["kind"], number, session_id]).fetchone()
        if clash:
            check.fail("number", f"Ya existe la sesión {row['kind']} N° {number} en este comité.")
    start = check.iso_time(row, "start_time", "Hora de inicio")
    end = check.iso_time(row, "end_time", "Hora de término")
    if start and end and end <= start:
        check.fail("end_time", "La hora de término debe ser posterior a la hora de inicio.")
    check.raise_if_any()


def notice_warning(committee: dict[str, Any], session: dict[str, Any]) -> str | None:
    """A warning (never a block) when the convocation came with too little notice."""
    if not session.get("convened_on") or not session.get("date"):
        return None
    days = (date.fromisoformat(session["date"]) - date.fromisoformat(session["convened_on"])).days
    minimum = committee.get("min_notice_days", 3)
    if days < 0:
        return "La fecha de convocatoria es posterior a la fecha de la sesión."
    if days < minimum:
        return (f"La convocatoria se hizo con {days} día(s) de anticipación; "
                f"el mínimo del comité es {minimum}.")
    return None


def create_session(db: sqlite_utils.Database, committee_id: str, *, kind: str = "ordinaria",
                   number: int | None = None, date: str, **values: Any) -> str:
    """Create a session and carry the open agreements of earlier sessions into it."""
    with transaction(db):
        committee = committees.get_committee(db, committee_id)
        row = {"committee_id": committee_id, "kind": kind, "date": date,
               "number": number if number is not None else next_number(db, committee_id, kind),
               "modality": "presencial", "state": "programada", "call": "primera",
               "city": committee.get("city", ""), **values}
        validate(db, row, None)
        session_id = records.insert(db, "sessions", row)
        agreements.carry_over(db, committee_id, session_id, date)
        return session_id


def update_session(db: sqlite_utils.Database, session_id: str, changes: dict) -> dict:
    with transaction(db):
        current = records.get(db, "sessions", session_id)
        ensure_editable(db, session_id)  # a state change too: a signed acta stays signed
        if "state" in changes:
            check_transition(current["state"], changes["state"])
        validate(db, {**current, **changes}, session_id)
        old = records.update(db, "sessions", session_id, changes)
        if "call" in changes:
            record_quorum(db, session_id)
        return old


def check_transition(current: str, state: str) -> None:
    if state != current and state not in TRANSITIONS.get(current, set()):
        hint = (" Para firmar el acta, adjunte el acta firmada o fírmela digitalmente en la "
                "pestaña «Firmas».") if state == "acta_firmada" else ""
        raise ValidationError(
            {"state": f"No se puede pasar de «{STATES[current]}» a "
                      f"«{STATES.get(state, state)}».{hint}"})


def set_state(db: sqlite_utils.Database, session_id: str, state: str) -> dict:
    with transaction(db):
        current = records.get(db, "sessions", session_id)
        check_transition(current["state"], state)
        return records.update(db, "sessions", session_id, {"state": state})


def delete_session(db: sqlite_utils.Database, session_id: str) -> None:
    with transaction(db):
        ensure_editable(db, session_id)
        records.soft_delete(db, "sessions", session_id)


def get_session(db: sqlite_utils.Database, session_id: str) -> dict[str, Any]:
    return records.get(db, "sessions", session_id)


def reference(db: sqlite_utils.Database, session: dict[str, Any]) -> str:
    acronym = db.execute("SELECT acronym FROM committees WHERE id = ?",
                         [session["committee_id"]]).fetchone()[0]
    return numbering.session_reference(acronym, session["kind"], session["number"])


def title(session: dict[str, Any]) -> str:
    return f"Sesión {KINDS[session['kind']]} N° {session['number']}"


# Attendance and quorum -----------------------------------------------------------------

def attendance_sheet(db: sqlite_utils.Database, session_id: str) -> list[dict[str, Any]]:
    """One row per seat, with the representatives in office on the session date."""
    session = get_session(db, session_id)
    return list(db.query(
        """
        SELECT s.id AS seat_id, s.role, s.is_presidency, s.is_secretariat,
          i.acronym, i.name AS institution_name,
          a.id AS attendance_id, coalesce(a.attendee, 'ninguno') AS attendee,
          coalesce(a.person_name, '') AS person_name,
          coalesce(a.justification, '') AS justification,
          (SELECT d.person_name FROM designations d WHERE d.seat_id = s.id
             AND d.position = 'titular' AND d.deleted_at IS NULL AND d.designated_on <= :day
             AND (d.ended_on IS NULL OR d.ended_on > :day)
             ORDER BY d.designated_on DESC LIMIT 1) AS titular,
          (SELECT d.person_name FROM designations d WHERE d.seat_id = s.id
             AND d.position = 'alterno' AND d.deleted_at IS NULL AND d.designated_on <= :day
             AND (d.ended_on IS NULL OR d.ended_on > :day)
             ORDER BY d.designated_on DESC LIMIT 1) AS alterno
        FROM seats s JOIN institutions i ON i.id = s.institution_id
        LEFT JOIN attendance a ON a.seat_id = s.id AND a.session_id = :session
             AND a.deleted_at IS NULL
        WHERE s.committee_id = :committee AND s.deleted_at IS NULL
        ORDER BY s.is_presidency DESC, s.is_secretariat DESC,
          CASE s.role WHEN 'miembro' THEN 0 WHEN 'invitado_permanente' THEN 1 ELSE 2 END,
          s.position
        """,
        {"session": session_id, "committee": session["committee_id"], "day": session["date"]},
    ))


def set_attendance(db: sqlite_utils.Database, session_id: str, seat_id: str, attendee: str,
                   justification: str | None = None) -> dict[str, Any]:
    """Mark who attended for a seat. Returns the previous (attendee, justification)."""
    if attendee not in ATTENDEES:
        raise ValidationError({"attendee": "Valor de asistencia no válido."})
    with transaction(db):
        ensure_editable(db, session_id)
        session = get_session(db, session_id)
        rep = representative_on(db, seat_id, attendee, session["date"]) \
            if attendee != "ninguno" else None
        existing = db.execute(
            "SELECT id, attendee, justification FROM attendance WHERE session_id = ?"
            " AND seat_id = ? AND deleted_at IS NULL", [session_id, seat_id]).fetchone()
        changes = {"attendee": attendee, "designation_id": rep["id"] if rep else None,
                   "person_name": rep["person_name"] if rep else ""}
        if justification is not None:
            changes["justification"] = justification
        if existing:
            previous = {"attendee": existing[1], "justification": existing[2]}
            records.update(db, "attendance", existing[0], changes)
        else:
            previous = {"attendee": "ninguno", "justification": ""}
            records.insert(db, "attendance",
                           {"session_id": session_id, "seat_id": seat_id, **changes})
        record_quorum(db, session_id)
        return previous


def quorum_status(db: sqlite_utils.Database, session_id: str) -> quorum.QuorumStatus:
    session = get_session(db, session_id)
    committee = committees.get_committee(db, session["committee_id"])
    members, present = db.execute(
        """SELECT count(*), count(a.id) FROM seats s
           LEFT JOIN attendance a ON a.seat_id = s.id AND a.session_id = ?
                AND a.deleted_at IS NULL AND a.attendee != 'ninguno'
           WHERE s.committee_id = ? AND s.role = 'miembro' AND s.deleted_at IS NULL""",
        [session_id, session["committee_id"]]).fetchone()
    return quorum.evaluate(committees.quorum_rule(committee), members, present, session["call"])


def record_quorum(db: sqlite_utils.Database, session_id: str) -> quorum.QuorumStatus:
    """Store the quorum with the session, as it stood when the session was installed."""
    status = quorum_status(db, session_id)
    records.update(db, "sessions", session_id, {
        "quorum_present": status.present, "quorum_members": status.members,
        "quorum_required": status.required})
    return status


def has_attendance(db: sqlite_utils.Database, session_id: str) -> bool:
    return db.execute(
        "SELECT 1 FROM attendance WHERE session_id = ? AND deleted_at IS NULL LIMIT 1",
        [session_id]).fetchone() is not None


# Invitees ------------------------------------------------------------------------------

def add_invitee(db: sqlite_utils.Database, session_id: str, person_name: str, entity: str = "",
                job_title: str = "") -> str:
    row = {"session_id": session_id, "person_name": (person_name or "").strip(),
           "entity": entity.strip(), "job_title": job_title.strip()}
    check = Checker()
    check.required(row, "person_name", "Nombres y apellidos")
    check.raise_if_any()
    with transaction(db):
        ensure_editable(db, session_id)
        row["position"] = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM invitees WHERE session_id = ?",
            [session_id]).fetchone()[0]
        return records.insert(db, "invitees", row)


def invitees(db: sqlite_utils.Database, session_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM invitees WHERE session_id = ? AND deleted_at IS NULL"
                         " ORDER BY position", [session_id]))


def remove_invitee(db: sqlite_utils.Database, invitee_id: str) -> None:
    records.soft_delete(db, "invitees", invitee_id)  # refused by records once signed


def restore_invitee(db: sqlite_utils.Database, invitee_id: str) -> None:
    records.undelete(db, "invitees", invitee_id)
