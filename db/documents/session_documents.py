"""The content of a session's other printed documents: the attendance sheet (printed before
the session), the agreement extracts per responsible institution, and fe de erratas."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlite_utils

from db.documents.acta_content import (
    AgreementExtract,
    AttendanceSheetContent,
    DocumentHeader,
    ErrataContent,
    ExtractItem,
    SheetRow,
    short_fingerprint,
)
from db.documents.acta_loader import origin_label
from db.domain import agreements, catalog, committees, membership, sessions
from db.domain.rules.deadlines import OPEN_STATES
from db.locale_pe import clock, long_date
from db.storage import records


def document_header(db: sqlite_utils.Database, committee: dict[str, Any]) -> DocumentHeader:
    return DocumentHeader(committee["name"], committee["acronym"],
                          catalog.region_name(db, committee["region_code"]),
                          committee["logo_sha256"])


def _seat_role(seat: dict[str, Any]) -> str:
    if seat["is_presidency"]:
        return "Presidencia"
    if seat["is_secretariat"]:
        return "Secretaría Técnica"
    return membership.ROLES.get(seat["role"], seat["role"])


def load_attendance_sheet(db: sqlite_utils.Database, session_id: str, *,
                          blank_invitee_rows: int = 8) -> AttendanceSheetContent:
    session = sessions.get_session(db, session_id)
    committee = committees.get_committee(db, session["committee_id"])
    rows = []
    for seat in sessions.attendance_sheet(db, session_id):
        for position, name in (("Titular", seat["titular"]), ("Alterno", seat["alterno"])):
            rows.append(SheetRow(seat["acronym"], seat["institution_name"], _seat_role(seat),
                                 position, name or ""))
    kind = sessions.KINDS[session["kind"]].upper()
    return AttendanceSheetContent(
        header=document_header(db, committee),
        reference=sessions.reference(db, session),
        heading=f"LISTA DE ASISTENCIA — SESIÓN {kind} N° {session['number']}",
        date_text=long_date(session["date"]),
        time_text=clock(session["start_time"]) if session["start_time"] else "",
        venue=session["venue"], city=session["city"],
        modality=sessions.MODALITIES.get(session["modality"], session["modality"]),
        rows=rows, blank_invitee_rows=blank_invitee_rows)


def load_extracts(db: sqlite_utils.Database, session_id: str) -> list[AgreementExtract]:
    """One extract per responsible institution: the agreements adopted at this session plus
    the earlier ones still open after it, each with its session of origin."""
    session = sessions.get_session(db, session_id)
    committee = committees.get_committee(db, session["committee_id"])
    items: dict[str, list[ExtractItem]] = defaultdict(list)
    this_origin = origin_label(session["kind"], session["number"], session["date"])
    for row in agreements.for_session(db, session_id):
        if row["state"] != "anulado":
            _file_under(db, items, row, this_origin, agreements.STATES[row["state"]])
    for row in agreements.session_followups(db, session_id):
        state = row["state_after"] or row["state"]
        if state in OPEN_STATES:
            agreement = records.get(db, "agreements", row["agreement_id"])
            origin = origin_label(row["origin_kind"], row["origin_number"], row["origin_date"])
            _file_under(db, items, agreement, origin, agreements.STATES[state])
    header = document_header(db, committee)
    names = {i["id"]: i for i in catalog.institutions(db)}
    extracts = [
        AgreementExtract(
            header=header, reference=sessions.reference(db, session),
            session_heading=sessions.title(session), date_text=long_date(session["date"]),
            city=session["city"], institution_acronym=names[iid]["acronym"],
            institution_name=names[iid]["name"], items=entries)
        for iid, entries in items.items() if iid in names]
    return sorted(extracts, key=lambda e: e.institution_acronym)


def _file_under(db: sqlite_utils.Database, items: dict[str, list[ExtractItem]],
                agreement: dict[str, Any], origin: str, state: str) -> None:
    responsible = agreements.responsibles(db, agreement["id"])
    for institution in responsible:
        others = [r["acronym"] for r in responsible if r["id"] != institution["id"]]
        items[institution["id"]].append(ExtractItem(
            origin, agreement["number"], agreement["text"], agreement["deadline_text"],
            state, others))


def load_errata(db: sqlite_utils.Database, errata_id: str) -> ErrataContent:
    errata = records.get(db, "errata", errata_id)
    session = sessions.get_session(db, errata["session_id"])
    committee = committees.get_committee(db, session["committee_id"])
    kind = sessions.KINDS[session["kind"]].upper()
    return ErrataContent(
        header=document_header(db, committee), reference=sessions.reference(db, session),
        number=errata["number"],
        acta_heading=f"ACTA DE LA SESIÓN {kind} N° {session['number']}",
        acta_date_text=long_date(session["date"]),
        acta_fingerprint=short_fingerprint(session["acta_fingerprint"] or ""),
        noted_on_text=long_date(errata["noted_on"]), city=session["city"],
        body=errata["body"])
