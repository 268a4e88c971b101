"""The headquarters fixtures of ``tests/server`` (each test on a SQLite file and on a
throwaway PostgreSQL database), for the attacks tried at headquarters."""

from __future__ import annotations

from tests.server.conftest import (  # noqa: F401  (fixtures, found by name)
    client,
    database_url,
    db_engine,
    engine,
    hq,
    pg_template,
    settings,
    sqlite_template,
)
