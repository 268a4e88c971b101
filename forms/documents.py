"""Session documents from the database to a PDF: the same builders for the app and the CLI.

Each is a plain function of stored data with an optional progress/cancel handle. Reading
the database is quick and happens first; the slow part (layout) touches no connection,
so the desktop can run it off the UI thread on a loaded ``content``.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import sqlite_utils

from db import attachments
from db.acta_content import AgreementExtract
from db.acta_loader import load_acta
from db.progress import Progress, report
from db.session_documents import load_attendance_sheet, load_errata, load_extracts
from forms.acta import render_acta
from forms.attendance_sheet import render_attendance_sheet
from forms.errata import render_errata
from forms.extract import render_extract
from forms.files import safe_name
from forms.slots import SignatureSlot

Out = Path | str | BinaryIO


def build_acta(db: sqlite_utils.Database, session_id: str, out: Out, *,
               plan_id: str | None = None,
               progress: Progress | None = None) -> list[SignatureSlot]:
    """The acta; with ``plan_id``, the plan's execution at the session date is printed
    under ANEXOS."""
    content = load_acta(db, session_id)
    logo = attachments.logo(db, content.logo_sha256)
    annexes = plan_annex(db, session_id, plan_id) if plan_id else None
    return render_acta(content, _path_or_file(out), logo=logo, progress=progress,
                       annexes=annexes)


def plan_annex(db: sqlite_utils.Database, session_id: str, plan_id: str) -> list:
    """The plan-execution table as of the session's date, for the acta's ANEXOS."""
    from datetime import date

    from db import plans, sessions
    from db.errors import ValidationError
    from db.plan_execution import Period, compute
    from forms.plan_summary import annex_flowables

    session = sessions.get_session(db, session_id)
    plan = plans.get_plan(db, plan_id)
    if plan["committee_id"] != session["committee_id"]:
        raise ValidationError({"plan": "El plan no es del comité de esta sesión."})
    return annex_flowables(compute(db, plan_id, Period(until=date.fromisoformat(session["date"]))))


def build_attendance_sheet(db: sqlite_utils.Database, session_id: str, out: Out, *,
                           progress: Progress | None = None) -> None:
    content = load_attendance_sheet(db, session_id)
    logo = attachments.logo(db, content.header.logo_sha256)
    render_attendance_sheet(content, _path_or_file(out), logo=logo, progress=progress)


def build_extracts(db: sqlite_utils.Database, session_id: str, out_dir: Path | str, *,
                   progress: Progress | None = None) -> list[Path]:
    """One PDF per responsible institution, named after the session and the institution."""
    extracts = load_extracts(db, session_id)
    logo = attachments.logo(db, extracts[0].header.logo_sha256) if extracts else None
    return render_extracts(extracts, Path(out_dir), logo=logo, progress=progress)


def render_extracts(extracts: list[AgreementExtract], out_dir: Path, *, logo: bytes | None,
                    progress: Progress | None = None) -> list[Path]:
    """Lay out loaded extracts (all of one committee, so one logo) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for index, extract in enumerate(extracts):
        report(progress, index / max(len(extracts), 1),
               f"Extracto para {extract.institution_acronym}")
        path = out_dir / f"{safe_name(extract.reference)}-extracto-" \
                         f"{safe_name(extract.institution_acronym)}.pdf"
        render_extract(extract, path, logo=logo)
        written.append(path)
    report(progress, 1.0, "Extractos listos")
    return written


def build_errata(db: sqlite_utils.Database, errata_id: str, out: Out, *,
                 progress: Progress | None = None) -> None:
    content = load_errata(db, errata_id)
    logo = attachments.logo(db, content.header.logo_sha256)
    render_errata(content, _path_or_file(out), logo=logo, progress=progress)




def _path_or_file(out: Out) -> Path | BinaryIO:
    return Path(out) if isinstance(out, str) else out
