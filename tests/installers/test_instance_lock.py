"""One Sesiona per database file, checked with real processes (no bundle needed)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from db.storage.instance_lock import DatabaseInUse, InstanceLock, lock_path
from installers.project import ROOT

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from db.storage.instance_lock import InstanceLock
    lock = InstanceLock(Path(sys.argv[1])).acquire()
    print("locked", flush=True)
    sys.stdin.readline()  # hold it until the test says so
""")


def holder(db_path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)],
                               env={**os.environ, "PYTHONPATH": str(ROOT)},
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "locked"
    return process


def test_a_second_process_is_refused_with_a_spanish_message_naming_the_holder(tmp_path):
    db_path = tmp_path / "comite.sqlite"
    process = holder(db_path)
    try:
        with pytest.raises(DatabaseInUse) as refused:
            InstanceLock(db_path).acquire()
        assert refused.value.owner_pid == process.pid
        assert "«comite.sqlite» ya está abierta en otra ventana de Sesiona" in \
            refused.value.message
        assert not db_path.exists()  # refusing writes nothing to the base
    finally:
        process.communicate("\n", timeout=30)
    assert InstanceLock(db_path).acquire().held  # released when its process ended


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    db_path = tmp_path / "comite.sqlite"
    process = holder(db_path)
    process.kill()
    process.communicate(timeout=30)
    lock = InstanceLock(db_path).acquire()
    assert lock.held
    lock.release()
    assert not lock.held


def test_the_same_window_can_release_and_take_it_again(tmp_path):
    db_path = tmp_path / "comite.sqlite"
    lock = InstanceLock(db_path).acquire()
    with pytest.raises(DatabaseInUse):
        InstanceLock(db_path).acquire()  # a second window in the same process, too
    lock.release()
    again = InstanceLock(db_path).acquire()
    assert again.held
    again.release()
    assert lock_path(db_path) == tmp_path / "comite.sqlite.lock"


def test_other_bases_are_independent(tmp_path):
    first = InstanceLock(tmp_path / "a.sqlite").acquire()
    second = InstanceLock(tmp_path / "b.sqlite").acquire()
    assert first.held and second.held
    first.release()
    second.release()
