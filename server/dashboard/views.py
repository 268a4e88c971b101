"""The dashboard's tables as shown and exported (``tables.Table``), built from the reads.

Every page table and its .xlsx/.csv export come from the same function here, so an export
has exactly the columns the page shows.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from contract.acta_ownership import SIGNED_FILE_PURPOSES, SIGNED_STATE
from db.domain.agreements import STATES as AGREEMENT_STATES
from db.domain.committees import STATES as COMMITTEE_STATES
from db.domain.rules.deadlines import is_overdue
from db.domain.rules.execution import COLOURS, STATES
from db.domain.sessions import KINDS as SESSION_KINDS
from db.domain.sessions import MODALITIES
from db.domain.sessions import STATES as SESSION_STATES
from db.locale_pe import LIMA, short_date
from server.core.accounts import region_names
from server.dashboard.queries import (
    HELD_STATES,
    KINDS,
    STATUS_COLOURS,
    STATUS_LABELS,
    CommitteeData,
    NationalTable,
    collation_key,
)
from server.dashboard.rollup import Group, PlanRollUp
from server.dashboard.tables import Cell, Table

SIGNED_PURPOSES = tuple(sorted(SIGNED_FILE_PURPOSES))


def lima(moment: datetime | None) -> str:
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LIMA).strftime("%d/%m/%Y %H:%M")


def status_cell(status: str, href: str | None = None) -> Cell:
    return Cell(STATUS_LABELS[status], href=href, css=f"estado {status}",
                colour=STATUS_COLOURS[status])


def committee_href(committee_id: str) -> str:
    return f"/panel/comites/{committee_id}"


# Estado situacional ------------------------------------------------------------------------

def national_status_table(table: NationalTable) -> Table:
    columns = ["Región"]
    headers = ["Región"]
    for label in KINDS.values():
        columns += [f"{label}: estado", f"{label}: última sesión",
                    f"{label}: última sincronización"]
        headers += ["Estado", "Última sesión", "Última sincronización"]
    columns += ["Equipos inscritos", "Último contacto de un equipo"]
    headers += ["Equipos", "Último contacto"]
    out = Table("estado-situacional", "Estado situacional de los comités", columns,
                headers=headers,
                groups=[("", 1)] + [(label, 3) for label in KINDS.values()] + [("Región", 2)])
    for row in table.rows:
        values: list[Any] = [row.name]
        for kind in KINDS:
            cell = row.cells[kind]
            first = cell.committees[0].id if len(cell.committees) == 1 else None
            href = committee_href(first) if first else (
                f"#comites-{row.code}" if cell.committees else None)
            values += [status_cell(cell.status, href), short_date(cell.last_session),
                       lima(cell.last_sync)]
        contact = lima(row.last_contact) or ("Nunca" if row.devices else "")
        values += [row.devices, contact]
        out.rows.append(values)
    return out


def committees_table(table: NationalTable) -> Table:
    out = Table("comites", "Comités sincronizados",
                ["Región", "Comité", "Tipo", "Estado", "Última sesión",
                 f"Sesiones en los últimos {table.months} meses", "Acuerdos vencidos",
                 "Última sincronización"])
    for row in table.rows:
        for kind, cell in row.cells.items():
            for item in cell.committees:
                out.rows.append([
                    row.name, Cell(item.acronym or item.name, href=committee_href(item.id)),
                    KINDS[kind], status_cell(item.status), short_date(item.last_session),
                    item.sessions_in_window,
                    Cell(item.overdue_agreements, css="vencido numero")
                    if item.overdue_agreements else 0,
                    lima(item.last_sync)])
    # Inactive ones first: what the monitoring team follows up.
    out.rows.sort(key=lambda r: (r[3].value != "Inactivo", collation_key(r[0])))
    out.empty_text = "Ningún comité ha sincronizado todavía."
    return out


# One committee -----------------------------------------------------------------------------

def session_title(session: dict[str, Any]) -> str:
    kind = SESSION_KINDS.get(session.get("kind", ""), session.get("kind", ""))
    return f"Sesión {kind} N° {session.get('number', '')}"


def signed_actas(data: CommitteeData, complete: set[str]) -> dict[str, str]:
    """session id → the attachment id of its signed acta, when its file is at headquarters.

    Only a session whose acta is signed has one: a file merely labelled «acta firmada» at
    an unsigned session is not offered as such. A signed acta's files cannot change or
    grow once signed (``contract.acta_ownership``, enforced by the push apply)."""
    signed = {row["id"] for row in data.rows["sessions"] if row.get("state") == SIGNED_STATE}
    found: dict[str, str] = {}
    for row in sorted(data.rows["attachments"], key=lambda r: str(r.get("created_at", ""))):
        if row.get("purpose") in SIGNED_PURPOSES and row.get("session_id") in signed \
                and row.get("sha256") in complete:
            found[row["session_id"]] = row["id"]
    return found


def sessions_table(data: CommitteeData, signed: dict[str, str]) -> Table:
    agreements = Counter(row.get("session_id") for row in data.rows["agreements"])
    out = Table("sesiones", "Sesiones",
                ["Fecha", "Sesión", "Estado", "Modalidad", "Quórum", "Acuerdos", "Acta"])
    for session in sorted(data.rows["sessions"], key=lambda s: (s.get("date", ""),
                                                                 s.get("number", 0)),
                          reverse=True):
        present, members = session.get("quorum_present"), session.get("quorum_members")
        quorum = f"{present} de {members}" if present is not None and members else ""
        if session["id"] in signed:
            acta = Cell("Acta firmada (PDF)", href=f"/panel/sesiones/{session['id']}/"
                                                  "acta-firmada.pdf")
        else:
            acta = Cell("Acta (PDF)", href=f"/panel/sesiones/{session['id']}/acta.pdf")
        state = session.get("state", "")
        out.rows.append([
            short_date(session.get("date")), session_title(session),
            Cell(SESSION_STATES.get(state, state), css=f"sesion {state}"),
            MODALITIES.get(session.get("modality", ""), session.get("modality", "")),
            quorum, agreements.get(session["id"], 0), acta])
    out.empty_text = "Este comité no ha sincronizado sesiones."
    return out


def attendance_table(data: CommitteeData, year: int) -> Table:
    """Per seat's institution, over the sessions held in ``year``."""
    held = {s["id"] for s in data.rows["sessions"]
            if s.get("state") in HELD_STATES and str(s.get("date", "")).startswith(f"{year}-")}
    marks: dict[str, Counter[str]] = {}
    for row in data.rows["attendance"]:
        if row.get("session_id") in held:
            marks.setdefault(str(row.get("seat_id")), Counter())[str(row.get("attendee"))] += 1
    out = Table("asistencia", f"Asistencia por institución en {year}",
                ["Sigla", "Institución", "Rol", "Sesiones realizadas", "Asistió el titular",
                 "Asistió el alterno", "No asistió", "Sin registro", "Asistencia"])
    seats = sorted(data.rows["seats"], key=lambda s: (not s.get("is_presidency"),
                                                      not s.get("is_secretariat"),
                                                      s.get("position", 0)))
    for seat in seats:
        acronym, name = data.institutions.get(str(seat.get("institution_id")), ("", ""))
        count = marks.get(seat["id"], Counter())
        attended = count["titular"] + count["alterno"]
        recorded = sum(count.values())
        role = "Presidencia" if seat.get("is_presidency") else (
            "Secretaría Técnica" if seat.get("is_secretariat") else
            str(seat.get("role", "miembro")).capitalize())
        share = f"{round(100 * attended / len(held))}%" if held else "—"
        out.rows.append([acronym, name, role, len(held), count["titular"], count["alterno"],
                         count["ninguno"], len(held) - recorded, share])
    out.empty_text = "Este comité no ha registrado a sus miembros."
    return out


