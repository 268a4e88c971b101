"""One data-access layer for both backends (SQLAlchemy Core).

* **SQLite** (the embedded default): WAL, ``foreign_keys=ON``, a busy timeout; the driver's
  own transaction handling is switched off so that SQLAlchemy emits ``BEGIN`` itself, and
  a write transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time, readers go on).
* **PostgreSQL** (production, ``postgresql+psycopg://``): READ COMMITTED, and writes to the
  change feed are serialised with transaction-scoped advisory locks (see ``write_lock``) so
  that, within what any one device can see, feed numbers are committed in increasing order:
  a device that has pulled up to ``seq`` never later finds a smaller one appear. Every
  statement gets a plan for its own parameters (``plan_cache_mode=force_custom_plan``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    bindparam,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import make_url

from server.core.settings import normalize_database_url

SQLITE_IMMEDIATE = "sesiona_immediate"
# Advisory lock keys. Every push takes the catalogue key shared and its region's key
# exclusively; a push that writes the shared catalogues (or a headquarters publication,
# seen by every region) takes the catalogue key exclusively, which waits for and excludes
# every other push. Region keys are derived from the ISO code.
CATALOGUE_LOCK = 0x5E5101A
_MIGRATION_LOCK = 0x5E5101B


PLAN_OPTIONS = "-c plan_cache_mode=force_custom_plan"


def region_lock_key(region_code: str) -> int:
    digest = hashlib.sha256(f"sesiona-region:{region_code}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalize_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    # Custom plans always: psycopg prepares a statement run 5 times, and PostgreSQL may then
    # keep a generic plan chosen while ``records`` was small (a scan that grows with it).
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args["options"] = " ".join(
        part for part in (connect_args.get("options"), PLAN_OPTIONS) if part)
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN, not the driver's
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(SQLITE_IMMEDIATE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_postgres(conn_or_engine: Connection | Engine) -> bool:
    return conn_or_engine.dialect.name == "postgresql"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: ``BEGIN IMMEDIATE`` on SQLite, plain on PostgreSQL."""
    with engine.connect().execution_options(**{SQLITE_IMMEDIATE: True}) as conn:
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        with conn.begin():
            yield conn


def write_lock(conn: Connection, region_code: str | None, *, catalogue: bool) -> None:
    """Serialise feed writers on PostgreSQL (SQLite's BEGIN IMMEDIATE already does).

    ``catalogue`` (or ``region_code`` None): the write is visible to every region, so it
    runs alone. Otherwise pushes of one region run one at a time, and pushes of different
    regions run side by side: they never see each other's feed entries.
    """
    if not is_postgres(conn):
        return
    from server.core.fast_sql import fetch_tuples  # (it needs nothing of this module)

    if catalogue or region_code is None:
        fetch_tuples(conn, _CATALOGUE_WRITE)
        return
    fetch_tuples(conn, _REGION_WRITE, {"region_key": region_lock_key(region_code)})


_CATALOGUE_WRITE = select(func.pg_advisory_xact_lock(CATALOGUE_LOCK))
# One statement, one round trip: the shared key first, then the region's. Built once.
_REGION_WRITE = select(func.pg_advisory_xact_lock_shared(CATALOGUE_LOCK),
                       func.pg_advisory_xact_lock(bindparam("region_key", type_=BigInteger())))


@contextmanager
def migration_lock(conn: Connection) -> Iterator[None]:
    """Several workers starting together migrate one at a time (PostgreSQL)."""
    if not is_postgres(conn):
        yield
        return
    conn.execute(select(func.pg_advisory_lock(_MIGRATION_LOCK)))
    try:
        yield
    finally:
        conn.execute(select(func.pg_advisory_unlock(_MIGRATION_LOCK)))
