"""Offline bundles between real Sesiona files and a real headquarters database, on both
backends (``database_url`` runs each test on SQLite and on PostgreSQL).

Devices enrol and register their signing key through the real routes, served in process by
FastAPI's TestClient (an ``httpx.Client``, so the device code talks to it unchanged). After
that, everything moves by file: ``devicesync.bundles`` on the device, ``server.bundles.importer`` at
headquarters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from db.storage.connection import transaction
from db.storage.store import open_store
from devicesync import enrollment, identity
from devicesync.bundles import export_bundle, import_reply
from devicesync.identity import get_meta, set_meta
from devicesync.keys import HQ_KEY, REGISTERED_KEY
from server.bundles.importer import ImportReport, ReplyReport, import_bundle, write_reply
from server.core import accounts
from server.core.db import write_transaction
from server.core.models import metadata
from server.core.settings import Settings
from tests.server.conftest import (  # noqa: F401 (fixtures)
    client,
    database_url,
    engine,
    pg_template,
    settings,
    sqlite_template,
)

HQ_URL = "http://testserver"


@dataclass
class Office:
    """Headquarters as the bundle tests see it: its engine, settings and test client."""

    client: TestClient
    engine: Engine
    settings: Settings
    tmp: Path
    opened: list[sqlite_utils.Database]

    def device(self, name: str, region: str = "PE-UCA", *,
               register: bool = True) -> sqlite_utils.Database:
        db = open_store(self.tmp / f"{name}.sqlite")
        self.opened.append(db)
        with write_transaction(self.engine) as conn:
            code, _ = accounts.create_enrollment_code(conn, region, [])
        enrollment.enroll(db, HQ_URL, code, name, allow_http=True, client=self.client)
        assert get_meta(db, REGISTERED_KEY), "enrolment registers the bundle key"
        if not register:
            forget_registration(db)
        return db

    def export(self, db: sqlite_utils.Database, name: str = "paquete") -> Path:
        out = self.tmp / f"{name}.sesiona-paquete"
        export_bundle(db, out)
        return out

    def import_(self, path: Path) -> ImportReport:
        return import_bundle(self.engine, self.settings, path)

    def reply(self, db: sqlite_utils.Database, name: str = "respuesta") -> tuple[Path,
                                                                               ReplyReport]:
        out = self.tmp / f"{name}.sesiona-paquete"
        device = identity.require_device(db)
        return out, write_reply(self.engine, self.settings, device.device_id, out)

    def round_trip(self, db: sqlite_utils.Database, name: str) -> Any:
        """Export, import at headquarters, reply, import the reply."""
        self.import_(self.export(db, f"{name}-paquete"))
        path, _ = self.reply(db, f"{name}-respuesta")
        return import_reply(db, path)

    def counts(self) -> dict[str, int]:
        """Rows of every headquarters table."""
        with self.engine.connect() as conn:
            return {table.name: conn.execute(select(func.count()).select_from(table))
                    .scalar_one() for table in metadata.sorted_tables}

    def files(self) -> list[Path]:
        return sorted(p for p in self.settings.blob_dir.rglob("*") if p.is_file())


def forget_registration(db: sqlite_utils.Database) -> None:
    """This device as one enrolled before offline bundles existed: it never heard of its
    registered key nor of headquarters' one."""
    with transaction(db):
        set_meta(db, REGISTERED_KEY, None)
        set_meta(db, HQ_KEY, None)


def device_counts(db: sqlite_utils.Database) -> dict[str, Any]:
    """Rows of every table of a device file, and its meta values."""
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    counts: dict[str, Any] = {name: db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
                              for name in names}
    counts["meta"] = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return counts


@pytest.fixture
def office(client, engine, settings, tmp_path) -> Any:  # noqa: F811
    opened: list[sqlite_utils.Database] = []
    yield Office(client, engine, settings, tmp_path, opened)
    for db in opened:
        db.conn.close()
