"""File bytes, stored once per content and addressed by SHA-256.

The kinds of file Sesiona accepts are recognised by their first bytes, never by the name
a user gave them: a renamed Word file is not a scan.

Stored bytes are verified whenever they are read: ``get`` (preview, print, bundles) and
``verify`` (before a sync upload) hash them and refuse a damaged file with
``DamagedBlobError``, naming it, instead of returning wrong bytes. ``damaged_in_file``
checks every stored file for ``sesiona check`` without writing anything.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from db.errors import DamagedBlobError, NotFoundError, ValidationError
from db.storage.records import utc_now

# Scans and signed copies can be large; beyond this something is wrong with the file.
MAX_FILE_BYTES = 50 * 1024 * 1024

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
              "image/tiff": ".tif"}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> str | None:
    """The MIME type of a PDF or image by its magic bytes; None for anything else."""
    head = data[:1024]
    for magic, mime in SIGNATURES:
        # PDF readers accept a few bytes of junk before the header; so do we.
        if head.startswith(magic) or (magic == b"%PDF-" and magic in head):
            return mime
    return None


def check_size(name: str, size: int) -> None:
    if size == 0:
        raise ValidationError({"file": f"El archivo «{name}» está vacío."})
    if size > MAX_FILE_BYTES:
        raise ValidationError({"file": (
            f"El archivo «{name}» pesa {size / 1048576:.1f} MB; el máximo permitido es "
            f"{MAX_FILE_BYTES // 1048576} MB.")})


def read_file(path: Path | str) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise ValidationError({"file": f"No se encontró el archivo «{path}»."})
    check_size(path.name, path.stat().st_size)  # before reading a huge file into memory
    return path.read_bytes()


def put(db: sqlite_utils.Database, data: bytes) -> str:
    """Store ``data`` (once) and return its SHA-256."""
    digest = sha256_hex(data)
    db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data, created_at) VALUES (?, ?, ?, ?)",
               [digest, len(data), data, utc_now()])
    return digest


# Where a file is named, to tell the user which one is damaged: table → (column, label).
NAMED_BY = {
    "attachments": ("sha256", "file_name"),
    "execution_evidence": ("sha256", "file_name"),
    "committees": ("logo_sha256", "'logo de ' || acronym"),
}


def names(conn: sqlite3.Connection, digest: str) -> list[str]:
    """What the user calls the file: its file names, or the committee it is the logo of."""
    found: list[str] = []
    for table, (column, label) in NAMED_BY.items():
        for (name,) in conn.execute(
                f"SELECT DISTINCT {label} FROM [{table}] WHERE {column} = ? ORDER BY 1",
                [digest]):
            if name and name not in found:
                found.append(str(name))
    return found


def describe(conn: sqlite3.Connection, digest: str) -> str:
    known = names(conn, digest)
    quoted = ", ".join(f"«{name}»" for name in known[:3]) + (" …" if len(known) > 3 else "")
    return f"{quoted} (SHA-256 {digest[:12]}…)" if known else f"SHA-256 {digest}"


def damaged_error(conn: sqlite3.Connection, digest: str) -> DamagedBlobError:
    return DamagedBlobError(
        f"El archivo {describe(conn, digest)} guardado en esta base está dañado: su "
        "contenido ya no coincide con su huella SHA-256 y no se usará. Ejecute «sesiona "
        "check» y recupere el archivo original o una copia de seguridad.", digest)


def get(db: sqlite_utils.Database, digest: str) -> bytes:
    """The stored bytes, verified against ``digest`` (``DamagedBlobError`` if they differ)."""
    row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is None:
        raise NotFoundError("No se encontró el archivo solicitado en la base de datos.")
    data = bytes(row[0])
    if sha256_hex(data) != digest:  # bit rot or tampering with the file on disk
        raise damaged_error(db.conn, digest)
    return data


def verify(db: sqlite_utils.Database, digest: str) -> None:
    """Refuse a damaged stored file (``DamagedBlobError``); a missing one is not checked."""
    row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is not None and sha256_hex(bytes(row[0])) != digest:
        raise damaged_error(db.conn, digest)


@dataclass(frozen=True)
class Damage:
    sha256: str
    description: str  # Spanish: the file's names and hash


def damaged(conn: sqlite3.Connection) -> tuple[int, list[Damage]]:
    """(files checked, the damaged ones): every stored file whose bytes or size no longer
    match. One file in memory at a time."""
    checked = 0
    found: list[Damage] = []
    for digest, size, data in conn.execute("SELECT sha256, size, data FROM blobs "
                                           "ORDER BY sha256"):
        checked += 1
        data = bytes(data or b"")
        if len(data) != size or sha256_hex(data) != digest:
            found.append(Damage(digest, describe(conn, digest)))
    return checked, found


def damaged_in_file(path: Path | str) -> tuple[int, list[Damage]]:
    """``damaged`` for ``sesiona check``, over the file opened read-only (the caller has
    already checked it is a sound Sesiona database). Nothing is written: without a -wal
    file, ``immutable=1`` keeps SQLite from creating one beside it."""
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
    try:
        return damaged(conn)
    finally:
        conn.close()
