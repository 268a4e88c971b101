"""The attendance sheet, the agreement extracts and fe de erratas, as data."""

from db.documents import session_documents
from db.domain import signatures
from tests.db.factories import make_full_session, walk_to


def test_the_attendance_sheet_has_a_titular_and_an_alterno_line_per_seat(db):
    full = make_full_session(db)
    sheet = session_documents.load_attendance_sheet(db, full["session"])
    assert sheet.heading == "LISTA DE ASISTENCIA — SESIÓN ORDINARIA N° 2"
    assert sheet.time_text == "09:22 a.m." and sheet.date_text == "jueves 16 de enero de 2020"
    assert len(sheet.rows) == 2 * 6
    assert [(r.entity, r.position, r.role) for r in sheet.rows[:4]] == [
        ("GORE", "Titular", "Presidencia"), ("GORE", "Alterno", "Presidencia"),
        ("DRTPE", "Titular", "Secretaría Técnica"), ("DRTPE", "Alterno", "Secretaría Técnica")]
    assert sheet.rows[-1].role == "Observador"
    assert sheet.rows[0].name == "Titular Núñez de GORE"
    assert sheet.blank_invitee_rows == 8


def test_one_extract_per_responsible_with_open_earlier_agreements(db):
    full = make_full_session(db)
    extracts = {e.institution_acronym: e for e in
                session_documents.load_extracts(db, full["session"])}
    assert sorted(extracts) == ["DRTPE", "MIMP", "PNP"]
    drtpe = extracts["DRTPE"]
    assert [i.number for i in drtpe.items] == [1, 2]
    assert drtpe.items[0].co_responsibles == ["MIMP"]
    assert drtpe.items[1].deadline == "II trimestre 2020"
    pnp = extracts["PNP"].items
    assert len(pnp) == 1 and pnp[0].origin == "Sesión Ordinaria N° 1 (12/12/2019)"
    assert extracts["MIMP"].institution_name.startswith("Ministerio de la Mujer")


def test_errata_content_names_the_signed_acta(db):
    full = make_full_session(db)
    walk_to(db, full["session"], "acta_firmada")
    errata_id = signatures.add_errata(db, full["session"], "2030-01-20",
                                      "Donde dice «Pucalpa», debe decir «Pucallpa».")
    content = session_documents.load_errata(db, errata_id)
    assert content.number == 1 and content.acta_heading.endswith("ORDINARIA N° 2")
    assert content.noted_on_text == "domingo 20 de enero de 2030"
    assert len(content.acta_fingerprint) == 19
