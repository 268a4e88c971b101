"""The bundled app's bad cases: a second window on the same base, and an upgrade over a file
written by an older Sesiona."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from db.storage import migrations
from db.storage.connection import APPLICATION_ID, connect
from desktop.startup import SHOWN_MARKER
from tests.db.factories import make_committee
from tests.installers.bundled_app import TIMEOUT, run_bundle, start_bundle, wait_until_shown

pytestmark = pytest.mark.xdist_group("pyinstaller")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_of(database) -> dict[str, str]:
    return {p.name: digest(p) for p in database.parent.glob(database.name + "*")
            if not p.name.endswith(".lock")}


def test_second_instance_on_the_same_base_is_refused_and_changes_nothing(bundle, home,
                                                                         tmp_path):
    database = tmp_path / "comite.sqlite"
    assert run_bundle(bundle, "demo", "--db", str(database), home=home).returncode == 0
    first = start_bundle(bundle, "--db", str(database), home=home,
                         SESIONA_EXIT_AFTER_SHOW="600")
    try:
        assert wait_until_shown(first)  # the first window is up
        before = files_of(database)
        second = run_bundle(bundle, "--db", str(database), home=home,
                            SESIONA_EXIT_AFTER_SHOW="0")
        assert second.returncode == 1
        assert "ya está abierta en otra ventana de Sesiona" in second.stderr
        assert f"(proceso {first.pid})" in second.stderr
        assert SHOWN_MARKER not in second.stdout
        assert files_of(database) == before
        assert first.poll() is None  # the first window is unaffected
    finally:
        first.terminate()
        first.communicate(timeout=TIMEOUT)
    check = run_bundle(bundle, "check", "--db", str(database), home=home)
    assert check.returncode == 0, check.stderr
    assert "Integridad: correcta" in check.stdout
    # Once the first window is gone the base opens again (no stale lock left behind).
    third = run_bundle(bundle, "--db", str(database), home=home, SESIONA_EXIT_AFTER_SHOW="0")
    assert third.returncode == 0, third.stderr


def test_two_windows_on_different_bases_both_open(bundle, home, tmp_path):
    first = start_bundle(bundle, "--db", str(tmp_path / "a.sqlite"), home=home,
                         SESIONA_EXIT_AFTER_SHOW="600")
    try:
        assert wait_until_shown(first)
        second = run_bundle(bundle, "--db", str(tmp_path / "b.sqlite"), home=home,
                            SESIONA_EXIT_AFTER_SHOW="0")
        assert second.returncode == 0, second.stderr
    finally:
        first.terminate()
        first.communicate(timeout=TIMEOUT)


def test_upgrade_keeps_the_data_migrates_and_backs_up_first(bundle, home, tmp_path):
    """A base from the first release (schema 1) opened by the new bundled version."""
    database = home / ".local" / "share" / "Sesiona" / "sesiona.sqlite"
    database.parent.mkdir(parents=True)
    db = connect(database)
    try:
        migrations.MIGRATIONS[0].apply(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO regions VALUES ('PE-UCA', '25', 'Ucayali', 'Pucallpa', '')")
        committee_id = make_committee(db, acronym="CDRPETI-V1", region_code="PE-UCA")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()

    done = run_bundle(bundle, home=home, SESIONA_EXIT_AFTER_SHOW="0")  # the default base
    assert done.returncode == 0, done.stderr

    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        assert conn.execute("SELECT acronym FROM committees WHERE id = ?",
                            [committee_id]).fetchone()[0] == "CDRPETI-V1"
    finally:
        conn.close()
    backups = list(database.parent.glob("sesiona.sqlite.v1-*.bak"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    try:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
        assert backup.execute("SELECT count(*) FROM committees").fetchone()[0] == 1
    finally:
        backup.close()


def test_a_killed_window_leaves_no_stale_lock(bundle, home, tmp_path):
    database = tmp_path / "comite.sqlite"
    first = start_bundle(bundle, "--db", str(database), home=home,
                         SESIONA_EXIT_AFTER_SHOW="600")
    assert wait_until_shown(first)
    first.kill()
    first.communicate(timeout=TIMEOUT)
    assert first.returncode != 0
    again = run_bundle(bundle, "--db", str(database), home=home, SESIONA_EXIT_AFTER_SHOW="0")
    assert again.returncode == 0, again.stderr


