"""Issue 12, item 4: naming another region's hash opens nothing.

A device of region B (Lima) inserts an attachment row in its own committee whose
``sha256`` is region A's (Ucayali's) signed scan. Headquarters accepts the row (it is B's
committee) but serves neither the bytes nor the status: B gets exactly the answer of a
hash that never existed, online and in a reply bundle. Region A's devices still download
their file, a region that really holds the bytes proves it by uploading them, and the
grants already earned before this revision are filled in by migration 0005. Each attack
also checks that nothing at headquarters changed. SQLite and PostgreSQL; real uvicorn where
devices sync.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta

import httpx
from alembic import command
from sqlalchemy import insert, select

from contract.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from db.domain import attachments
from db.storage import blobs, records
from devicesync import identity
from devicesync.transport import load_token
from server.bundles import importer
from server.core.db import make_engine, read_transaction, write_transaction
from server.core.models import blob_grants, feed
from server.core.models import blobs as hq_blobs
from server.core.models import records as hq_records
from server.migrations import alembic_config
from tests.security.conftest import hq_state, stored_files
from tests.server.support import LIMA, UCAYALI, committee
from tests.server.support import insert as insert_op
from tests.sync.conftest import make_committee, make_session, sync
from tests.sync.test_files_and_locks import SCAN, sign

SCAN_SHA = hashlib.sha256(SCAN).hexdigest()


def api_get(db, path: str) -> httpx.Response:
    """A GET with the device's own credentials, as a tampered client would send it."""
    enrolled = identity.require_device(db)
    return httpx.get(f"{enrolled.server_url}/api/v1{path}", timeout=10, headers={
        "Authorization": f"Bearer {load_token(enrolled.device_id)}",
        PROTOCOL_HEADER: str(PROTOCOL_VERSION)})


def name_foreign_hash(db, committee_id: str, session_id: str, digest: str) -> str:
    """An attachment row naming a file this device does not hold (the client was tampered
    with: the app itself cannot write such a row, its foreign key wants the bytes)."""
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        return records.insert(db, "attachments", {
            "committee_id": committee_id, "session_id": session_id, "purpose": "anexo",
            "file_name": "robado.pdf", "mime_type": "application/pdf", "size": len(SCAN),
            "sha256": digest, "position": 1, "signatures": ""})
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")


def same_answer(foreign: httpx.Response, foreign_sha: str, unknown: httpx.Response,
                unknown_sha: str) -> bool:
    return (foreign.status_code, foreign.text.replace(foreign_sha, "<h>")) == \
        (unknown.status_code, unknown.text.replace(unknown_sha, "<h>"))


def test_a_hash_named_from_another_region_is_answered_as_unknown(live_hq, settings, tmp_path):
    ucayali = live_hq.device(tmp_path / "ucayali.sqlite", UCAYALI)
    sign(ucayali, make_session(ucayali, make_committee(ucayali)))
    assert sync(ucayali).blobs_up == 1

    lima = live_hq.device(tmp_path / "lima.sqlite", LIMA)
    lima_committee = make_committee(lima, LIMA, "CDRPETI LIMA")
    name_foreign_hash(lima, lima_committee, make_session(lima, lima_committee), SCAN_SHA)
    pushed = sync(lima)
    assert (pushed.rejected, pushed.blobs_up) == (0, 0)  # its own committee: the row is kept
    other_lima = live_hq.device(tmp_path / "lima-2.sqlite", LIMA, "Otra laptop")
    before = hq_state(live_hq.engine, settings.blob_dir)

    unknown_sha = hashlib.sha256(os.urandom(64)).hexdigest()
    for suffix in ("", "/content"):
        foreign = api_get(lima, f"/blobs/{SCAN_SHA}{suffix}")
        unknown = api_get(lima, f"/blobs/{unknown_sha}{suffix}")
        assert same_answer(foreign, SCAN_SHA, unknown, unknown_sha), (foreign.text,
                                                                      unknown.text)
        assert SCAN[:64] not in foreign.content
    assert api_get(lima, f"/blobs/{SCAN_SHA}").json() == {
        "sha256": SCAN_SHA, "size": None, "received": 0, "complete": False}
    assert api_get(lima, f"/blobs/{SCAN_SHA}/content").status_code == 404

    # Lima's other laptop pulls the row but never gets the bytes: it waits for a file
    # that only a device holding it can send.
    report = sync(other_lima)
    assert report.waiting_files == 1 and report.blobs_down == 0
    assert not other_lima.execute("SELECT 1 FROM blobs WHERE sha256 = ?",
                                  [SCAN_SHA]).fetchone()
    # Nor through an offline reply bundle.
    reply = importer.write_reply(live_hq.engine, settings,
                                 identity.require_device(other_lima).device_id,
                                 tmp_path / "respuesta.sesiona")
    assert reply.blobs == 0 and reply.waiting_files
    assert hq_state(live_hq.engine, settings.blob_dir) == before

    # Ucayali's own devices are unaffected.
    second = live_hq.device(tmp_path / "ucayali-2.sqlite", UCAYALI, "Otra laptop")
    assert sync(second).blobs_down == 1
    (row,) = second.query("SELECT sha256 FROM attachments")
    assert blobs.get(second, row["sha256"]) == SCAN


