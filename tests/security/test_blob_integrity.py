"""Issue 12, item 5: a stored file altered on disk is noticed, named and never served.

One byte of a stored blob is flipped. On the device, ``sesiona check`` names the file and
exits non-zero, reading it is refused with a Spanish ``DamagedBlobError`` and a sync does
not send it. At headquarters, ``sesiona-hq check`` names it and exits non-zero, and both
the device download and the panel download refuse it (409, Spanish). Each check also
verifies that nothing was written or changed. SQLite and PostgreSQL; real uvicorn.
"""

from __future__ import annotations

import hashlib
import sqlite3

import httpx
import pytest

from cli.main import main as sesiona
from db.domain import attachments
from db.errors import DamagedBlobError
from db.storage import blobs, records
from db.storage.store import open_store
from devicesync.transport import SyncError
from server.cli.main import main as sesiona_hq
from server.core.blobstore import final_path
from tests.dashboard.support import create_staff, login
from tests.security.conftest import hq_state
from tests.server.support import UCAYALI
from tests.sync.conftest import make_committee, make_session, sync
from tests.sync.test_files_and_locks import SCAN, sign

SCAN_SHA = hashlib.sha256(SCAN).hexdigest()


def flipped(data: bytes, at: int = 40) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def file_state(path) -> dict[str, str]:
    """The database file and any sidecar beside it, by content."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.parent.glob(path.name + "*"))}


def test_the_device_names_and_refuses_a_damaged_file(tmp_path, capsys):
    path = tmp_path / "comite.sqlite"
    db = open_store(path)
    session = make_session(db, make_committee(db))
    attachment = sign(db, session)
    db.conn.close()
    assert sesiona(["check", "--db", str(path)]) == 0
    assert "todos correctos" in capsys.readouterr().out

    raw = sqlite3.connect(path)
    raw.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", [flipped(SCAN), SCAN_SHA])
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    before = file_state(path)

    assert sesiona(["check", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Integridad: correcta" in captured.out
    assert "1 de 1 dañados" in captured.err
    assert "«acta-firmada.pdf»" in captured.err and SCAN_SHA[:12] in captured.err
    assert "Traceback" not in captured.err
    assert file_state(path) == before, "check never writes"

    db = open_store(path)
    try:
        with pytest.raises(DamagedBlobError, match="acta-firmada.pdf.*está dañado") as error:
            attachments.content(db, attachment)
        assert error.value.digest == SCAN_SHA
        with pytest.raises(DamagedBlobError):
            blobs.get(db, SCAN_SHA)
        stored = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [SCAN_SHA]).fetchone()
        assert bytes(stored[0]) == flipped(SCAN), "the damaged bytes are left for recovery"
    finally:
        db.conn.close()


def test_a_damaged_file_is_not_sent_to_headquarters(live_hq, settings, tmp_path):
    device = live_hq.device(tmp_path / "comite.sqlite", UCAYALI)
    sign(device, make_session(device, make_committee(device)))
    device.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", [flipped(SCAN), SCAN_SHA])
    pending = records.pending_changes(device)
    before = hq_state(live_hq.engine, settings.blob_dir)
    with pytest.raises(SyncError, match="acta-firmada.pdf.*dañado.*No se envió") as error:
        sync(device)
    assert "sesiona check" in error.value.message
    assert hq_state(live_hq.engine, settings.blob_dir) == before
    assert records.pending_changes(device) == pending, "nothing was pushed or lost"


def test_headquarters_names_and_refuses_a_damaged_file(live_hq, settings, tmp_path, capsys):
    device = live_hq.device(tmp_path / "ucayali.sqlite", UCAYALI)
    session = make_session(device, make_committee(device))
    sign(device, session)
    assert sync(device).blobs_up == 1
    args = ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir)]
    assert sesiona_hq([*args, "check"]) == 0
    assert "Archivos verificados: 1. Todos coinciden" in capsys.readouterr().out

    stored = final_path(settings.blob_dir, SCAN_SHA)
    stored.write_bytes(flipped(stored.read_bytes()))
    reader = live_hq.device(tmp_path / "ucayali-2.sqlite", UCAYALI, "Otra laptop")
    create_staff(live_hq.engine)
    before = hq_state(live_hq.engine, settings.blob_dir)

    assert sesiona_hq([*args, "check"]) == 1
    captured = capsys.readouterr()
    assert "Dañados: 1" in captured.err
    assert f"{SCAN_SHA}: su contenido no coincide con la huella SHA-256" in captured.err

    # The device download: refused in Spanish, the device stores nothing and waits.
    from tests.security.test_blob_access import api_get

    answer = api_get(reader, f"/blobs/{SCAN_SHA}/content")
    assert answer.status_code == 409
    assert "está dañado" in answer.json()["detail"] and SCAN_SHA[:12] in answer.json()["detail"]
    report = sync(reader)
    assert report.waiting_files == 1 and report.blobs_down == 0
    assert not reader.execute("SELECT 1 FROM blobs").fetchone()

    # The panel download of the signed acta: a Spanish page, never the wrong bytes.
    with httpx.Client(base_url=live_hq.url, timeout=10) as panel:
        login(panel)
        page = panel.get(f"/panel/sesiones/{session}/acta-firmada.pdf")
    assert page.status_code == 409
    assert "está dañado" in page.text and flipped(SCAN)[:64] not in page.content
    assert hq_state(live_hq.engine, settings.blob_dir) == before
