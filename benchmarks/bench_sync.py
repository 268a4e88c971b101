"""Sync speed on loopback (issue 5, «Speed»): a real headquarters in its own process(es),
real Sesiona files, only 127.0.0.1 traffic.

1. **Push** ``--changes`` (10 000) change-log rows from one device, written through the
   public db API (one committee with seats, designations, sessions, attendance, agreements
   with responsibles and follow-ups, and invitees to make up the count), to ``sesiona-hq
   serve`` on PostgreSQL and on SQLite. Timed: the whole ``sync_round`` (the push, then a
   pull that finds nothing new). Target < 5 s.
2. **Pull** them into a fresh device enrolled in the same region (the whole
   ``sync_round``; the copies are checked to hold the same rows). Target < 5 s.
3. **Raw baseline**, in the same run: the same rows bulk-inserted (``executemany``, one
   transaction) into a fresh Sesiona file, plus the same bytes (the uncompressed JSON of
   every push request, or of every pull answer) POSTed one request per batch/page to a bare
   ASGI app on the same uvicorn that reads and discards them. Median of 3. Each sync figure
   is reported as a multiple of its baseline. Target ≤ 4×.
4. **Memory**: ``--pull-changes`` (100 000) changes, pushed from a device built the same
   way (on the PostgreSQL server, in another region), are pulled into a fresh device by a
   client in a process of its own; its peak resident memory (VmHWM, read by the child and
   polled from /proc by this process) must stay < 200 MB.
5. **50 devices at once** (``--devices``) against PostgreSQL (``--workers`` 2): 50 real
   Sesiona files, enrolled; after a first sync, for ``--rounds`` rounds every device writes
   ``--ops`` (20) invitees and builds its push with the real client code, then all 50 pushes
   leave at the same moment (one connection per device), followed by all 50 pulls; each
   answer is acknowledged and applied by the real client code. Reported: the 95th
   percentile of the push request latency (sent → answer read), target < 300 ms.
   ``--fleet-mode red`` (default) sends a burst's requests from one asyncio loop, so that
   the server gets the CPU that a fleet of real laptops would leave it; ``procesos`` runs
   every device as a process of its own doing the whole ``sync_round``, where the 50
   clients compete with the server for the same 2 cores (see ``benchmarks/_sync_fleet.py``).
   ``--fleet-regions 25,1`` runs the devices spread over 25 regions (a secretariat's pushes
   serialise on its region lock; regions run side by side) and, separately, all in one
   region (every push serialised): the worst case. Also reported: how the machine's CPU
   was shared during the bursts.

PostgreSQL: ``--postgres`` (``postgresql://postgres@127.0.0.1:5432/postgres``, trust auth)
is used to create throwaway databases ``sesiona_bench_<pid>`` (and ``…_flota<N>``, one per
50-device scenario, so that each starts empty), dropped at the end. Everything stops by
itself: ``--time-limit`` (s) bounds the whole run; servers and children are stopped and the
databases dropped even on failure.

    python benchmarks/bench_sync.py            # the full run (a few minutes)
    python benchmarks/bench_sync.py --quick    # 1 000 / 5 000 changes, 10 devices
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._sync_child import TimedClient, memory_keyring  # noqa: E402
from benchmarks._sync_common import CHILD, BenchError, child_env, log  # noqa: E402
from benchmarks._sync_data import (  # noqa: E402
    INSERT_ORDER,
    baseline_http,
    baseline_insert,
    baseline_server_insert,
    build_device,
    median_of,
    rows_of,
)
from benchmarks._sync_fleet import fleet, fleet_network  # noqa: E402
from benchmarks._sync_servers import Server, headquarters, postgres_database, sink  # noqa: E402
from db.storage.store import open_store  # noqa: E402
from devicesync.client import SyncReport, sync_round  # noqa: E402
from devicesync.transport import load_token  # noqa: E402

MB = 1024 * 1024
PUSH_REGION, BIG_REGION = "PE-UCA", "PE-LOR"
TARGET_S = 5.0
TARGET_RATIO = 4.0
TARGET_RSS_MB = 200.0
TARGET_P95_MS = 300.0


# Measurements -------------------------------------------------------------------------------

@dataclass
class Results:
    raw: dict[str, Any] = field(default_factory=dict)
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)

    def row(self, label: str, target: str, result: str) -> None:
        self.rows.append((label, target, result))

    def verdict(self, ok: bool, text: str) -> None:
        self.verdicts.append(("✔ Cumple: " if ok else "✘ No cumple: ") + text)


def timed_round(path: Path, *, capture: bool) -> tuple[SyncReport, float, TimedClient]:
    db = open_store(path)
    client = TimedClient(capture=capture)
    try:
        start = time.perf_counter()
        report = sync_round(db, client=client)
        seconds = time.perf_counter() - start
    finally:
        client.close()
        db.conn.close()
    return report, seconds, client


def http_seconds(client: TimedClient, route: str) -> float:
    return sum(client.times.get(route, []))


def push_and_pull(server: Server, template: Path, folder: Path, changes: int) -> dict[str, Any]:
    """Push the template's change log from a copy of it, then pull it into a fresh device."""
    name = server.name
    source = folder / f"push-{name}.sqlite"
    shutil.copyfile(template, source)
    server.enroll(source, PUSH_REGION, f"Laptop de la secretaría ({name})")
    log(f"{name}: enviando {changes} cambios…")
    pushed, push_s, push_client = timed_round(source, capture=True)
    if pushed.pushed != changes or pushed.applied != changes:
        raise BenchError(f"{name}: se enviaron {pushed.pushed} cambios y se aplicaron "
                         f"{pushed.applied}, se esperaban {changes}.")
    fresh = folder / f"pull-{name}.sqlite"
    server.enroll(fresh, PUSH_REGION, f"Laptop nueva ({name})")
    log(f"{name}: recibiendo en un equipo nuevo…")
    pulled, pull_s, pull_client = timed_round(fresh, capture=True)
    if pulled.pulled != changes:
        raise BenchError(f"{name}: el equipo nuevo recibió {pulled.pulled} cambios, se "
                         f"esperaban {changes}.")
    check_converged(source, fresh)
    return {
        "push_seconds": push_s, "push_http_seconds": http_seconds(push_client, "/push"),
        "push_requests": len(push_client.times.get("/push", [])),
        "push_json_bytes": sum(len(b) for b in push_client.push_bodies),
        "push_wire_bytes": push_client.wire.get("/push>", 0),
        "pull_seconds": pull_s, "pull_http_seconds": http_seconds(pull_client, "/pull"),
        "pull_requests": len(pull_client.times.get("/pull", [])),
        "pull_json_bytes": sum(len(b) for b in pull_client.pull_bodies),
        "pull_wire_bytes": pull_client.wire.get("/pull<", 0),
        "_push_bodies": push_client.push_bodies, "_pull_bodies": pull_client.pull_bodies,
    }