def _agreement_state(row: dict[str, Any], reference: date) -> tuple[str, bool]:
    state = str(row.get("state", "pendiente"))
    return state, is_overdue(state, row.get("deadline_end"), reference)


def agreements_summary_table(data: CommitteeData, reference: date) -> Table:
    counts: Counter[str] = Counter()
    overdue = 0
    for row in data.rows["agreements"]:
        state, late = _agreement_state(row, reference)
        counts[state] += 1
        overdue += late
    out = Table("acuerdos-por-estado", "Acuerdos por estado", ["Estado", "Acuerdos"])
    for state, label in AGREEMENT_STATES.items():
        out.rows.append([label, counts[state]])
    out.rows.append([Cell(f"Vencidos al {short_date(reference)} (pendientes o en proceso con "
                          "el plazo cumplido)", css="vencido"), overdue])
    return out


def agreements_table(data: CommitteeData, reference: date) -> Table:
    sessions = {s["id"]: s for s in data.rows["sessions"]}
    responsible: dict[str, list[str]] = {}
    for row in data.rows["agreement_responsibles"]:
        acronym = data.institutions.get(str(row.get("institution_id")), ("", ""))[0]
        responsible.setdefault(str(row.get("agreement_id")), []).append(acronym)
    out = Table("acuerdos", "Acuerdos", ["Sesión", "Fecha", "N°", "Acuerdo", "Responsables",
                                         "Plazo", "Estado", "Vencido"])
    listed = []
    for row in data.rows["agreements"]:
        session = sessions.get(str(row.get("session_id")), {})
        state, late = _agreement_state(row, reference)
        listed.append((not late, state not in ("pendiente", "en_proceso"),
                       str(session.get("date", "")), row, session, state, late))
    listed.sort(key=lambda item: (item[0], item[1], _desc(item[2]), item[3].get("number", 0)))
    for *_, row, session, state, late in listed:
        out.rows.append([
            session_title(session) if session else "", short_date(session.get("date")),
            row.get("number"), row.get("text", ""),
            ", ".join(sorted(responsible.get(row["id"], []))), row.get("deadline_text", ""),
            AGREEMENT_STATES.get(state, state),
            Cell("Sí", css="vencido") if late else "No"])
    out.empty_text = "Este comité no ha sincronizado acuerdos."
    return out


