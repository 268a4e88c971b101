"""50 devices at once (``bench_sync.py`` step 5), two ways.

* **network** (the default): each device is a real Sesiona file, enrolled, whose pushes
  are built and acknowledged by the real client code (``devicesync.client``: the change-log
  batch, ``push_body``, gzip, ``acknowledge``; then ``apply_page`` for its pull). Only the
  requests of a burst are sent from one asyncio loop of this process, one connection per
  device: on this 2-core machine the server then gets the CPU a fleet of real laptops
  would leave it, and the latency measured is the server's (sent → answer read).
* **processes**: each device is a process of its own running the whole ``sync_round``. The
  50 Python processes compete with the server for the same 2 cores, which real laptops
  would not: their own CPU time shows up in the latencies.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import math
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks._sync_common import CHILD, ROOT, BenchError, child_env, log
from contract.protocol import (
    API_PREFIX,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PULL_PAGE,
    PullResponse,
    PushResponse,
)
from db.domain import committees, sessions
from db.storage.connection import transaction
from db.storage.store import open_store
from devicesync.client import SyncReport, _batches, acknowledge, push_body, sync_round
from devicesync.identity import require_device
from devicesync.pull import apply_page
from devicesync.transport import load_token


def make_devices(server: Any, folder: Path, devices: int, regions: int
                 ) -> tuple[list[str], list[tuple[Path, str, str]]]:
    """``devices`` files, each with a committee and a session of its region, enrolled."""
    from server.core.accounts import region_names

    codes = sorted(region_names())[:regions]
    paths = []
    for index in range(devices):
        region = codes[index % len(codes)]
        path = folder / f"flota-{regions}-{index:02d}.sqlite"
        db = open_store(path)
        with transaction(db):
            committee = committees.create_committee(
                db, kind="cdrpeti", acronym=f"CDRPETI-{region}-{index:02d}",
                region_code=region, city="Capital",
                name=f"Comité Directivo Regional de prueba {index} ({region})")
            sessions.create_session(db, committee, date="2025-03-10", venue="Auditorio")
        db.conn.close()
        device = server.enroll(path, region, f"Laptop {index:02d}")
        paths.append((path, device.device_id, load_token(device.device_id)))
    return codes, paths


def add_invitees(db: Any, number: int, ops: int, tag: str) -> None:
    session_id = db.execute("SELECT id FROM sessions ORDER BY created_at LIMIT 1").fetchone()[0]
    with transaction(db):
        for index in range(ops):
            sessions.add_invitee(db, session_id, f"Invitado {number}-{index} de {tag}",
                                 entity="Municipalidad provincial")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def summary(push_ms: list[float], pull_ms: list[float], round_ms: list[float],
            errors: list[str], bursts: list[float], cpu: dict[str, float],
            **sizes: Any) -> dict[str, Any]:
    return {
        **sizes, "cpu_seconds": cpu, "pushes": len(push_ms), "errors": errors,
        "push_p50_ms": percentile(push_ms, 50), "push_p95_ms": percentile(push_ms, 95),
        "push_p99_ms": percentile(push_ms, 99), "push_max_ms": max(push_ms, default=0),
        "pull_p95_ms": percentile(pull_ms, 95), "round_p95_ms": percentile(round_ms, 95),
        "burst_median_s": statistics.median(bursts) if bursts else 0,
        "push_ms": [round(t, 1) for t in push_ms],
    }


# Network mode ------------------------------------------------------------------------------

@dataclass
class _Device:
    path: Path
    device_id: str
    token: str
    db: Any = None
    client: httpx.AsyncClient | None = None
    batch: list[dict[str, Any]] = field(default_factory=list)
    body: bytes = b""


async def _timed(call: Any) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    response = await call
    response.raise_for_status()
    return time.perf_counter() - start, response


def _push_request(device: _Device) -> Any:
    assert device.client is not None
    return device.client.post(f"{API_PREFIX}/push", content=device.body, headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})


def _pull_request(device: _Device) -> Any:
    assert device.client is not None
    return device.client.get(f"{API_PREFIX}/pull", params={
        "cursor": require_device(device.db).cursor, "limit": PULL_PAGE})


async def _burst(devices: list[_Device], request: Any) -> list[tuple[float, httpx.Response]]:
    return list(await asyncio.gather(*(_timed(request(d)) for d in devices)))


async def _fleet_rounds(server: Any, devices: list[_Device], rounds: int, ops: int
                        ) -> dict[str, Any]:
    push_ms: list[float] = []
    pull_ms: list[float] = []
    round_ms: list[float] = []
    bursts: list[float] = []
    cpu: dict[str, float] = {}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    for device in devices:
        device.client = httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits,
                                          headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                                                   "Authorization": f"Bearer {device.token}"})
    try:
        await _burst(devices, lambda d: d.client.get(f"{API_PREFIX}/info"))  # connect
        for number in range(1, rounds + 1):
            for device in devices:  # each laptop edits and builds its push: not timed
                add_invitees(device.db, number, ops, device.device_id[:8])
                last = device.db.execute("SELECT max(seq) FROM change_log").fetchone()[0]
                device.batch = next(_batches(device.db, last))
                device.body = gzip.compress(
                    push_body(require_device(device.db).cursor, device.batch), compresslevel=5)
            before = cpu_snapshot(server, [])
            start = time.perf_counter()
            pushed = await _burst(devices, _push_request)
            pulled = await _burst(devices, _pull_request)
            finished = time.perf_counter()
            after = cpu_snapshot(server, [])
            bursts.append(finished - start)
            for key in after:
                cpu[key] = cpu.get(key, 0.0) + after[key] - before[key]
            for device, (push_s, push_answer), (pull_s, pull_answer) in zip(
                    devices, pushed, pulled, strict=True):
                tally = SyncReport()
                acknowledge(device.db, device.batch, PushResponse.model_validate_json(
                    push_answer.content), tally)
                if tally.applied != ops:
                    raise BenchError(f"Un equipo envió {ops} cambios y se aplicaron "
                                     f"{tally.applied}.")
                page = PullResponse.model_validate_json(pull_answer.content)
                apply_page(device.db, page.entries, page.cursor)
                push_ms.append(push_s * 1000)
                pull_ms.append(pull_s * 1000)
                round_ms.append((push_s + pull_s) * 1000)
    finally:
        for device in devices:
            if device.client is not None:
                await device.client.aclose()
    if cpu:
        cpu["clients"] = cpu.pop("bench")
        cpu["postgres_and_rest"] = cpu["machine"] - cpu["server"] - cpu["clients"]
    return summary(push_ms, pull_ms, round_ms, [], bursts, cpu)


def fleet_network(server: Any, folder: Path, devices: int, regions: int, rounds: int,
                  ops: int) -> dict[str, Any]:
    codes, paths = make_devices(server, folder, devices, regions)
    fleet_devices = [_Device(path, device_id, token) for path, device_id, token in paths]
    log(f"flota: {devices} equipos en {len(codes)} regiones inscritos; primera sincronización…")
    try:
        for device in fleet_devices:
            device.db = open_store(device.path)
            sync_round(device.db)  # warm-up: the committee and session of each device
        found = asyncio.run(_fleet_rounds(server, fleet_devices, rounds, ops))
    finally:
        for device in fleet_devices:
            if device.db is not None:
                device.db.conn.close()
    found.update(devices=devices, regions=len(codes), rounds=rounds, ops_per_push=ops,
                 mode="network")
    return found


# Processes mode ----------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's supervisor and its workers)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            queue += [int(c) for c in Path(f"/proc/{current}/task/{current}/children")
                      .read_text().split()]
        except OSError:
            pass
    return found


def machine_busy() -> float:
    """CPU seconds spent busy by the whole machine since boot (all cores), /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / TICK