def test_a_region_that_holds_the_same_file_proves_it_by_uploading(live_hq, settings,
                                                                  tmp_path):
    ucayali = live_hq.device(tmp_path / "ucayali.sqlite", UCAYALI)
    sign(ucayali, make_session(ucayali, make_committee(ucayali)))
    sync(ucayali)
    stored = stored_files(settings.blob_dir)

    # Lima attaches the very same PDF (a national document both regions received).
    lima = live_hq.device(tmp_path / "lima.sqlite", LIMA)
    session = make_session(lima, make_committee(lima, LIMA, "CDRPETI LIMA"))
    attachments.add_annex(lima, session, "norma.pdf", SCAN)
    report = sync(lima)
    assert report.blobs_up == 1, "told to upload like an unknown file, and it did"
    assert stored_files(settings.blob_dir) == stored, "the stored file was not touched"

    other = live_hq.device(tmp_path / "lima-2.sqlite", LIMA, "Otra laptop")
    assert sync(other).blobs_down == 1
    assert blobs.get(other, SCAN_SHA) == SCAN
    with read_transaction(live_hq.engine) as conn:
        granted = dict(conn.execute(select(blob_grants.c.region_code, blob_grants.c.source)
                                    .where(blob_grants.c.sha256 == SCAN_SHA)).all())
    assert granted == {UCAYALI: "subida", LIMA: "subida"}


def _put(device, digest: str, data: bytes):
    return device.client.put(f"/api/v1/blobs/{digest}", params={"offset": 0,
                                                                "size": len(data)},
                             content=data, headers={**device.headers,
                                                    "Content-Type": "application/octet-stream"})


def _attachment(committee_id: str, digest: str, size: int):
    return insert_op("attachments", committee_id=committee_id, purpose="anexo",
                     file_name="informe.pdf", mime_type="application/pdf", size=size,
                     sha256=digest)


