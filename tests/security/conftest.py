"""Fixtures for the attacks of ``tests/security``: headquarters on a SQLite file and on a
throwaway PostgreSQL database (``tests/server/conftest.py``), either through FastAPI's
TestClient (``hq``) or served by a real uvicorn on loopback (``live_hq``, as
``tests/sync/conftest.py`` does) with real Sesiona files as devices; and both ways a device's
changes arrive, an online push and an offline bundle (``channel``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server.core.settings import Settings
from tests.security.support import Channel
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
from tests.sync.conftest import Headquarters, _serve, wait_until_up


@pytest.fixture
def live_hq(settings: Settings) -> Iterator[Headquarters]:  # noqa: F811
    from server.main import create_app

    app = create_app(settings)
    server, thread, port = _serve(app)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, thread)
    live = Headquarters(url, app, server, thread)
    yield live
    for db in live.devices:
        db.conn.close()
    server.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive(), "uvicorn did not stop"


def stored_files(root: Path) -> dict[str, str]:
    """Every file under headquarters' blob folder → the SHA-256 of its bytes."""
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def hq_state(hq_engine: Any, root: Path) -> dict[str, Any]:
    """What an attack must not change: the synced rows, the files and who may read them."""
    from server.core.db import read_transaction
    from server.core.models import blob_grants, blobs, feed, records

    with read_transaction(hq_engine) as conn:
        state: dict[str, Any] = {
            table.name: sorted(tuple(str(v) for v in row)
                               for row in conn.execute(select(table)).all())
            for table in (records, feed, blobs, blob_grants)}
    state["files"] = stored_files(root)
    return state


@pytest.fixture(params=["push", "paquete"])
def channel(request: pytest.FixtureRequest, hq, settings, tmp_path: Path) -> Channel:  # noqa: F811
    return Channel(request.param, hq, settings, tmp_path)
