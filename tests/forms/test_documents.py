"""``forms.documents``: the one "prepare content → render" API of the app, the command line
and the panel, on a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab import rl_config

from db.documents.acta_loader import load_acta
from db.domain import attachments, sessions, signatures
from db.errors import ValidationError
from db.storage.progress import Cancelled, Progress
from forms.acta import render_acta
from forms.documents import DOCUMENTS, Kind, build, pdf_bytes, prepare, render
from tests.db.factories import make_committee, make_full_session, snapshot, walk_to
from tests.db.plan_factories import make_plan
from tests.forms.samples import flat, logo_png

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def full(db):
    full = make_full_session(db)
    attachments.set_logo(db, full["committee"], "logo.png", logo_png())
    return full


def text_of(pdf: bytes | Path) -> str:
    reader = PdfReader(BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return flat("\n".join(page.extract_text() for page in reader.pages))


def test_every_kind_has_one_document():
    assert set(DOCUMENTS) == set(Kind)
    assert Kind("acta") is Kind.ACTA  # the command line may name a kind by its text


def test_prepare_reads_everything_so_render_needs_no_connection(db, full):
    prepared = prepare(db, Kind.ACTA, full["session"])
    assert prepared.kind is Kind.ACTA and prepared.annexes is None
    assert prepared.logo == logo_png()
    assert prepared.content.reference == "CDRPETI-UCA-SO-2"
    db.conn.close()  # the layout, like the app's worker, never reads the database

    pdf = pdf_bytes(prepared)
    text = text_of(pdf)
    assert "CDRPETI-UCA-SO-2" in text and "Aprobar el Plan Operativo Anual 2020" in text
    assert len(PdfReader(BytesIO(pdf)).pages[0].images) >= 1, "the logo is in the header"


def test_the_api_prints_what_the_layout_prints(db, full, monkeypatch):
    """Byte for byte (reportlab's invariant mode leaves out the date and random id): the
    API adds nothing of its own between the loader and the layout."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    direct = BytesIO()
    content = load_acta(db, full["session"])
    slots = render_acta(content, direct, logo=attachments.logo(db, content.logo_sha256))
    through_api = BytesIO()
    assert build(db, Kind.ACTA, full["session"], through_api) == slots
    assert through_api.getvalue() == direct.getvalue()
    assert pdf_bytes(prepare(db, "acta", full["session"])) == direct.getvalue()


def test_the_acta_carries_the_plan_annex_only_of_its_committee(db, full, tmp_path):
    plan = make_plan(db, full["committee"], year=2020)
    prepared = prepare(db, Kind.ACTA, full["session"], plan_id=plan["plan"])
    assert prepared.annexes
    text = text_of(pdf_bytes(prepared))
    assert "ANEXOS" in text and "Talleres realizados" in text

    other = make_plan(db, make_committee(db), year=2020)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="El plan no es del comité de esta sesión"):
        prepare(db, Kind.ACTA, full["session"], plan_id=other["plan"])
    with pytest.raises(ValueError, match="only the acta"):
        prepare(db, Kind.ATTENDANCE_SHEET, full["session"], plan_id=plan["plan"])
    assert snapshot(db) == before


def test_attendance_sheet_to_a_path(db, full, tmp_path):
    out = tmp_path / "lista.pdf"
    assert build(db, Kind.ATTENDANCE_SHEET, full["session"], str(out)) is None
    text = text_of(out)
    assert "NOMBRES Y APELLIDOS" in text and "Titular Núñez de GORE" in text


def test_extracts_one_pdf_per_institution_in_a_folder(db, full, tmp_path):
    written = build(db, Kind.EXTRACTS, full["session"], tmp_path / "extractos")
    assert [path.name for path in written] == [
        "CDRPETI-UCA-SO-2-extracto-DRTPE.pdf", "CDRPETI-UCA-SO-2-extracto-MIMP.pdf",
        "CDRPETI-UCA-SO-2-extracto-PNP.pdf"]  # PNP: the open agreement of the first session
    assert sorted((tmp_path / "extractos").iterdir()) == written
    assert "Realizar dos talleres de capacitación" in text_of(written[0])
    with pytest.raises(ValueError, match="one PDF per institution"):
        pdf_bytes(prepare(db, Kind.EXTRACTS, full["session"]))


def test_a_session_without_responsibles_has_no_extracts(db, full, tmp_path):
    first = sessions.create_session(db, make_committee(db), date="2020-03-05")
    prepared = prepare(db, Kind.EXTRACTS, first)
    assert prepared.content == [] and prepared.logo is None
    assert render(prepared, tmp_path / "vacía") == []
    assert list((tmp_path / "vacía").iterdir()) == []  # the folder, as before, and nothing


def test_errata_by_its_own_id(db, full, tmp_path):
    walk_to(db, full["session"], "acta_firmada")
    errata_id = signatures.add_errata(db, full["session"], "2030-01-20",
                                      "Donde dice «Pucalpa», debe decir «Pucallpa».")
    text = text_of(pdf_bytes(prepare(db, Kind.ERRATA, errata_id)))
    assert "debe decir «Pucallpa»" in text


@pytest.mark.parametrize("kind", [Kind.ACTA, Kind.ATTENDANCE_SHEET, Kind.EXTRACTS])
def test_progress_reaches_the_end_and_a_cancel_writes_nothing(db, full, tmp_path, kind):
    prepared = prepare(db, kind, full["session"])
    out = tmp_path / ("extractos" if kind is Kind.EXTRACTS else "doc.pdf")
    stopped = Progress()
    stopped.cancel()
    with pytest.raises(Cancelled):
        render(prepared, out, progress=stopped)
    assert not out.exists() or list(out.iterdir()) == []

    seen: list[tuple[float, str]] = []
    render(prepared, out, progress=Progress(lambda fraction, message: seen.append(
        (fraction, message))))
    assert seen[-1][0] == 1.0 and [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert out.exists()


def test_importing_the_api_loads_no_layout_library():
    """The app imports it when its window opens; reportlab waits for the first render."""
    script = ("import sys\nimport forms.documents\n"
              "print(sorted(m for m in ('reportlab', 'pyhanko', 'PySide6') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
