"""Agreements (acuerdos): wording, responsible institutions, deadline, vote and follow-up.

Once the acta of an agreement's session is signed, ``db.storage.records`` refuses every change to
it and to its responsibles, and to follow-ups recorded *at* that session; its ``state`` and
follow-ups recorded at later sessions stay open (``contract.acta_ownership``). The guard
below stays where it must answer before validation or where a call may write nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from db.domain.rules.deadlines import OPEN_STATES, is_overdue, parse_deadline
from db.domain.session_lock import ensure_editable
from db.domain.validation import Checker
from db.errors import ValidationError
from db.storage import records
from db.storage.connection import transaction

STATES = {"pendiente": "Pendiente", "en_proceso": "En proceso", "cumplido": "Cumplido",
          "anulado": "Anulado"}
VOTE_MODES = {"unanimidad": "Por unanimidad", "mayoria": "Por mayoría"}


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """Validate an agreement and return it with its deadline in canonical form."""
    check = Checker()
    row = dict(row)
    if isinstance(row.get("text"), str):
        row["text"] = row["text"].strip()
    check.required(row, "text", "Texto del acuerdo")
    check.choice(row, "state", "Estado", STATES)
    check.choice(row, "vote_mode", "Votación", VOTE_MODES)
    for key, label in (("votes_for", "Votos a favor"), ("votes_against", "Votos en contra"),
                       ("votes_abstain", "Abstenciones")):
        check.count(row, key, label, 0)
    if row.get("vote_mode") == "mayoria" and not row.get("votes_for"):
        check.fail("votes_for", "Indique cuántos votos a favor tuvo el acuerdo.")
    if "deadline_text" in row:
        try:
            deadline = parse_deadline(row.get("deadline_text") or "", "deadline_text")
        except ValidationError as exc:  # keep collecting the other fields' problems
            check.errors.update(exc.errors)
        else:
            row["deadline_text"] = deadline.text if deadline else ""
            row["deadline_end"] = deadline.end.isoformat() if deadline else None
    check.raise_if_any()
    return row


def create_agreement(db: sqlite_utils.Database, session_id: str, text: str, *,
                     responsibles: Sequence[str] = (), **values: Any) -> str:
    with transaction(db):
        ensure_editable(db, session_id)
        committee_id = db.execute("SELECT committee_id FROM sessions WHERE id = ?",
                                  [session_id]).fetchone()[0]
        number = db.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM agreements WHERE session_id = ?"
            " AND deleted_at IS NULL", [session_id]).fetchone()[0]
        row = normalise({"session_id": session_id, "committee_id": committee_id,
                         "number": number, "text": text, "state": "pendiente",
                         "vote_mode": "unanimidad", "deadline_text": "", **values})
        agreement_id = records.insert(db, "agreements", row)
        for institution_id in responsibles:
            add_responsible(db, agreement_id, institution_id)
        return agreement_id


def update_agreement(db: sqlite_utils.Database, agreement_id: str, changes: dict) -> dict:
    """Edit an agreement. State changes stay possible after the acta is signed: following
    an agreement up is not editing the acta."""
    with transaction(db):
        current = records.get(db, "agreements", agreement_id)
        if set(changes) - {"state"}:
            ensure_editable(db, current["session_id"])
        row = normalise({**current, **changes})
        applied = {k: row[k] for k in changes}
        if "deadline_text" in changes:
            applied["deadline_end"] = row["deadline_end"]
        return records.update(db, "agreements", agreement_id, applied)


def delete_agreement(db: sqlite_utils.Database, agreement_id: str) -> None:
    records.soft_delete(db, "agreements", agreement_id)  # refused by records once signed


def add_responsible(db: sqlite_utils.Database, agreement_id: str, institution_id: str) -> str:
    with transaction(db):
        existing = db.execute(
            "SELECT id FROM agreement_responsibles WHERE agreement_id = ? AND institution_id = ?"
            " AND deleted_at IS NULL", [agreement_id, institution_id]).fetchone()
        if existing:
            return existing[0]
        return records.insert(db, "agreement_responsibles",
                              {"agreement_id": agreement_id, "institution_id": institution_id})


def set_responsibles(db: sqlite_utils.Database, agreement_id: str,
                     institution_ids: list[str]) -> list[str]:
    """Replace the responsible institutions. Returns the previous list (for undo)."""
    with transaction(db):
        agreement = records.get(db, "agreements", agreement_id)
        ensure_editable(db, agreement["session_id"])
        current = {r["institution_id"]: r["id"] for r in db.query(
            "SELECT id, institution_id FROM agreement_responsibles WHERE agreement_id = ?"
            " AND deleted_at IS NULL", [agreement_id])}
        for institution_id, row_id in current.items():
            if institution_id not in institution_ids:
                records.soft_delete(db, "agreement_responsibles", row_id)
        for institution_id in institution_ids:
            if institution_id not in current:
                add_responsible(db, agreement_id, institution_id)
        return list(current)


def responsibles(db: sqlite_utils.Database, agreement_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT i.* FROM agreement_responsibles r JOIN institutions i ON i.id = r.institution_id"
        " WHERE r.agreement_id = ? AND r.deleted_at IS NULL ORDER BY i.acronym", [agreement_id]))


def for_session(db: sqlite_utils.Database, session_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT a.*, (SELECT group_concat(i.acronym, ', ') FROM agreement_responsibles r"
        "  JOIN institutions i ON i.id = r.institution_id"
        "  WHERE r.agreement_id = a.id AND r.deleted_at IS NULL) AS responsible_acronyms"
        " FROM agreements a WHERE a.session_id = ? AND a.deleted_at IS NULL ORDER BY a.number",
        [session_id]))


# Follow-up -----------------------------------------------------------------------------

def carry_over(db: sqlite_utils.Database, committee_id: str, session_id: str,
               session_date: str) -> int:
    """Put every open agreement of earlier sessions on the new session's follow-up list."""
    open_rows = db.execute(
        "SELECT a.id FROM agreements a JOIN sessions s ON s.id = a.session_id"
        " WHERE a.committee_id = ? AND a.deleted_at IS NULL AND s.deleted_at IS NULL"
        " AND a.state IN ('pendiente', 'en_proceso') AND s.date <= ? AND s.id != ?"
        " ORDER BY s.date, a.number", [committee_id, session_date, session_id]).fetchall()
    for (agreement_id,) in open_rows:
        records.insert(db, "agreement_followups", {
            "agreement_id": agreement_id, "session_id": session_id,
            "noted_on": session_date, "body": ""})
    return len(open_rows)


