"""What ``test_lock_property`` found at headquarters, one case each, on SQLite and PostgreSQL.

1. A locked field another device changed since the sender's cursor came back as a mere
   «conflict» (which a device may settle in its own favour), not as the lock's rejection.
2. A signing whose state another device changed first (its approval of the same acta) was
   half applied: the signing date and fingerprint landed on a session that stayed
   «aprobada». It is now rejected whole.
3. A device that signed without having received another device's change to the acta got
   its signing applied over rows it never saw; its own copy then changed when it pulled
   them. Such a signing is now rejected whole, and the device signs again.
"""

from __future__ import annotations

from contract.acta_ownership import LOCKED_MESSAGE
from server.sync.apply import SIGNING_HELD_BACK
from server.sync.scope import SIGNED_PARTIAL_REASON
from tests.security.support import Channel, sign_acta
from tests.server.support import UCAYALI, agreement, committee, insert, session, update

SIGNING = {"state": "acta_firmada", "signature_mode": "fisica", "signed_on": "2025-03-01",
           "acta_fingerprint": "f" * 64}


def test_a_locked_field_another_device_changed_is_rejected_not_a_conflict(
        hq, settings, tmp_path):
    acta = sign_acta(Channel("push", hq, settings, tmp_path))
    other = hq.enroll(UCAYALI, "Equipo alterado")  # cursor 0: it saw nothing of the acta
    before = hq.counts()
    result = other.push_one(update("invitees", acta.invitee_id, person_name="Otra persona"))
    assert (result.outcome, result.reason) == ("rejected", LOCKED_MESSAGE)
    assert result.server_values == {"person_name": "Ana Ríos Vela"}
    # Nothing of an edit applies if its open fields were changed by another device too.
    mixed = update("agreements", acta.agreement_id, text="Otro texto", state="cumplido")
    refused = other.push_one(mixed)
    assert (refused.outcome, refused.reason) == ("rejected", LOCKED_MESSAGE)
    # Once up to date, an open field goes through beside it; the locked one is named.
    _, cursor = other.pull_all()
    mixed = other.push_one(update("agreements", acta.agreement_id, text="Otro texto",
                                  state="cumplido"), cursor)
    assert mixed.outcome == "conflict"
    assert mixed.reason == SIGNED_PARTIAL_REASON.format(open="«estado»")
    assert mixed.server_values == {"text": "Elaborar el diagnóstico regional."}
    stored = hq.record("agreements", acta.agreement_id).data
    assert (stored["text"], stored["state"]) == ("Elaborar el diagnóstico regional.",
                                                 "cumplido")
    assert hq.counts()["records"] == before["records"]


def two_devices_with_an_approved_acta(hq):
    first, second = hq.enroll(UCAYALI, "Laptop A"), hq.enroll(UCAYALI, "Laptop B")
    c = committee(UCAYALI)
    s = session(c["row_id"], state="realizada")
    invitee = insert("invitees", session_id=s["row_id"], person_name="Rosa Ticona")
    answers = first.push([c, s, invitee])
    assert [r.outcome for r in answers.results] == ["applied"] * 3
    _, cursor = second.pull_all()
    return first, second, s["row_id"], invitee["row_id"], cursor


def test_a_signing_whose_state_another_device_changed_is_rejected_whole(hq):
    first, second, sid, _invitee, cursor = two_devices_with_an_approved_acta(hq)
    assert second.push_one(update("sessions", sid, state="acta_aprobada"),
                           cursor).outcome == "applied"
    # The first device approved and signed offline, before receiving that approval.
    before = hq.counts()
    answers = first.push([update("sessions", sid, state="acta_aprobada"),
                          update("sessions", sid, **SIGNING)], cursor)
    assert answers.results[1].outcome == "rejected"
    assert answers.results[1].reason == SIGNING_HELD_BACK
    stored = hq.record("sessions", sid).data
    assert stored["state"] == "acta_aprobada" and "signed_on" not in stored
    assert answers.results[1].server_values["state"] == "acta_aprobada"
    assert hq.counts()["feed"] == before["feed"], "nothing of the signing was written"


def test_a_signing_over_a_change_the_signer_never_received_is_rejected(hq):
    first, second, sid, invitee, cursor = two_devices_with_an_approved_acta(hq)
    assert first.push_one(update("sessions", sid, state="acta_aprobada"),
                          cursor).outcome == "applied"
    _, cursor_b = second.pull_all(cursor)
    # The first device edits the acta; the second signs it without having received that.
    assert first.push_one(update("invitees", invitee, job_title="Docente"),
                          cursor_b).outcome == "applied"
    result = second.push_one(update("sessions", sid, **SIGNING), cursor_b)
    assert (result.outcome, result.reason) == ("rejected", SIGNING_HELD_BACK)
    assert hq.record("sessions", sid).data["state"] == "acta_aprobada"
    # Once it has received the change, the same signing goes through.
    _, cursor_b = second.pull_all(cursor_b)
    assert second.push_one(update("sessions", sid, **SIGNING), cursor_b).outcome == "applied"
    assert hq.record("sessions", sid).data["state"] == "acta_firmada"


def test_a_signing_is_not_held_back_by_what_the_acta_does_not_own(hq):
    """Another session's rows, an agreement's state (open) and the signer's own edits."""
    first, second, sid, invitee, cursor = two_devices_with_an_approved_acta(hq)
    c_id = hq.record("sessions", sid).data["committee_id"]
    a = agreement(c_id, sid)
    later = session(c_id, number=2, date="2025-03-20", state="realizada")
    assert [r.outcome for r in first.push([a, later], cursor).results] == ["applied"] * 2
    _, cursor_b = second.pull_all(cursor)
    assert [r.outcome for r in first.push([
        update("agreements", a["row_id"], state="en_proceso"),
        insert("invitees", session_id=later["row_id"], person_name="Otra sesión"),
    ], cursor_b).results] == ["applied"] * 2
    answers = second.push([update("invitees", invitee, job_title="Docente"),
                           update("sessions", sid, state="acta_aprobada"),
                           update("sessions", sid, **SIGNING)], cursor_b)
    assert [r.outcome for r in answers.results] == ["applied"] * 3, answers.results
