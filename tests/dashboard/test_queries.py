"""The dashboard's reads over synced rows, on SQLite and PostgreSQL: the national table,
a committee's drill-down, its acta rendered by the desktop's own API, the plan roll-up."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from forms.documents import Kind, pdf_bytes, prepare
from server.core.db import read_transaction
from server.dashboard import views
from server.dashboard.materialize import committee_store
from server.dashboard.queries import committee_data, months_before, national_table
from server.dashboard.rollup import plan_rollup
from tests.dashboard.support import CommitteeOps
from tests.server.support import delete

REFERENCE = date(2026, 11, 28)  # six months before: 2026-05-28


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 11, 28), 6, date(2026, 5, 28)),
    (date(2026, 8, 31), 6, date(2026, 2, 28)),
    (date(2028, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 3, 15), 6, date(2025, 9, 15)),
    (date(2026, 1, 31), 1, date(2025, 12, 31)),
    (date(2026, 11, 28), 12, date(2025, 11, 28)),
])
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_national_table_states_and_threshold_edge(hq):
    ucayali = hq.enroll("PE-UCA")
    edge = CommitteeOps("PE-UCA", "cdrpeti")
    held = edge.session("2026-05-28")  # exactly N months before the reference: still active
    edge.agreement(held, 1, deadline_end="2026-11-27")  # overdue
    edge.agreement(held, 2, deadline_end="2026-11-28")  # due today: not yet overdue
    edge.agreement(held, 3, state="cumplido", deadline_end="2026-06-30")
    edge.agreement(held, 4, state="en_proceso", deadline_end="2026-06-30")  # overdue
    edge.session("2026-12-02", state="programada")
    late = CommitteeOps("PE-UCA", "trata")
    late.session("2026-05-27")  # one day earlier: inactive
    late.session("2026-10-01", state="sin_quorum")  # not held
    gone = new_session = None
    lima = hq.enroll("PE-LIM")
    deleted = CommitteeOps("PE-LIM", "cdrpeti")
    new_session = deleted.session("2026-10-10")
    forced = CommitteeOps("PE-LIM", "trabajo_forzoso")
    forced.session("2026-11-28")
    ucayali.push(edge.ops + late.ops)
    lima.push(deleted.ops + forced.ops)
    lima.push([delete("sessions", new_session)])
    assert gone is None

    with read_transaction(hq.engine) as conn:
        table = national_table(conn, REFERENCE, 6)
        next_day = national_table(conn, date(2026, 11, 29), 6)
        longer = national_table(conn, date(2026, 11, 29), 7)
    assert table.threshold == date(2026, 5, 28)
    rows = {row.code: row for row in table.rows}
    assert len(rows) == 26
    states = {code: {kind: cell.status for kind, cell in row.cells.items()}
              for code, row in rows.items()}
    assert states["PE-UCA"] == {"cdrpeti": "activo", "trabajo_forzoso": "sin_informacion",
                                "trata": "inactivo"}
    assert states["PE-LIM"] == {"cdrpeti": "inactivo", "trabajo_forzoso": "activo",
                                "trata": "sin_informacion"}
    assert all(set(s.values()) == {"sin_informacion"} for code, s in states.items()
               if code not in {"PE-UCA", "PE-LIM"})
    uca = rows["PE-UCA"].cells
    assert uca["cdrpeti"].last_session == "2026-05-28"  # the programmed one is not held
    assert uca["trata"].last_session == "2026-05-27"
    assert rows["PE-LIM"].cells["cdrpeti"].last_session is None  # its session was deleted
    assert uca["cdrpeti"].last_sync is not None and uca["trabajo_forzoso"].last_sync is None
    assert rows["PE-UCA"].devices == 1 and rows["PE-CUS"].devices == 0
    assert [c.overdue_agreements for c in uca["cdrpeti"].committees] == [2]
    listed = views.committees_table(table)
    assert [str(r[3]) for r in listed.rows] == ["Inactivo", "Inactivo", "Activo", "Activo"]
    assert [(r[0], r[6].value if hasattr(r[6], "value") else r[6]) for r in listed.rows] == [
        ("Lima Provincias", 0), ("Ucayali", 0), ("Lima Provincias", 0), ("Ucayali", 2)]
    assert table.totals()["cdrpeti"] == {"activo": 1, "inactivo": 1, "sin_informacion": 24}
    # The day after, the edge session falls out of the window; a longer window keeps it.
    assert {r.code: r.cells["cdrpeti"].status for r in next_day.rows}["PE-UCA"] == "inactivo"
    assert {r.code: r.cells["cdrpeti"].status for r in longer.rows}["PE-UCA"] == "activo"

    exported = views.national_status_table(table)
    ucayali_row = next(r for r in exported.rows if r[0] == "Ucayali")
    assert [str(v) for v in ucayali_row[1:10]] == [
        "Activo", "28/05/2026", views.lima(uca["cdrpeti"].last_sync),
        "Sin información", "", "",
        "Inactivo", "27/05/2026", views.lima(uca["trata"].last_sync)]


def test_committee_drill_down_and_its_acta(hq):
    device = hq.enroll("PE-UCA")
    committee = CommitteeOps("PE-UCA", "cdrpeti", acronym="CDRPETI UCAYALI")
    president = committee.seat("DRTPE", is_presidency=1)
    member = committee.seat("MIMP")
    first = committee.session("2026-02-10", attended={president: "titular", member: "ninguno"})
    second = committee.session("2026-06-10", attended={president: "alterno", member: "titular"})
    committee.session("2025-12-01", attended={president: "titular"})  # another year
    committee.agreement(first, 1, deadline_end="2026-03-31", responsible="MIMP")  # overdue
    committee.agreement(first, 2, state="cumplido", deadline_end="2026-03-31")
    committee.agreement(second, 1, state="en_proceso", deadline_end="2026-12-31")
    device.push(committee.ops)

    with read_transaction(hq.engine) as conn:
        data = committee_data(conn, committee.id)
        assert data is not None
        store = committee_store(conn, committee.id, hq.client.app.state.settings.blob_dir)
    try:
        pdf = pdf_bytes(prepare(store, Kind.ACTA, second))
    finally:
        store.conn.close()
    sessions = views.sessions_table(data, {})
    assert [row[1] for row in sessions.rows] == ["Sesión Ordinaria N° 2", "Sesión Ordinaria N° 1",
                                                 "Sesión Ordinaria N° 3"]
    assert sessions.rows[1][5] == 2  # two agreements adopted at the first session
    attendance = views.attendance_table(data, 2026)
    assert attendance.rows == [
        ["DRTPE", attendance.rows[0][1], "Presidencia", 2, 1, 1, 0, 0, "100%"],
        ["MIMP", attendance.rows[1][1], "Miembro", 2, 1, 0, 1, 0, "50%"]]
    summary = {str(r[0]): r[1] for r in views.agreements_summary_table(data, REFERENCE).rows}
    assert summary["Pendiente"] == 1 and summary["Cumplido"] == 1 \
        and summary["En proceso"] == 1
    assert summary["Vencidos al 28/11/2026 (pendientes o en proceso con el plazo cumplido)"] == 1
    listing = views.agreements_table(data, REFERENCE)
    assert [str(r[-1]) for r in listing.rows] == ["Sí", "No", "No"]  # the overdue one first
    assert listing.rows[0][4] == "MIMP"

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "ACTA DE LA SESIÓN ORDINARIA N° 2" in text
    assert "COMITÉ CDRPETI PE-UCA" in text and "Región Ucayali" in text
    assert "CDRPETI UCAYALI-SO-2" in text and "Representante" in text  # from its attendance


def test_plan_rollup_by_region_and_objective(hq):
    ucayali = hq.enroll("PE-UCA")
    cusco = hq.enroll("PE-CUS")
    first = CommitteeOps("PE-UCA", "cdrpeti")
    # OE 1: 150 % (capped at 100) and 50 %; OE 2: not reported (0 %) and a zero target.
    first.plan(2026, [("OE 1", [(2, 3), (4, 2)]), ("OE 2", [(5, None), (0, 0)])],
               "2026-04-15")
    first.plan(2025, [("OE 1", [(1, 1)])], "2025-04-15")  # another year: left out
    second = CommitteeOps("PE-CUS", "cdrpeti")
    second.plan(2026, [("OE 1", [(10, 0)])], "2026-12-20")  # after the cut-off: unreported
    ucayali.push(first.ops)
    cusco.push(second.ops)

    with read_transaction(hq.engine) as conn:
        rollup = plan_rollup(conn, 2026, REFERENCE)
        only_cusco = plan_rollup(conn, 2026, REFERENCE, committee_id=second.id)
    assert [g.label for g in only_cusco.by_region] == ["Cusco"]
    assert [(g.key, g.indicators) for g in only_cusco.by_objective] == [(("cdrpeti", "OE 1"), 1)]
    regions = {g.label: g for g in rollup.by_region}
    assert set(regions) == {"Ucayali", "Cusco"}
    uca = regions["Ucayali"]
    assert uca.indicators == 4 and uca.progress == 50  # (100 + 50 + 0) / 3
    assert dict(uca.states) == {"alcanzada": 2, "parcial": 1, "no_reportado": 1}
    assert regions["Cusco"].progress == 0
    assert dict(regions["Cusco"].states) == {"no_reportado": 1}
    objectives = {(g.key[1]): g for g in rollup.by_objective}
    assert list(objectives) == ["OE 1", "OE 2"]
    assert objectives["OE 1"].progress == 50 and len(objectives["OE 1"].regions) == 2
    assert objectives["OE 1"].label == "Objetivo OE 1"
    table = views.rollup_region_table(rollup)
    assert table.rows[1][:4] == ["Ucayali", 1, 4, "50%"]
    colours = [cell.colour for cell in table.rows[1][4:]]
    assert colours == ["#63BE7B", "#FFC000", None, "#D9D9D9"]


def test_a_signed_acta_is_offered_once_its_file_reached_headquarters(hq, client, engine):
    import hashlib

    from tests.dashboard.support import create_staff, login
    from tests.server.support import insert, update

    device = hq.enroll("PE-UCA")
    committee = CommitteeOps("PE-UCA", "cdrpeti")
    session = committee.session("2026-03-10", state="acta_aprobada")
    scan = b"%PDF-1.4\n% acta firmada a mano y escaneada\n%%EOF\n"
    digest = hashlib.sha256(scan).hexdigest()
    # As a device logs a signing: the signed file first, then the session's new state.
    committee.ops.append(insert(
        "attachments", committee_id=committee.id, session_id=session,
        purpose="acta_firmada_fisica", file_name="acta-firmada.pdf",
        mime_type="application/pdf", size=len(scan), sha256=digest))
    committee.ops.append(update("sessions", session, state="acta_firmada"))
    assert {r.outcome for r in device.push(committee.ops).results} == {"applied"}
    create_staff(engine)
    login(client)

    page = client.get(f"/panel/comites/{committee.id}")
    assert "Acta (PDF)" in page.text and "Acta firmada (PDF)" not in page.text
    assert client.get(f"/panel/sesiones/{session}/acta-firmada.pdf").status_code == 404
    rendered = client.get(f"/panel/sesiones/{session}/acta.pdf")
    assert rendered.status_code == 200 and rendered.content.startswith(b"%PDF")

    uploaded = client.put(f"/api/v1/blobs/{digest}", params={"offset": 0, "size": len(scan)},
                          content=scan, headers={**device.headers,
                                                 "Content-Type": "application/octet-stream"})
    assert uploaded.status_code == 200 and uploaded.json()["complete"]
    page = client.get(f"/panel/comites/{committee.id}")
    assert f"/panel/sesiones/{session}/acta-firmada.pdf" in page.text
    signed = client.get(f"/panel/sesiones/{session}/acta-firmada.pdf")
    assert signed.status_code == 200 and signed.content == scan
    assert signed.headers["content-type"] == "application/pdf"
