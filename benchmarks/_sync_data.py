"""The sync benchmark's data: a device whose change log holds a given number of changes
(written through the public db API), and the raw baselines the sync is compared with."""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from db.domain import agreements, catalog, committees, membership, sessions
from db.storage.connection import transaction
from db.storage.store import open_store

SEATS = 20
ATTENDING = 20
AGREEMENTS_PER_SESSION = 10
OPEN_AGREEMENTS = 2  # of the first session: carried into every later session's follow-up


def build_device(path: Path, changes: int, region: str, acronym: str) -> dict[str, int]:
    """A Sesiona file whose change log holds exactly ``changes`` rows (a few more when
    ``changes`` is tiny), all written through the public db API in one transaction, in the
    order a secretariat produces them: the committee, its seats and designations, then
    session after session with its attendance (each mark also updates the session's
    quorum), its agreements with a responsible institution (follow-ups of the open ones
    carried into every later session) and its invitees, which make up the count."""
    db = open_store(path)
    count_sessions = max(1, changes // 160)

    def logged() -> int:
        return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])

    with transaction(db):
        committee = committees.create_committee(
            db, kind="cdrpeti", acronym=acronym, region_code=region, city="Pucallpa",
            name=f"Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
                 f"Infantil ({region}, {acronym})")
        institutions = [row["id"] for row in catalog.institutions(db)][:SEATS]
        seats: list[str] = []
        for index, institution in enumerate(institutions):
            seat = membership.add_seat(db, committee, institution, is_presidency=index == 0,
                                       is_secretariat=index == 1)
            membership.designate(db, seat, "titular", f"Representante Titular Núñez {index}",
                                 "2024-01-01")
            seats.append(seat)
        base = logged()
        day = date(2020, 1, 13)
        invitees_each = 0
        session = ""
        for number in range(count_sessions):
            if number and logged() >= changes:
                break
            session = sessions.create_session(db, committee, date=day.isoformat(),
                                              start_time="09:00", end_time="13:00",
                                              venue="Auditorio de la DRTPE")
            day += timedelta(days=14)
            for seat in seats[:ATTENDING]:
                sessions.set_attendance(db, session, seat, "titular")
            for item in range(AGREEMENTS_PER_SESSION):
                agreements.create_agreement(
                    db, session, f"Acuerdo {item + 1}: realizar una capacitación dirigida a "
                    "docentes tutores sobre la identificación de casos de trabajo infantil.",
                    deadline_text="II trimestre 2025",
                    state="pendiente" if number == 0 and item < OPEN_AGREEMENTS else "cumplido",
                    responsibles=[institutions[item % len(institutions)]])
            if number == 0:  # later sessions also carry the open agreements' follow-ups
                per_session = logged() - base + OPEN_AGREEMENTS
                invitees_each = max(0, (changes - base - per_session * count_sessions)
                                    // count_sessions)
            add_invitees(db, session, min(invitees_each, changes - logged()))
        add_invitees(db, session, changes - logged())
    counts = {row["table_name"]: row["n"] for row in db.query(
        "SELECT table_name, count(*) AS n FROM change_log GROUP BY table_name")}
    counts["_total"] = logged()
    db.conn.close()
    return counts


def add_invitees(db: Any, session: str, count: int) -> None:
    for index in range(max(count, 0)):
        sessions.add_invitee(db, session, f"Invitada Rosa Huamán Quispe {index + 1}",
                             entity="Municipalidad Provincial de Coronel Portillo",
                             job_title="Subgerente de Desarrollo Social")


INSERT_ORDER = ["committees", "legal_instruments", "seats", "designations", "sessions",
                "attendance", "invitees", "agreements", "agreement_responsibles",
                "agreement_followups"]


def rows_of(path: Path) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """The rows the change log of ``path`` touches, as they stand: per table, in parent-
    first order, ready for ``executemany``."""
    db = open_store(path)
    tables = [r[0] for r in db.execute("SELECT DISTINCT table_name FROM change_log")]
    tables.sort(key=lambda t: (INSERT_ORDER.index(t) if t in INSERT_ORDER else 99, t))
    out = []
    for table in tables:
        columns = [c.name for c in db[table].columns]
        rows = db.execute(
            f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}] WHERE id IN"
            " (SELECT row_id FROM change_log WHERE table_name = ?)", [table]).fetchall()
        out.append((table, columns, rows))
    db.conn.close()
    return out


def baseline_insert(folder: Path, rows: list[tuple[str, list[str], list[tuple[Any, ...]]]],
                    tag: str) -> float:
    """Seconds to bulk-insert ``rows`` into a fresh Sesiona file (same schema, same
    pragmas: WAL, synchronous=FULL, foreign keys on), in one transaction."""
    path = folder / f"baseline-{tag}.sqlite"
    db = open_store(path)
    conn = db.conn
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("PRAGMA defer_foreign_keys = ON")
    for table, columns, values in rows:
        conn.executemany(
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})", values)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def baseline_server_insert(database_url: str, folder: Path,
                           rows: list[tuple[str, list[str], list[tuple[Any, ...]]]],
                           tag: str) -> float:
    """Seconds to bulk-insert ``rows`` into the headquarters' own database engine, in the
    shape headquarters keeps them (table, id, the row as a JSON document), in one
    transaction: PostgreSQL with ``COPY`` (its fastest bulk path) into a table of the
    benchmark's database, SQLite with ``executemany`` into a fresh file (WAL,
    synchronous=FULL, as the server's). What a push has to write at the least."""
    documents = [(table, str(values[columns.index("id")]),
                  json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False))
                 for table, columns, table_rows in rows for values in table_rows]
    name = f"baseline_rows_{tag}"
    if database_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(database_url.replace("+psycopg", "")) as conn:
            conn.execute(f"CREATE TABLE {name} (table_name text, row_id text, data jsonb,"
                         " PRIMARY KEY (table_name, row_id))")
            conn.commit()
            start = time.perf_counter()
            with conn.cursor() as cursor, cursor.copy(
                    f"COPY {name} (table_name, row_id, data) FROM STDIN") as copy:
                for document in documents:
                    copy.write_row(document)
            conn.commit()
            return time.perf_counter() - start
    conn = sqlite3.connect(folder / f"{name}.sqlite", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"CREATE TABLE {name} (table_name TEXT, row_id TEXT, data TEXT,"
                     " PRIMARY KEY (table_name, row_id))")
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)", documents)
        conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()


def baseline_http(url: str, bodies: list[bytes]) -> float:
    """Seconds to POST ``bodies`` one request each over one keep-alive connection."""
    with httpx.Client(timeout=60) as client:
        client.post(url, content=b"{}")  # connect first, as the sync's client has
        start = time.perf_counter()
        for body in bodies:
            response = client.post(url, content=body,
                                   headers={"Content-Type": "application/json"})
            response.read()
            response.raise_for_status()
        return time.perf_counter() - start


def median_of(runs: int, fn: Callable[[int], float]) -> float:
    return statistics.median(fn(i) for i in range(runs))


