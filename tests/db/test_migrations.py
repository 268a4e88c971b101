"""Migrations: from an empty file to LATEST_VERSION, and a backup before upgrading data."""

import sqlite3

import pytest

from contract.tables import SYNCED_TABLES
from db.errors import DatabaseFileError
from db.storage import migrations, store
from db.storage.connection import APPLICATION_ID, connect
from db.storage.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate, schema_version
from db.storage.migrations.schema_v1 import STATEMENTS
from tests.db.factories import make_committee

EXPECTED_TABLES = {
    "meta", "change_log", "regions", "institutions", "committees", "legal_instruments",
    "seats", "designations", "sessions", "attendance", "invitees", "reports", "requests",
    "agenda_items", "interventions", "agreements", "agreement_responsibles",
    "agreement_followups",
}


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}


def test_versions_are_ordered_and_latest_is_the_last():
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert versions[0] == 1
    assert LATEST_VERSION == versions[-1]


def test_migrating_an_empty_file(db_path):
    db_path.touch()
    db = connect(db_path)
    try:
        ran = migrate(db, db_path)
        assert [m.version for m in ran] == [m.version for m in MIGRATIONS]
        assert schema_version(db) == LATEST_VERSION
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert EXPECTED_TABLES <= _tables(db.conn)
        # No backup of a file that held nothing.
        assert not list(db_path.parent.glob("*.bak"))
        # Running again does nothing.
        assert migrate(db, db_path) == []
    finally:
        db.conn.close()


def test_open_store_creates_and_migrates_a_new_file(tmp_path):
    path = tmp_path / "sub" / "dir" / "nuevo.sqlite"
    db = store.open_store(path)
    try:
        assert path.exists()
        assert schema_version(db) == LATEST_VERSION
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert EXPECTED_TABLES <= _tables(db.conn)
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"sessions_number", "seats_institution", "agreements_number"} <= indexes
    finally:
        db.conn.close()


def test_schema_statements_cover_every_expected_table():
    created = {s.split("(")[0].split()[-1] for s in STATEMENTS if s.startswith("CREATE TABLE")}
    assert created == EXPECTED_TABLES


NEXT = LATEST_VERSION + 1  # a fake migration after the real ones


def _v2_migration(calls: list[str]) -> Migration:
    def apply(db):
        calls.append("v2")
        db.execute("CREATE TABLE future_things (id TEXT PRIMARY KEY)")

    return Migration(NEXT, "planes de trabajo", apply)


def test_backup_before_migrating_a_file_with_data(db_path, monkeypatch):
    db = store.open_store(db_path)
    committee_id = make_committee(db, acronym="CDRPETI-CUS")
    db.conn.close()

    calls: list[str] = []
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, _v2_migration(calls)])
    monkeypatch.setattr(migrations, "LATEST_VERSION", NEXT)
    monkeypatch.setattr(store, "LATEST_VERSION", NEXT)

    db = store.open_store(db_path)
    try:
        assert calls == ["v2"]
        assert schema_version(db) == NEXT
        assert "future_things" in _tables(db.conn)
    finally:
        db.conn.close()

    backups = list(db_path.parent.glob(f"{db_path.name}.v{LATEST_VERSION}-*.bak"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert "future_things" not in _tables(conn)
        assert conn.execute("SELECT acronym FROM committees WHERE id = ?",
                            [committee_id]).fetchone()[0] == "CDRPETI-CUS"
    finally:
        conn.close()

    # Opening the upgraded file again migrates nothing and makes no new backup.
    db = store.open_store(db_path)
    db.conn.close()
    assert calls == ["v2"]
    assert len(list(db_path.parent.glob("*.bak"))) == 1


def test_a_failing_migration_leaves_the_file_at_its_old_version(db_path, monkeypatch):
    db = store.open_store(db_path)
    committee_id = make_committee(db)
    db.conn.close()

    def broken(db):
        db.execute("CREATE TABLE future_things (id TEXT PRIMARY KEY)")
        db.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, Migration(NEXT, "rota", broken)])
    monkeypatch.setattr(migrations, "LATEST_VERSION", NEXT)
    monkeypatch.setattr(store, "LATEST_VERSION", NEXT)
    with pytest.raises(DatabaseFileError):
        store.open_store(db_path)

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert "future_things" not in _tables(conn)
        assert conn.execute("SELECT 1 FROM committees WHERE id = ?", [committee_id]).fetchone()
    finally:
        conn.close()
    assert len(list(db_path.parent.glob(f"{db_path.name}.v{LATEST_VERSION}-*.bak"))) == 1


def test_a_version_1_file_with_data_is_upgraded_to_version_2(db_path):
    """A secretary's file from the first release gains the v2 tables and keeps its rows."""
    db = connect(db_path)
    try:
        migrate_to_1 = migrations.MIGRATIONS[0]
        migrate_to_1.apply(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO regions VALUES ('PE-CUS', '08', 'Cusco', 'Cusco', '')")
        committee_id = make_committee(db, acronym="CDRPETI-V1")
    finally:
        db.conn.close()

    db = store.open_store(db_path)
    try:
        assert schema_version(db) == LATEST_VERSION >= 2
        assert {"blobs", "attachments", "errata"} <= _tables(db.conn)
        columns = {r[1] for r in db.conn.execute("PRAGMA table_info(sessions)")}
        assert {"signature_mode", "signed_on", "acta_fingerprint", "acta_snapshot"} <= columns
        assert db.execute("SELECT acronym FROM committees WHERE id = ?",
                          [committee_id]).fetchone()[0] == "CDRPETI-V1"
    finally:
        db.conn.close()
    assert len(list(db_path.parent.glob(f"{db_path.name}.v1-*.bak"))) == 1


def test_a_version_3_file_with_data_is_upgraded_to_version_4(db_path):
    """Schema 4 adds the device's sync bookkeeping; none of it is synced or logged."""
    db = connect(db_path)
    try:
        for migration in migrations.MIGRATIONS[:3]:
            migration.apply(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA user_version = 3")
        db.execute("INSERT INTO regions VALUES ('PE-UCA', '25', 'Ucayali', 'Pucallpa', '')")
        committee_id = make_committee(db, acronym="CDRPETI-V3", region_code="PE-UCA")
        pending = db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    finally:
        db.conn.close()

    db = store.open_store(db_path)
    try:
        assert schema_version(db) == LATEST_VERSION >= 4
        assert {"sync_conflicts", "sync_rejections", "sync_uploads"} <= _tables(db.conn)
        assert not {"sync_conflicts", "sync_rejections", "sync_uploads"} & SYNCED_TABLES
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "change_log_row" in indexes
        assert db.execute("SELECT acronym FROM committees WHERE id = ?",
                          [committee_id]).fetchone()[0] == "CDRPETI-V3"
        assert db.execute("SELECT count(*) FROM change_log").fetchone()[0] == pending
        columns = {r[1] for r in db.conn.execute("PRAGMA table_info(sync_conflicts)")}
        assert {"table_name", "row_id", "field", "local_value", "server_value", "op_id",
                "detected_at", "resolved_at", "resolution"} <= columns
    finally:
        db.conn.close()
    assert len(list(db_path.parent.glob(f"{db_path.name}.v3-*.bak"))) == 1
