"""Attachment bytes, named by SHA-256, uploaded in resumable chunks, read only by those
entitled to them, verified whenever they are read.

Files live under the settings' data folder: ``blobs/ab/abcdef…`` once complete, and
``blobs/ab/abcdef….<region in hex>.part`` while a region's chunks arrive. The ``.part``
file's length is the truth about what that region sent (a chunk is appended and synced to
disk before the answer), so an upload broken at any point resumes from ``received``. Each
region uploads into its own part: one region never continues (or learns of) another's
upload. The ``blobs`` row records the file and is locked while a chunk is written, so two
workers never append to the same file at once.

Completion: when the client declares the total ``size``, the bytes are verified once all
have arrived; a mismatch discards them (422). Without ``size``, the bytes are hashed after
each chunk and the blob completes as soon as they match (slower for large files). A
complete file is moved into place atomically and never changes again.

**Who may read a file** (``blob_grants``). Naming a hash in a record is not enough: the
hash of another region's scan would then open it. A region is granted a hash when

* one of its devices proves it holds the bytes: an upload (or an offline bundle) whose
  content hashes to it. A region not entitled to a file headquarters already holds is told
  to upload it like an unknown one; its upload is checked and then discarded, the stored
  file stays as it is;
* its record naming the hash was stored before any file with that hash existed here
  (``grant_references``, called where records are saved): it cannot have learnt the hash
  from the file.

A reference stored after the file was complete grants nothing. Region "*" is every
enrolled device (files named by central catalogue rows). For a region not entitled,
status and content answer exactly as for a hash headquarters never saw: existence is not
revealed.

**Verified on read.** ``open_verified`` hashes a file before it is served (device download,
panel download) and refuses a damaged one (409, Spanish) instead of sending wrong bytes;
``damaged`` lists every stored file that no longer matches its hash (``sesiona-hq check``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from contract.protocol import BlobStatus
from server.core.db import is_postgres
from server.core.models import blob_grants, blobs, utc_now

READ_SIZE = 1024 * 1024
EVERY_REGION = "*"
# The answer to a hash headquarters does not hold, and to one the caller may not read.
NOT_HERE = "La sede central no tiene este archivo."


class BlobError(Exception):
    def __init__(self, status: int, detail: str, current: BlobStatus | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.current = current


def damaged_message(sha256: str) -> str:
    return (f"El archivo {sha256[:12]}… guardado en la sede central está dañado (su contenido "
            "ya no coincide con su huella SHA-256) y no se entrega. El administrador debe "
            "restaurarlo desde una copia de seguridad (vea «sesiona-hq check»).")


def final_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def part_path(root: Path, sha256: str, region_code: str) -> Path:
    # Hex: a region code never becomes a path component with odd characters.
    return root / sha256[:2] / f"{sha256}.{region_code.encode().hex()}.part"


def file_hash(path: Path) -> str:
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


def _complete_size(conn: Connection, root: Path, sha256: str) -> int | None:
    row = conn.execute(select(blobs.c.size, blobs.c.complete).where(
        blobs.c.sha256 == sha256)).first()
    if row is not None and row[1] and final_path(root, sha256).exists():
        return int(row[0])
    return None


def is_complete(conn: Connection, root: Path, sha256: str) -> bool:
    """Headquarters holds the whole file (whoever may read it)."""
    return _complete_size(conn, root, sha256) is not None


# Grants -----------------------------------------------------------------------------------

def entitled(conn: Connection, sha256: str, region_code: str) -> bool:
    found = conn.execute(select(blob_grants.c.sha256).where(
        blob_grants.c.sha256 == sha256,
        blob_grants.c.region_code.in_([region_code, EVERY_REGION])).limit(1)).first()
    return found is not None


def grant(conn: Connection, sha256: str, region_code: str, source: str) -> None:
    """Let ``region_code`` read the file (idempotent). Inside the caller's transaction."""
    values = {"sha256": sha256, "region_code": region_code, "granted_at": utc_now(),
              "source": source}
    statement = (pg_insert if is_postgres(conn) else sqlite_insert)(blob_grants)
    conn.execute(statement.values(**values).on_conflict_do_nothing())


def grant_references(conn: Connection, named: Iterable[tuple[str, str | None]]) -> None:
    """Records just saved name these (hash, region) pairs (region None: a central row).
    A hash no file has completed yet is granted to the region: the reference came first.
    A hash already held grants nothing; the region proves possession by uploading."""
    wanted = {(sha, region or EVERY_REGION) for sha, region in named}
    if not wanted:
        return
    hashes = sorted({sha for sha, _ in wanted})
    held = set(conn.execute(select(blobs.c.sha256).where(
        blobs.c.sha256.in_(hashes), blobs.c.complete.is_(True))).scalars())
    for sha, region in sorted(wanted):
        if sha not in held:
            grant(conn, sha, region, "referencia")


