"""A real headquarters on loopback for each test, and devices enrolled with real codes.

The server is ``server.main.create_app`` over a throwaway SQLite file, served by uvicorn in
a thread on a socket bound to a free port; the fixture waits until ``/api/v1/info``
answers and shuts it down at the end. Devices are real Sesiona files.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlite_utils
import uvicorn

from contract.tables import CATALOGS, SYNCED_TABLES
from db.domain import committees, sessions
from db.storage.store import open_store
from devicesync import enrollment
from devicesync.client import SyncReport, sync_round

START_TIMEOUT = 10.0


@dataclass
class Headquarters:
    url: str
    app: Any
    server: uvicorn.Server
    thread: threading.Thread
    devices: list[sqlite_utils.Database] = field(default_factory=list)

    @property
    def engine(self):
        return self.app.state.engine

    def code(self, region: str, committees_: list[str] | None = None) -> str:
        from server.core import accounts
        from server.core.db import write_transaction

        with write_transaction(self.engine) as conn:
            code, _ = accounts.create_enrollment_code(conn, region, committees_ or [])
        return code

    def revoke(self, device_id: str) -> None:
        from server.core import accounts
        from server.core.db import write_transaction

        with write_transaction(self.engine) as conn:
            assert accounts.revoke_device(conn, device_id)

    def device(self, path: Path, region: str, name: str = "Laptop") -> sqlite_utils.Database:
        """A fresh Sesiona file enrolled in ``region``."""
        db = open_store(path)
        self.devices.append(db)
        enrollment.enroll(db, self.url, self.code(region), name)
        return db


def _serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # A short keep-alive: the fault proxy's dropped answers end when the server hangs up.
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False,
                            timeout_keep_alive=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    return server, thread, port


def wait_until_up(url: str, thread: threading.Thread) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if httpx.get(f"{url}/api/v1/info", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the headquarters server did not start")
        time.sleep(0.05)


@pytest.fixture
def hq(tmp_path) -> Iterator[Headquarters]:
    from server.core.settings import Settings
    from server.main import create_app

    data = tmp_path / "hq"
    settings = Settings(database_url=f"sqlite:///{data / 'hq.sqlite'}", data_dir=data)
    app = create_app(settings)
    server, thread, port = _serve(app)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, thread)
    hq = Headquarters(url, app, server, thread)
    yield hq
    for db in hq.devices:
        db.conn.close()
    server.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive(), "uvicorn did not stop"


def sync(db: sqlite_utils.Database) -> SyncReport:
    return sync_round(db)


def make_committee(db: sqlite_utils.Database, region: str = "PE-UCA",
                   acronym: str = "CDRPETI UCAYALI") -> str:
    return committees.create_committee(
        db, kind="cdrpeti", acronym=acronym, region_code=region, city="Pucallpa",
        name=f"Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
             f"Infantil ({region})")


def make_session(db: sqlite_utils.Database, committee_id: str, day: str = "2025-03-10") -> str:
    return sessions.create_session(db, committee_id, date=day, venue="Auditorio DRTPE")


def rows(db: sqlite_utils.Database, table: str) -> list[dict[str, Any]]:
    """Every row of a synced table, as the copies must agree on it. ``updated_at`` is the
    device's own bookkeeping, and so is ``created_at`` of the catalogue rows each device
    seeds itself from the shipped files."""
    out = []
    for row in db.query(f"SELECT * FROM [{table}] ORDER BY id"):
        row.pop("updated_at")
        if table in CATALOGS and not row["is_custom"]:
            row.pop("created_at")
        out.append(row)
    return out


def assert_converged(a: sqlite_utils.Database, b: sqlite_utils.Database) -> None:
    for table in sorted(SYNCED_TABLES):
        assert rows(a, table) == rows(b, table), f"the copies of «{table}» differ"


def pending(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return [{**r, "fields": json.loads(r["fields"])}
            for r in db.query("SELECT * FROM change_log ORDER BY seq")]
