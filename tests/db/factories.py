"""Plain helpers shared by the data-layer tests: real rows through the real API, no fakes."""

from __future__ import annotations

from itertools import count

import sqlite_utils

from contract.tables import SYNCED_TABLES
from db.documents import acta_loader
from db.domain import catalog, committees, sessions, signatures

_acronyms = count(1)

# Walking the session state machine to reach each state from 'programada'.
STATE_PATHS = {
    "programada": [],
    "realizada": ["realizada"],
    "sin_quorum": ["sin_quorum"],
    "acta_aprobada": ["realizada", "acta_aprobada"],
    "acta_firmada": ["realizada", "acta_aprobada"],  # then a wet signature, see walk_to
}
# The smallest file that passes as a scanned PDF.
SCANNED_PDF = b"%PDF-1.4\n% acta firmada escaneada\n%%EOF\n"


def make_committee(db: sqlite_utils.Database, **overrides) -> str:
    values = {
        "kind": "cdrpeti",
        "name": "Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
                "Infantil",
        "acronym": f"CDRPETI-{next(_acronyms)}",
        "region_code": "PE-CUS",
        "city": "Cusco",
        **overrides,
    }
    return committees.create_committee(db, **values)


def institution_ids(db: sqlite_utils.Database, n: int, *, skip: tuple[str, ...] = ()) -> list[str]:
    """The ids of ``n`` seeded institutions, in acronym order, leaving out ``skip``."""
    rows = [i for i in catalog.institutions(db) if i["acronym"] not in skip]
    assert len(rows) >= n, "the seeded catalogue is smaller than the test needs"
    return [i["id"] for i in rows[:n]]


def walk_to(db: sqlite_utils.Database, session_id: str, state: str) -> None:
    """Bring a new ('programada') session to ``state`` through allowed transitions only."""
    for step in STATE_PATHS[state]:
        sessions.set_state(db, session_id, step)
    if state == "acta_firmada":
        content = acta_loader.load_acta(db, session_id)
        signatures.sign_wet(db, session_id, [("acta-firmada.pdf", SCANNED_PDF)], content)
    assert sessions.get_session(db, session_id)["state"] == state


def count_rows(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])


def snapshot(db: sqlite_utils.Database) -> dict[str, int]:
    """Row counts of every synced table plus the change log: 'nothing was written' checks."""
    return {t: count_rows(db, t) for t in sorted(SYNCED_TABLES | {"change_log"})}


def last_log(db: sqlite_utils.Database) -> dict:
    return next(db.query("SELECT * FROM change_log ORDER BY seq DESC LIMIT 1"))


def make_full_session(db: sqlite_utils.Database, *, acronym: str = "CDRPETI-UCA",
                      attendance: bool = True) -> dict:
    """A committee with presidency, secretariat, members and an observer; an earlier
    session with an open agreement; and a held session with every part of an acta."""
    from db.domain import agreements, catalog, membership, minutes

    committee_id = make_committee(db, acronym=acronym, region_code="PE-UCA", city="Pucallpa")
    seats = {}
    layout = [("GORE", "miembro", True, False), ("DRTPE", "miembro", False, True),
              ("MIMP", "miembro", False, False), ("PNP", "miembro", False, False),
              ("MINEDU", "miembro", False, False), ("DP", "observador", False, False)]
    for acr, role, presidency, secretariat in layout:
        seat = membership.add_seat(db, committee_id, catalog.institution_id(acr), role,
                                   is_presidency=presidency, is_secretariat=secretariat)
        membership.designate(db, seat, "titular", f"Titular Núñez de {acr}", "2019-01-01")
        membership.designate(db, seat, "alterno", f"Alterna Peña de {acr}", "2019-01-01")
        seats[acr] = seat
    earlier = sessions.create_session(db, committee_id, date="2019-12-12")
    open_agreement = agreements.create_agreement(
        db, earlier, "Remitir el informe de operativos del segundo semestre",
        responsibles=[catalog.institution_id("PNP")], deadline_text="31/12/2019")
    session_id = sessions.create_session(db, committee_id, date="2020-01-16",
                                         start_time="09:22", end_time="11:25",
                                         venue="Auditorio de la DRTPE", conducted_by="Ana Ríos")
    if attendance:
        for acr, who in (("GORE", "alterno"), ("DRTPE", "titular"), ("MIMP", "titular"),
                         ("PNP", "alterno"), ("DP", "titular")):
            sessions.set_attendance(db, session_id, seats[acr], who)
        sessions.add_invitee(db, session_id, "Rosa Ticona Mamani", "UNU", "Docente")
    minutes.add(db, "reports", session_id, section="presidencia", title="Comunicaciones",
                body="- Se recibió el Oficio N° 018-2020-MTPE/2/15.\n- Se respondió.")
    minutes.add(db, "reports", session_id, section="sectores",
                institution_id=catalog.institution_id("MIMP"), title="Casos atendidos",
                body="- 8 casos de niñas y niños en riesgo.")
    minutes.add(db, "requests", session_id, section="miembros",
                institution_id=catalog.institution_id("MIMP"),
                body="Remitir las convocatorias con cinco días de anticipación.")
    item = minutes.add(db, "agenda_items", session_id, title="Plan Operativo Anual 2020")
    minutes.add(db, "interventions", item,
                body="La representante del MIMP indicó que el plan está listo.")
    first = agreements.create_agreement(
        db, session_id, "Aprobar el Plan Operativo Anual 2020 con cargo a ajustes",
        responsibles=[catalog.institution_id("MIMP"), catalog.institution_id("DRTPE")],
        deadline_text="23/01/2020", target="Un plan aprobado")
    second = agreements.create_agreement(
        db, session_id, "Realizar dos talleres de capacitación en Pucallpa",
        responsibles=[catalog.institution_id("DRTPE")], deadline_text="II trimestre 2020",
        vote_mode="mayoria", votes_for=3, votes_against=1, votes_abstain=1,
        dissent="Voto singular del PNP")
    followup = agreements.session_followups(db, session_id)[0]
    agreements.update_followup(db, followup["followup_id"],
                               {"body": "La PNP informó avance del 50 %."})
    sessions.set_state(db, session_id, "realizada")
    return {"committee": committee_id, "session": session_id, "earlier": earlier,
            "seats": seats, "agreements": [first, second], "open_agreement": open_agreement}


def pending_signatures(db: sqlite_utils.Database, session_id: str) -> int:
    """How many signature fields of the prepared acta are still empty."""
    from forms.acta_signing import pending_fields

    return sum(1 for _, signed in pending_fields(db, session_id) if not signed)