def _desc(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in text)


def committee_facts(data: CommitteeData) -> list[tuple[str, str]]:
    committee = data.committee
    state = str(committee.get("state", ""))
    return [("Región", region_names().get(data.region_code, data.region_code)),
            ("Tipo", KINDS.get(str(committee.get("kind")), str(committee.get("kind", "")))),
            ("Situación declarada", COMMITTEE_STATES.get(state, state)),
            ("Sede", str(committee.get("city", "")))]


# Plans ------------------------------------------------------------------------------------

def _state_cells(group: Group) -> list[Any]:
    return [Cell(group.states[state], colour=COLOURS[state] if group.states[state] else None,
                 css=f"plan {state}" if group.states[state] else None) for state in STATES]


def _progress(group: Group) -> str:
    return "—" if group.progress is None else f"{group.progress}%"


def rollup_region_table(rollup: PlanRollUp) -> Table:
    out = Table("planes-por-region", f"Ejecución de los planes {rollup.year} por región",
                ["Región", "Planes", "Indicadores", "Avance", *STATES.values()])
    for group in rollup.by_region:
        out.rows.append([group.label, len(group.plans), group.indicators, _progress(group),
                         *_state_cells(group)])
    out.empty_text = f"Ningún comité ha sincronizado un plan de trabajo {rollup.year}."
    return out


def rollup_objective_table(rollup: PlanRollUp) -> Table:
    out = Table("planes-por-objetivo", f"Ejecución de los planes {rollup.year} por objetivo",
                ["Tipo de comité", "Objetivo", "Enunciado más frecuente", "Regiones", "Planes",
                 "Indicadores", "Avance", *STATES.values()])
    for group in rollup.by_objective:
        kind, code = group.key
        out.rows.append([KINDS.get(kind, kind), code, group.label, len(group.regions),
                         len(group.plans), group.indicators, _progress(group),
                         *_state_cells(group)])
    out.empty_text = f"Ningún comité ha sincronizado un plan de trabajo {rollup.year}."
    return out


def committee_plan_table(rollup: PlanRollUp) -> Table:
    out = Table("plan", f"Plan de trabajo {rollup.year}: avance por objetivo",
                ["Objetivo", "Enunciado", "Indicadores", "Avance", *STATES.values()])
    for group in rollup.by_objective:
        out.rows.append([group.key[1], group.label, group.indicators, _progress(group),
                         *_state_cells(group)])
    out.empty_text = f"Este comité no ha sincronizado un plan de trabajo {rollup.year}."
    return out


# Devices ----------------------------------------------------------------------------------

def users_table(rows: list[dict[str, Any]]) -> Table:
    out = Table("usuarios", "Usuarios del panel",
                ["Usuario", "Rol", "Sesiones abiertas", "Último uso"])
    for row in rows:
        out.rows.append([row["username"],
                         "Administrador" if row["role"] == "admin" else "Analista",
                         row["open_sessions"], lima(row["last_seen_at"])])
    out.empty_text = "Todavía no hay usuarios: créelos con «sesiona-hq create-user»."
    return out


def devices_table(rows: list[dict[str, Any]]) -> Table:
    names = region_names()
    out = Table("equipos", "Equipos inscritos",
                ["Región", "Equipo", "Comités", "Inscrito", "Último contacto", "Situación"])
    for row in rows:
        out.rows.append([
            names.get(row["region_code"], row["region_code"]), row["name"],
            ", ".join(row["committees"] or []), lima(row["created_at"]),
            lima(row["last_seen_at"]),
            Cell("Dado de baja", css="estado inactivo") if row["revoked_at"] else "Activo"])
    out.empty_text = "Todavía no se ha inscrito ningún equipo."
    return out
