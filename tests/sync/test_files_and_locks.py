"""Files travel apart, in resumable chunks, verified by SHA-256; a signed acta is immutable
at headquarters too, and the refused edit shows in the device's rejections."""

from __future__ import annotations

import hashlib
import os

from contract.protocol import BLOB_CHUNK
from db.documents import acta_loader
from db.domain import sessions, signatures
from db.storage import blobs, records
from devicesync import files, identity
from devicesync.inbox import dismiss_rejection, rejections
from devicesync.transport import Transport, load_token
from tests.sync.conftest import assert_converged, make_committee, make_session, sync

# A scan of two and a half chunks: the upload takes three requests.
SCAN = b"%PDF-1.4\n% acta firmada escaneada\n" + os.urandom(BLOB_CHUNK * 2 + BLOB_CHUNK // 2)


def sign(db, session_id: str, scan: bytes = SCAN) -> str:
    sessions.set_state(db, session_id, "realizada")
    signatures.approve(db, session_id, session_id)
    content = acta_loader.load_acta(db, session_id)
    (attachment,) = signatures.sign_wet(db, session_id, [("acta-firmada.pdf", scan)], content)
    return attachment


def transport_for(db) -> Transport:
    enrolled = identity.require_device(db)
    return Transport(enrolled.server_url, load_token(enrolled.device_id))


def test_a_signed_scan_reaches_the_other_device_intact(hq, tmp_path):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    session = make_session(first, make_committee(first))
    attachment = sign(first, session)
    assert sync(first).blobs_up == 1

    second = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    report = sync(second)
    assert report.blobs_down == 1
    row = records.get(second, "attachments", attachment)
    assert row["sha256"] == hashlib.sha256(SCAN).hexdigest()
    assert blobs.get(second, row["sha256"]) == SCAN
    assert sessions.get_session(second, session)["state"] == "acta_firmada"
    assert_converged(first, second)


def test_an_interrupted_upload_resumes_where_it_stopped(hq, tmp_path):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    digest = blobs.put(first, SCAN)
    with transport_for(first) as transport:
        transport.request("PUT", f"/blobs/{digest}", content=SCAN[:BLOB_CHUNK],
                          params={"offset": 0, "size": len(SCAN)})
        assert files.status(transport, digest).received == BLOB_CHUNK
        assert files.upload(first, transport, digest)
        status = files.status(transport, digest)
    assert status.complete and status.size == len(SCAN)


def test_rows_wait_for_their_file_instead_of_arriving_without_it(hq, tmp_path, monkeypatch):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    session = make_session(first, make_committee(first))
    attachment = sign(first, session, b"%PDF-1.4\n% escaneo breve\n")
    # The first device pushes the rows but dies before sending the file. (A context, not
    # ``monkeypatch.undo()``: that would also undo the test keyring's patch.)
    with monkeypatch.context() as patch:
        patch.setattr(files, "upload", lambda *args: False)
        sync(first)

    second = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    report = sync(second)
    assert report.waiting_files == 1
    assert "archivos aún no llegan" in " ".join(report.lines())
    assert not second.execute("SELECT 1 FROM attachments WHERE id = ?", [attachment]).fetchone()
    assert records.pending_changes(second) == 0

    digest = records.get(first, "attachments", attachment)["sha256"]
    with transport_for(first) as transport:
        assert files.upload(first, transport, digest)
    report = sync(second)
    assert report.waiting_files == 0 and report.blobs_down == 1
    assert_converged(first, second)


def test_an_edit_to_an_acta_signed_elsewhere_is_rejected_and_shown(hq, tmp_path):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    session = make_session(first, make_committee(first))
    sync(first)
    second = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    sync(second)

    sign(first, session, b"%PDF-1.4\n% firmada\n")
    sync(first)
    sessions.update_session(second, session, {"notes": "Corrección tardía"})  # still open here
    report = sync(second)
    assert report.rejected == 1, report.lines()
    (rejected,) = rejections(second)
    assert rejected["table_name"] == "sessions" and rejected["row_id"] == session
    assert rejected["fields"] == {"notes": "Corrección tardía"}
    assert "firmada" in rejected["reason"] and "fe de erratas" in rejected["reason"]
    assert rejected["op_label"] == "Cambio"
    assert sessions.get_session(second, session)["state"] == "acta_firmada"
    assert records.pending_changes(second) == 0
    # The refusal carried headquarters' values: the laptop shows the acta as signed.
    assert sessions.get_session(second, session)["notes"] == ""
    assert "conserva su versión" in rejected["hint"] and not rejected["local_only"]
    assert_converged(first, second)

    dismiss_rejection(second, rejected["id"])
    assert rejections(second) == []
    assert len(rejections(second, include_dismissed=True)) == 1
