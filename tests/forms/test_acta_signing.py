"""The signature workflow end to end: a real SQLite file, real PDFs, real pyHanko signatures
with certificates made in the test."""

from __future__ import annotations

import pytest

from db.domain import attachments, sessions, signatures
from db.errors import ValidationError
from forms import acta_signing
from forms.signing import SigningError
from forms.trust import TrustRoots
from tests.db.factories import make_full_session, pending_signatures, snapshot
from tests.support.pki import build_pki

PRESIDENCY, SECRETARIAT = "Firma Presidencia GORE", "Firma Secretaria Tecnica DRTPE"


@pytest.fixture(scope="module")
def pki():
    return build_pki()


@pytest.fixture
def trust(pki, tmp_path):
    path = tmp_path / "ca.pem"
    path.write_bytes(pki.ca_pem)
    return TrustRoots.load([path], folders=[])


@pytest.fixture
def approved(db):
    full = make_full_session(db)
    signatures.approve(db, full["session"], full["session"])
    return full


def test_prepare_sign_in_turn_and_conclude(db, approved, pki, trust):
    session_id = approved["session"]
    acta_signing.prepare_for_signature(db, session_id)
    assert pending_signatures(db, session_id) == 5
    reports = acta_signing.sign_field(db, session_id, PRESIDENCY, pki.ana.p12,
                                      pki.ana.password, trust)
    assert [(r.field_name, r.signer_name, r.trusted) for r in reports] == [
        (PRESIDENCY, "Ana Pérez Quispe", True)]
    reports = acta_signing.sign_field(db, session_id, SECRETARIAT, pki.luis.p12,
                                      pki.luis.password, trust)
    assert len(reports) == 2 and not any(r.broken for r in reports)
    assert reports[0].later_revisions and not reports[0].modified_after
    assert sessions.get_session(db, session_id)["state"] == "acta_aprobada"

    acta_signing.finish_with_signatures_so_far(db, session_id, trust)
    session = sessions.get_session(db, session_id)
    assert (session["state"], session["signature_mode"]) == ("acta_firmada", "digital")
    [signed] = signatures.signed_files(db, session_id)
    assert signed["purpose"] == "acta_firmada_digital"
    stored = signatures.stored_reports(signed)
    assert [r["signer_name"] for r in stored] == ["Ana Pérez Quispe", "Luis Huamán Rojas"]
    again = acta_signing.revalidate(db, signed["id"], trust)
    assert all(r.intact and r.trusted for r in again)


def test_concluding_needs_the_president_and_the_secretary(db, approved, pki, trust):
    session_id = approved["session"]
    acta_signing.prepare_for_signature(db, session_id)
    acta_signing.sign_field(db, session_id, "Firma Titular MIMP", pki.ana.p12,
                            pki.ana.password, trust)
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        acta_signing.finish_with_signatures_so_far(db, session_id, trust)
    assert "Faltan las firmas obligatorias de: " + PRESIDENCY in info.value.message
    assert snapshot(db) == before


def test_content_changed_after_preparing_cannot_be_signed_or_concluded(db, approved, pki,
                                                                       trust):
    session_id = approved["session"]
    acta_signing.prepare_for_signature(db, session_id)
    for field, who in ((PRESIDENCY, pki.ana), (SECRETARIAT, pki.luis)):
        acta_signing.sign_field(db, session_id, field, who.p12, who.password, trust)
    sessions.update_session(db, session_id, {"venue": "Otra sede"})
    before = snapshot(db)
    with pytest.raises(ValidationError, match="no corresponde al contenido actual"):
        acta_signing.sign_field(db, session_id, "Firma Titular MIMP", pki.ana.p12,
                                pki.ana.password, trust)
    with pytest.raises(ValidationError, match="no corresponde al contenido actual"):
        acta_signing.finish_with_signatures_so_far(db, session_id, trust)
    assert snapshot(db) == before
    assert sessions.get_session(db, session_id)["state"] == "acta_aprobada"


@pytest.mark.parametrize(("who", "password", "message"), [
    ("ana", "equivocada", "La contraseña del certificado no es correcta."),
    ("expired", None, "venció"),
])
def test_a_bad_certificate_changes_nothing(db, approved, pki, trust, who, password, message):
    session_id = approved["session"]
    acta_signing.prepare_for_signature(db, session_id)
    identity = getattr(pki, who)
    before = snapshot(db)
    with pytest.raises(SigningError, match=message):
        acta_signing.sign_field(db, session_id, PRESIDENCY, identity.p12,
                                password or identity.password, trust)
    assert snapshot(db) == before


def test_a_pdf_signed_elsewhere_is_validated_and_attached(db, approved, pki, trust, tmp_path):
    session_id = approved["session"]
    acta_signing.prepare_for_signature(db, session_id)
    acta_signing.sign_field(db, session_id, PRESIDENCY, pki.ana.p12, pki.ana.password, trust)
    # Take the partly signed file out, as if it went round the national platform.
    exported = tmp_path / "acta-firmada-plataforma.pdf"
    exported.write_bytes(attachments.content(db, signatures.working_copy(db, session_id)["id"]))

    tampered = bytearray(exported.read_bytes())
    tampered[tampered.index(b"stream", 1500) + 30] ^= 0x01
    broken = tmp_path / "alterada.pdf"
    broken.write_bytes(bytes(tampered))
    before = snapshot(db)
    with pytest.raises(SigningError, match="firmas no válidas") as info:
        acta_signing.attach_signed_pdf(db, session_id, broken, trust)
    assert PRESIDENCY in info.value.message
    assert snapshot(db) == before

    reports = acta_signing.attach_signed_pdf(db, session_id, exported, trust)
    assert [r.signer_name for r in reports] == ["Ana Pérez Quispe"]
    session = sessions.get_session(db, session_id)
    assert (session["state"], session["signature_mode"]) == ("acta_firmada", "digital")


def test_an_unsigned_pdf_is_not_a_digitally_signed_acta(db, approved, tmp_path, trust):
    from forms.documents import Kind, build

    plain = tmp_path / "acta.pdf"
    build(db, Kind.ACTA, approved["session"], plain)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="no contiene firmas digitales"):
        acta_signing.attach_signed_pdf(db, approved["session"], plain, trust)
    assert snapshot(db) == before


def test_scans_of_the_wet_signature(db, approved, tmp_path):
    from tests.db.factories import SCANNED_PDF

    scan = tmp_path / "escaneo.pdf"
    scan.write_bytes(SCANNED_PDF)
    word = tmp_path / "acta.docx"
    word.write_bytes(b"PK\x03\x04 documento de Word")
    before = snapshot(db)
    with pytest.raises(ValidationError, match="«acta.docx» no es un PDF ni una imagen"):
        acta_signing.attach_scans(db, approved["session"], [scan, word])
    assert snapshot(db) == before
    acta_signing.attach_scans(db, approved["session"], [scan])
    assert sessions.get_session(db, approved["session"])["signature_mode"] == "fisica"


def test_preparing_needs_signatories(db):
    full = make_full_session(db, attendance=False)
    signatures.approve(db, full["session"], full["session"])
    with pytest.raises(ValidationError, match="no tiene firmantes"):
        acta_signing.prepare_for_signature(db, full["session"])
