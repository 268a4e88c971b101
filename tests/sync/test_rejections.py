"""Changes headquarters refuses, end to end: a row whose insert was refused exists only on
the device until it is corrected (then it travels whole, with the rows that depend on it),
or retried, or deleted; refused edits of rows headquarters holds show its values again; and
a device holding another region's data sets those changes aside instead of being stuck."""

from __future__ import annotations

import json

import pytest

from contract.protocol import PushRequest
from db.domain import agreements, sessions
from db.storage import records
from devicesync import inbox
from devicesync.client import KEPT_LOCAL, push_body
from devicesync.transport import SyncError
from tests.sync.conftest import assert_converged, make_committee, make_session, sync
from tests.sync.test_files_and_locks import sign


def pending_ops(db) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in db.execute(
        "SELECT table_name, row_id, op FROM change_log ORDER BY seq").fetchall()]


def two_devices_with_the_same_session_number(hq, tmp_path):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    committee = make_committee(first)
    sync(first)
    second = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    sync(second)
    mine = make_session(first, committee, "2025-05-05")  # both «ordinaria N.º 1»
    theirs = make_session(second, committee, "2025-05-06")
    return first, second, mine, theirs


def test_a_refused_session_travels_again_with_what_depends_on_it(hq, tmp_path):
    first, second, mine, theirs = two_devices_with_the_same_session_number(hq, tmp_path)
    agreement = agreements.create_agreement(second, theirs, "Elaborar el diagnóstico.")
    sync(first)
    with pytest.raises(SyncError, match="existe solo en este equipo"):
        sync(second)
    refused = {r["table_name"]: r for r in inbox.rejections(second)}
    assert set(refused) == {"sessions", "agreements"}
    assert refused["agreements"]["reason"].startswith(
        "El registro al que se refiere (Sesión ")
    assert all(r["local_only"] for r in refused.values())
    # An agreement added before the fix waits behind its session in the log.
    later = agreements.create_agreement(second, theirs, "Convocar a los sectores.")
    sessions.update_session(second, theirs, {"number": 2})
    assert pending_ops(second) == [("sessions", theirs, "insert"),
                                   ("agreements", later, "insert"),
                                   ("agreements", agreement, "insert")]
    assert inbox.rejections(second) == []
    assert len(inbox.rejections(second, include_dismissed=True)) == 2
    report = sync(second)
    assert (report.pushed, report.applied, report.rejected) == (3, 3, 0)
    sync(first)
    assert_converged(first, second)
    assert records.get(first, "agreements", agreement)["session_id"] == theirs


def test_a_refused_insert_can_be_retried_as_it_is(hq, tmp_path):
    first, second, mine, theirs = two_devices_with_the_same_session_number(hq, tmp_path)
    sync(first)
    with pytest.raises(SyncError):
        sync(second)
    (refused,) = inbox.rejections(second)
    # The first device withdraws its session; the laptop's can go as it is.
    sessions.delete_session(first, mine)
    sync(first)
    inbox.retry_rejected(second, refused["id"])
    assert pending_ops(second) == [("sessions", theirs, "insert")]
    report = sync(second)
    assert (report.applied, report.rejected) == (1, 0)
    sync(first)
    assert_converged(first, second)
    assert [r["hint"] for r in inbox.rejections(second, include_dismissed=True)] == [
        inbox.RETRIED_HINT]


def test_deleting_a_row_that_exists_only_here_sends_nothing(hq, tmp_path):
    first, second, mine, theirs = two_devices_with_the_same_session_number(hq, tmp_path)
    sync(first)
    with pytest.raises(SyncError):
        sync(second)
    sessions.delete_session(second, theirs)
    assert pending_ops(second) == []
    assert inbox.rejections(second) == []  # settled by the deletion
    assert sync(second).pulled == 1  # the first device's session fits now
    assert records.get(second, "sessions", mine)["number"] == 1
    # Restoring it would send it whole again (and headquarters would refuse it again).
    sessions.update_session(first, mine, {"number": 3})
    sync(first)
    sync(second)
    records.undelete(second, "sessions", theirs)
    assert pending_ops(second) == [("sessions", theirs, "insert")]
    assert sync(second).applied == 1
    sync(first)
    assert_converged(first, second)


def test_a_device_with_another_regions_committee_is_not_stuck(hq, tmp_path):
    device = hq.device(tmp_path / "cusco.sqlite", "PE-CUS")
    own = make_committee(device, region="PE-CUS", acronym="CDRPETI CUSCO")
    foreign = make_committee(device, region="PE-UCA", acronym="AJENO")
    make_session(device, foreign)
    own_session = make_session(device, own)
    report = sync(device)
    # The foreign committee is refused (403, then set aside); its session is refused
    # because its committee is not there; everything of Cusco's own goes.
    assert (report.pushed, report.applied, report.rejected) == (4, 2, 2)
    assert records.pending_changes(device) == 0
    refused = {r["table_name"]: r for r in inbox.rejections(device)}
    assert refused["committees"]["row_id"] == foreign
    assert refused["committees"]["reason"] == (
        f"No tiene permiso sobre los datos de otra región: Comité {foreign} pertenece a otra "
        "región. Este equipo solo puede enviar datos de los comités de su región: el cambio "
        "quedó solo en este equipo y no se volverá a enviar.")
    assert refused["sessions"]["reason"].startswith("El registro al que pertenece (Comité ")
    assert sync(device).pushed == 0
    other = hq.device(tmp_path / "cusco-2.sqlite", "PE-CUS")
    sync(other)
    assert records.get(other, "sessions", own_session)["committee_id"] == own
    assert not other.execute("SELECT 1 FROM committees WHERE id = ?", [foreign]).fetchone()


def test_values_that_would_clash_here_are_kept_aside_with_a_note(hq, tmp_path):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    committee = make_committee(first)
    signed = make_session(first, committee)
    sync(first)
    second = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    sync(second)
    sign(first, signed)
    sync(first)
    # The laptop, not knowing it was signed, deletes it and takes its number.
    sessions.delete_session(second, signed)
    replacement = make_session(second, committee, "2025-04-01")
    assert records.get(second, "sessions", replacement)["number"] == 1
    report = sync(second)
    assert report.rejected == 2
    refused = {r["row_id"]: r for r in inbox.rejections(second)}
    # Headquarters keeps the signed session live; showing it again here would repeat N.º 1.
    assert refused[signed]["reason"].endswith(KEPT_LOCAL)
    assert records.get(second, "sessions", signed)["deleted_at"] is not None
    assert refused[replacement]["local_only"]
    # The secretary renumbers the new one and restores the signed one: all converge.
    sessions.update_session(second, replacement, {"number": 2})
    records.undelete(second, "sessions", signed)
    sync(second)
    sync(first)
    assert_converged(first, second)


def test_the_push_body_splices_the_logged_fields():
    rows = [{"seq": 1, "op_id": "a", "table_name": "sessions", "row_id": 'r"1',
             "op": "update", "fields": '{"venue":"Sala \\"A\\"","number":2}',
             "changed_at": "2025-03-01T10:00:00.000Z"}]
    body = json.loads(push_body(7, rows))
    assert body == {"cursor": 7, "operations": [{
        "op_id": "a", "table": "sessions", "row_id": 'r"1', "op": "update",
        "changed_at": "2025-03-01T10:00:00.000Z",
        "fields": {"venue": 'Sala "A"', "number": 2}}]}
    PushRequest.model_validate(body)
    with pytest.raises(SyncError, match="n.º 1 del registro de cambios"):
        push_body(0, [{**rows[0], "fields": "no es json"}])
