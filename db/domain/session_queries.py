"""Read-side queries for the session list (ids first, rows by page)."""

from __future__ import annotations

from typing import Any

import sqlite_utils


def session_ids(db: sqlite_utils.Database, committee_id: str, *, kind: str | None = None,
                state: str | None = None) -> list[str]:
    sql = "SELECT id FROM sessions WHERE committee_id = ? AND deleted_at IS NULL"
    params: list[Any] = [committee_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    if state:
        sql += " AND state = ?"
        params.append(state)
    sql += " ORDER BY date DESC, number DESC"
    return [r[0] for r in db.execute(sql, params).fetchall()]


def session_rows(db: sqlite_utils.Database, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return list(db.query(
        f"""SELECT s.id, s.kind, s.number, s.date, s.start_time, s.end_time, s.modality,
              s.state, s.venue, s.quorum_present, s.quorum_members, s.quorum_required,
              c.acronym AS committee_acronym,
              (SELECT count(*) FROM agreements a WHERE a.session_id = s.id
                 AND a.deleted_at IS NULL) AS agreement_count
            FROM sessions s JOIN committees c ON c.id = s.committee_id
            WHERE s.id IN ({marks})""", ids))


def all_sessions(db: sqlite_utils.Database, committee_id: str | None = None
                 ) -> list[dict[str, Any]]:
    """Every live session (of one committee, when given), committee by committee, oldest
    first: the order ``sesiona sesiones`` prints them in."""
    sql = "SELECT * FROM sessions WHERE deleted_at IS NULL"
    params: list[Any] = []
    if committee_id is not None:
        sql += " AND committee_id = ?"
        params.append(committee_id)
    return list(db.query(sql + " ORDER BY committee_id, date, number", params))
