"""Retry safety: a replayed push applies nothing twice; a client killed between the server
applying a batch and the client recording the answer loses and duplicates nothing; many
rounds through a misbehaving connection still converge."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import func, select

from contract.protocol import PushRequest
from db.domain import sessions
from db.storage import records
from devicesync import identity
from devicesync.transport import SyncError, Transport, load_token
from tests.support.fault_proxy import FaultProxy, Faults
from tests.sync.conftest import assert_converged, make_committee, make_session, pending, sync

ROOT = Path(__file__).resolve().parents[2]


def feed_size(hq) -> int:
    from server.core.models import feed

    with hq.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(feed)).scalar_one())


def push_body(db) -> dict:
    operations = [{"op_id": r["op_id"], "table": r["table_name"], "row_id": r["row_id"],
                   "op": r["op"], "fields": r["fields"], "changed_at": r["changed_at"]}
                  for r in pending(db)]
    return PushRequest.model_validate({"cursor": 0, "operations": operations}).model_dump()


def test_replaying_a_push_three_times_applies_it_once(hq, tmp_path):
    device = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    session = make_session(device, make_committee(device))
    sessions.update_session(device, session, {"venue": "Auditorio"})
    body = push_body(device)
    enrolled = identity.require_device(device)
    with Transport(enrolled.server_url, load_token(enrolled.device_id)) as transport:
        answers = [transport.json("POST", "/push", body=body, compress=True) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]
    assert [r["outcome"] for r in answers[0]["results"]] == ["applied"] * 3
    assert feed_size(hq) == 3

    # The device's own round is a fourth replay: acknowledged, nothing applied again.
    report = sync(device)
    assert (report.pushed, report.applied) == (3, 3)
    assert feed_size(hq) == 3
    other = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    assert sync(other).pulled == 3
    assert_converged(device, other)


CHILD = textwrap.dedent("""
    import sys, time
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        def __init__(self, secrets):
            super().__init__()
            self.secrets = secrets
        def get_password(self, service, username):
            return self.secrets.get((service, username))
        def set_password(self, service, username, password):
            self.secrets[(service, username)] = password
        def delete_password(self, service, username):
            self.secrets.pop((service, username), None)

    path, device_id = sys.argv[1], sys.argv[2]
    token = sys.stdin.readline().strip()
    keyring.set_keyring(Memory({("Sesiona", f"dispositivo:{device_id}"): token}))

    from devicesync import client
    from db.storage.connection import connect

    def stalled(*args, **kwargs):  # the answer arrived; it is not recorded yet
        print("RESPUESTA-RECIBIDA", flush=True)
        time.sleep(60)

    client.acknowledge = stalled
    client.sync_round(connect(path))
""")


def test_killed_after_the_server_applied_a_batch_nothing_is_lost_or_doubled(hq, tmp_path):
    path = tmp_path / "a.sqlite"
    device = hq.device(path, "PE-UCA")
    committee = make_committee(device)
    session = make_session(device, committee)
    sessions.add_invitee(device, session, "Rosa Huamán")
    before = pending(device)
    enrolled = identity.require_device(device)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), enrolled.device_id],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(load_token(enrolled.device_id) + "\n")
        child.stdin.flush()
        line = child.stdout.readline()
        assert line.strip() == "RESPUESTA-RECIBIDA", child.stderr.read() if child.stderr else ""
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL

    assert feed_size(hq) == 3, "headquarters applied the batch"
    assert pending(device) == before, "the device never recorded the answer"

    report = sync(device)
    assert (report.pushed, report.applied) == (3, 3)
    assert records.pending_changes(device) == 0
    assert feed_size(hq) == 3, "nothing applied twice"
    other = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    sync(other)
    assert_converged(device, other)
    assert other.execute("SELECT count(*) FROM invitees").fetchone()[0] == 1


def test_many_rounds_through_a_faulty_connection_converge(hq, tmp_path):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    second = hq.device(tmp_path / "b.sqlite", "PE-UCA")
    proxy = FaultProxy(int(hq.url.rsplit(":", 1)[1]), Faults(
        delay=0.1, delay_seconds=0.05, reset=0.15, drop_response=0.1, truncate=0.15, seed=7))
    try:
        for db in (first, second):
            identity.set_meta(db, identity.SERVER_URL, proxy.url)
        session = make_session(first, make_committee(first))
        failures = 0
        for number in range(14):
            device = (first, second)[number % 2]
            if number < 10:  # both keep editing while the connection misbehaves
                if device is first:
                    sessions.add_invitee(first, session, f"Invitado {number}")
                elif second.execute("SELECT 1 FROM sessions WHERE id = ?", [session]).fetchone():
                    sessions.update_session(second, session, {"notes": f"Nota {number}"})
            try:
                sync(device)
            except SyncError:
                failures += 1
        assert failures > 0, "the proxy injected no fault"
    finally:
        proxy.close()
    for db in (first, second):  # settle on a clean connection
        identity.set_meta(db, identity.SERVER_URL, hq.url)
    for db in (first, second, first):
        sync(db)
    assert records.pending_changes(first) == records.pending_changes(second) == 0
    assert_converged(first, second)
    names = [r[0] for r in second.execute("SELECT person_name FROM invitees")]
    assert sorted(names) == sorted(f"Invitado {n}" for n in range(0, 10, 2)), "no duplicate"
