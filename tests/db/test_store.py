"""open_store: refuse what is not ours without touching it, keep data across reopenings."""

import hashlib
import shutil
import sqlite3

import pytest

from db.errors import DamagedFileError, NewerSchemaError, NotASesionaFile
from db.storage import records, store
from db.storage.connection import APPLICATION_ID, read_header
from db.storage.migrations import LATEST_VERSION
from tests.db.factories import count_rows, make_committee


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_untouched(path, digest):
    assert _sha256(path) == digest
    for suffix in ("-wal", "-shm", "-journal"):
        assert not path.with_name(path.name + suffix).exists()
    assert not list(path.parent.glob("*.bak"))


def test_refuses_a_foreign_sqlite_file_without_touching_it(tmp_path):
    path = tmp_path / "contabilidad.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE facturas (numero TEXT, monto REAL)")
    conn.execute("INSERT INTO facturas VALUES ('F001-1', 118.0)")
    conn.commit()
    conn.close()
    digest = _sha256(path)
    with pytest.raises(NotASesionaFile) as info:
        store.open_store(path)
    assert "otra aplicación" in info.value.message
    assert "contabilidad.sqlite" in info.value.message
    _assert_untouched(path, digest)


@pytest.mark.parametrize(
    "content",
    [b"Acta de la sesion ordinaria N. 120\n" * 20, b"\x00\x01\x02" * 50, b"SQLite"],
)
def test_refuses_a_file_that_is_not_sqlite_without_touching_it(tmp_path, content):
    path = tmp_path / "acta.sqlite"
    path.write_bytes(content)
    digest = _sha256(path)
    with pytest.raises(NotASesionaFile, match="no es un archivo SQLite"):
        store.open_store(path)
    _assert_untouched(path, digest)


def test_refuses_a_newer_schema_without_touching_it(db_path):
    db = store.open_store(db_path)
    make_committee(db)
    db.conn.close()  # the last connection checkpoints and removes -wal/-shm
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    assert not db_path.with_name(db_path.name + "-wal").exists()
    digest = _sha256(db_path)

    with pytest.raises(NewerSchemaError) as info:
        store.open_store(db_path)
    assert "versión más reciente" in info.value.message
    assert f"esquema {LATEST_VERSION + 1}" in info.value.message
    _assert_untouched(db_path, digest)


def test_refuses_a_newer_schema_still_in_the_write_ahead_log(db_path, tmp_path):
    """Another (newer) Sesiona has the file open, or crashed before a checkpoint: the main
    file's header still says v1 but the database really is newer."""
    db = store.open_store(db_path)
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    db.conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    copy = tmp_path / "copia.sqlite"
    shutil.copy(db_path, copy)
    shutil.copy(db_path.with_name(db_path.name + "-wal"), copy.with_name(copy.name + "-wal"))
    db.conn.close()

    with pytest.raises(NewerSchemaError):
        store.open_store(copy)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 1
        assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 1
    finally:
        conn.close()


def test_an_empty_file_becomes_a_sesiona_database(db_path):
    db_path.write_bytes(b"")
    db = store.open_store(db_path)
    try:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    finally:
        db.conn.close()


def test_reopening_keeps_the_data_and_the_change_log(db_path):
    db = store.open_store(db_path)
    committee_id = make_committee(db, name="Comisión Regional contra el Trabajo Forzoso",
                                  kind="trabajo_forzoso", acronym="CRTF")
    log = count_rows(db, "change_log")
    db.conn.close()

    db = store.open_store(db_path)
    try:
        row = records.get(db, "committees", committee_id)
        assert row["name"] == "Comisión Regional contra el Trabajo Forzoso"
        assert row["acronym"] == "CRTF"
        assert count_rows(db, "change_log") == log == 1
        assert count_rows(db, "regions") == 26
    finally:
        db.conn.close()


def test_check_file_reports_a_healthy_database(db_path):
    db = store.open_store(db_path)
    make_committee(db)
    db.conn.close()
    digest = _sha256(db_path)
    report = store.check_file(db_path)
    assert report.ok
    assert report.problems == []
    assert report.schema_version == report.latest_version == LATEST_VERSION
    _assert_untouched(db_path, digest)  # read-only: nothing created beside it


def test_check_file_while_the_data_is_still_in_the_write_ahead_log(db, db_path):
    """The app has the file open: its data sits in the -wal, the main header looks empty."""
    make_committee(db)
    assert read_header(db_path).is_new  # what a header-only check would see
    report = store.check_file(db_path)
    assert report.ok
    assert report.schema_version == LATEST_VERSION


def test_check_file_refuses_missing_and_empty_files(tmp_path):
    with pytest.raises(DamagedFileError, match="no existe"):
        store.check_file(tmp_path / "no.sqlite")
    empty = tmp_path / "vacio.sqlite"
    empty.touch()
    with pytest.raises(DamagedFileError, match="vacío"):
        store.check_file(empty)


def test_check_file_refuses_a_foreign_file(tmp_path):
    path = tmp_path / "otra.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    digest = _sha256(path)
    with pytest.raises(NotASesionaFile):
        store.check_file(path)
    assert _sha256(path) == digest
