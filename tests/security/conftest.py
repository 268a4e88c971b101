"""Attacks on headquarters run on both backends (SQLite and the real PostgreSQL, as in
``tests/server``) and through both ways a device's changes arrive: an online push and an
offline bundle (``channel``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.support import Channel
from tests.server.conftest import (  # noqa: F401  (fixtures, found by name)
    client,
    database_url,
    engine,
    hq,
    pg_template,
    settings,
    sqlite_template,
)


@pytest.fixture(params=["push", "paquete"])
def channel(request: pytest.FixtureRequest, hq, settings, tmp_path: Path) -> Channel:  # noqa: F811
    return Channel(request.param, hq, settings, tmp_path)
