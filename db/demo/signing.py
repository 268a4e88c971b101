"""Demo data for the signature workflow: older actas signed by hand and scanned, and one
fe de erratas, so a newcomer sees every state of an acta at once."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db.documents import acta_loader
from db.domain import sessions, signatures

# Actas approved most recently stay unsigned: their signatures are still being collected.
KEEP_UNSIGNED = 3


def scanned_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF standing in for a scanner's output (Latin-1 text)."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "\n".join(f"({escape(line)}) Tj 0 -18 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 770 Td\n{text}\nET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def sign_older_actas(db: sqlite_utils.Database, committee_id: str) -> list[str]:
    """Sign (wet) every approved acta of a committee but the latest KEEP_UNSIGNED."""
    approved = list(db.query(
        "SELECT s.*, a.date AS approved_date FROM sessions s"
        " JOIN sessions a ON a.id = s.approved_in_session_id"
        " WHERE s.committee_id = ? AND s.state = 'acta_aprobada' AND s.deleted_at IS NULL"
        " ORDER BY s.date", [committee_id]))
    signed = []
    for session in approved[:-KEEP_UNSIGNED]:
        content = acta_loader.load_acta(db, session["id"])
        scan = scanned_pdf([content.heading, content.committee_name[:80],
                            f"Fecha: {content.date_text}", "",
                            "Copia escaneada del acta firmada (demostracion).",
                            f"Huella: {content.short_fingerprint}"])
        name = f"{content.reference}-firmada.pdf"
        signatures.sign_wet(db, session["id"], [(name, scan)], content,
                            signed_on=session["approved_date"])
        signed.append(session["id"])
    return signed


def add_demo_errata(db: sqlite_utils.Database, session: dict[str, Any]) -> str:
    return signatures.add_errata(
        db, session["id"], session["signed_on"],
        f"En el punto VII. ACUERDOS del acta de la {sessions.title(session)}, donde dice "
        "«hasta el 30 de marzo», debe decir «hasta el 31 de marzo».")
