"""Approval, the wet-signature path, the lock after signing, annexes, logos and erratas."""

import pytest

from db.documents import acta_loader
from db.domain import agreements, attachments, minutes, sessions, signatures
from db.errors import LockedRecordError, NotFoundError, ValidationError
from db.storage import blobs
from tests.db.factories import SCANNED_PDF, make_full_session, snapshot, walk_to

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # magic bytes are what is checked


@pytest.fixture
def full(db):
    return make_full_session(db)


def sign_by_hand(db, session_id, files=(("acta-firmada.pdf", SCANNED_PDF),)):
    return signatures.sign_wet(db, session_id, list(files),
                               acta_loader.load_acta(db, session_id))


def test_approve_in_the_same_or_a_later_session(db, full):
    later = sessions.create_session(db, full["committee"], date="2020-03-05")
    sessions.set_state(db, later, "realizada")
    candidates = [s["id"] for s in signatures.approval_candidates(db, full["session"])]
    assert candidates == [full["session"], later]
    assert full["earlier"] not in candidates
    signatures.approve(db, full["session"], later)
    row = sessions.get_session(db, full["session"])
    assert (row["state"], row["approved_in_session_id"]) == ("acta_aprobada", later)


def test_an_earlier_session_cannot_approve(db, full):
    sessions.set_state(db, full["earlier"], "realizada")
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        signatures.approve(db, full["session"], full["earlier"])
    assert "misma sesión o en una sesión posterior" in info.value.message
    assert snapshot(db) == before


def test_wet_signature_stores_the_scan_and_locks_the_session(db, full):
    walk_to(db, full["session"], "acta_aprobada")
    content = acta_loader.load_acta(db, full["session"])
    ids = sign_by_hand(db, full["session"], [("hoja1.png", PNG), ("hoja2.pdf", SCANNED_PDF)])
    row = sessions.get_session(db, full["session"])
    assert row["state"] == "acta_firmada" and row["signature_mode"] == "fisica"
    assert row["acta_fingerprint"] == content.fingerprint
    stored = [attachments.content(db, i) for i in ids]
    assert stored == [PNG, SCANNED_PDF]
    files = signatures.signed_files(db, full["session"])
    assert [f["mime_type"] for f in files] == ["image/png", "application/pdf"]
    assert files[0]["sha256"] == blobs.sha256_hex(PNG)
    with pytest.raises(LockedRecordError):
        sessions.update_session(db, full["session"], {"venue": "Otra sede"})


@pytest.mark.parametrize(("name", "data"), [
    ("acta.docx", b"PK\x03\x04 word document"),
    ("acta.pdf", b"esto no es un pdf"),
    ("vacio.pdf", b""),
])
def test_a_scan_that_is_not_a_pdf_or_image_is_refused(db, full, name, data):
    walk_to(db, full["session"], "acta_aprobada")
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sign_by_hand(db, full["session"], [("buena.pdf", SCANNED_PDF), (name, data)])
    assert name in info.value.message
    assert snapshot(db) == before
    assert db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    assert sessions.get_session(db, full["session"])["state"] == "acta_aprobada"


def test_only_an_approved_acta_can_be_signed(db, full):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sign_by_hand(db, full["session"])
    assert "Solo se puede firmar un acta aprobada" in info.value.message
    assert snapshot(db) == before


def test_a_signed_acta_cannot_be_signed_again_or_reopened(db, full):
    walk_to(db, full["session"], "acta_firmada")
    before = snapshot(db)
    with pytest.raises(ValidationError, match="ya está firmada"):
        sign_by_hand(db, full["session"])
    with pytest.raises(ValidationError):
        sessions.set_state(db, full["session"], "acta_aprobada")
    with pytest.raises(LockedRecordError):
        signatures.approve(db, full["session"], full["session"])
    assert snapshot(db) == before


@pytest.mark.parametrize("write", [
    lambda db, f: attachments.add_annex(db, f["session"], "anexo.pdf", SCANNED_PDF),
    lambda db, f: minutes.add(db, "reports", f["session"], title="Tarde"),
    lambda db, f: agreements.create_agreement(db, f["session"], "Acuerdo tardío"),
    lambda db, f: sessions.set_attendance(db, f["session"], f["seats"]["MINEDU"], "titular"),
], ids=["annex", "report", "agreement", "attendance"])
def test_the_data_layer_refuses_writes_to_a_signed_session(db, full, write):
    walk_to(db, full["session"], "acta_firmada")
    before = snapshot(db)
    with pytest.raises(LockedRecordError):
        write(db, full)
    assert snapshot(db) == before


def test_annexes_are_listed_in_the_acta_and_can_be_removed_and_restored(db, full):
    annex = attachments.add_annex(db, full["session"], "plan-2020.pdf", SCANNED_PDF)
    assert acta_loader.load_acta(db, full["session"]).annexes == ["plan-2020.pdf"]
    attachments.remove_annex(db, annex)
    assert acta_loader.load_acta(db, full["session"]).annexes == []
    attachments.restore_annex(db, annex)
    assert acta_loader.load_acta(db, full["session"]).annexes == ["plan-2020.pdf"]


def test_a_logo_must_be_an_image(db, full):
    before = snapshot(db)
    with pytest.raises(ValidationError, match="no es una imagen"):
        attachments.set_logo(db, full["committee"], "logo.pdf", SCANNED_PDF)
    assert snapshot(db) == before
    attachments.set_logo(db, full["committee"], "logo.png", PNG)
    content = acta_loader.load_acta(db, full["session"])
    assert attachments.logo(db, content.logo_sha256) == PNG


def test_a_damaged_blob_is_reported(db, full):
    annex = attachments.add_annex(db, full["session"], "plan.pdf", SCANNED_PDF)
    digest = blobs.sha256_hex(SCANNED_PDF)
    db.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", [SCANNED_PDF + b"x", digest])
    with pytest.raises(NotFoundError, match="está dañado"):
        attachments.content(db, annex)


def test_errata_only_for_signed_actas_and_numbered(db, full):
    before = snapshot(db)
    with pytest.raises(ValidationError, match="corrige un acta ya firmada"):
        signatures.add_errata(db, full["session"], "2030-01-01", "Corrección")
    assert snapshot(db) == before
    walk_to(db, full["session"], "acta_firmada")
    signed_on = sessions.get_session(db, full["session"])["signed_on"]
    with pytest.raises(ValidationError, match="obligatorio"):
        signatures.add_errata(db, full["session"], signed_on, "  ")
    with pytest.raises(ValidationError, match="anterior a la firma"):
        signatures.add_errata(db, full["session"], "2000-01-01", "Corrección")
    first = signatures.add_errata(db, full["session"], signed_on, "Primera corrección")
    second = signatures.add_errata(db, full["session"], signed_on, "Segunda corrección")
    assert [e["id"] for e in signatures.errata_for(db, full["session"])] == [first, second]
    assert [e["number"] for e in signatures.errata_for(db, full["session"])] == [1, 2]