def test_only_a_reference_made_before_the_file_existed_grants_it(hq, settings):
    data = b"%PDF-1.7 informe regional " + os.urandom(2000)
    digest = hashlib.sha256(data).hexdigest()
    lima, ucayali, cusco = hq.enroll(LIMA), hq.enroll(UCAYALI), hq.enroll("PE-CUS")
    early = committee(LIMA)
    assert lima.push([early, _attachment(early["row_id"], digest, len(data))]) \
        .missing_blobs == [digest]  # named before any file with that hash existed
    assert _put(ucayali, digest, data).json()["complete"] is True
    url = f"/api/v1/blobs/{digest}/content"
    assert lima.client.get(url, headers=lima.headers).content == data

    late = committee("PE-CUS")
    cusco.push([late, _attachment(late["row_id"], digest, len(data))])
    before = hq_state(hq.engine, settings.blob_dir)
    refused = cusco.client.get(url, headers=cusco.headers)
    assert refused.status_code == 404
    assert refused.json() == {"detail": "La sede central no tiene este archivo."}
    status = cusco.client.get(f"/api/v1/blobs/{digest}", headers=cusco.headers).json()
    assert status == {"sha256": digest, "size": None, "received": 0, "complete": False}
    assert hq_state(hq.engine, settings.blob_dir) == before

    # Wrong bytes prove nothing and leave nothing behind.
    wrong = _put(cusco, digest, data[:-1] + b"!")
    assert wrong.status_code == 422
    assert cusco.client.get(url, headers=cusco.headers).status_code == 404
    assert hq_state(hq.engine, settings.blob_dir) == before
    # The real bytes do; the stored file is the same file.
    assert _put(cusco, digest, data).json() == {"sha256": digest, "size": len(data),
                                                "received": len(data), "complete": True}
    assert cusco.client.get(url, headers=cusco.headers).content == data
    assert stored_files(settings.blob_dir) == before["files"]


def _migrate_to(url: str, revision: str) -> None:
    engine = make_engine(url)
    config = alembic_config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
    engine.dispose()


def test_migration_0005_grants_what_was_already_earned(database_url, tmp_path):
    """Run on a database at 0004 holding three files and the records naming them."""
    from tests.server.conftest import _pg_admin, _pg_url

    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'at-0004.sqlite'}"
    else:
        name = database_url.rsplit("/", 1)[1] + "_m"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = _pg_url(name)
    try:
        _migrate_to(url, "0004")
        start = datetime(2026, 3, 1, 10, tzinfo=UTC)
        at = [start + timedelta(minutes=m) for m in range(8)]
        uploaded, waiting, shared = ("a" * 64, "b" * 64, "c" * 64)
        blob_rows = [(uploaded, True, at[1]), (waiting, False, None), (shared, True, at[6])]
        # (seq, region, hash, received): Ucayali uploaded first then pushed its row; Lima
        # named it afterwards; Cusco named a file still missing; both named «shared» before
        # it arrived, and Lima pushed again later (the grant stays Lima's anyway).
        naming = [(1, UCAYALI, uploaded, at[2]), (2, LIMA, uploaded, at[3]),
                  (3, "PE-CUS", waiting, at[3]), (4, LIMA, shared, at[4]),
                  (5, UCAYALI, shared, at[5])]
        engine = make_engine(url)
        with write_transaction(engine) as conn:
            for sha, complete, done in blob_rows:
                conn.execute(insert(hq_blobs).values(
                    sha256=sha, size=10 if complete else None, received=10 if complete else 0,
                    complete=complete, created_at=start, completed_at=done))
            for seq, region, sha, received in naming:
                conn.execute(insert(feed).values(
                    seq=seq, table_name="attachments", row_id=f"r{seq}", op="insert",
                    fields={"sha256": sha}, device_id=None, committee_id=f"c{region}",
                    region_code=region, received_at=received))
                conn.execute(insert(hq_records).values(
                    table_name="attachments", row_id=f"r{seq}", committee_id=f"c{region}",
                    region_code=region, data={"sha256": sha},
                    field_seq={"sha256": [seq, None]}, deleted_at=None, blob_sha256=sha,
                    created_seq=seq, updated_seq=seq, unique_key=None))
        engine.dispose()
        _migrate_to(url, "0005")
        engine = make_engine(url)
        with read_transaction(engine) as conn:
            granted = {(r.sha256, r.region_code): r.granted_at for r in conn.execute(
                select(blob_grants))}
        engine.dispose()
        assert set(granted) == {(uploaded, UCAYALI), (waiting, "PE-CUS"), (shared, LIMA),
                                (shared, UCAYALI)}
        assert granted[(uploaded, UCAYALI)] == at[2]
    finally:
        if not database_url.startswith("sqlite"):
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
