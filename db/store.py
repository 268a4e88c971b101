"""Opening a Sesiona file: refuse what is not ours, back up, migrate, seed catalogues."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from db import catalog
from db.connection import check_connected, check_openable, connect, has_wal
from db.errors import DamagedFileError
from db.migrations import LATEST_VERSION, migrate, schema_version


def open_store(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) a Sesiona database ready for use."""
    path = Path(path)
    check_openable(path, LATEST_VERSION)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    ready = False
    try:
        check_connected(db.conn, path, LATEST_VERSION)  # the header may be stale (WAL)
        migrate(db, path)
        catalog.seed(db)
        ready = True
    except sqlite3.DatabaseError as exc:
        raise DamagedFileError(
            f"No se pudo abrir «{path.name}»: el archivo está dañado ({exc})."
        ) from exc
    finally:
        if not ready:  # whatever went wrong, never leave the file open behind the error
            db.conn.close()
    return db


@dataclass(frozen=True)
class CheckReport:
    schema_version: int
    latest_version: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path | str) -> CheckReport:
    """Integrity check for ``sesiona check``. Never writes: the file is opened read-only."""
    path = Path(path)
    if not path.exists():
        raise DamagedFileError(f"El archivo «{path}» no existe.")
    header = check_openable(path, LATEST_VERSION)
    empty = DamagedFileError(f"El archivo «{path.name}» está vacío: no es una base de Sesiona.")
    if header.is_new and not has_wal(path):  # with a -wal the header on disk may be stale
        raise empty
    # Without a -wal file the main file holds everything; immutable=1 then stops SQLite from
    # creating -wal/-shm files beside it (mode=ro alone leaves them behind).
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
    try:
        if not check_connected(conn, path, LATEST_VERSION):
            raise empty
        db = sqlite_utils.Database(conn)
        version = schema_version(db)
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"Clave foránea rota en {r[0]} (fila {r[1]})"
                     for r in conn.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as exc:
        raise DamagedFileError(f"El archivo «{path.name}» está dañado: {exc}.") from exc
    finally:
        conn.close()
    return CheckReport(version, LATEST_VERSION, problems)
