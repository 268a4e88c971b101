"""The one way to open a Sesiona SQLite file.

Before anything writes to a file we read its header with plain file I/O, so that a
foreign, damaged or newer file is refused without a single byte changing.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import sqlite_utils

from db.errors import DamagedFileError, NewerSchemaError, NotASesionaFile
from db.storage.sqlite_errors import spanish  # SQLite's English goes to the log only

# PRAGMA application_id marks the file as ours: "SESN" in ASCII.
APPLICATION_ID = 0x5345534E
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class FileHeader:
    exists: bool
    size: int
    is_sqlite: bool
    application_id: int
    user_version: int
    has_schema: bool

    @property
    def is_new(self) -> bool:
        """An absent or empty file, or an SQLite file without any table yet."""
        return not self.exists or self.size == 0 or (self.is_sqlite and not self.has_schema)


def read_header(path: Path) -> FileHeader:
    """Read the SQLite header fields we need without opening the file with SQLite."""
    path = Path(path)
    if not path.exists():
        return FileHeader(False, 0, False, 0, 0, False)
    size = path.stat().st_size
    with path.open("rb") as fh:
        header = fh.read(100)
    if size == 0:
        return FileHeader(True, 0, False, 0, 0, False)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return FileHeader(True, size, False, 0, 0, False)
    schema_cookie = struct.unpack(">I", header[40:44])[0]
    user_version = struct.unpack(">I", header[60:64])[0]
    application_id = struct.unpack(">I", header[68:72])[0]
    return FileHeader(True, size, True, application_id, user_version, schema_cookie != 0)


def check_openable(path: Path, latest_version: int) -> FileHeader:
    """Raise a Spanish error if ``path`` must not be opened (or written) by this app."""
    header = read_header(path)
    if header.is_new:
        return header
    _refuse_unless_ours(path, header, latest_version)
    return header


def check_connected(conn: sqlite3.Connection, path: Path, latest_version: int) -> bool:
    """The same check through SQLite, once connected. The header on disk is stale while a
    ``-wal`` file still holds newer pages (the file is open in another Sesiona, or one
    crashed before a checkpoint). Returns whether the database has any schema."""
    has_schema = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if has_schema:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        header = FileHeader(True, 0, True, application_id, user_version, True)
        _refuse_unless_ours(path, header, latest_version)
    return has_schema


def has_wal(path: Path) -> bool:
    wal = Path(path).with_name(Path(path).name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def _refuse_unless_ours(path: Path, header: FileHeader, latest_version: int) -> None:
    if not header.is_sqlite:
        raise NotASesionaFile(
            f"El archivo «{Path(path).name}» no es una base de datos de Sesiona "
            "(no es un archivo SQLite). No se ha modificado."
        )
    if header.application_id != APPLICATION_ID:
        raise NotASesionaFile(
            f"El archivo «{Path(path).name}» es una base de datos SQLite de otra aplicación, "
            "no de Sesiona. No se ha modificado."
        )
    if header.user_version > latest_version:
        raise NewerSchemaError(
            f"El archivo «{Path(path).name}» fue creado por una versión más reciente de Sesiona "
            f"(esquema {header.user_version}; esta versión conoce hasta el {latest_version}). "
            "Actualice Sesiona para abrirlo. El archivo no se ha modificado."
        )


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open a connection with the settings every Sesiona connection must have."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed edit survives even a power cut, not only a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DamagedFileError(f"No se pudo abrir «{Path(path).name}»: {spanish(exc)}") from exc
    return sqlite_utils.Database(conn)


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy the write-ahead log into the main file and empty it: a file just built (the
    demonstration) is then whole on its own, ready to copy or send."""
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


_savepoints = count()


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic unit of work. Nested calls become savepoints of the outer transaction."""
    conn = db.conn
    if conn.in_transaction:
        name = f"sp_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
