"""File bytes, stored once per content and addressed by SHA-256.

The kinds of file Sesiona accepts are recognised by their first bytes, never by the name
a user gave them: a renamed Word file is not a scan.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlite_utils

from db.errors import NotFoundError, ValidationError
from db.records import utc_now

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


def get(db: sqlite_utils.Database, digest: str) -> bytes:
    row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is None:
        raise NotFoundError("No se encontró el archivo solicitado en la base de datos.")
    data = bytes(row[0])
    if sha256_hex(data) != digest:  # bit rot or tampering with the file on disk
        raise NotFoundError("El archivo guardado está dañado: su huella SHA-256 no coincide.")
    return data
