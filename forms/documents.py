"""Session documents from the database to a PDF: one "prepare content → render" API that
the app, the command line and the headquarters panel all call.

Rules:
- ``prepare(db, kind, source_id)`` reads everything a document needs (its content, the
  committee's logo, the acta's plan annex). It is quick and the only step that touches the
  database.
- ``render(prepared, out, progress=...)`` lays the document out and touches no connection,
  so the desktop runs it in a worker and headquarters after its transaction closed.
  ``pdf_bytes`` is the same into memory; ``build`` is both steps at once, for callers with
  no thread to hop (the command line, the errata button).
- One entry per document in ``DOCUMENTS``; adding a document is a loader in ``db/``, a
  layout in ``forms/`` and one entry here.
- Long work takes the optional progress/cancel handle of ``db.storage.progress``.
- No Qt. reportlab loads on the first render, not on import, so the app can import this
  module when its window opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

import sqlite_utils

from db.documents.acta_loader import load_acta
from db.documents.session_documents import load_attendance_sheet, load_errata, load_extracts
from db.domain import attachments
from db.storage.progress import Progress, report

Out = Path | str | BinaryIO


class Kind(StrEnum):
    ACTA = "acta"
    ATTENDANCE_SHEET = "attendance_sheet"
    #: One PDF per responsible institution; its ``out`` is a folder.
    EXTRACTS = "extracts"
    #: Read from the errata's id, not the session's.
    ERRATA = "errata"


@dataclass(frozen=True)
class Prepared:
    """A document read from the database: everything its layout needs, no connection."""

    kind: Kind
    #: ``ActaContent``, ``AttendanceSheetContent``, ``ErrataContent`` or, for the
    #: extracts, a list of ``AgreementExtract`` (empty when no agreement has a responsible).
    content: Any
    logo: bytes | None
    #: The acta's ANEXOS (the plan's execution at the session's date), when asked for.
    annexes: list | None = None


@dataclass(frozen=True)
class Document:
    load: Callable[[sqlite_utils.Database, str], Any]
    logo_sha256: Callable[[Any], str | None]
    #: (prepared, out, progress) -> what the layout returns.
    lay_out: Callable[[Prepared, Any, Progress | None], Any]


def prepare(db: sqlite_utils.Database, kind: Kind | str, source_id: str, *,
            plan_id: str | None = None) -> Prepared:
    """Read document ``kind`` of ``source_id`` (a session; an errata for ``Kind.ERRATA``).
    With ``plan_id``, the acta carries that plan's execution at the session's date."""
    kind = Kind(kind)
    if plan_id is not None and kind is not Kind.ACTA:
        raise ValueError(f"only the acta carries a plan annex, not {kind}")
    document = DOCUMENTS[kind]
    content = document.load(db, source_id)
    logo = attachments.logo(db, document.logo_sha256(content))
    annexes = _plan_annex(db, source_id, plan_id) if plan_id else None
    return Prepared(kind, content, logo, annexes)


def render(prepared: Prepared, out: Out, *, progress: Progress | None = None) -> Any:
    """Lay ``prepared`` out into ``out`` (a path or a binary stream; a folder for the
    extracts). Returns the acta's signature boxes, the extracts' paths, None otherwise."""
    return DOCUMENTS[prepared.kind].lay_out(prepared, out, progress)


def pdf_bytes(prepared: Prepared, *, progress: Progress | None = None) -> bytes:
    """The one PDF of ``prepared`` in memory (not for the extracts, which are several)."""
    if prepared.kind is Kind.EXTRACTS:
        raise ValueError("the extracts are one PDF per institution: render them to a folder")
    buffer = BytesIO()
    render(prepared, buffer, progress=progress)
    return buffer.getvalue()


def build(db: sqlite_utils.Database, kind: Kind | str, source_id: str, out: Out, *,
          plan_id: str | None = None, progress: Progress | None = None) -> Any:
    """``prepare`` then ``render``, when the reading and the layout may share a thread."""
    return render(prepare(db, kind, source_id, plan_id=plan_id), out, progress=progress)


def _plan_annex(db: sqlite_utils.Database, session_id: str, plan_id: str) -> list:
    """The plan-execution table as of the session's date, for the acta's ANEXOS."""
    from datetime import date

    from db.domain import plans, sessions
    from db.domain.plan_execution import Period, compute
    from db.errors import ValidationError
    from forms.plan_summary import annex_flowables

    session = sessions.get_session(db, session_id)
    plan = plans.get_plan(db, plan_id)
    if plan["committee_id"] != session["committee_id"]:
        raise ValidationError({"plan": "El plan no es del comité de esta sesión."})
    return annex_flowables(compute(db, plan_id, Period(until=date.fromisoformat(session["date"]))))


# The layouts, each importing reportlab's side on first use ---------------------------------

def _acta(prepared: Prepared, out: Out, progress: Progress | None) -> list:
    from forms.acta import render_acta

    return render_acta(prepared.content, _path_or_file(out), logo=prepared.logo,
                       progress=progress, annexes=prepared.annexes)


def _attendance_sheet(prepared: Prepared, out: Out, progress: Progress | None) -> None:
    from forms.attendance_sheet import render_attendance_sheet

    render_attendance_sheet(prepared.content, _path_or_file(out), logo=prepared.logo,
                            progress=progress)


def _extracts(prepared: Prepared, out_dir: Path | str, progress: Progress | None) -> list[Path]:
    """One PDF per responsible institution, named after the session and the institution
    (all of one committee, so one logo)."""
    from forms.extract import render_extract
    from forms.files import safe_name

    extracts = prepared.content
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, extract in enumerate(extracts):
        report(progress, index / max(len(extracts), 1),
               f"Extracto para {extract.institution_acronym}")
        path = folder / f"{safe_name(extract.reference)}-extracto-" \
                        f"{safe_name(extract.institution_acronym)}.pdf"
        render_extract(extract, path, logo=prepared.logo)
        written.append(path)
    report(progress, 1.0, "Extractos listos")
    return written


def _errata(prepared: Prepared, out: Out, progress: Progress | None) -> None:
    from forms.errata import render_errata

    render_errata(prepared.content, _path_or_file(out), logo=prepared.logo, progress=progress)


DOCUMENTS: dict[Kind, Document] = {
    Kind.ACTA: Document(load_acta, lambda content: content.logo_sha256, _acta),
    Kind.ATTENDANCE_SHEET: Document(load_attendance_sheet,
                                    lambda content: content.header.logo_sha256,
                                    _attendance_sheet),
    Kind.EXTRACTS: Document(load_extracts,
                            lambda extracts: extracts[0].header.logo_sha256 if extracts
                            else None, _extracts),
    Kind.ERRATA: Document(load_errata, lambda content: content.header.logo_sha256, _errata),
}


def _path_or_file(out: Out) -> Path | BinaryIO:
    return Path(out) if isinstance(out, str) else out
