"""Files (scans, signed PDFs, evidence, logos) travelling to and from headquarters.

They are named by SHA-256 and move apart from the rows that name them: uploads go in
``BLOB_CHUNK`` pieces and resume from what the server says it holds; downloads are
verified against the hash before they are stored, and a local file is verified before it
is sent (a damaged one stops the round with a Spanish message naming it). Qt-free.
"""

from __future__ import annotations

import hashlib
import re

import pydantic
import sqlite_utils

from contract.protocol import BLOB_CHUNK, BlobStatus, FeedEntry
from contract.tables import BLOB_COLUMNS
from db.errors import DamagedBlobError
from db.storage import blobs
from db.storage.connection import transaction
from devicesync.transport import SyncError, Transport, raise_for_status

SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_CHUNK_RETRIES = 20


def invalid_answer(exc: Exception) -> SyncError:
    return SyncError("La sede respondió algo que esta versión de Sesiona no entiende; "
                     f"actualice Sesiona ({type(exc).__name__}).")


def have(db: sqlite_utils.Database, digest: str) -> bool:
    return db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [digest]).fetchone() is not None


def status(transport: Transport, digest: str) -> BlobStatus:
    response = transport.request("GET", f"/blobs/{digest}", ok=(404,))
    if response.status_code == 404:
        return BlobStatus(sha256=digest, size=None, received=0, complete=False)
    try:
        return BlobStatus.model_validate(response.json())
    except (ValueError, pydantic.ValidationError) as exc:
        raise invalid_answer(exc) from exc


def upload(db: sqlite_utils.Database, transport: Transport, digest: str) -> bool:
    """Send a local file headquarters lacks, resuming where it stopped. True if sent."""
    row = db.execute("SELECT size FROM blobs WHERE sha256 = ?", [digest]).fetchone()
    if row is None or not SHA256.fullmatch(digest):
        return False
    size = int(row[0])
    current = status(transport, digest)
    if current.complete:
        return False
    try:  # never send headquarters bytes that are not the file's
        blobs.verify(db, digest)
    except DamagedBlobError as exc:
        raise SyncError(f"{exc.message} No se envió a la sede.") from exc
    for _ in range(size // BLOB_CHUNK + MAX_CHUNK_RETRIES):
        if current.complete:
            return True
        offset = min(current.received, size)
        # substr() counts bytes in a BLOB: one chunk in memory, never the whole file twice.
        chunk = db.execute("SELECT substr(data, ?, ?) FROM blobs WHERE sha256 = ?",
                           [offset + 1, BLOB_CHUNK, digest]).fetchone()[0]
        response = transport.request("PUT", f"/blobs/{digest}", content=bytes(chunk or b""),
                                     params={"offset": offset, "size": size},
                                     ok=(409, 416))
        if response.status_code in (409, 416):  # out of step with the server: ask again
            current = status(transport, digest)
            continue
        try:
            current = BlobStatus.model_validate(response.json())
        except (ValueError, pydantic.ValidationError) as exc:
            raise invalid_answer(exc) from exc
    if not current.complete:
        raise SyncError("No se pudo completar el envío de un archivo a la sede; se "
                        "reintentará en la próxima sincronización.")
    return True


def queued_uploads(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT sha256 FROM sync_uploads ORDER BY queued_at")]


def upload_queued(db: sqlite_utils.Database, transport: Transport, digest: str) -> bool:
    """Upload one queued file and take it off the queue (only once it arrived)."""
    sent = upload(db, transport, digest)
    with transaction(db):
        db.execute("DELETE FROM sync_uploads WHERE sha256 = ?", [digest])
    return sent


def download(db: sqlite_utils.Database, transport: Transport, digest: str) -> bool:
    """Fetch, verify and store a file. False if headquarters does not have it (yet)."""
    digester = hashlib.sha256()
    data = bytearray()
    with transport.stream(f"/blobs/{digest}/content") as response:
        if response.status_code in (404, 409):
            return False
        if response.status_code >= 400:
            response.read()
            raise_for_status(response)
        for chunk in response.iter_bytes():
            digester.update(chunk)
            data += chunk
            if len(data) > blobs.MAX_FILE_BYTES:
                raise SyncError("La sede envió un archivo más grande de lo permitido.")
    if digester.hexdigest() != digest:
        raise SyncError("Un archivo recibido de la sede no coincide con su huella SHA-256 "
                        "(llegó dañado); se reintentará en la próxima sincronización.")
    with transaction(db):
        blobs.put(db, bytes(data))
    return True


def fetch_for_page(db: sqlite_utils.Database, transport: Transport,
                   entries: list[FeedEntry]) -> tuple[int, int]:
    """Download the files a pull page names, in order.

    Returns (how many leading entries can be applied, files downloaded): an entry whose
    file headquarters does not hold yet stops the page there.
    """
    downloaded = 0
    for index, entry in enumerate(entries):
        column = BLOB_COLUMNS.get(entry.table)
        digest = entry.fields.get(column) if column else None
        if not isinstance(digest, str) or have(db, digest):
            continue
        if not SHA256.fullmatch(digest) or not download(db, transport, digest):
            return index, downloaded
        downloaded += 1
    return len(entries), downloaded
