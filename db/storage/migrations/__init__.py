"""Ordered, named schema migrations. Each runs in its own transaction.

The schema version is SQLite's ``PRAGMA user_version``; ``application_id`` marks the file
as Sesiona's. A file that already holds data is copied aside before it is migrated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from db.storage.connection import APPLICATION_ID, transaction
from db.storage.migrations import schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite_utils.Database], None]


MIGRATIONS: list[Migration] = [
    Migration(1, "catalogues, committees, sessions, minutes and agreements", schema_v1.apply),
    Migration(2, "files, acta signatures and fe de erratas", schema_v2.apply),
    Migration(3, "annual work plans, indicators and execution", schema_v3.apply),
    Migration(4, "sync with headquarters: conflict inbox, rejections, pending uploads",
              schema_v4.apply),
    Migration(5, "rows that exist only on this device (refused inserts sent again)",
              schema_v5.apply),
    Migration(6, "plan templates distributed by headquarters", schema_v6.apply),
]
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def backup(db: sqlite_utils.Database, target: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL and open readers)."""
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target


def migrate(db: sqlite_utils.Database, path: Path | None = None) -> list[Migration]:
    """Bring the file up to LATEST_VERSION. Returns the migrations that ran."""
    current = schema_version(db)
    pending = [m for m in MIGRATIONS if m.version > current]
    if pending and current > 0 and path is not None:
        backup(db, backup_path(Path(path), current))
    for migration in pending:
        with transaction(db):
            migration.apply(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {migration.version}")
    return pending
