"""Issue 12 on the device: each attack on a signed acta is refused with the rule's Spanish
reason, and nothing moves (row counts, change log, blob bytes, the acta's fingerprint).

Item 1 (undo reopens a signed acta), the device half of item 2 (the signed file replaced,
deleted or joined by another) and item 3 (responsibles and follow-ups written at a signed
session); and what the rule keeps open still works."""

from __future__ import annotations

import pytest

from contract.acta_ownership import LOCKED_MESSAGE, SIGNED_FILE_MESSAGE
from db.documents.acta_fingerprint import device_fingerprint
from db.domain import agreements, attachments, sessions, signatures
from db.errors import LockedRecordError
from db.storage import records
from db.storage.connection import transaction
from desktop.operations import Operations
from tests.db.factories import SCANNED_PDF, walk_to
from tests.security.device_support import OTHER_PDF, signed_acta, state


@pytest.fixture
def acta(db):
    return signed_acta(db)


def refused(db, acta, write, message=LOCKED_MESSAGE):
    before = state(db, acta["session"])
    with pytest.raises(LockedRecordError) as info:
        write()
    assert info.value.message == message
    assert state(db, acta["session"]) == before


# 1. Undo reopens a signed acta ----------------------------------------------------------

def test_undo_of_an_invitee_added_before_signing_is_refused(qtbot, db):
    from tests.db.factories import make_full_session

    ids = make_full_session(db)
    ops = Operations(db)
    failures: list[str] = []
    ops.failed.connect(failures.append)
    ops.create("Añadir invitado", lambda: sessions.add_invitee(
        db, ids["session"], "Carla Ruiz", "UNU"), "invitees")
    walk_to(db, ids["session"], "acta_firmada")
    ops.notify({"sessions"})  # what the signing tab's operation announces
    before, index = state(db, ids["session"]), ops.undo_stack.index()
    with qtbot.assertNotEmitted(ops.changed):
        ops.undo_stack.undo()
    assert ops.undo_stack.index() == index
    assert len(failures) == 1 and "«Añadir invitado»" in failures[0]
    assert "se firmó el acta" in failures[0]
    assert state(db, ids["session"]) == before


def test_the_records_level_inverses_are_refused(db, acta):
    refused(db, acta, lambda: records.soft_delete(db, "invitees", acta["invitee"]))
    refused(db, acta, lambda: records.undelete(db, "invitees", acta["removed_invitee"]))
    refused(db, acta, lambda: sessions.remove_invitee(db, acta["invitee"]))
    refused(db, acta, lambda: sessions.restore_invitee(db, acta["removed_invitee"]))
    refused(db, acta, lambda: attachments.restore_annex(db, acta["removed_annex"]))
    refused(db, acta, lambda: records.undelete(db, "agreements", acta["agreements"][0]))


# 2. The signed file itself (device half) ------------------------------------------------

def test_the_signed_file_cannot_be_replaced(db, acta):
    refused(db, acta, lambda: attachments.replace_content(db, acta["signed_file"], OTHER_PDF),
            SIGNED_FILE_MESSAGE)
    refused(db, acta, lambda: records.update(db, "attachments", acta["signed_file"],
                                             {"sha256": "0" * 64}), SIGNED_FILE_MESSAGE)
    assert attachments.content(db, acta["signed_file"]) == SCANNED_PDF


def test_the_signed_file_cannot_be_deleted(db, acta):
    refused(db, acta, lambda: records.soft_delete(db, "attachments", acta["signed_file"]),
            SIGNED_FILE_MESSAGE)
    refused(db, acta, lambda: records.log_again(db, "attachments", acta["signed_file"],
                                                "delete", {"deleted_at": "2099-01-01"}),
            SIGNED_FILE_MESSAGE)


def test_no_second_signed_file_nor_annex_arrives_after_signing(db, acta):
    for purpose in ("acta_firmada_fisica", "acta_firmada_digital", "anexo"):
        refused(db, acta, lambda p=purpose: attachments.add(
            db, acta["committee"], acta["session"], p, "otra.pdf", OTHER_PDF))


