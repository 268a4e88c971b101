"""Device processes for ``benchmarks/bench_sync.py`` (not a benchmark on its own).

Each child is one Sesiona device in a process of its own, so that it shares no GIL with
the benchmark or with other devices. It imports only what the desktop client imports for a
sync round (``db``, ``httpx``, ``keyring``), so its memory is the client's. The device
token arrives on the first line of stdin (never in argv) and lives in an in-memory
keyring, as in the tests: a headless machine has no system secret store.

    python benchmarks/_sync_child.py pull PATH DEVICE_ID
        One ``sync_round`` on an enrolled file; prints one JSON line: what moved, the time,
        the resident memory before the round and the peak (VmHWM) after.

    python benchmarks/_sync_child.py fleet PATH DEVICE_ID ROUNDS OPS
        Round 0 syncs what the file already holds (warm-up). Then, for each of ROUNDS: waits
        for «edit», writes OPS invitees through ``db.domain.sessions.add_invitee``, prints «ready»,
        waits for «go» (the parent releases every device at the same moment, once all are
        ready, so that no device edits while others sync), runs one ``sync_round`` and
        prints a JSON line with the latency of each HTTP request.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class TimedClient(httpx.Client):
    """An ``httpx.Client`` that times every request (sent → answer read) by route.

    ``Transport.request`` calls ``client.request``, which reads the whole answer, so each
    time is the full round trip of one push or one pull page. With ``capture`` it also
    keeps the uncompressed JSON of every push body and every pull answer: the bytes the raw
    HTTP baseline sends again.
    """

    def __init__(self, *, capture: bool = False, **kwargs: Any):
        kwargs.setdefault("timeout", httpx.Timeout(120.0, connect=10.0))
        super().__init__(**kwargs)
        self.capture = capture
        self.times: dict[str, list[float]] = {}
        self.wire: dict[str, int] = {}  # bytes on the wire (compressed as sent)
        self.push_bodies: list[bytes] = []
        self.pull_bodies: list[bytes] = []

    def request(self, method: str, url: Any, **kwargs: Any) -> httpx.Response:  # type: ignore[override]
        route = str(url).rsplit("/api/v1", 1)[-1].split("?")[0]
        start = time.perf_counter()
        response = super().request(method, url, **kwargs)
        self.times.setdefault(route, []).append(time.perf_counter() - start)
        content = kwargs.get("content") or b""
        self.wire[route + ">"] = self.wire.get(route + ">", 0) + len(content)
        self.wire[route + "<"] = self.wire.get(route + "<", 0) + int(
            response.headers.get("content-length") or 0)
        if self.capture and route == "/push" and content:
            gzipped = (kwargs.get("headers") or {}).get("Content-Encoding") == "gzip"
            self.push_bodies.append(gzip.decompress(content) if gzipped else content)
        if self.capture and route == "/pull":
            self.pull_bodies.append(response.content)
        return response


def memory_keyring() -> Any:
    """Install an in-memory keyring backend (the tests' only fake) and return it."""
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.secrets: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.secrets.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.secrets[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.secrets.pop((service, username), None)

    backend = Memory()
    keyring.set_keyring(backend)
    return backend


def read_token(device_id: str) -> None:
    """The token from the first line of stdin, into the in-memory keyring."""
    from devicesync.transport import KEYRING_SERVICE, account

    memory_keyring().set_password(KEYRING_SERVICE, account(device_id),
                                  sys.stdin.readline().strip())


def status_kib(field: str) -> int:
    """``VmRSS`` / ``VmHWM`` of this process from /proc (KiB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def run_pull(path: str, device_id: str) -> None:
    from db.storage.store import open_store
    from devicesync.client import sync_round

    read_token(device_id)
    db = open_store(path)
    from db.storage.progress import Progress

    rss_before = status_kib("VmRSS")
    curve: list[tuple[float, int]] = []  # (fraction done, VmRSS KiB) at each reported step
    client = TimedClient()
    start = time.perf_counter()
    report = sync_round(db, client=client, progress=Progress(
        lambda fraction, _text: curve.append((round(fraction, 3), status_kib("VmRSS")))))
    seconds = time.perf_counter() - start
    client.close()
    db.conn.close()
    print(json.dumps({
        "pulled": report.pulled, "pushed": report.pushed, "seconds": seconds,
        "http_seconds": sum(sum(v) for v in client.times.values()),
        "pages": len(client.times.get("/pull", [])),
        "rss_before_kib": rss_before, "vmhwm_kib": status_kib("VmHWM"),
        "rss_curve_kib": curve,
    }), flush=True)


def run_fleet(path: str, device_id: str, rounds: int, ops: int) -> None:
    from db.domain import sessions
    from db.storage.connection import transaction
    from db.storage.store import open_store
    from devicesync.client import sync_round

    read_token(device_id)
    db = open_store(path)
    session_id = db.execute("SELECT id FROM sessions ORDER BY created_at LIMIT 1").fetchone()[0]
    client = TimedClient()
    for number in range(rounds + 1):
        if number:
            if sys.stdin.readline().strip() != "edit":
                return
            with transaction(db):
                for index in range(ops):
                    sessions.add_invitee(db, session_id, f"Invitado {number}-{index} de "
                                         f"{device_id[:8]}", entity="Municipalidad provincial")
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            return
        client.times.clear()
        start = time.perf_counter()
        try:
            report = sync_round(db, client=client)
            error = ""
        except Exception as exc:  # reported to the parent, which counts it as a failure
            report, error = None, f"{type(exc).__name__}: {exc}"
        print(json.dumps({
            "round": number, "round_seconds": time.perf_counter() - start,
            "push": client.times.get("/push", []), "pull": client.times.get("/pull", []),
            "pushed": report.pushed if report else 0, "pulled": report.pulled if report else 0,
            "applied": report.applied if report else 0, "error": error,
        }), flush=True)
    client.close()
    db.conn.close()


def main(argv: list[str]) -> None:
    if argv[:1] == ["pull"] and len(argv) == 3:
        run_pull(argv[1], argv[2])
    elif argv[:1] == ["fleet"] and len(argv) == 5:
        run_fleet(argv[1], argv[2], int(argv[3]), int(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
