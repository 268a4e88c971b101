"""The signature workflow of an acta, from the database to signed files and back.

(a) Wet: the printed acta is signed by hand and its scan (PDF or images) is attached.
(b) Digital: Sesiona prepares the PDF with one empty field per signatory; each signs in
    turn with a PKCS#12 file (the password is passed in, used once, never kept); when every
    field is signed the file is validated and becomes the signed acta. A PDF signed with
    another tool can be attached and validated the same way.

Every path checks before writing; a refusal is a Spanish SesionaError and nothing changes.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import sqlite_utils

from db.documents.acta_content import ActaContent
from db.documents.acta_loader import load_acta
from db.domain import attachments, signatures
from db.errors import ValidationError
from db.storage import blobs, records
from forms.documents import Kind, prepare, render
from forms.signature_validation import SignatureReport, validate_pdf
from forms.signing import (
    SigningError,
    add_signature_fields,
    document_keywords,
    load_credentials,
    sign_pdf,
    signature_fields,
)
from forms.trust import TrustRoots


def reports_json(reports: list[SignatureReport]) -> str:
    def plain(report: SignatureReport) -> dict[str, Any]:
        data = asdict(report)
        data["signing_time"] = report.signing_time.isoformat() if report.signing_time else None
        data["broken"] = report.broken
        return data

    return json.dumps([plain(r) for r in reports], ensure_ascii=False)


def broken_message(reports: list[SignatureReport]) -> str:
    broken = [r for r in reports if r.broken]
    names = "; ".join(f"«{r.field_name}» ({r.signer_name or 'firmante desconocido'}): "
                      f"{r.summary}" for r in broken)
    return f"El PDF tiene firmas no válidas y no se ha guardado. {names}"


def file_name(content: ActaContent, suffix: str) -> str:
    from forms.files import safe_name

    return f"{safe_name(content.reference)}-{suffix}.pdf"


# (a) Wet signature -----------------------------------------------------------------------

def attach_scans(db: sqlite_utils.Database, session_id: str,
                 paths: list[Path | str]) -> list[str]:
    files = [(Path(p).name, blobs.read_file(p)) for p in paths]
    return signatures.sign_wet(db, session_id, files, load_acta(db, session_id))


# (b) Digital signature -------------------------------------------------------------------

def prepare_for_signature(db: sqlite_utils.Database, session_id: str) -> str:
    """Render the acta with one empty signature field per signatory and keep it."""
    acta = prepare(db, Kind.ACTA, session_id)
    content = acta.content
    if not content.signatories:
        raise ValidationError({"signatories": (
            "El acta no tiene firmantes: registre la asistencia antes de prepararla para "
            "la firma digital.")})
    buffer = BytesIO()
    slots = render(acta, buffer)
    with_fields = add_signature_fields(buffer.getvalue(), slots)
    return signatures.prepare_digital(db, session_id, with_fields,
                                      file_name(content, "para-firma"))


def pending_fields(db: sqlite_utils.Database, session_id: str) -> list[tuple[str, bool]]:
    """(field name, signed) for each field of the prepared PDF; [] if none is prepared."""
    copy = signatures.working_copy(db, session_id)
    if copy is None:
        return []
    return [(f.name, f.signed) for f in
            signature_fields(attachments.content(db, copy["id"]))]


def sign_field(db: sqlite_utils.Database, session_id: str, field_name: str,
               p12: bytes | Path, password: str, trust: TrustRoots, *,
               now: datetime | None = None) -> list[SignatureReport]:
    """One signatory signs their field. When the last field is signed, the acta becomes
    «firmada (digital)». Returns the validation of every signature so far."""
    copy = signatures.working_copy(db, session_id)
    if copy is None:
        raise ValidationError({"file": (
            "Primero prepare el acta para la firma digital (botón «Preparar PDF para "
            "firma digital»).")})
    _check_still_current(db, session_id, attachments.content(db, copy["id"]))
    credentials = load_credentials(p12, password, now=now)
    signed = sign_pdf(attachments.content(db, copy["id"]), field_name, credentials, now=now)
    reports = validate_pdf(signed, trust.certificates, now=now)
    if any(r.broken for r in reports):  # never store a file that does not validate
        raise SigningError(broken_message(reports))
    if all(state.signed for state in signature_fields(signed)):
        content = load_acta(db, session_id)
        signatures.sign_digital(db, session_id, file_name(content, "firmada"), signed,
                                reports_json(reports), content)
    else:
        signatures.record_signature(db, copy["id"], signed, reports_json(reports))
    return reports


def finish_with_signatures_so_far(db: sqlite_utils.Database, session_id: str,
                                  trust: TrustRoots) -> str:
    """Close the digital path when those who had to sign did (the president and the
    secretary at least), leaving other members' fields empty."""
    copy = signatures.working_copy(db, session_id)
    if copy is None:
        raise ValidationError({"file": "No hay un acta preparada para la firma digital."})
    pdf = attachments.content(db, copy["id"])
    _check_still_current(db, session_id, pdf)
    content = load_acta(db, session_id)
    signed_fields = {f.name for f in signature_fields(pdf) if f.signed}
    required = [s.field_name for s in content.signatories
                if s.role in ("Presidencia", "Secretaría Técnica")]
    missing = [name for name in required if name not in signed_fields]
    if missing or not signed_fields:
        raise ValidationError({"file": (
            "Faltan las firmas obligatorias de: " + ", ".join(missing or ["al menos un "
                                                                          "firmante"]) + ".")})
    reports = validate_pdf(pdf, trust.certificates)
    if any(r.broken for r in reports):
        raise SigningError(broken_message(reports))
    return signatures.sign_digital(db, session_id, file_name(content, "firmada"), pdf,
                                   reports_json(reports), content)


