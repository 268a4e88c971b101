"""Offline bundle speed (issue 6, «Speed»): a bundle of 10 000 changes exports and imports
in under 5 s each, on PostgreSQL and on the SQLite default.

In one process, with real files and a real headquarters database (no network: bundles
travel by file; enrolment and the key registration go through the real routes in
process, with FastAPI's TestClient):

1. A device whose change log holds ``--changes`` (10 000) rows, written through the public
   db API (``benchmarks.bench_sync.build_device``: committee, seats, sessions, attendance,
   agreements, follow-ups, invitees), enrolled and registered.
2. **Export** (``devicesync.bundles.export_bundle``): signed file with every pending change.
3. **Import at headquarters** (``server.bundles.importer.import_bundle``): verify, apply in
   one transaction. Then the same file again (**replay**: nothing applied twice).
4. **Reply for that device** (``write_reply``: 10 000 answers) and its **import** on the
   device (the change log clears).
5. **Reply for a second, empty device of the region** (10 000 feed entries) and its
   import (``apply_page`` page by page).

Each figure is the median of ``--runs`` (3) runs, each on a new headquarters database.
PostgreSQL: ``--postgres`` (trust auth) creates a throwaway database, dropped at the end.
The device's token lives in an in-memory keyring, as in the tests.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

warnings.filterwarnings("ignore", message=".*httpx2.*")

from fastapi.testclient import TestClient  # noqa: E402

from benchmarks._sync_child import memory_keyring  # noqa: E402
from benchmarks._sync_data import build_device  # noqa: E402
from benchmarks._sync_servers import postgres_database  # noqa: E402
from db.storage.store import open_store  # noqa: E402
from devicesync import enrollment, identity  # noqa: E402
from devicesync.bundles import export_bundle, import_reply  # noqa: E402
from devicesync.keys import register_key  # noqa: E402
from server.bundles.importer import import_bundle, write_reply  # noqa: E402
from server.core import accounts  # noqa: E402
from server.core.db import write_transaction  # noqa: E402
from server.core.settings import Settings  # noqa: E402
from server.main import create_app  # noqa: E402

REGION = "PE-UCA"
TARGET_S = 5.0


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def enrolled(path: Path, client: TestClient, engine: Any, name: str) -> Any:
    db = open_store(path)
    with write_transaction(engine) as conn:
        code, _ = accounts.create_enrollment_code(conn, REGION, [])
    enrollment.enroll(db, "http://testserver", code, name, allow_http=True, client=client)
    register_key(db, client=client)
    return db


def run_backend(label: str, database_url: str, folder: Path, template: Path,
                changes: int) -> list[tuple[str, float, str]]:
    settings = Settings(database_url=database_url, data_dir=folder / "sede")
    rows: list[tuple[str, float, str]] = []
    with TestClient(create_app(settings)) as client:
        engine = client.app.state.engine  # type: ignore[attr-defined]
        source = folder / "equipo.sqlite"
        shutil.copy(template, source)
        device = enrolled(source, client, engine, "Laptop de la secretaría")
        fresh = enrolled(folder / "nuevo.sqlite", client, engine, "Laptop nueva")
        try:
            bundle = folder / "cambios.sesiona-paquete"
            exported, seconds = timed(lambda: export_bundle(device, bundle))
            size = bundle.stat().st_size / 2**20
            rows.append((f"Exportar {exported.operations} cambios", seconds,
                         f"{size:.1f} MiB".replace(".", ",")))
            imported, seconds = timed(lambda: import_bundle(engine, settings, bundle))
            rows.append((f"Importar en la sede ({label})", seconds,
                         f"aplicadas {imported.outcomes['applied']}"))
            replay, seconds = timed(lambda: import_bundle(engine, settings, bundle))
            rows.append((f"Importar de nuevo ({label})", seconds,
                         f"repetidas {replay.repeated}, ninguna aplicada"))
            answer = folder / "respuesta.sesiona-paquete"
            device_id = identity.require_device(device).device_id
            reply, seconds = timed(lambda: write_reply(engine, settings, device_id, answer))
            rows.append((f"Respuesta ({label})", seconds, f"{reply.answers} respuestas"))
            applied, seconds = timed(lambda: import_reply(device, answer))
            left = device.execute("SELECT count(*) FROM change_log").fetchone()[0]
            rows.append(("Importar la respuesta en el equipo", seconds,
                         f"confirmados {applied.sync.pushed}, pendientes {left}"))
            news = folder / "novedades.sesiona-paquete"
            fresh_id = identity.require_device(fresh).device_id
            reply, seconds = timed(lambda: write_reply(engine, settings, fresh_id, news))
            rows.append((f"Respuesta a un equipo nuevo ({label})", seconds,
                         f"{reply.entries} cambios"))
            applied, seconds = timed(lambda: import_reply(fresh, news))
            rows.append(("Importarla en el equipo nuevo", seconds,
                         f"recibidos {applied.sync.pulled}"))
        finally:
            device.conn.close()
            fresh.conn.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs")
    args = parser.parse_args(argv)
    memory_keyring()
    folder = Path(tempfile.mkdtemp(prefix="sesiona-bench-bundle-"))
    try:
        template = folder / "plantilla.sqlite"
        counts = build_device(template, args.changes, REGION, "CDRPETI UCAYALI")
        print(f"Equipo con {counts['_total']} cambios pendientes.\n")
        results: list[tuple[str, float, str]] = []
        for label in ("SQLite", "PostgreSQL"):
            if label == "PostgreSQL" and args.skip_postgres:
                continue
            runs = []
            for run in range(args.runs):  # each run on a new headquarters database
                place = folder / f"{label}-{run}"
                place.mkdir()
                if label == "SQLite":
                    runs.append(run_backend(label, f"sqlite:///{place / 'hq.sqlite'}", place,
                                            template, args.changes))
                    continue
                with postgres_database(args.postgres, "sesiona_bench_paquetes") as url:
                    runs.append(run_backend(label, url, place, template, args.changes))
            results += [(label, statistics.median(run[i][1] for run in runs), detail)
                        for i, (label, _, detail) in enumerate(runs[0])]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    width = max(len(label) for label, _, _ in results)
    print(f"{'Paso':{width}}  {'Tiempo':>8}  Detalle")
    for label, seconds, detail in results:
        print(f"{label:{width}}  {seconds:6.2f} s  {detail}")
    slow = [label for label, seconds, _ in results
            if (label.startswith("Exportar") or label.startswith("Importar en la sede"))
            and seconds >= TARGET_S]
    print()
    print("✘ No cumple (< 5 s): " + ", ".join(slow) if slow else
          "✔ Cumple: exportar e importar 10 000 cambios, cada uno en menos de 5 s.")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