# 3. Other writes that reached a signed acta ---------------------------------------------

def test_add_responsible_is_refused(db, acta):
    refused(db, acta, lambda: agreements.add_responsible(db, acta["agreements"][1],
                                                         acta["minedu"]))


def test_a_followup_recorded_at_the_signed_session_is_refused(db, acta):
    refused(db, acta, lambda: agreements.add_followup(
        db, acta["open_agreement"], "2020-01-16", "Informe tardío",
        session_id=acta["session"]))
    refused(db, acta, lambda: agreements.update_followup(
        db, acta["followup_here"], {"body": "Otro texto"}))


# What stays open ---------------------------------------------------------------------------

def test_what_the_rule_keeps_open_still_works(db, acta):
    before = device_fingerprint(db, acta["session"])
    agreement = acta["agreements"][0]
    followup = agreements.add_followup(db, agreement, "2099-02-20", "Avance del 80 %.",
                                       session_id=acta["later"], state_after="en_proceso")
    assert records.get(db, "agreement_followups", followup)["session_id"] == acta["later"]
    assert records.get(db, "agreements", agreement)["state"] == "en_proceso"
    agreements.update_agreement(db, agreement, {"state": "cumplido"})
    assert records.get(db, "agreements", agreement)["state"] == "cumplido"
    signatures.update_validation(db, acta["signed_file"], "[]")
    second = signatures.add_errata(db, acta["session"], "2099-03-01", "Otra corrección.")
    assert [e["id"] for e in signatures.errata_for(db, acta["session"])][-1] == second
    assert device_fingerprint(db, acta["session"]) == before


def test_taking_back_a_delete_headquarters_refused_is_not_a_change(db, acta):
    """A row deleted here but kept by headquarters (its delete was refused there) is put
    back as headquarters holds it: allowed, nothing sent, the refusal settled."""
    from devicesync import inbox as sync_inbox

    row = records.get(db, "invitees", acta["removed_invitee"])
    sync_inbox.record_rejection(db, records.new_id(), "invitees", row["id"], "delete",
                                f'{{"deleted_at": "{row["deleted_at"]}"}}', "Acta firmada.")
    log_before = records.pending_changes(db)
    records.undelete(db, "invitees", row["id"])
    assert records.get(db, "invitees", row["id"])["deleted_at"] is None
    assert records.pending_changes(db) == log_before
    assert sync_inbox.rejections(db) == []


def test_a_row_headquarters_refused_because_the_acta_was_signed_can_be_removed(db, acta):
    """An invitee added here while another device signed the acta: headquarters refused its
    insert as locked, and the refusal tells the secretary to remove it. Removing it is
    allowed (it is part of no signed acta but this device's copy); nothing is sent. A
    local-only row refused for any other reason stays locked like the rest of the acta."""
    from devicesync import inbox as sync_inbox

    late, other = ({"session_id": acta["session"], "person_name": name, "entity": "MINSA",
                    "position": 9} for name in ("Invitada tardía", "Invitado duplicado"))
    with transaction(db):  # as the device held them before learning of the signing
        late_id, other_id = records.new_id(), records.new_id()
        for row_id, row in ((late_id, late), (other_id, other)):
            records.apply_remote(db, "invitees", row_id, "insert", row)
    sync_inbox.record_rejection(db, records.new_id(), "invitees", late_id, "insert", "{}",
                                LOCKED_MESSAGE)
    sync_inbox.record_rejection(db, records.new_id(), "invitees", other_id, "insert", "{}",
                                "Ya existe otro registro igual en la sede central.")
    log_before = records.pending_changes(db)

    records.soft_delete(db, "invitees", late_id)
    assert records.get(db, "invitees", late_id)["deleted_at"] is not None
    assert records.pending_changes(db) == log_before  # headquarters never had it
    assert [r["row_id"] for r in sync_inbox.rejections(db)] == [other_id]

    before = state(db, acta["session"])
    with pytest.raises(LockedRecordError):
        records.soft_delete(db, "invitees", other_id)
    assert state(db, acta["session"]) == before
