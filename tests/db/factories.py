"""Plain helpers shared by the data-layer tests: real rows through the real API, no fakes."""

from __future__ import annotations

from itertools import count

import sqlite_utils

from db import acta_loader, catalog, committees, sessions, signatures
from db.records import SYNCED_TABLES

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
