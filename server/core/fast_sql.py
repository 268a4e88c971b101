"""The statements every push and pull runs, sent to PostgreSQL through the driver directly.

They are SQLAlchemy Core statements like any other, built once at import (so both backends
share one definition); on PostgreSQL each is compiled once to its SQL text and then run on
the connection's psycopg cursor, without SQLAlchemy's per-execution work (cache key,
parameter and result processing), which cost more CPU than PostgreSQL spent running them:
with 50 devices pushing at once on 2 cores, that CPU is latency. On SQLite they run through
SQLAlchemy as usual. Driver errors are raised as SQLAlchemy's (``IntegrityError``…), as for
any other statement.

Only statements whose parameters and results need no SQLAlchemy type processing belong
here: strings, integers, lists of strings, and JSON (psycopg reads ``jsonb`` into Python
values itself); timestamps come back timezone-aware from PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from psycopg.rows import dict_row, tuple_row
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable

_COMPILED: dict[int, tuple[Executable, str, dict[str, Any]]] = {}


@contextmanager
def driver_errors(conn: Connection, statement: str, *, as_dicts: bool = False
                  ) -> Iterator[Any]:
    """The driver's cursor (PostgreSQL), its errors raised as SQLAlchemy's (a unique
    violation is ``sqlalchemy.exc.IntegrityError``, as for any other statement)."""
    raw = conn.connection.driver_connection
    dbapi = conn.dialect.loaded_dbapi
    try:
        with raw.cursor(row_factory=dict_row if as_dicts else tuple_row) as cursor:  # type: ignore[union-attr]
            yield cursor
    except dbapi.Error as error:
        raise DBAPIError.instance(statement, None, error, dbapi.Error) from error


def _compiled(conn: Connection, statement: Executable) -> tuple[str, dict[str, Any]]:
    """The SQL text and the bound values the statement carries itself (its literals)."""
    found = _COMPILED.get(id(statement))
    if found is None or found[0] is not statement:
        compiled = statement.compile(dialect=conn.dialect)  # type: ignore[attr-defined]
        found = (statement, str(compiled), dict(compiled.params))
        _COMPILED[id(statement)] = found
    return found[1], found[2]


def _is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def fetch_dicts(conn: Connection, statement: Executable,
                params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts by column name."""
    if not _is_postgres(conn):
        return [dict(row) for row in conn.execute(statement, dict(params or {})).mappings()]
    sql, own = _compiled(conn, statement)
    with driver_errors(conn, sql, as_dicts=True) as cursor:
        cursor.execute(sql, {**own, **(params or {})})
        return list(cursor.fetchall())


def fetch_tuples(conn: Connection, statement: Executable,
                 params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows as tuples, in the statement's column order."""
    if not _is_postgres(conn):
        return [tuple(row) for row in conn.execute(statement, dict(params or {}))]
    sql, own = _compiled(conn, statement)
    with driver_errors(conn, sql) as cursor:
        cursor.execute(sql, {**own, **(params or {})})
        return list(cursor.fetchall())
