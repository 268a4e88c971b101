"""The processes the sync benchmark runs: ``sesiona-hq serve`` on a free loopback port,
the bare ASGI sink of the HTTP baseline, and throwaway PostgreSQL databases."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks._sync_common import ROOT, BenchError, child_env
from db.storage.store import open_store
from devicesync import enrollment

START_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    url: str
    database_url: str
    proc: subprocess.Popen[bytes]
    log_path: Path
    _engine: Any = None

    def engine(self) -> Any:
        if self._engine is None:
            from server.core.db import make_engine

            self._engine = make_engine(self.database_url)
        return self._engine

    def code(self, region: str) -> str:
        from server.core import accounts
        from server.core.db import write_transaction

        with write_transaction(self.engine()) as conn:
            code, _ = accounts.create_enrollment_code(conn, region, [])
        return code

    def enroll(self, path: Path, region: str, name: str) -> Any:
        db = open_store(path)
        try:
            return enrollment.enroll(db, self.url, self.code(region), name)
        finally:
            db.conn.close()

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""


def wait_ready(url: str, proc: subprocess.Popen[bytes], probe: str, what: str,
               tail: Callable[[], str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if httpx.get(url + probe, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise BenchError(f"{what} no arrancó:\n{tail()}")
        time.sleep(0.1)


def stop_process(proc: subprocess.Popen[Any], grace: float = 20.0) -> None:
    """SIGINT (uvicorn stops its workers gracefully), then SIGKILL to the process group we
    created for it."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


@contextmanager
def headquarters(name: str, database_url: str, folder: Path, workers: int) -> Iterator[Server]:
    """``sesiona-hq serve`` in a process (group) of its own, on a free loopback port."""
    port = free_port()
    data = folder / f"hq-{name}"
    data.mkdir(parents=True, exist_ok=True)
    log_path = folder / f"hq-{name}.log"
    command = [sys.executable, "-m", "server.cli.main", "serve", "--database-url", database_url,
               "--data-dir", str(data), "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]
    with log_path.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(name, f"http://127.0.0.1:{port}", database_url, proc, log_path)
    try:
        wait_ready(server.url, proc, "/api/v1/info", f"La sede ({name})", server.log_tail)
        yield server
    finally:
        if server._engine is not None:
            server._engine.dispose()
        stop_process(proc)


@contextmanager
def sink(folder: Path) -> Iterator[str]:
    """The baseline's bare ASGI endpoint on the same uvicorn."""
    port = free_port()
    log_path = folder / "sink.log"
    with log_path.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "benchmarks._sync_sink:app", "--host",
             "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env=child_env(), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc, "/", "El servidor de referencia",
                   lambda: log_path.read_text(errors="replace"))
        yield url + "/sink"
    finally:
        stop_process(proc)


@contextmanager
def postgres_database(admin_url: str, name: str) -> Iterator[str]:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    from sqlalchemy.engine import make_url

    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


