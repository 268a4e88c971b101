"""Files attached to a session (annexes, signed copies of the acta) or to a committee (logo).

The bytes go to the blob store; the synced row names them by SHA-256, so a fingerprint is
shown beside every stored file. A signed acta's files (and its annexes) are locked by
``db.storage.records`` after ``contract.acta_ownership``: a signed file can neither change its
bytes nor be deleted; the blob written first is rolled back with the refused row.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db.domain.session_lock import ensure_editable
from db.domain.sessions import get_session
from db.errors import ValidationError
from db.storage import blobs, records
from db.storage.connection import transaction

PURPOSES = {
    "anexo": "Anexo",
    "acta_para_firma": "Acta preparada para firma digital",
    "acta_firmada_fisica": "Acta firmada (física, escaneada)",
    "acta_firmada_digital": "Acta firmada (digital)",
}
IMAGE_TYPES = {"image/png", "image/jpeg"}


def file_type(name: str, data: bytes, allowed: set[str] | None = None) -> str:
    """The MIME type of an accepted file, or a Spanish ValidationError."""
    blobs.check_size(name, len(data))
    mime = blobs.sniff(data)
    if mime is None or (allowed is not None and mime not in allowed):
        kinds = "un PDF ni una imagen (PNG, JPEG o TIFF)" if allowed is None else \
            "un PDF" if allowed == {"application/pdf"} else "una imagen PNG ni JPEG"
        raise ValidationError({"file": f"«{name}» no es {kinds}. No se ha guardado nada."})
    return mime


def add(db: sqlite_utils.Database, committee_id: str, session_id: str | None, purpose: str,
        file_name: str, data: bytes, *, mime_type: str | None = None,
        signatures: str = "") -> str:
    """Store a file and its attachment row in one transaction. ``db.storage.records`` refuses the
    row if the session's acta is signed (signed files arrive with the signing itself)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown attachment purpose {purpose!r}")
    mime = mime_type or file_type(file_name, data)
    with transaction(db):
        digest = blobs.put(db, data)
        position = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM attachments WHERE session_id IS ?"
            " AND purpose = ? AND deleted_at IS NULL", [session_id, purpose]).fetchone()[0]
        return records.insert(db, "attachments", {
            "committee_id": committee_id, "session_id": session_id, "purpose": purpose,
            "file_name": file_name, "mime_type": mime, "size": len(data), "sha256": digest,
            "position": position, "signatures": signatures})


def replace_content(db: sqlite_utils.Database, attachment_id: str, data: bytes, *,
                    signatures: str = "") -> dict[str, Any]:
    """A new version of the same file (the acta after one more signature)."""
    with transaction(db):
        digest = blobs.put(db, data)
        return records.update(db, "attachments", attachment_id, {
            "sha256": digest, "size": len(data), "signatures": signatures,
            "validated_at": records.utc_now()})


def for_session(db: sqlite_utils.Database, session_id: str,
                purposes: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM attachments WHERE session_id = ? AND deleted_at IS NULL"
    params: list[Any] = [session_id]
    if purposes:
        sql += f" AND purpose IN ({', '.join('?' for _ in purposes)})"
        params.extend(purposes)
    return list(db.query(sql + " ORDER BY purpose, position", params))


def content(db: sqlite_utils.Database, attachment_id: str) -> bytes:
    return blobs.get(db, records.get(db, "attachments", attachment_id)["sha256"])


# Annexes: part of the acta's content, so they follow the signed-acta lock -----------------

def add_annex(db: sqlite_utils.Database, session_id: str, file_name: str, data: bytes) -> str:
    with transaction(db):
        ensure_editable(db, session_id)
        session = get_session(db, session_id)
        return add(db, session["committee_id"], session_id, "anexo", file_name, data)


def remove_annex(db: sqlite_utils.Database, attachment_id: str) -> None:
    records.soft_delete(db, "attachments", attachment_id)  # refused by records once signed


def restore_annex(db: sqlite_utils.Database, attachment_id: str) -> None:
    records.undelete(db, "attachments", attachment_id)


# The committee's logo, printed in the header of its documents ----------------------------

def set_logo(db: sqlite_utils.Database, committee_id: str, file_name: str,
             data: bytes | None) -> dict[str, Any]:
    """Set (or clear, with None) a committee's logo. Returns the previous value (undo)."""
    with transaction(db):
        digest = None
        if data is not None:
            file_type(file_name, data, IMAGE_TYPES)
            digest = blobs.put(db, data)
        return records.update(db, "committees", committee_id, {"logo_sha256": digest})


def restore_logo(db: sqlite_utils.Database, committee_id: str, digest: str | None) -> None:
    """Put back a logo already in the blob store (undo of set_logo)."""
    records.update(db, "committees", committee_id, {"logo_sha256": digest})


def logo(db: sqlite_utils.Database, digest: str | None) -> bytes | None:
    return blobs.get(db, digest) if digest else None
