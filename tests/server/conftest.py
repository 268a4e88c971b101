"""Headquarters tests run twice: on a SQLite file and on the real PostgreSQL.

PostgreSQL (127.0.0.1:5432, user ``postgres``, trust authentication; ``.ci/postgres.sh``
makes sure it runs) gets a throwaway **template** database per test process, migrated
once; every test then works in its own database copied from it (``CREATE DATABASE …
TEMPLATE …``), dropped when the test ends. SQLite does the same with a migrated file copied
into the test's temp folder. No test ever cleans up by deleting rows.
"""

from __future__ import annotations

import os
import shutil
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

# Starlette 1.x nudges TestClient users towards httpx2; FastAPI's TestClient still uses httpx.
warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from server.core.db import make_engine  # noqa: E402
from server.core.settings import Settings  # noqa: E402
from server.main import create_app  # noqa: E402
from server.migrations import run_migrations  # noqa: E402
from tests.server.support import Headquarters  # noqa: E402

PG_ADMIN = os.environ.get("SESIONA_TEST_POSTGRES",
                          "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", "postgresql"]


def _pg_url(database: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base}/{database}"


def _pg_admin() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN} (run .ci/postgres.sh): {error}")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    name = f"sesiona_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(_pg_url(name))
    run_migrations(engine)
    engine.dispose()
    yield name
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hq-template") / "hq.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    run_migrations(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        target = tmp_path / "hq.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"{template}_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield _pg_url(name)
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path / "hq-data")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def engine(client: TestClient) -> Engine:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    return engine


@pytest.fixture
def hq(client: TestClient, engine: Engine) -> Headquarters:
    return Headquarters(client, engine)


@pytest.fixture
def db_engine(database_url: str) -> Iterator[Engine]:
    """The migrated database alone, for the functions under the routes."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
