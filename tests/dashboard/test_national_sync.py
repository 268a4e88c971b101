"""The national table from data that arrived through the real sync path: Sesiona files
enrolled with codes at a real headquarters (uvicorn on loopback), each secretariat
recording its own history and running ``sync_round``; then a staff user reads the table
over HTTP and its export says exactly which committees are active, inactive or without
information, including the day a session falls out of the window."""

from __future__ import annotations

from datetime import date

import httpx

from db.domain import committees, sessions
from server.core.db import read_transaction
from server.dashboard.queries import national_table
from tests.dashboard.support import create_staff, csv_rows, login, xlsx_rows
from tests.sync.conftest import hq, sync  # noqa: F401  (the real-server fixture)

REFERENCE = "2026-11-28"  # with 6 months: active from 2026-05-28 on


def held(db, committee_id: str, day: str, state: str = "realizada") -> str:
    session_id = sessions.create_session(db, committee_id, date=day, venue="Auditorio")
    if state != "programada":
        sessions.set_state(db, session_id, state)
    return session_id


def committee(db, region: str, kind: str, acronym: str) -> str:
    return committees.create_committee(db, kind=kind, acronym=acronym, region_code=region,
                                       name=f"Comité {acronym}", city="Capital")


def test_the_national_table_from_synced_secretariats(hq, tmp_path):  # noqa: F811
    ucayali = hq.device(tmp_path / "ucayali.sqlite", "PE-UCA", "Secretaría Ucayali")
    edge = committee(ucayali, "PE-UCA", "cdrpeti", "CDRPETI UCAYALI")
    held(ucayali, edge, "2025-01-15")
    held(ucayali, edge, "2026-05-28")  # exactly six months before the reference
    held(ucayali, edge, "2026-12-05", "programada")  # announced, not held
    trata = committee(ucayali, "PE-UCA", "trata", "RED TRATA UCAYALI")
    held(ucayali, trata, "2026-05-27")  # one day before the window
    held(ucayali, trata, "2026-09-10", "sin_quorum")  # convened, no quorum: not held

    cusco = hq.device(tmp_path / "cusco.sqlite", "PE-CUS", "Secretaría Cusco")
    forced = committee(cusco, "PE-CUS", "trabajo_forzoso", "CRTF CUSCO")
    held(cusco, forced, "2026-11-28")  # on the reference day itself
    cdrpeti_cusco = committee(cusco, "PE-CUS", "cdrpeti", "CDRPETI CUSCO")
    removed = held(cusco, cdrpeti_cusco, "2026-10-01")

    puno = hq.device(tmp_path / "puno.sqlite", "PE-PUN", "Secretaría Puno")
    # Puno enrolled but never recorded a committee: still without information.

    for device in (ucayali, cusco, puno):
        report = sync(device)
        assert not report.rejected, report.lines()
    sessions.delete_session(cusco, removed)  # recorded by mistake: deleted, then synced
    assert sync(cusco).pushed == 1

    with read_transaction(hq.engine) as conn:
        at_edge = national_table(conn, date.fromisoformat(REFERENCE), 6)
        day_after = national_table(conn, date(2026, 11, 29), 6)
    expected = {
        "PE-UCA": {"cdrpeti": "activo", "trabajo_forzoso": "sin_informacion",
                   "trata": "inactivo"},
        "PE-CUS": {"cdrpeti": "inactivo", "trabajo_forzoso": "activo",
                   "trata": "sin_informacion"},
    }
    got = {row.code: {k: c.status for k, c in row.cells.items()} for row in at_edge.rows}
    for code, states in got.items():
        assert states == expected.get(code, dict.fromkeys(states, "sin_informacion")), code
    after = {row.code: {k: c.status for k, c in row.cells.items()} for row in day_after.rows}
    assert after["PE-UCA"]["cdrpeti"] == "inactivo"
    assert after["PE-CUS"]["trabajo_forzoso"] == "activo"
    puno_row = next(row for row in at_edge.rows if row.code == "PE-PUN")
    assert puno_row.devices == 1 and puno_row.last_contact is not None

    # The same table as a staff user sees and exports it over HTTP.
    create_staff(hq.engine)
    with httpx.Client(base_url=hq.url) as browser:
        login(browser)
        page = browser.get("/panel/", params={"al": REFERENCE})
        assert page.status_code == 200
        assert "realizó al menos una sesión desde el 28/05/2026" in page.text
        exported = csv_rows(browser.get("/panel/estado-situacional.csv",
                                        params={"al": REFERENCE}).content)
        workbook = xlsx_rows(browser.get("/panel/estado-situacional.xlsx",
                                         params={"al": "2026-11-29"}).content)
    header, *rows = exported
    assert header[:4] == ["Región", "CDRPETI (trabajo infantil): estado",
                          "CDRPETI (trabajo infantil): última sesión",
                          "CDRPETI (trabajo infantil): última sincronización"]
    by_region = {row[0]: row for row in rows}
    assert len(by_region) == 26
    ucayali_row, cusco_row = by_region["Ucayali"], by_region["Cusco"]
    assert [ucayali_row[1], ucayali_row[2]] == ["Activo", "28/05/2026"]
    assert ucayali_row[3] != ""  # synced: the date of its last sync
    assert [ucayali_row[4], ucayali_row[5], ucayali_row[6]] == ["Sin información", "", ""]
    assert [ucayali_row[7], ucayali_row[8]] == ["Inactivo", "27/05/2026"]
    assert [cusco_row[1], cusco_row[2]] == ["Inactivo", ""]  # its only session was deleted
    assert [cusco_row[4], cusco_row[5]] == ["Activo", "28/11/2026"]
    assert [by_region["Puno"][i] for i in (1, 4, 7)] == ["Sin información"] * 3
    assert by_region["Puno"][10] == "1"
    the_day_after = {row[0]: row for row in workbook[1:]}
    assert the_day_after["Ucayali"][1] == "Inactivo"