def add_followup(db: sqlite_utils.Database, agreement_id: str, noted_on: str, body: str, *,
                 session_id: str | None = None, evidence: str = "",
                 state_after: str | None = None) -> str:
    row = {"agreement_id": agreement_id, "noted_on": noted_on, "body": (body or "").strip(),
           "session_id": session_id, "evidence": evidence, "state_after": state_after}
    check = Checker()
    check.required(row, "noted_on", "Fecha")
    check.iso_date(row, "noted_on", "Fecha")
    check.required(row, "body", "Informe de seguimiento")
    if state_after is not None:
        check.choice(row, "state_after", "Estado", STATES)
    check.raise_if_any()
    with transaction(db):
        followup_id = records.insert(db, "agreement_followups", row)
        if state_after:
            records.update(db, "agreements", agreement_id, {"state": state_after})
        return followup_id


def update_followup(db: sqlite_utils.Database, followup_id: str, changes: dict) -> dict:
    with transaction(db):
        current = records.get(db, "agreement_followups", followup_id)
        if current["session_id"]:
            ensure_editable(db, current["session_id"])
        old = records.update(db, "agreement_followups", followup_id, changes)
        if changes.get("state_after"):
            records.update(db, "agreements", current["agreement_id"],
                           {"state": changes["state_after"]})
        return old


