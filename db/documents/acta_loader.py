"""Read a session's acta from the database as ``ActaContent``, and find sessions by reference.

A signed acta is read back from the snapshot taken when it was signed, so it prints (and
fingerprints) the same even if an institution is renamed later.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

import sqlite_utils

from db.documents.acta_content import (
    PARTICIPANT_GROUPS,
    ActaContent,
    AgendaItem,
    AgreementEntry,
    FollowupEntry,
    Participant,
    ParticipantGroup,
    ReportBlock,
    Request,
    Signatory,
    from_json,
)
from db.domain import agreements, attachments, catalog, committees, minutes, sessions
from db.domain.rules.deadlines import is_overdue
from db.domain.rules.numbering import KIND_ABBREVIATIONS
from db.errors import NotFoundError
from db.locale_pe import clock, long_date, short_date, time_range

REFERENCE_HELP = (
    "Indique la sesión por su identificador (UUID) o por su referencia "
    "<SIGLAS DEL COMITÉ>-<SO|SE>-<número>, p. ej. CDRPETI-UCAYALI-SO-12 "
    "(SO: ordinaria, SE: extraordinaria).")


# Finding a session -------------------------------------------------------------------------

def find_session(db: sqlite_utils.Database, ref: str) -> dict[str, Any]:
    """A session by UUID or by reference such as ``CDRPETI-SO-12`` (case-insensitive)."""
    ref = ref.strip()
    rows = list(db.query("SELECT * FROM sessions WHERE id = ? AND deleted_at IS NULL", [ref]))
    if rows:
        return rows[0]
    match = re.fullmatch(r"(.+)-(SO|SE)-(\d+)", ref, flags=re.IGNORECASE)
    if not match:
        raise NotFoundError(f"«{ref}» no es una referencia de sesión válida. {REFERENCE_HELP}")
    acronym, abbreviation, number = match[1], match[2].upper(), int(match[3])
    committee = committees.find_committee(db, acronym)
    if committee is None:
        raise NotFoundError(f"No existe un comité con las siglas «{acronym}».")
    kind = next(k for k, v in KIND_ABBREVIATIONS.items() if v == abbreviation)
    rows = list(db.query(
        "SELECT * FROM sessions WHERE committee_id = ? AND kind = ? AND number = ?"
        " AND deleted_at IS NULL", [committee["id"], kind, number]))
    if not rows:
        raise NotFoundError(
            f"El comité {committee['acronym']} no tiene la sesión {kind} N° {number}.")
    return rows[0]


def origin_label(kind: str, number: int, day: str) -> str:
    return f"Sesión {sessions.KINDS[kind]} N° {number} ({short_date(day)})"


# The acta ------------------------------------------------------------------------------------

def load_acta(db: sqlite_utils.Database, session_id: str, *,
              live: bool = False) -> ActaContent:
    """The acta of a session. Signed actas come from their snapshot unless ``live``."""
    session = sessions.get_session(db, session_id)
    if session["acta_snapshot"] and not live:
        return from_json(session["acta_snapshot"])
    committee = committees.get_committee(db, session["committee_id"])
    sheet = sessions.attendance_sheet(db, session_id)
    attended = [row for row in sheet if row["attendee"] != "ninguno"]
    invitees = sessions.invitees(db, session_id)
    president = _officer(attended, "is_presidency", "presidente alterno")
    secretary = _officer(attended, "is_secretariat", "")
    return ActaContent(
        session_id=session_id,
        reference=sessions.reference(db, session),
        committee_name=committee["name"],
        committee_acronym=committee["acronym"],
        region_name=catalog.region_name(db, committee["region_code"]),
        secretariat_name=_institution_name(db, committee["secretariat_institution_id"]),
        logo_sha256=committee["logo_sha256"],
        kind=session["kind"],
        number=session["number"],
        heading=f"ACTA DE LA SESIÓN {session['kind'].upper()} N° {session['number']}",
        date_text=long_date(session["date"]),
        time_text=time_range(session["start_time"], session["end_time"]),
        venue=session["venue"],
        city=session["city"],
        modality=sessions.MODALITIES.get(session["modality"], session["modality"]),
        call=sessions.CALLS.get(session["call"], session["call"]),
        conducted_by=session["conducted_by"],
        president=president,
        secretariat=secretary,
        has_attendance=bool(attended or invitees),
        participants=_participants(attended, invitees),
        quorum_sentence=quorum_sentence(db, session, bool(attended)),
        reports_presidency=_reports(db, session_id, "presidencia"),
        reports_sectors=_reports(db, session_id, "sectores"),
        requests_presidency=_requests(db, session_id, "presidencia"),
        requests_members=_requests(db, session_id, "miembros"),
        agenda=_agenda(db, session_id),
        agreements=_agreements(db, session_id),
        followups=_followups(db, session_id, session["date"]),
        closing_sentence=closing_sentence(session),
        signatories=signatories(attended),
        annexes=[a["file_name"] for a in attachments.for_session(db, session_id, ("anexo",))],
    )


def _institution_name(db: sqlite_utils.Database, institution_id: str | None) -> str:
    if not institution_id:
        return ""
    row = db.execute("SELECT name FROM institutions WHERE id = ?", [institution_id]).fetchone()
    return row[0] if row else ""


def _officer(attended: list[dict[str, Any]], flag: str, alternate_note: str) -> str:
    for row in attended:
        if row[flag]:
            note = f", {alternate_note}" if row["attendee"] == "alterno" and alternate_note \
                else ""
            return f"{row['person_name']} ({row['institution_name']}){note}"
    return ""


def _participants(attended: list[dict[str, Any]],
                  invitees: list[dict[str, Any]]) -> list[ParticipantGroup]:
    groups: dict[str, list[Participant]] = {key: [] for key in PARTICIPANT_GROUPS}
    for row in attended:
        if row["is_presidency"] or row["is_secretariat"]:
            key = "presidencia"
        elif row["role"] == "observador":
            key = "observadores"
        else:
            key = "titulares" if row["attendee"] == "titular" else "alternos"
        groups[key].append(Participant(row["person_name"], row["institution_name"]))
    for invitee in invitees:
        entity = ", ".join(p for p in (invitee["job_title"], invitee["entity"]) if p)
        groups["invitados"].append(Participant(invitee["person_name"], entity))
    return [ParticipantGroup(key, PARTICIPANT_GROUPS[key], people)
            for key, people in groups.items() if people]


def quorum_sentence(db: sqlite_utils.Database, session: dict[str, Any],
                    has_attendance: bool) -> str:
    if not has_attendance:
        return ("No se registró la asistencia de los miembros, por lo que no es posible dejar "
                "constancia de la verificación del quórum.")
    status = sessions.quorum_status(db, session["id"])
    call = "primera" if status.call == "primera" else "segunda"
    members = "miembro" if status.members == 1 else "miembros"
    required = "miembro" if status.required == 1 else "miembros"
    sentence = (f"La Secretaría Técnica verificó la asistencia de {status.present} de los "
                f"{status.members} {members} con derecho a voto del comité. El quórum "
                f"requerido en {call} convocatoria es de {status.required} {required}; ")
    if status.reached:
        return sentence + "por lo tanto, se contó con el quórum reglamentario y se instaló " \
                          "válidamente la sesión."
    return sentence + "por lo tanto, no se contó con el quórum reglamentario para instalar " \
                      "la sesión."


def _lines(body: str) -> list[str]:
    out = []
    for line in body.splitlines():
        line = re.sub(r"^\s*[-•*·]\s*", "", line).strip()
        if line:
            out.append(line)
    return out


def _acronyms(db: sqlite_utils.Database) -> dict[str, str]:
    return {r["id"]: r["acronym"] for r in db.query("SELECT id, acronym FROM institutions")}


def _reports(db: sqlite_utils.Database, session_id: str, section: str) -> list[ReportBlock]:
    names = _acronyms(db)
    blocks = []
    for row in minutes.listing(db, "reports", session_id, section):
        entity = names.get(row["institution_id"] or "", "")
        title = row["title"].strip()
        if section == "sectores" and entity:
            title = f"{entity}: {title}" if title else entity
        if title or row["body"].strip():
            blocks.append(ReportBlock(title or "Informe", _lines(row["body"])))
    return blocks


def _requests(db: sqlite_utils.Database, session_id: str, section: str) -> list[Request]:
    names = _acronyms(db)
    return [Request(names.get(row["institution_id"] or "", ""), row["body"].strip())
            for row in minutes.listing(db, "requests", session_id, section)
            if row["body"].strip()]


def _agenda(db: sqlite_utils.Database, session_id: str) -> list[AgendaItem]:
    items = []
    for item in minutes.listing(db, "agenda_items", session_id):
        bodies = [i["body"].strip() for i in minutes.listing(db, "interventions", item["id"])
                  if i["body"].strip()]
        items.append(AgendaItem(item["title"].strip() or "(Sin título)", bodies))
    return items


def vote_text(row: dict[str, Any]) -> str:
    if row["vote_mode"] == "unanimidad":
        text = "Aprobado por unanimidad."
    else:
        parts = [f"{row['votes_for'] or 0} {'voto' if row['votes_for'] == 1 else 'votos'} "
                 "a favor"]
        if row["votes_against"]:
            parts.append(f"{row['votes_against']} en contra")
        if row["votes_abstain"]:
            word = "abstención" if row["votes_abstain"] == 1 else "abstenciones"
            parts.append(f"{row['votes_abstain']} {word}")
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]
        text = f"Aprobado por mayoría: {joined}."
    if row["dissent"].strip():
        text += f" {row['dissent'].strip().rstrip('.')}."
    return text


def _responsible_acronyms(text: str | None) -> list[str]:
    return [a.strip() for a in (text or "").split(",") if a.strip()]


def _agreements(db: sqlite_utils.Database, session_id: str) -> list[AgreementEntry]:
    return [AgreementEntry(row["number"], row["text"],
                           sorted(_responsible_acronyms(row["responsible_acronyms"])),
                           row["deadline_text"], row["target"], vote_text(row))
            for row in agreements.for_session(db, session_id)]


def _followups(db: sqlite_utils.Database, session_id: str, day: str) -> list[FollowupEntry]:
    entries = []
    for row in agreements.session_followups(db, session_id):
        state = row["state_after"] or row["state"]
        label = agreements.STATES[state]
        if is_overdue(state, row["deadline_end"], date.fromisoformat(day)):
            label = "Vencido"
        entries.append(FollowupEntry(
            origin_label(row["origin_kind"], row["origin_number"], row["origin_date"]),
            row["number"], row["text"], sorted(_responsible_acronyms(row["responsible_acronyms"])),
            row["deadline_text"], label, row["body"].strip() or "Sin información."))
    return entries


def closing_sentence(session: dict[str, Any]) -> str:
    place = f"En {session['city']}, " if session["city"].strip() else ""
    when = f"siendo las {clock(session['end_time'])} del {long_date(session['date'])}, " \
        if session["end_time"] else f"el {long_date(session['date'])}, "
    sentence = (f"{place}{when}se levantó la sesión, y los asistentes suscribieron la "
                "presente acta en señal de conformidad.")
    return sentence[0].upper() + sentence[1:]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9 _-]+", "", folded).strip()


def signatories(attended: list[dict[str, Any]]) -> list[Signatory]:
    """One signer per attending seat: presidency, secretariat, members, then observers."""
    out: list[Signatory] = []
    used: set[str] = set()
    for row in attended:
        alternate = row["attendee"] == "alterno"
        if row["is_presidency"]:
            role, mark = "Presidencia", "PA" if alternate else "T"
        elif row["is_secretariat"]:
            role, mark = "Secretaría Técnica", "ST"
        else:
            role, mark = ("Alterno", "A") if alternate else ("Titular", "T")
        field = _ascii(f"Firma {role} {row['acronym']}")
        base, n = field, 2
        while field in used:
            field, n = f"{base} {n}", n + 1
        used.add(field)
        out.append(Signatory(row["acronym"], row["institution_name"], mark,
                             row["person_name"], role, field))
    return out


def current_fingerprint(db: sqlite_utils.Database, session_id: str) -> str:
    return load_acta(db, session_id).fingerprint