def attach_signed_pdf(db: sqlite_utils.Database, session_id: str, path: Path | str,
                      trust: TrustRoots) -> list[SignatureReport]:
    """A PDF signed elsewhere (e.g. the national signing platform) becomes the signed acta
    if every signature in it is intact and it is this acta, as far as can be checked."""
    data = blobs.read_file(path)
    attachments.file_type(Path(path).name, data, {"application/pdf"})
    reports = validate_pdf(data, trust.certificates)
    if not reports:
        raise ValidationError({"file": (
            f"«{Path(path).name}» no contiene firmas digitales. Si es una copia firmada a "
            "mano y escaneada, adjúntela como firma física.")})
    if any(r.broken for r in reports):
        raise SigningError(broken_message(reports))
    _check_still_current(db, session_id, data)
    signatures.sign_digital(db, session_id, Path(path).name, data, reports_json(reports),
                            load_acta(db, session_id))
    return reports


def _check_still_current(db: sqlite_utils.Database, session_id: str, pdf: bytes) -> None:
    """A PDF made by Sesiona names the content it was printed from (its /Keywords); if the
    acta changed since, signing that PDF would sign something else."""
    payload = document_keywords(pdf) or ""
    if not payload.startswith("SESIONA|ACTA|"):
        return  # not printed by Sesiona: nothing to compare with
    current = load_acta(db, session_id)
    if payload != current.qr_payload:
        raise ValidationError({"file": (
            "El PDF no corresponde al contenido actual del acta (su huella es distinta): el "
            "acta cambió después de imprimirse. Vuelva a prepararla para la firma.")})


# Checking signatures again -------------------------------------------------------------

def revalidate(db: sqlite_utils.Database, attachment_id: str,
               trust: TrustRoots) -> list[SignatureReport]:
    row = records.get(db, "attachments", attachment_id)
    reports = validate_pdf(attachments.content(db, attachment_id), trust.certificates)
    signatures.update_validation(db, row["id"], reports_json(reports))
    return reports


def verify_file(path: Path | str, trust: TrustRoots) -> list[SignatureReport]:
    return validate_pdf(blobs.read_file(path), trust.certificates)