# Status and upload --------------------------------------------------------------------------

def status(conn: Connection, root: Path, sha256: str,
           region_code: str | None = None) -> BlobStatus:
    """What ``region_code`` may know of the file: complete only if it is entitled, else
    its own upload's progress, exactly as for a hash never seen. Without a region:
    headquarters' own view (complete or not)."""
    size = _complete_size(conn, root, sha256)
    if size is not None and (region_code is None or entitled(conn, sha256, region_code)):
        return BlobStatus(sha256=sha256, size=size, received=size, complete=True)
    received = _size(part_path(root, sha256, region_code)) if region_code else 0
    return BlobStatus(sha256=sha256, size=None, received=received, complete=False)


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
              region_code: str, size: int | None, max_bytes: int) -> BlobStatus:
    """Append ``chunk`` at ``offset`` to ``region_code``'s upload (inside the caller's
    write transaction). Complete and verified, it grants the region the file."""
    too_big = BlobError(413, f"El archivo supera el tamaño máximo ({max_bytes // 2**20} MiB).")
    if size is not None and size > max_bytes:
        raise too_big
    _lock_row(conn, sha256)
    current = status(conn, root, sha256, region_code)
    if current.complete:
        return current
    if offset != current.received:
        raise BlobError(409, f"El envío debe continuar desde el byte {current.received}.",
                        current)
    received = current.received + len(chunk)
    if received > max_bytes:
        raise too_big
    if size is not None and received > size:
        raise BlobError(422, "El fragmento excede el tamaño declarado del archivo.")
    part = part_path(root, sha256, region_code)
    part.parent.mkdir(parents=True, exist_ok=True)
    with part.open("ab") as fh:
        fh.write(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    finished = received == size if size is not None else None
    if finished is False:
        return _record_progress(conn, sha256, received)
    if file_hash(part) != sha256:
        if finished is None:  # no size declared: maybe more chunks are coming
            return _record_progress(conn, sha256, received)
        part.unlink(missing_ok=True)
        _record_progress(conn, sha256, 0)
        raise BlobError(422, "El archivo recibido no coincide con su huella SHA-256: se "
                             "descartó. Envíelo de nuevo.")
    grant(conn, sha256, region_code, "subida")
    if is_complete(conn, root, sha256):  # another region's copy: the proof is enough
        part.unlink()
        return status(conn, root, sha256, region_code)
    os.replace(part, final_path(root, sha256))
    _fsync_dir(part.parent)
    conn.execute(update(blobs).where(blobs.c.sha256 == sha256).values(
        size=received, received=received, complete=True, completed_at=utc_now()))
    return BlobStatus(sha256=sha256, size=received, received=received, complete=True)


def _record_progress(conn: Connection, sha256: str, received: int) -> BlobStatus:
    # The row of a complete file keeps its size; a region's proof upload lives in its part.
    conn.execute(update(blobs).where(blobs.c.sha256 == sha256, blobs.c.complete.is_(False))
                 .values(received=received))
    return BlobStatus(sha256=sha256, size=None, received=received, complete=False)


# Reading ----------------------------------------------------------------------------------

def readable(conn: Connection, root: Path, sha256: str, region_code: str) -> bool:
    """The file is complete here and ``region_code`` may read it."""
    return is_complete(conn, root, sha256) and entitled(conn, sha256, region_code)


def open_verified(root: Path, sha256: str) -> Path:
    """The stored file's path once its bytes were checked against the hash.

    ``BlobError`` 404 if it is not there, 409 (Spanish, naming it) if it is damaged: wrong
    bytes are never served. The file is complete, so it cannot change after the check."""
    path = final_path(root, sha256)
    try:
        actual = file_hash(path)
    except FileNotFoundError:
        raise BlobError(404, NOT_HERE) from None
    if actual != sha256:
        raise BlobError(409, damaged_message(sha256))
    return path


@dataclass(frozen=True)
class Damage:
    sha256: str
    problem: str  # Spanish


def damaged(conn: Connection, root: Path) -> Iterator[Damage]:
    """Every file the database says is complete whose bytes are missing or no longer
    match their hash. Reads only."""
    rows = conn.execute(select(blobs.c.sha256, blobs.c.size).where(
        blobs.c.complete.is_(True)).order_by(blobs.c.sha256)).all()
    for sha256, size in rows:
        path = final_path(root, sha256)
        if not path.exists():
            yield Damage(sha256, "falta el archivo")
        elif _size(path) != size:
            yield Damage(sha256, f"tamaño {_size(path)} bytes, se esperaban {size}")
        elif file_hash(path) != sha256:
            yield Damage(sha256, "su contenido no coincide con la huella SHA-256")