def send(children: list[subprocess.Popen[str]], line: str) -> None:
    for proc in children:
        assert proc.stdin is not None
        proc.stdin.write(line + "\n")
        proc.stdin.flush()


def cpu_snapshot(server: Any, children: list[subprocess.Popen[str]]) -> dict[str, float]:
    times = os.times()
    return {
        "wall": time.perf_counter(), "machine": machine_busy(),
        "server": sum(cpu_seconds(p) for p in process_tree(server.proc.pid)),
        "clients": sum(cpu_seconds(c.pid) for c in children),
        "bench": times.user + times.system,
    }


def fleet(server: Any, folder: Path, devices: int, regions: int, rounds: int,
          ops: int) -> dict[str, Any]:
    codes, paths = make_devices(server, folder, devices, regions)
    log(f"flota: {devices} equipos en {len(codes)} regiones inscritos; arrancando procesos…")
    children: list[subprocess.Popen[str]] = []
    err = (folder / f"flota-{regions}.err").open("w")
    try:
        for path, device_id, token in paths:
            proc = subprocess.Popen(
                [sys.executable, str(CHILD), "fleet", str(path), device_id, str(rounds),
                 str(ops)], cwd=ROOT, env=child_env(), stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True)
            assert proc.stdin is not None
            proc.stdin.write(token + "\n")
            proc.stdin.flush()
            children.append(proc)

        def expect(proc: subprocess.Popen[str]) -> str:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line:
                err.flush()
                raise BenchError("Un equipo de la flota terminó antes de tiempo:\n" +
                                 (folder / f"flota-{regions}.err").read_text()[-3000:])
            return line.strip()

        push_ms: list[float] = []
        pull_ms: list[float] = []
        round_ms: list[float] = []
        errors: list[str] = []
        bursts: list[float] = []
        cpu: dict[str, float] = {}
        for number in range(rounds + 1):
            if number:
                send(children, "edit")
            for proc in children:
                if expect(proc) != "ready":
                    raise BenchError("La flota no respondió «ready».")
            before = cpu_snapshot(server, children)
            send(children, "go")
            answers = [json.loads(expect(proc)) for proc in children]
            after = cpu_snapshot(server, children)
            bursts.append(after["wall"] - before["wall"])
            errors += [a["error"] for a in answers if a["error"]]
            if number == 0:
                log(f"flota: calentamiento en {bursts[-1]:.1f} s")
                continue  # warm-up: the committee and session of each device
            for key in after:
                cpu[key] = cpu.get(key, 0.0) + after[key] - before[key]
            for answer in answers:
                if answer["pushed"] != ops and not answer["error"]:
                    errors.append(f"un equipo envió {answer['pushed']} cambios, no {ops}")
                push_ms += [t * 1000 for t in answer["push"]]
                pull_ms += [t * 1000 for t in answer["pull"]]
                round_ms.append(answer["round_seconds"] * 1000)
        for proc in children:
            proc.wait(30)
    finally:
        for proc in children:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
        err.close()
    if cpu:  # where the CPU went during the measured bursts (2 cores: 2 s per second)
        cpu["postgres_and_rest"] = cpu["machine"] - cpu["server"] - cpu["clients"] - cpu["bench"]
    found = summary(push_ms, pull_ms, round_ms, errors, bursts[1:], cpu)
    found.update(devices=devices, regions=len(codes), rounds=rounds, ops_per_push=ops,
                 mode="processes")
    return found


