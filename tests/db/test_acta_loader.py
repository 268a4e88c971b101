"""The acta as data: what the printed document will say, read from real rows."""

import pytest

from db.documents import acta_loader
from db.documents.acta_content import from_json
from db.domain import catalog, committees, sessions
from db.errors import NotFoundError
from tests.db.factories import make_full_session, walk_to


@pytest.fixture
def full(db):
    return make_full_session(db)


def test_the_acta_reads_like_a_real_one(db, full):
    acta = acta_loader.load_acta(db, full["session"])
    assert acta.heading == "ACTA DE LA SESIÓN ORDINARIA N° 2"
    assert acta.reference == "CDRPETI-UCA-SO-2"
    assert acta.date_text == "jueves 16 de enero de 2020"
    assert acta.time_text == "Desde las 09:22 a.m. hasta las 11:25 a.m."
    assert acta.region_name == "Ucayali"
    assert acta.president.startswith("Alterna Peña de GORE (") and \
        acta.president.endswith("presidente alterno")
    assert acta.secretariat.startswith("Titular Núñez de DRTPE (")
    groups = {g.key: [p.name for p in g.people] for g in acta.participants}
    assert groups == {
        "presidencia": ["Alterna Peña de GORE", "Titular Núñez de DRTPE"],
        "titulares": ["Titular Núñez de MIMP"],
        "alternos": ["Alterna Peña de PNP"],
        "observadores": ["Titular Núñez de DP"],
        "invitados": ["Rosa Ticona Mamani"],
    }
    assert [g.key for g in acta.participants] == list(groups)
    assert acta.participants[-1].people[0].entity == "Docente, UNU"


def test_quorum_sentence_counts_members_only(db, full):
    acta = acta_loader.load_acta(db, full["session"])
    # 5 voting seats (the observer does not count); 4 attended; 3 needed at first call.
    assert acta.quorum_sentence.startswith(
        "La Secretaría Técnica verificó la asistencia de 4 de los 5 miembros")
    assert "primera convocatoria es de 3 miembros" in acta.quorum_sentence
    assert "se contó con el quórum reglamentario" in acta.quorum_sentence


def test_minutes_agreements_and_followups(db, full):
    acta = acta_loader.load_acta(db, full["session"])
    assert acta.reports_presidency[0].lines == ["Se recibió el Oficio N° 018-2020-MTPE/2/15.",
                                                "Se respondió."]
    assert acta.reports_sectors[0].title == "MIMP: Casos atendidos"
    assert acta.requests_members[0].entity == "MIMP"
    assert acta.agenda[0].interventions == [
        "La representante del MIMP indicó que el plan está listo."]
    first, second = acta.agreements
    assert (first.number, first.responsibles, first.deadline) == (1, ["DRTPE", "MIMP"],
                                                                   "23/01/2020")
    assert first.vote == "Aprobado por unanimidad."
    assert second.vote == ("Aprobado por mayoría: 3 votos a favor, 1 en contra y "
                           "1 abstención. Voto singular del PNP.")
    followup = acta.followups[0]
    assert followup.origin == "Sesión Ordinaria N° 1 (12/12/2019)"
    assert followup.state == "Vencido"  # its deadline passed before this session
    assert followup.reported == "La PNP informó avance del 50 %."
    assert acta.closing_sentence == (
        "En Pucallpa, siendo las 11:25 a.m. del jueves 16 de enero de 2020, se levantó la "
        "sesión, y los asistentes suscribieron la presente acta en señal de conformidad.")


def test_signatories_carry_the_marks_of_a_real_acta(db, full):
    signers = acta_loader.load_acta(db, full["session"]).signatories
    assert [(s.entity, s.mark, s.role) for s in signers] == [
        ("GORE", "PA", "Presidencia"), ("DRTPE", "ST", "Secretaría Técnica"),
        ("MIMP", "T", "Titular"), ("PNP", "A", "Alterno"), ("DP", "T", "Titular")]
    names = [s.field_name for s in signers]
    assert len(set(names)) == len(names) and not any("." in n for n in names)
    assert names[1] == "Firma Secretaria Tecnica DRTPE"


def test_without_attendance_the_acta_says_so(db):
    full = make_full_session(db, attendance=False)
    acta = acta_loader.load_acta(db, full["session"])
    assert not acta.has_attendance and acta.signatories == [] and acta.participants == []
    assert acta.quorum_sentence.startswith("No se registró la asistencia")


def test_the_fingerprint_follows_the_content(db, full):
    before = acta_loader.load_acta(db, full["session"])
    assert before.fingerprint == acta_loader.load_acta(db, full["session"]).fingerprint
    sessions.update_session(db, full["session"], {"venue": "Sala de sesiones del GORE"})
    after = acta_loader.load_acta(db, full["session"])
    assert after.fingerprint != before.fingerprint
    assert len(after.short_fingerprint) == 19 and after.short_fingerprint.count("-") == 3
    assert after.qr_payload == (f"SESIONA|ACTA|CDRPETI-UCA-SO-2|{full['session']}|"
                                f"sha256:{after.fingerprint}")
    assert from_json(after.canonical_json()) == after


def test_a_signed_acta_prints_from_its_snapshot(db, full):
    walk_to(db, full["session"], "acta_aprobada")
    signed_content = acta_loader.load_acta(db, full["session"])
    walk_to_signed(db, full["session"])
    committees.update_committee(db, full["committee"], {"name": "Otro nombre del comité"})
    acta = acta_loader.load_acta(db, full["session"])
    assert acta == signed_content and acta.committee_name != "Otro nombre del comité"
    assert sessions.get_session(db, full["session"])["acta_fingerprint"] == acta.fingerprint
    assert acta_loader.load_acta(db, full["session"], live=True).committee_name == \
        "Otro nombre del comité"


def walk_to_signed(db, session_id):
    from db.domain import signatures
    from tests.db.factories import SCANNED_PDF

    signatures.sign_wet(db, session_id, [("firmada.pdf", SCANNED_PDF)],
                        acta_loader.load_acta(db, session_id))


@pytest.mark.parametrize("ref", ["CDRPETI-UCA-SO-2", "cdrpeti-uca-so-2", " CDRPETI-UCA-SO-2 "])
def test_find_a_session_by_reference(db, full, ref):
    assert acta_loader.find_session(db, ref)["id"] == full["session"]
    assert acta_loader.find_session(db, full["session"])["id"] == full["session"]


@pytest.mark.parametrize(("ref", "message"), [
    ("CDRPETI-UCA-SO-99", "El comité CDRPETI-UCA no tiene la sesión ordinaria N° 99."),
    ("NADA-SO-1", "No existe un comité con las siglas «NADA»."),
    ("CDRPETI-UCA-12", "«CDRPETI-UCA-12» no es una referencia de sesión válida."),
])
def test_unknown_references_are_explained(db, full, ref, message):
    with pytest.raises(NotFoundError) as info:
        acta_loader.find_session(db, ref)
    assert info.value.message.startswith(message)


def test_the_institution_names_of_the_catalogue_are_used(db, full):
    acta = acta_loader.load_acta(db, full["session"])
    mimp = next(i for i in catalog.institutions(db) if i["acronym"] == "MIMP")
    assert acta.signatories[2].entity_name == mimp["name"]
