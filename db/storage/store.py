"""Opening a Sesiona file: refuse what is not ours or is damaged, back up, migrate, seed.

Rules:
- ``open_store`` is the one door to a file. Only the commands meant to create a database
  (``sesiona demo``, ``sesiona enroll``, the app on a path that does not exist yet) pass
  ``create=True``; everything else opens an existing Sesiona file or refuses. A missing path,
  a 0-byte file, a text file or an SQLite file without our schema is never turned into a new
  database, and nothing is written beside it.
- Before the first write (even ``PRAGMA journal_mode``, which changes the header), an existing
  file is checked read-only: that it is ours, and ``PRAGMA quick_check``. A damaged file is
  refused with the same sentence as ``sesiona check``. Above ``QUICK_CHECK_MAX_BYTES`` only
  the header and the schema are checked: on the 157 MB ten-year benchmark file a full
  ``quick_check`` costs 0.22 s with the file in the disk cache but 2.5 s cold
  (``quick_check(1)`` costs the same: it still reads every page).
- SQLite's English never reaches the user: see ``db.storage.sqlite_errors``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from db.domain import catalog
from db.errors import DamagedFileError, NotASesionaFile
from db.storage.connection import check_connected, check_openable, connect, has_wal
from db.storage.migrations import LATEST_VERSION, migrate, schema_version
from db.storage.sqlite_errors import spanish

QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


def damaged_sentence(count: int | None) -> str:
    """The verdict ``sesiona check`` prints and every other command refuses with."""
    found = f" ({count} problema(s) detectado(s))" if count else ""
    return (f"el archivo está dañado{found}. No se ha modificado; recupere una copia de "
            "seguridad.")


def _damaged(path: Path, count: int | None) -> DamagedFileError:
    return DamagedFileError(
        f"No se abrió «{path.name}»: {damaged_sentence(count)} Para ver el detalle: "
        f"sesiona check --db {path}")


def _read_only(path: Path) -> sqlite3.Connection:
    # Without a -wal file the main file holds everything; immutable=1 then stops SQLite from
    # creating -wal/-shm files beside it (mode=ro alone leaves them behind).
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)


def _refuse_new(path: Path) -> NotASesionaFile:
    if not path.exists():
        return NotASesionaFile(f"El archivo «{path}» no existe. Para crear una base nueva use "
                               "«sesiona demo» o la aplicación.")
    what = "está vacío" if path.stat().st_size == 0 else "es una base SQLite sin tablas"
    return NotASesionaFile(f"El archivo «{path.name}» {what}: no es una base de datos de "
                           "Sesiona. No se ha modificado.")


def verify_before_opening(path: Path, *, create: bool) -> bool:
    """Refuse (without writing a byte) a file that must not be opened; True when there is no
    database yet at ``path`` and ``create`` allows making one there."""
    header = check_openable(path, LATEST_VERSION)
    if header.is_new and not has_wal(path):  # with a -wal the header on disk may be stale
        if not create:
            raise _refuse_new(path)
        return True
    conn = _read_only(path)
    try:
        if not check_connected(conn, path, LATEST_VERSION):
            if not create:
                raise _refuse_new(path)
            return True
        whole = path.stat().st_size <= QUICK_CHECK_MAX_BYTES
        rows = [r[0] for r in conn.execute(
            "PRAGMA quick_check" if whole else "PRAGMA quick_check(sqlite_master)")]
    except sqlite3.DatabaseError as exc:
        spanish(exc)  # logs SQLite's words; the user gets check's verdict
        raise _damaged(path, None) from exc
    finally:
        conn.close()
    problems = [r for r in rows if r != "ok"]
    if problems:
        raise _damaged(path, len(problem_lines(problems)))
    return False


def open_store(path: Path | str, *, create: bool = True) -> sqlite_utils.Database:
    """Open a Sesiona database ready for use; with ``create``, make it if the path is absent
    or empty. Commands that only use an existing file pass ``create=False`` (``open_existing``)."""
    path = Path(path)
    verify_before_opening(path, create=create)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    ready = False
    try:
        check_connected(db.conn, path, LATEST_VERSION)  # the header may be stale (WAL)
        migrate(db, path)
        catalog.seed(db)
        ready = True
    except sqlite3.DatabaseError as exc:
        spanish(exc)
        raise _damaged(path, None) from exc
    finally:
        if not ready:  # whatever went wrong, never leave the file open behind the error
            db.conn.close()
    return db


def open_existing(path: Path | str) -> sqlite_utils.Database:
    """Every command that reads or changes a file it did not create: never creates one."""
    return open_store(path, create=False)


def problem_lines(problems: list[str]) -> list[str]:
    """SQLite may pack many findings into one multi-line row; one per line."""
    return [line.strip() for problem in problems for line in problem.splitlines()
            if line.strip() and not line.startswith("***")]


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
    conn = _read_only(path)
    try:
        if not check_connected(conn, path, LATEST_VERSION):
            raise empty
        db = sqlite_utils.Database(conn)
        version = schema_version(db)
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"Clave foránea rota en {r[0]} (fila {r[1]})"
                     for r in conn.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as exc:
        spanish(exc)  # SQLite's words go to the log
        raise DamagedFileError(f"«{path.name}»: {damaged_sentence(None)}") from exc
    finally:
        conn.close()
    return CheckReport(version, LATEST_VERSION, problems)
