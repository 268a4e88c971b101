"""The national dashboard's speed targets on 26 regions × 3 committees × 10 years of synced
data in a throwaway PostgreSQL database:

- the national table (*Estado situacional*, ``/panel/``) renders in under 300 ms;
- the plan roll-up (``/panel/planes``) renders in under 1 s.

The data arrives as devices send it: one enrolled device per region pushes its committees'
history through ``server.sync.apply.apply_push`` in batches of 500 operations. Per
committee and year: 6 sessions with the attendance of 12 seats, 3 agreements with their
responsible institution, and a work plan of 3 objectives, 6 lines of action, 12
indicators and 36 execution entries. Each page is requested over HTTP (the app in
process, served through Starlette's TestClient with a signed-in analyst's cookie), once to
warm up and then ``--runs`` times; the median is reported as a markdown table for the
README. The drill-down to one committee and an acta PDF are timed too, for reference.

    python benchmarks/bench_dashboard.py [--runs 15] [--years 10]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from contract.protocol import PushRequest  # noqa: E402
from server.core import accounts  # noqa: E402
from server.core.accounts import Device  # noqa: E402
from server.core.db import write_lock, write_transaction  # noqa: E402
from server.core.settings import Settings  # noqa: E402
from server.main import create_app  # noqa: E402
from server.sync.apply import apply_push  # noqa: E402
from tests.dashboard.support import ANALYST, CommitteeOps, create_staff, login  # noqa: E402

KINDS = ("cdrpeti", "trabajo_forzoso", "trata")


def catalogue_acronyms(count: int) -> tuple[str, ...]:
    import csv

    from resources import resource_path

    with resource_path("catalogs", "institutions.csv").open(encoding="utf-8") as fh:
        return tuple(row["acronym"] for row in csv.DictReader(fh))[:count]


SEATS = catalogue_acronyms(12)
BATCH = 500
TARGETS = {"national": 0.300, "plans": 1.0}


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"sesiona_bench_dashboard_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def committee_history(region: str, kind: str, years: range, rng: random.Random) -> CommitteeOps:
    committee = CommitteeOps(region, kind, acronym=f"{kind.upper()} {region}")
    seats = [committee.seat(acronym, is_presidency=int(i == 0), is_secretariat=int(i == 1))
             for i, acronym in enumerate(SEATS)]
    # Some committees went quiet in the last year: the table has all three states.
    quiet = rng.random() < 0.3
    for year in years:
        sessions = []
        for month in (1, 3, 5, 7, 9, 11):
            if quiet and year == years[-1] and month > 3:
                continue
            attended = {seat: rng.choice(("titular", "titular", "alterno", "ninguno"))
                        for seat in seats}
            sessions.append(committee.session(f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
                                              attended=attended))
        for number, session in enumerate(sessions[:3], start=1):
            committee.agreement(session, number,
                                state=rng.choice(("pendiente", "en_proceso", "cumplido")),
                                deadline_end=f"{year}-12-31", responsible=SEATS[number])
        objectives = [(f"OE {n}", [(float(rng.randint(1, 10)), None) for _ in range(4)])
                      for n in (1, 2, 3)]
        first_op = len(committee.ops)
        committee.plan(year, objectives, f"{year}-06-15")
        _add_entries(committee, first_op, year, rng)
    return committee


def _add_entries(committee: CommitteeOps, first_op: int, year: int, rng: random.Random) -> None:
    """Three execution entries per indicator of the plan just added (some left unreported)."""
    from tests.server.support import insert

    indicators = [op["row_id"] for op in committee.ops[first_op:] if op["table"] == "indicators"]
    for indicator in indicators:
        if rng.random() < 0.15:
            continue
        for quarter in (1, 2, 3):
            committee.ops.append(insert(
                "execution_entries", indicator_id=indicator,
                entry_date=f"{year}-{3 * quarter:02d}-{rng.randint(1, 28):02d}",
                quantity=float(rng.randint(0, 4))))


def load(engine: Any, years: range, seed: int) -> int:
    rng = random.Random(seed)
    pushed = 0
    for region in sorted(accounts.region_names()):
        with write_transaction(engine) as conn:
            code, _ = accounts.create_enrollment_code(conn, region, [])
            device, _, _ = accounts.enroll(conn, code, f"Secretaría {region}")
        operations: list[dict[str, Any]] = []
        for kind in KINDS:
            history = committee_history(region, kind, years, rng)
            operations += history.ops
        for start in range(0, len(operations), BATCH):
            request = PushRequest.model_validate({"cursor": 0,
                                                  "operations": operations[start:start + BATCH]})
            push_as(engine, device, request)
        pushed += len(operations)
    return pushed


def push_as(engine: Any, device: Device, request: PushRequest) -> None:
    with write_transaction(engine) as conn:
        write_lock(conn, device.region_code, catalogue=False)
        answer = apply_push(conn, device, request)
    refused = [r for r in answer.results if r.outcome == "rejected"]
    assert not refused, refused[0].reason


def median_seconds(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm-up: imports, templates, PostgreSQL's caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def get(client: TestClient, path: str) -> Callable[[], None]:
    def fetch() -> None:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return fetch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--postgres", default=os.environ.get(
        "SESIONA_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args(argv)
    today = date.today()
    years = range(today.year - args.years + 1, today.year + 1)
    with tempfile.TemporaryDirectory() as folder, postgres_database(args.postgres) as url:
        settings = Settings(database_url=url, data_dir=Path(folder))
        with TestClient(create_app(settings)) as client:
            engine = client.app.state.engine  # type: ignore[attr-defined]
            started = time.perf_counter()
            rows = load(engine, years, seed=6)
            loaded = time.perf_counter() - started
            with engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
            create_staff(engine)
            login(client, ANALYST)
            committee = client.get("/panel/comites.csv").text.splitlines()
            committee_id, session_id = first_committee(engine)
            national = median_seconds(get(client, "/panel/"), args.runs)
            plans = median_seconds(get(client, "/panel/planes"), args.runs)
            drill = median_seconds(get(client, f"/panel/comites/{committee_id}"), args.runs)
            acta = median_seconds(get(client, f"/panel/sesiones/{session_id}/acta.pdf"),
                                  max(3, args.runs // 3))
            export = median_seconds(get(client, "/panel/estado-situacional.xlsx"), args.runs)
    rows_text = f"{rows:,}".replace(",", " ")
    print(f"Datos: 26 regiones × 3 comités × {args.years} años = {len(committee) - 1} comités, "
          f"{rows_text} registros sincronizados con apply_push en {loaded:.0f} s "
          "(PostgreSQL).")
    print()
    print("| Página | Meta | Mediana |")
    print("|---|---|---|")
    print(f"| Estado situacional (`/panel/`) | < 300 ms | {national * 1000:.0f} ms |")
    print(f"| Ejecución de planes por región y objetivo (`/panel/planes`) | < 1 s | "
          f"{plans * 1000:.0f} ms |")
    print(f"| Un comité: sesiones, acuerdos, asistencia y plan del año | — | "
          f"{drill * 1000:.0f} ms |")
    print(f"| Acta PDF de una sesión sincronizada | — | {acta * 1000:.0f} ms |")
    print(f"| Estado situacional en .xlsx | — | {export * 1000:.0f} ms |")
    ok = national < TARGETS["national"] and plans < TARGETS["plans"]
    print()
    print("Metas cumplidas." if ok else "ATENCIÓN: alguna meta no se cumple.")
    return 0 if ok else 1


def first_committee(engine: Any) -> tuple[str, str]:
    from sqlalchemy import select

    from server.core.models import records

    with engine.connect() as conn:
        session = conn.execute(select(records.c.committee_id, records.c.row_id).where(
            records.c.table_name == "sessions").order_by(records.c.created_seq.desc())
            .limit(1)).one()
    return session[0], session[1]


if __name__ == "__main__":
    sys.exit(main())
