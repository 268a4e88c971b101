"""Issue 12 at headquarters: a signed acta is immutable whatever a device sends.

Each attack runs on SQLite and PostgreSQL (``database_url``) and through an online push and
an offline bundle (``channel``). Each checks the refusal, with the Spanish reason of
``contract.acta_ownership``, and that headquarters kept everything as it was: row counts
of every table (the feed among them), the blob store's bytes and the acta's stored rows.
Only the refusals' answers are recorded (a replay gets them again).
"""

from __future__ import annotations

from contract.acta_ownership import LOCKED_MESSAGE, SIGNED_FILE_MESSAGE
from tests.security.support import (
    FORGED,
    SCAN,
    assert_refused,
    blob_files,
    sha256,
    sign_acta,
    state,
)
from tests.server.support import delete, insert, undelete, update


def test_the_signed_file_cannot_be_replaced(channel):
    acta = sign_acta(channel)
    before = state(channel, acta)
    results = channel.send([
        update("attachments", acta.file_id, sha256=sha256(FORGED), size=len(FORGED)),
        update("attachments", acta.file_id, file_name="acta-corregida.pdf"),
        update("attachments", acta.file_id, purpose="anexo"),
        # A re-validation (open) does not carry a new hash through with it.
        update("attachments", acta.file_id, sha256=sha256(FORGED),
               validated_at="2025-03-05T10:00:00.000Z"),
        # Nor can the file leave the signed acta for another session.
        update("attachments", acta.file_id, session_id=acta.later_session_id),
    ], (FORGED,))
    assert_refused(channel, acta, before, results, SIGNED_FILE_MESSAGE)
    assert results[0].server_values == {"sha256": sha256(SCAN), "size": len(SCAN)}, \
        "the device is told which file headquarters keeps"
    assert sha256(FORGED) not in blob_files(channel.settings)


def test_the_signed_file_cannot_be_deleted(channel):
    acta = sign_acta(channel)
    before = state(channel, acta)
    results = channel.send([delete("attachments", acta.file_id)])
    assert_refused(channel, acta, before, results, SIGNED_FILE_MESSAGE)
    assert results[0].server_values == {"deleted_at": None}


def test_no_file_joins_a_signed_acta(channel):
    acta = sign_acta(channel)
    before = state(channel, acta)
    attach = {"committee_id": acta.committee_id, "session_id": acta.session_id,
              "mime_type": "application/pdf", "size": len(FORGED), "sha256": sha256(FORGED)}
    results = channel.send([
        insert("attachments", purpose="acta_firmada_fisica", file_name="firmada-2.pdf",
               **attach),
        insert("attachments", purpose="acta_firmada_digital", file_name="firmada.pdf",
               **attach),
        insert("attachments", purpose="anexo", file_name="anexo.pdf", **attach),
    ], (FORGED,))
    assert_refused(channel, acta, before, results, LOCKED_MESSAGE)
    assert sha256(FORGED) not in blob_files(channel.settings)


def test_no_follow_up_is_recorded_at_a_signed_session(channel):
    acta = sign_acta(channel)
    elsewhere = insert("agreement_followups", agreement_id=acta.agreement_id,
                       session_id=acta.later_session_id, noted_on="2025-03-20",
                       body="La DRTPE presentó el avance.")
    assert channel.send([elsewhere])[0].outcome == "applied"
    before = state(channel, acta)
    results = channel.send([
        insert("agreement_followups", agreement_id=acta.agreement_id,
               session_id=acta.session_id, noted_on="2025-03-02", body="Agregado después."),
        update("agreement_followups", acta.followup_id, body="Cambiado después."),
        delete("agreement_followups", acta.followup_id),
        # A follow-up of another session cannot move into the signed one either.
        update("agreement_followups", elsewhere["row_id"], session_id=acta.session_id),
    ])
    assert_refused(channel, acta, before, results, LOCKED_MESSAGE)
    assert channel.hq.record("agreement_followups", elsewhere["row_id"]) \
        .data["session_id"] == acta.later_session_id


def test_rows_the_acta_owns_are_locked(channel):
    acta = sign_acta(channel)
    before = state(channel, acta)
    results = channel.send([
        insert("invitees", session_id=acta.session_id, person_name="Luis Paredes"),
        update("invitees", acta.invitee_id, person_name="Otra persona"),
        delete("invitees", acta.invitee_id),
        update("agreements", acta.agreement_id, text="Otro acuerdo"),
        update("sessions", acta.session_id, venue="Otra sala"),
        update("sessions", acta.session_id, state="acta_aprobada"),
    ])
    assert_refused(channel, acta, before, results, LOCKED_MESSAGE)


def test_what_stays_open_after_signing(channel):
    """The lock is exact: later follow-ups, an agreement's state, a re-validation of the
    signed file and a fe de erratas still arrive, and a delete headquarters already holds
    is answered without a refusal."""
    acta = sign_acta(channel)
    elsewhere = insert("agreement_followups", agreement_id=acta.agreement_id,
                       session_id=acta.later_session_id, noted_on="2025-03-20",
                       state_after="cumplido")
    results = channel.send([
        elsewhere,
        update("agreements", acta.agreement_id, state="cumplido"),
        update("attachments", acta.file_id, signatures="[]",
               validated_at="2025-03-21T10:00:00.000Z"),
        insert("errata", session_id=acta.session_id, number=1, noted_on="2025-03-21",
               body="Donde dice «Sala 1» debe decir «Sala 2»."),
        insert("invitees", session_id=acta.later_session_id, person_name="Luis Paredes"),
    ])
    assert [r.outcome for r in results] == ["applied"] * len(results), results
    assert channel.hq.record("agreements", acta.agreement_id).data["state"] == "cumplido"
    assert channel.hq.record("attachments", acta.file_id).data["sha256"] == sha256(SCAN)
    # A change mixing an open field with locked ones applies the open one only.
    mixed = channel.send([update("agreements", acta.agreement_id, state="en_proceso",
                                 text="Otro acuerdo")])[0]
    assert mixed.outcome == "conflict" and "«estado»" in mixed.reason
    stored = channel.hq.record("agreements", acta.agreement_id).data
    assert (stored["state"], stored["text"]) == ("en_proceso", "Elaborar el diagnóstico regional.")


def test_a_replayed_delete_of_a_deleted_row_is_not_a_refusal(channel):
    """Two devices removed the same invitee before the signing: the second delete
    arrives after it and changes nothing, so it is answered «applied», not refused."""
    acta = sign_acta(channel)
    removed = insert("invitees", session_id=acta.later_session_id, person_name="Eva Soto")
    assert channel.send([removed, delete("invitees", removed["row_id"])])[0].outcome \
        == "applied"
    channel.send([update("sessions", acta.later_session_id, state="acta_firmada")])
    results = channel.send([delete("invitees", removed["row_id"])])
    assert results[0].outcome == "applied"
    refused = channel.send([undelete("invitees", removed["row_id"])])[0]
    assert (refused.outcome, refused.reason) == ("rejected", LOCKED_MESSAGE)
