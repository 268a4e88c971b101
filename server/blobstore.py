"""Attachment bytes, named by SHA-256, uploaded in resumable chunks.

Files live under the settings' data folder: ``blobs/ab/abcdef…`` once complete, and
``blobs/ab/abcdef….part`` while chunks arrive. The ``.part`` file's length is the truth
about what was received (a chunk is appended and synced to disk before the answer), so an
upload broken at any point resumes from ``received``. The ``blobs`` row records it and is
locked while a chunk is written, so two workers never append to the same file at once.

Completion: when the client declares the total ``size``, the bytes are verified once all
have arrived; a mismatch discards them (422). Without ``size``, the bytes are hashed after
each chunk and the blob completes as soon as they match (slower for large files). A
complete file is moved into place atomically and never changes again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import Connection, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server.db import is_postgres
from server.models import blobs, records, utc_now
from server.protocol import BlobStatus

READ_SIZE = 1024 * 1024


class BlobError(Exception):
    def __init__(self, status: int, detail: str, current: BlobStatus | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.current = current


def final_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def part_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / f"{sha256}.part"


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(READ_SIZE):
            digest.update(block)
    return digest.hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def status(conn: Connection, root: Path, sha256: str) -> BlobStatus:
    row = conn.execute(select(blobs).where(blobs.c.sha256 == sha256)).mappings().first()
    if row is not None and row["complete"] and final_path(root, sha256).exists():
        return BlobStatus(sha256=sha256, size=row["size"], received=row["size"], complete=True)
    return BlobStatus(sha256=sha256, size=None, received=_size(part_path(root, sha256)),
                      complete=False)


def _lock_row(conn: Connection, sha256: str) -> None:
    values = {"sha256": sha256, "received": 0, "complete": False, "created_at": utc_now()}
    if is_postgres(conn):
        conn.execute(pg_insert(blobs).values(**values).on_conflict_do_nothing())
        conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha256).with_for_update())
    else:  # BEGIN IMMEDIATE already holds the write lock
        conn.execute(sqlite_insert(blobs).values(**values).on_conflict_do_nothing())


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def put_chunk(conn: Connection, root: Path, sha256: str, offset: int, chunk: bytes, *,
              size: int | None, max_bytes: int) -> BlobStatus:
    """Append ``chunk`` at ``offset`` (inside the caller's write transaction)."""
    if size is not None and size > max_bytes:
        raise BlobError(413, f"El archivo supera el tamaño máximo ({max_bytes // 2**20} MiB).")
    _lock_row(conn, sha256)
    current = status(conn, root, sha256)
    if current.complete:
        return current
    if offset != current.received:
        raise BlobError(409, f"El envío debe continuar desde el byte {current.received}.",
                        current)
    received = current.received + len(chunk)
    if received > max_bytes:
        raise BlobError(413, f"El archivo supera el tamaño máximo ({max_bytes // 2**20} MiB).")
    if size is not None and received > size:
        raise BlobError(422, "El fragmento excede el tamaño declarado del archivo.")
    part = part_path(root, sha256)
    part.parent.mkdir(parents=True, exist_ok=True)
    with part.open("ab") as fh:
        fh.write(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    finished = received == size if size is not None else None
    if finished is False:
        return _record_progress(conn, sha256, received)
    if _file_hash(part) != sha256:
        if finished is None:  # no size declared: maybe more chunks are coming
            return _record_progress(conn, sha256, received)
        part.unlink(missing_ok=True)
        _record_progress(conn, sha256, 0)
        raise BlobError(422, "El archivo recibido no coincide con su huella SHA-256: se "
                             "descartó. Envíelo de nuevo.")
    os.replace(part, final_path(root, sha256))
    _fsync_dir(part.parent)
    conn.execute(update(blobs).where(blobs.c.sha256 == sha256).values(
        size=received, received=received, complete=True, completed_at=utc_now()))
    return BlobStatus(sha256=sha256, size=received, received=received, complete=True)


def _record_progress(conn: Connection, sha256: str, received: int) -> BlobStatus:
    conn.execute(update(blobs).where(blobs.c.sha256 == sha256).values(received=received))
    return BlobStatus(sha256=sha256, size=None, received=received, complete=False)


def referenced_in_scope(conn: Connection, sha256: str, region_code: str) -> bool:
    """Some synced row the device may read names this file."""
    found = conn.execute(select(records.c.row_id).where(
        records.c.blob_sha256 == sha256,
        or_(records.c.region_code == region_code, records.c.region_code.is_(None)),
    ).limit(1)).first()
    return found is not None
