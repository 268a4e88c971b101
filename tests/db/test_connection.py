"""Connections: pragmas, header reading without SQLite, and transactions as savepoints."""

import sqlite3

import pytest

from db.errors import NewerSchemaError, NotASesionaFile
from db.storage import records
from db.storage.connection import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    check_openable,
    connect,
    read_header,
    transaction,
)
from db.storage.migrations import LATEST_VERSION
from tests.db.factories import count_rows, snapshot


def _committee(name="Comité de prueba", acronym="CP"):
    return {"kind": "otro", "name": name, "acronym": acronym, "region_code": "PE-LIM"}


def test_connections_use_wal_foreign_keys_busy_timeout_and_full_sync(db, db_path):
    other = connect(db_path)
    try:
        for conn in (db.conn, other.conn):
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        other.conn.close()
    assert BUSY_TIMEOUT_MS >= 1000


def test_foreign_keys_are_enforced(db):
    before = snapshot(db)
    with pytest.raises(sqlite3.IntegrityError):
        records.insert(db, "seats", {"committee_id": "no-existe", "institution_id": "tampoco"})
    assert snapshot(db) == before


def test_read_header_of_a_missing_and_an_empty_file(tmp_path):
    missing = read_header(tmp_path / "nada.sqlite")
    assert missing.exists is False and missing.is_new
    empty = tmp_path / "vacio.sqlite"
    empty.write_bytes(b"")
    header = read_header(empty)
    assert header.exists is True and header.size == 0 and header.is_new


def test_read_header_of_a_sesiona_file(db, db_path):
    db.conn.close()  # the last connection checkpoints the WAL into the main file
    header = read_header(db_path)
    assert header.is_sqlite
    assert header.application_id == APPLICATION_ID
    assert header.user_version == LATEST_VERSION
    assert header.has_schema and not header.is_new


def test_check_openable_refuses_text_foreign_and_newer_files(tmp_path):
    text = tmp_path / "notas.txt"
    text.write_text("hola" * 100, encoding="utf-8")
    with pytest.raises(NotASesionaFile, match="no es un archivo SQLite"):
        check_openable(text, 1)

    foreign = tmp_path / "otra.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(NotASesionaFile, match="otra aplicación"):
        check_openable(foreign, 1)

    newer = tmp_path / "nueva.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(NewerSchemaError, match="versión más reciente"):
        check_openable(newer, 2)
    assert check_openable(newer, 3).user_version == 3


def test_transaction_commits(db):
    before = count_rows(db, "committees")
    with transaction(db):
        records.insert(db, "committees", _committee())
    assert count_rows(db, "committees") == before + 1
    assert not db.conn.in_transaction


def test_failed_transaction_leaves_neither_the_change_nor_its_log_row(db):
    before = snapshot(db)
    with pytest.raises(RuntimeError):
        with transaction(db):
            row_id = records.insert(db, "committees", _committee())
            assert count_rows(db, "change_log") == before["change_log"] + 1
            raise RuntimeError("falla a mitad de camino")
    assert snapshot(db) == before
    assert db.execute("SELECT 1 FROM committees WHERE id = ?", [row_id]).fetchone() is None
    assert db.execute("SELECT 1 FROM change_log WHERE row_id = ?", [row_id]).fetchone() is None
    assert not db.conn.in_transaction


def test_nested_transaction_failure_rolls_back_only_the_savepoint(db):
    before = snapshot(db)
    with transaction(db):
        outer_id = records.insert(db, "committees", _committee("Exterior", "EXT"))
        with pytest.raises(ValueError):
            with transaction(db):
                records.insert(db, "committees", _committee("Interior", "INT"))
                raise ValueError("solo el bloque interior")
        assert db.conn.in_transaction  # the outer transaction is still open
    names = [r["name"] for r in db.query("SELECT name FROM committees")]
    assert names == ["Exterior"]
    assert count_rows(db, "change_log") == before["change_log"] + 1
    assert db.execute("SELECT op FROM change_log WHERE row_id = ?", [outer_id]).fetchone()[0] \
        == "insert"


def test_nested_success_is_undone_when_the_outer_transaction_fails(db):
    before = snapshot(db)
    with pytest.raises(KeyError):
        with transaction(db):
            with transaction(db):
                records.insert(db, "committees", _committee())
            assert count_rows(db, "committees") == before["committees"] + 1
            raise KeyError("exterior")
    assert snapshot(db) == before


def test_a_second_connection_sees_committed_data_only(db, db_path):
    other = connect(db_path)
    try:
        with transaction(db):
            records.insert(db, "committees", _committee())
            assert count_rows(other, "committees") == 0  # not committed yet
        assert count_rows(other, "committees") == 1
    finally:
        other.conn.close()