def followups(db: sqlite_utils.Database, agreement_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT * FROM agreement_followups WHERE agreement_id = ? AND deleted_at IS NULL"
        " ORDER BY noted_on, created_at", [agreement_id]))


def session_followups(db: sqlite_utils.Database, session_id: str) -> list[dict[str, Any]]:
    """The *Seguimiento de acuerdos anteriores* block of a session."""
    return list(db.query(
        """SELECT f.id AS followup_id, f.body, f.state_after, a.id AS agreement_id, a.number,
             a.text, a.deadline_text, a.deadline_end, a.state, s.kind AS origin_kind,
             s.number AS origin_number, s.date AS origin_date,
             (SELECT group_concat(i.acronym, ', ') FROM agreement_responsibles r
                JOIN institutions i ON i.id = r.institution_id
                WHERE r.agreement_id = a.id AND r.deleted_at IS NULL) AS responsible_acronyms
           FROM agreement_followups f JOIN agreements a ON a.id = f.agreement_id
           JOIN sessions s ON s.id = a.session_id
           WHERE f.session_id = ? AND f.deleted_at IS NULL AND a.deleted_at IS NULL
           ORDER BY s.date, a.number""", [session_id]))


# The tracker ---------------------------------------------------------------------------

@dataclass
class TrackerFilter:
    committee_id: str | None = None
    states: tuple[str, ...] = ()
    institution_id: str | None = None
    overdue_only: bool = False
    text: str = ""
    today: date = field(default_factory=date.today)

    def where(self) -> tuple[str, list[Any]]:
        clauses = ["a.deleted_at IS NULL"]
        params: list[Any] = []
        if self.committee_id:
            clauses.append("a.committee_id = ?")
            params.append(self.committee_id)
        if self.states:
            clauses.append(f"a.state IN ({', '.join('?' for _ in self.states)})")
            params.extend(self.states)
        if self.institution_id:
            clauses.append("a.id IN (SELECT agreement_id FROM agreement_responsibles"
                           " WHERE institution_id = ? AND deleted_at IS NULL)")
            params.append(self.institution_id)
        if self.overdue_only:
            clauses.append(f"a.state IN {OPEN_STATES} AND a.deadline_end < ?")
            params.append(self.today.isoformat())
        if self.text.strip():
            clauses.append("a.text LIKE ?")
            params.append(f"%{self.text.strip()}%")
        return " AND ".join(clauses), params


def tracker_ids(db: sqlite_utils.Database, flt: TrackerFilter) -> list[str]:
    where, params = flt.where()
    return [r[0] for r in db.execute(
        f"SELECT a.id FROM agreements a WHERE {where}"
        " ORDER BY a.deadline_end IS NULL, a.deadline_end, a.created_at", params).fetchall()]


def tracker_rows(db: sqlite_utils.Database, ids: list[str], today: date) -> list[dict[str, Any]]:
    """The displayed columns for a page of tracker rows, in the order of ``ids``."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = {r["id"]: r for r in db.query(
        f"""SELECT a.id, a.number, a.text, a.state, a.deadline_text, a.deadline_end,
              a.session_id, s.kind AS session_kind, s.number AS session_number,
              s.date AS session_date, c.acronym AS committee_acronym,
              (SELECT group_concat(i.acronym, ', ') FROM agreement_responsibles r
                 JOIN institutions i ON i.id = r.institution_id
                 WHERE r.agreement_id = a.id AND r.deleted_at IS NULL) AS responsible_acronyms,
              (SELECT f.body FROM agreement_followups f WHERE f.agreement_id = a.id
                 AND f.deleted_at IS NULL AND f.body != ''
                 ORDER BY f.noted_on DESC, f.created_at DESC LIMIT 1) AS last_followup
            FROM agreements a JOIN sessions s ON s.id = a.session_id
            JOIN committees c ON c.id = a.committee_id WHERE a.id IN ({marks})""", ids)}
    out = []
    for agreement_id in ids:
        row = rows.get(agreement_id)
        if row is not None:
            row["overdue"] = is_overdue(row["state"], row["deadline_end"], today)
            out.append(row)
    return out