def check_converged(a: Path, b: Path) -> None:
    """The pulled copy holds the same rows as the pushed one (ids per table)."""
    one, two = sqlite3.connect(a), sqlite3.connect(b)
    try:
        for table in INSERT_ORDER:
            query = f"SELECT count(*) FROM [{table}]"
            if one.execute(query).fetchone() != two.execute(query).fetchone():
                raise BenchError(f"Las copias no coinciden en «{table}».")
    finally:
        one.close()
        two.close()


def proc_kib(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def pull_in_child(server: Server, folder: Path, region: str) -> dict[str, Any]:
    """A fresh device pulls its region's history in a process of its own.

    The figure is the child's ``VmHWM``: the kernel's high-water mark of its resident
    memory, which starts afresh at ``exec``. The child reads it itself at the end; this
    process also polls ``/proc/<pid>/status`` while it runs, as a check. (``ru_maxrss``
    from ``wait4`` is kept in the raw numbers but is no use here: Linux carries into it the
    RSS of the parent's image the child was forked from, i.e. this benchmark's.)"""
    path = folder / "pull-big.sqlite"
    device = server.enroll(path, region, "Laptop nueva (memoria)")
    token = load_token(device.device_id)
    with (folder / "pull-big.err").open("wb") as err:
        proc = subprocess.Popen([sys.executable, str(CHILD), "pull", str(path),
                                 device.device_id], cwd=ROOT, env=child_env(),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                start_new_session=True)
    assert proc.stdin is not None and proc.stdout is not None
    polled = {"VmHWM": 0, "VmRSS": 0}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for key in polled:
                value = proc_kib(proc.pid, key)
                if value is not None:
                    polled[key] = max(polled[key], value)
            done.wait(0.02)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        proc.stdin.write((token + "\n").encode())
        proc.stdin.close()
        out = proc.stdout.read().decode()
        done.set()
        poller.join()
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        done.set()
        if proc.returncode is None:
            proc.kill()
            proc.wait(5)
    if proc.returncode != 0 or not out.strip():
        raise BenchError("El cliente que recibe falló:\n" + (folder / "pull-big.err")
                         .read_text(errors="replace")[-3000:])
    result = json.loads(out.strip().splitlines()[-1])
    result["polled_vmhwm_kib"] = polled["VmHWM"]
    result["polled_max_vmrss_kib"] = polled["VmRSS"]
    result["wait4_ru_maxrss_kib_includes_parent"] = usage.ru_maxrss
    curve = result.pop("rss_curve_kib")
    step = max(1, len(curve) // 10)
    result["rss_curve_mb"] = [(f, round(k / 1024)) for f, k in curve[::step] + curve[-1:]]
    return result


# Report ---------------------------------------------------------------------------------------

def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def requests_text(count: int) -> str:
    return f"{count} solicitud" + ("" if count == 1 else "es")


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def report_push_pull(results: Results, label: str, run: dict[str, Any], changes: int,
                     insert_s: float, rows: int) -> None:
    """``insert_s``: the rows into a device file (the pull's destination); the push's
    insertion baseline is ``run["baseline_server_insert_seconds"]`` (its destination)."""
    n = thousands(changes)
    for kind, verb, where, inserted in (
            ("push", f"Enviar {n} cambios a la sede", "en la base de la sede",
             run["baseline_server_insert_seconds"]),
            ("pull", f"Recibir {n} cambios en un equipo nuevo", "en un archivo de Sesiona",
             insert_s)):
        seconds = run[f"{kind}_seconds"]
        http_s = run[f"baseline_{kind}_http_seconds"]
        base = inserted + http_s
        ratio = seconds / base
        run[f"{kind}_baseline_seconds"] = base
        run[f"{kind}_ratio"] = ratio
        warn = "" if seconds < TARGET_S else " ⚠"
        results.row(f"{verb} ({label}; {requests_text(run[f'{kind}_requests'])}, "
                    f"{run[f'{kind}_json_bytes'] / MB:.1f} MB de JSON)",
                    f"< {TARGET_S:.0f} s", fmt_s(seconds) + warn)
        results.verdict(seconds < TARGET_S,
                        f"{verb} ({label}) tarda {fmt_s(seconds)} (objetivo < {TARGET_S:.0f} s"
                        + ("" if seconds < TARGET_S else
                           f"; se pasa por {seconds - TARGET_S:.2f} s, "
                           f"{(seconds / TARGET_S - 1) * 100:.0f} %") + ").")
        warn = "" if ratio <= TARGET_RATIO else " ⚠"
        results.row(f"… frente a la base: inserción directa de {thousands(rows)} filas "
                    f"{where} {fmt_s(inserted)} + los mismos bytes por HTTP {fmt_s(http_s)} = "
                    f"{fmt_s(base)}", f"≤ {TARGET_RATIO:.0f}×",
                    f"{ratio:.1f}×{warn}")
        results.verdict(ratio <= TARGET_RATIO,
                        f"{verb} ({label}) es {ratio:.1f}× la base de {fmt_s(base)} "
                        f"(objetivo ≤ {TARGET_RATIO:.0f}×"
                        + ("" if ratio <= TARGET_RATIO else
                           f"; se pasa por {ratio - TARGET_RATIO:.1f}×, la sincronización "
                           f"debería tardar ≤ {fmt_s(TARGET_RATIO * base)}") + ").")


def print_results(results: Results, args: argparse.Namespace) -> None:
    print()
    print("| Medida | Objetivo | Resultado |")
    print("|---|---|---|")
    for label, target, result in results.rows:
        print(f"| {label} | {target} | {result} |")
    print()
    for line in results.verdicts:
        print(line)
    print()
    print("Cifras en bruto (JSON; las latencias una por una, solo con --json):")
    shown = {key: ({k: v for k, v in value.items() if k != "push_ms"}
                   if isinstance(value, dict) else value) for key, value in results.raw.items()}
    print(json.dumps(shown, indent=1, ensure_ascii=False, default=str))
    if args.json:
        Path(args.json).write_text(json.dumps(results.raw, indent=1, ensure_ascii=False,
                                              default=str))


# Main -----------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--quick", action="store_true",
                        help="tamaños pequeños: 1 000 / 5 000 cambios, 10 equipos, 3 rondas")
    parser.add_argument("--changes", type=int, help="cambios del envío y la recepción (10000)")
    parser.add_argument("--pull-changes", type=int,
                        help="cambios de la prueba de memoria (100000; 0 la omite)")
    parser.add_argument("--devices", type=int, help="equipos simultáneos (50; 0 omite)")
    parser.add_argument("--rounds", type=int, help="rondas medidas por equipo (10)")
    parser.add_argument("--ops", type=int, default=20, help="cambios por envío en la flota")
    parser.add_argument("--fleet-regions", default=None,
                        help="regiones de cada escenario de la flota, p. ej. 25,1")
    parser.add_argument("--fleet-mode", choices=["red", "procesos"], default="red",
                        help="red: los envíos de la flota salen de un solo proceso asyncio "
                             "(la CPU queda para la sede); procesos: un proceso por equipo")
    parser.add_argument("--workers", type=int, default=2, help="procesos de uvicorn (2)")
    parser.add_argument("--postgres", default=os.environ.get(
        "SESIONA_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="servidor PostgreSQL para las bases desechables")
    parser.add_argument("--no-postgres", action="store_true", help="solo SQLite")
    parser.add_argument("--time-limit", type=int, default=1500,
                        help="segundos como máximo para toda la corrida (1500)")
    parser.add_argument("--json", metavar="ARCHIVO", help="guarda las cifras en bruto")
    args = parser.parse_args(argv)
    quick = args.quick
    args.changes = args.changes if args.changes is not None else (1000 if quick else 10_000)
    args.pull_changes = args.pull_changes if args.pull_changes is not None else (
        5000 if quick else 100_000)
    args.devices = args.devices if args.devices is not None else (10 if quick else 50)
    args.rounds = args.rounds if args.rounds is not None else (3 if quick else 10)
    args.fleet_regions = [int(x) for x in (args.fleet_regions or ("5" if quick else "25,1"))
                          .split(",") if x.strip()]
    return args


class TimeLimit(BaseException):
    """``--time-limit`` reached. A BaseException, so that no ``except Exception`` (nor
    httpcore's mapping of TimeoutError to a read timeout) swallows it."""


def _timeout(_signum: int, _frame: Any) -> None:
    raise TimeLimit("se alcanzó --time-limit: la corrida se detuvo")


def step_push_pull(args: argparse.Namespace, results: Results, folder: Path,
                   stack: ExitStack) -> Server | None:
    """Steps 1–3. Returns the PostgreSQL server, left running (in ``stack``) for step 4."""
    raw = results.raw
    log(f"creando el equipo con {args.changes} cambios…")
    t0 = time.perf_counter()
    template = folder / "template.sqlite"
    raw["template_counts"] = build_device(template, args.changes, PUSH_REGION, "CDRPETI-BENCH")
    raw["template_build_seconds"] = time.perf_counter() - t0
    changes = raw["template_counts"]["_total"]
    rows = rows_of(template)
    raw["baseline_rows"] = sum(len(r[2]) for r in rows)
    sink_url = stack.enter_context(sink(folder))
    backends: list[tuple[str, str, int]] = []
    if not args.no_postgres:
        url = stack.enter_context(postgres_database(args.postgres,
                                                    f"sesiona_bench_{os.getpid()}"))
        backends.append(("PostgreSQL", url, args.workers))
    backends.append(("SQLite", f"sqlite:///{folder / 'hq-sqlite.sqlite'}", 1))
    kept: Server | None = None
    for name, url, workers in backends:
        with ExitStack() as server_stack:
            server = server_stack.enter_context(headquarters(name, url, folder, workers))
            raw[name] = push_and_pull(server, template, folder, changes)
            raw[name]["workers"] = workers
            if name == "PostgreSQL" and args.pull_changes:
                kept = server
                stack.enter_context(server_stack.pop_all())
    log("base: inserción directa y HTTP…")
    insert_s = median_of(3, lambda i: baseline_insert(folder, rows, str(i)))
    raw["baseline_insert_seconds"] = insert_s
    for name, url, workers in backends:
        run = raw[name]
        run["baseline_server_insert_seconds"] = median_of(
            3, lambda i, url=url, name=name: baseline_server_insert(
                url, folder, rows, f"{name.lower()}_{i}"))
        bodies = {kind: run.pop(f"_{kind}_bodies") for kind in ("push", "pull")}
        for kind, sent in bodies.items():
            run[f"baseline_{kind}_http_seconds"] = statistics.median(
                baseline_http(sink_url, sent) for _ in range(3))
        label = f"{name}, {workers} worker" + ("" if workers == 1 else "s")
        report_push_pull(results, label, run, changes, insert_s, raw["baseline_rows"])
    return kept


def step_memory(args: argparse.Namespace, results: Results, folder: Path,
                server: Server | None) -> None:
    """Step 4, on the PostgreSQL server of steps 1–2 (another region), or on SQLite."""
    with ExitStack() as stack:
        if server is None:
            server = stack.enter_context(headquarters(
                "SQLite-grande", f"sqlite:///{folder / 'hq-big.sqlite'}", folder, 1))
        log(f"memoria: creando el equipo con {args.pull_changes} cambios…")
        t0 = time.perf_counter()
        big = folder / "big.sqlite"
        changes = build_device(big, args.pull_changes, BIG_REGION, "CDRPETI-GRANDE")["_total"]
        build_s = time.perf_counter() - t0
        server.enroll(big, BIG_REGION, "Laptop con el historial")
        log(f"memoria: enviando {changes} cambios a la sede ({server.name})…")
        pushed, push_s, push_client = timed_round(big, capture=False)
        if pushed.applied != changes:
            raise BenchError(f"Se aplicaron {pushed.applied} de {changes} cambios.")
        log("memoria: recibiendo en un cliente aparte…")
        child = pull_in_child(server, folder, BIG_REGION)
    if child["pulled"] != changes:
        raise BenchError(f"El cliente recibió {child['pulled']} de {changes} cambios.")
    peak_mb = max(child["vmhwm_kib"], child["polled_vmhwm_kib"]) / 1024
    results.raw["memory"] = {
        "server": server.name, "changes": changes, "build_seconds": build_s,
        "push_seconds": push_s, "push_http_seconds": http_seconds(push_client, "/push"),
        **child, "peak_mb": peak_mb}
    n = thousands(changes)
    ok = peak_mb < TARGET_RSS_MB
    results.row(f"Memoria del cliente al recibir {n} cambios en un equipo nuevo, en un proceso "
                f"aparte (pico de RSS, VmHWM; {child['rss_before_kib'] / 1024:.0f} MB antes "
                f"de empezar; {child['pages']} páginas en {fmt_s(child['seconds'])})",
                f"< {TARGET_RSS_MB:.0f} MB", f"{peak_mb:.0f} MB" + ("" if ok else " ⚠"))
    results.verdict(ok, f"recibir {n} cambios deja el cliente en {peak_mb:.0f} MB de pico "
                        f"(objetivo < {TARGET_RSS_MB:.0f} MB"
                    + ("" if ok else f"; se pasa por {peak_mb - TARGET_RSS_MB:.0f} MB") + ").")
    results.row(f"(sin objetivo) Enviar esos {n} cambios desde un equipo ({server.name}) / "
                "recibirlos", "—", f"{fmt_s(push_s)} / {fmt_s(child['seconds'])}")


def cpu_text(cpu: dict[str, float]) -> str:
    """Shares of the machine's busy CPU during the bursts."""
    if not cpu or cpu.get("machine", 0) <= 0:
        return "CPU sin medir"
    cores = os.cpu_count() or 1
    busy = cpu["machine"] / (cpu["wall"] * cores)
    share = {key: cpu[key] / cpu["machine"] for key in ("clients", "server", "postgres_and_rest")}
    return (f"CPU ocupada {busy:.0%}: equipos {share['clients']:.0%}, sede "
            f"{share['server']:.0%}, PostgreSQL y resto {share['postgres_and_rest']:.0%}")


def step_fleet(args: argparse.Namespace, results: Results, folder: Path) -> None:
    """Step 5: one fresh database and server per scenario."""
    for regions in args.fleet_regions:
        regions = max(1, min(regions, 26, args.devices))
        with ExitStack() as stack:
            url = stack.enter_context(postgres_database(
                args.postgres, f"sesiona_bench_{os.getpid()}_flota{regions}"))
            server = stack.enter_context(headquarters(f"flota{regions}", url, folder,
                                                      args.workers))
            log(f"flota: {args.devices} equipos, {regions} regiones…")
            measure = fleet_network if args.fleet_mode == "red" else fleet
            found = measure(server, folder, args.devices, regions, args.rounds, args.ops)
        results.raw[f"fleet_{regions}"] = found
        p95 = found["push_p95_ms"]
        ok = p95 < TARGET_P95_MS and not found["errors"]
        where = "una sola región" if regions == 1 else f"{regions} regiones"
        results.row(
            f"Latencia p95 de un envío con {args.devices} equipos a la vez (PostgreSQL, "
            f"{args.workers} workers, {where}, modo {args.fleet_mode}; "
            f"{found['pushes']} envíos de {args.ops} cambios; "
            f"p50 {found['push_p50_ms']:.0f} ms, máx. {found['push_max_ms']:.0f} ms; "
            f"{cpu_text(found['cpu_seconds'])})",
            f"< {TARGET_P95_MS:.0f} ms", f"{p95:.0f} ms" + ("" if ok else " ⚠"))
        results.verdict(
            ok, f"con {args.devices} equipos sincronizando a la vez en {where}, el p95 del "
                f"envío es {p95:.0f} ms (objetivo < {TARGET_P95_MS:.0f} ms"
            + ("" if p95 < TARGET_P95_MS else f"; se pasa por {p95 - TARGET_P95_MS:.0f} ms")
            + (f"; {len(found['errors'])} errores" if found["errors"] else "") + ").")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(args.time_limit)
    memory_keyring()  # device tokens stay in this process's memory
    results = Results()
    results.raw["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    results.raw["sizes"] = {
        "changes": args.changes, "pull_changes": args.pull_changes, "devices": args.devices,
        "rounds": args.rounds, "ops": args.ops, "fleet_regions": args.fleet_regions,
        "workers": args.workers, "fleet_mode": args.fleet_mode}
    started = time.perf_counter()
    status = 0
    try:
        with tempfile.TemporaryDirectory(prefix="sesiona-bench-sync-") as tmp:
            folder = Path(tmp)
            with ExitStack() as stack:
                kept = step_push_pull(args, results, folder, stack)
                if args.pull_changes:
                    step_memory(args, results, folder, kept)
            if args.devices and not args.no_postgres:
                step_fleet(args, results, folder)
            elif args.devices:
                results.verdicts.append("— Sin PostgreSQL: la prueba de la flota no se midió.")
    except (BenchError, TimeLimit) as exc:
        print(f"bench_sync: {exc}", file=sys.stderr)
        status = 1
    finally:
        signal.alarm(0)
    results.raw["total_seconds"] = time.perf_counter() - started
    print_results(results, args)
    return status


if __name__ == "__main__":
    sys.exit(main())
