"""How an approved acta becomes a signed one, and what may still be added afterwards.

States: realizada (borrador) → acta_aprobada (with the session that approved it) →
acta_firmada, reached only here: by a wet signature (scans attached) or a digital one (a
signed PDF). Signing stores the signed files and a snapshot of the acta's content with its
fingerprint, in one transaction; from then on ``db.storage.records`` refuses every write to what
the acta owns (``contract.acta_ownership``). Corrections are fe de erratas.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from db.documents.acta_content import ActaContent
from db.domain import attachments, sessions
from db.domain.session_lock import ensure_editable
from db.domain.validation import Checker
from db.errors import ValidationError
from db.locale_pe import lima_today
from db.storage import records
from db.storage.connection import transaction

MODES = {"fisica": "Firma física (escaneada)", "digital": "Firma digital"}


# Approval --------------------------------------------------------------------------------

def approval_candidates(db: sqlite_utils.Database, session_id: str) -> list[dict[str, Any]]:
    """The sessions where an acta can be approved: itself, or a later held session."""
    session = sessions.get_session(db, session_id)
    return list(db.query(
        "SELECT * FROM sessions WHERE committee_id = ? AND deleted_at IS NULL AND"
        " (id = ? OR (date >= ? AND state NOT IN ('programada', 'sin_quorum')))"
        " ORDER BY id != ?, date, number", [session["committee_id"], session_id,
                                            session["date"], session_id]))


def approve(db: sqlite_utils.Database, session_id: str,
            approved_in_session_id: str) -> dict[str, Any]:
    """Mark the acta approved, recording the session (this one or a later one) that did it."""
    with transaction(db):
        allowed = {s["id"] for s in approval_candidates(db, session_id)}
        if approved_in_session_id not in allowed:
            raise ValidationError({"approved_in_session_id": (
                "El acta solo puede aprobarse en la misma sesión o en una sesión posterior "
                "realizada del mismo comité.")})
        ensure_editable(db, session_id)
        current = sessions.get_session(db, session_id)
        sessions.check_transition(current["state"], "acta_aprobada")
        return records.update(db, "sessions", session_id, {
            "state": "acta_aprobada", "approved_in_session_id": approved_in_session_id})


def _require_approved(session: dict[str, Any]) -> None:
    if session["state"] == "acta_firmada":
        raise ValidationError({"state": "El acta de esta sesión ya está firmada."})
    if session["state"] != "acta_aprobada":
        raise ValidationError({"state": (
            "Solo se puede firmar un acta aprobada. Registre primero su aprobación "
            f"(estado actual: «{sessions.STATES[session['state']]}»).")})


# Signing -----------------------------------------------------------------------------------

def sign_wet(db: sqlite_utils.Database, session_id: str,
             files: Sequence[tuple[str, bytes]], content: ActaContent,
             *, signed_on: str | None = None) -> list[str]:
    """Path (a): the scanned signed copy (one PDF or several images) is stored and the acta
    becomes «firmada (física)». ``content`` is the acta as printed for signature."""
    if not files:
        raise ValidationError({"file": "Adjunte el PDF o las imágenes del acta firmada."})
    types = [attachments.file_type(name, data) for name, data in files]  # all, before writing
    with transaction(db):
        session = sessions.get_session(db, session_id)
        _require_approved(session)
        ids = [attachments.add(db, session["committee_id"], session_id, "acta_firmada_fisica",
                               name, data, mime_type=mime)
               for (name, data), mime in zip(files, types, strict=True)]
        _mark_signed(db, session_id, "fisica", content, signed_on)
        return ids


def prepare_digital(db: sqlite_utils.Database, session_id: str, pdf: bytes,
                    file_name: str) -> str:
    """Keep the PDF with empty signature fields that signatories will sign in turn."""
    with transaction(db):
        session = sessions.get_session(db, session_id)
        _require_approved(session)
        for old in attachments.for_session(db, session_id, ("acta_para_firma",)):
            records.soft_delete(db, "attachments", old["id"])
        return attachments.add(db, session["committee_id"], session_id, "acta_para_firma",
                               file_name, pdf, mime_type="application/pdf")


def working_copy(db: sqlite_utils.Database, session_id: str) -> dict[str, Any] | None:
    rows = attachments.for_session(db, session_id, ("acta_para_firma",))
    return rows[-1] if rows else None


def record_signature(db: sqlite_utils.Database, attachment_id: str, pdf: bytes,
                     signatures_json: str) -> None:
    """One more signature on the working copy (the session stays «aprobada»)."""
    with transaction(db):
        row = records.get(db, "attachments", attachment_id)
        _require_approved(sessions.get_session(db, row["session_id"]))
        attachments.replace_content(db, attachment_id, pdf, signatures=signatures_json)


def sign_digital(db: sqlite_utils.Database, session_id: str, file_name: str, pdf: bytes,
                 signatures_json: str, content: ActaContent,
                 *, signed_on: str | None = None) -> str:
    """Path (b): a validated, digitally signed PDF becomes the signed acta."""
    attachments.file_type(file_name, pdf, {"application/pdf"})
    with transaction(db):
        session = sessions.get_session(db, session_id)
        _require_approved(session)
        attachment_id = attachments.add(
            db, session["committee_id"], session_id, "acta_firmada_digital", file_name, pdf,
            mime_type="application/pdf", signatures=signatures_json)
        records.update(db, "attachments", attachment_id, {"validated_at": records.utc_now()})
        for old in attachments.for_session(db, session_id, ("acta_para_firma",)):
            records.soft_delete(db, "attachments", old["id"])
        _mark_signed(db, session_id, "digital", content, signed_on)
        return attachment_id


def _mark_signed(db: sqlite_utils.Database, session_id: str, mode: str,
                 content: ActaContent, signed_on: str | None) -> None:
    records.update(db, "sessions", session_id, {
        "state": "acta_firmada", "signature_mode": mode,
        "signed_on": signed_on or lima_today().isoformat(),
        "acta_fingerprint": content.fingerprint, "acta_snapshot": content.canonical_json()})


def update_validation(db: sqlite_utils.Database, attachment_id: str,
                      signatures_json: str) -> None:
    """Store a fresh validation of a signed file. Allowed after signing: it is not an edit
    of the acta, only of what was last checked about its file."""
    records.update(db, "attachments", attachment_id, {
        "signatures": signatures_json, "validated_at": records.utc_now()})


def stored_reports(attachment: dict[str, Any]) -> list[dict[str, Any]]:
    """The signature validation kept with a signed file, as plain dicts (for display)."""
    return json.loads(attachment["signatures"]) if attachment["signatures"] else []


def signed_files(db: sqlite_utils.Database, session_id: str) -> list[dict[str, Any]]:
    return attachments.for_session(
        db, session_id, ("acta_firmada_fisica", "acta_firmada_digital", "acta_para_firma"))


# Fe de erratas -------------------------------------------------------------------------------

def add_errata(db: sqlite_utils.Database, session_id: str, noted_on: str, body: str) -> str:
    row = {"session_id": session_id, "noted_on": noted_on, "body": (body or "").strip()}
    check = Checker()
    check.required(row, "noted_on", "Fecha")
    check.iso_date(row, "noted_on", "Fecha")
    check.required(row, "body", "Texto de la fe de erratas")
    check.raise_if_any()
    with transaction(db):
        session = sessions.get_session(db, session_id)
        if session["state"] != "acta_firmada":
            raise ValidationError({"state": (
                "La fe de erratas corrige un acta ya firmada. Mientras el acta no esté "
                "firmada, corrija directamente su contenido.")})
        if session["signed_on"] and noted_on < session["signed_on"]:
            raise ValidationError({"noted_on": (
                "La fecha de la fe de erratas no puede ser anterior a la firma del acta.")})
        row["number"] = db.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM errata WHERE session_id = ?"
            " AND deleted_at IS NULL", [session_id]).fetchone()[0]
        return records.insert(db, "errata", row)


def errata_for(db: sqlite_utils.Database, session_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM errata WHERE session_id = ? AND deleted_at IS NULL"
                         " ORDER BY number", [session_id]))
