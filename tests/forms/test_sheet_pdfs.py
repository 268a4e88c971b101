"""The other printed documents of a session: attendance sheet, agreement extract, errata."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pypdf import PdfReader

from db.storage.progress import Cancelled, Progress
from forms.attendance_sheet import render_attendance_sheet
from forms.errata import render_errata
from forms.extract import render_extract
from tests.forms import samples
from tests.forms.samples import flat, page_texts

SHEET_HEADER = "N° ENTIDAD CARGO (T/A) NOMBRES Y APELLIDOS HORA DE LLEGADA FIRMA"
INVITEE_HEADER = "NOMBRES Y APELLIDOS ENTIDAD CARGO HORA FIRMA"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    content = samples.sheet(seats=30)
    path = tmp_path_factory.mktemp("sheet") / "lista.pdf"
    render_attendance_sheet(content, path, logo=samples.logo_png())
    return content, path, page_texts(path)


def test_sheet_header_and_session_data(sheet):
    content, _, texts = sheet
    text = flat("\n".join(texts))
    assert text.startswith("COMITÉ DIRECTIVO REGIONAL")
    assert text.index(content.heading) < text.index("Fecha Jueves 16 de enero de 2025")
    assert "Hora 09:00 a.m." in text
    assert "Sede Auditorio de la DRTPE Ucayali, Pucallpa" in text
    assert "Modalidad Presencial" in text


def test_sheet_lists_every_seat_with_titular_and_alterno(sheet):
    content, _, texts = sheet
    text = flat("\n".join(texts))
    for row in content.rows:
        if row.name:
            mark = "T" if row.position == "Titular" else "A"
            assert f" {mark} {row.name} " in text, row.name
    blanks = [r for r in content.rows if not r.name]
    assert blanks, "the sample must leave some alternates blank"
    assert "1 DRTPE Dirección Regional de Trabajo y Promoción del Empleo de Ucayali " \
           "Presidencia T" in text
    assert f"30 {content.rows[-1].entity}" in text


def test_sheet_repeats_its_header_and_numbers_pages(sheet):
    content, _, texts = sheet
    total = len(texts)
    assert total >= 3
    assert sum(SHEET_HEADER in flat(t) for t in texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Página {number} de {total}" in text and content.reference in text


def test_sheet_ends_with_blank_invitee_rows(sheet):
    _, _, texts = sheet
    text = flat("\n".join(texts))
    assert text.index("INVITADOS/AS") > text.rindex("FIRMA", 0, text.index("INVITADOS/AS"))
    assert f"INVITADOS/AS {INVITEE_HEADER}" in text


def test_sheet_rows_are_tall_enough_to_sign(tmp_path):
    content = samples.sheet(seats=30)
    few = replace(content, rows=content.rows[:2], blank_invitee_rows=0)
    render_attendance_sheet(few, tmp_path / "few.pdf")
    render_attendance_sheet(replace(few, rows=content.rows[:20]), tmp_path / "more.pdf")
    # 18 more rows of at least 1.2 cm each need well over one more page of 25 cm.
    assert len(PdfReader(tmp_path / "few.pdf").pages) == 1
    assert len(PdfReader(tmp_path / "more.pdf").pages) == 2


def test_sheet_without_invitee_rows(tmp_path):
    content = replace(samples.sheet(seats=2), blank_invitee_rows=0)
    render_attendance_sheet(content, tmp_path / "a.pdf")
    assert "INVITADOS/AS" not in flat("\n".join(page_texts(tmp_path / "a.pdf")))


# Extract ------------------------------------------------------------------------------------

def test_extract_addressed_to_the_institution(tmp_path):
    content = samples.extract(items=5)
    render_extract(content, tmp_path / "e.pdf")
    texts = page_texts(tmp_path / "e.pdf")
    text = flat("\n".join(texts))
    assert text.index("EXTRACTO DE ACUERDOS") < text.index(
        "Institución responsable: Ministerio de la Mujer y Poblaciones Vulnerables (MIMP)")
    assert ("en la Sesión Ordinaria N° 12 del CDRPETI, realizada el jueves 16 de enero de "
            "2025") in text
    assert "N° ACUERDO SESIÓN DE ORIGEN PLAZO ESTADO" in text
    for item in content.items:
        cell = f"{item.number} {flat(item.text)}"
        if item.co_responsibles:
            cell += " Corresponsables: DRE, DIRESA"
        assert f"{cell} {item.origin} {item.deadline} {item.state}" in text
    assert text.index("Se agradecerá informar") > text.index(content.items[-1].text)
    assert "Pucallpa, 16 de enero de 2025." in text
    assert "Página 1 de 1" in texts[-1]
    meta = PdfReader(tmp_path / "e.pdf").metadata
    assert meta.author == "Sesiona" and meta.subject == content.reference


def test_extract_long_list_spans_pages(tmp_path):
    render_extract(samples.extract(items=40), tmp_path / "e.pdf")
    texts = page_texts(tmp_path / "e.pdf")
    assert len(texts) >= 2
    assert sum("N° ACUERDO SESIÓN DE ORIGEN PLAZO ESTADO" in flat(t) for t in texts) >= 2
    assert f"Página {len(texts)} de {len(texts)}" in texts[-1]


def test_extract_without_items(tmp_path):
    render_extract(replace(samples.extract(), items=[]), tmp_path / "e.pdf")
    assert "No hay acuerdos pendientes" in flat("\n".join(page_texts(tmp_path / "e.pdf")))


# Errata ------------------------------------------------------------------------------------

def test_errata_names_the_signed_acta(tmp_path):
    content = samples.errata()
    render_errata(content, tmp_path / "f.pdf", logo=samples.logo_png())
    texts = page_texts(tmp_path / "f.pdf")
    assert len(texts) == 1
    text = flat(texts[0])
    assert text.index("FE DE ERRATAS N° 1") < text.index("Acta que se corrige")
    assert "Acta que se corrige ACTA DE LA SESIÓN ORDINARIA N° 12" in text
    assert "Fecha de la sesión Jueves 16 de enero de 2025" in text
    assert "Referencia CDRPETI-UCAYALI-SO-12" in text
    assert "Huella del acta firmada 3F2A-9C41-0B7E-D5A8" in text
    assert "Fecha de la corrección Lunes 3 de febrero de 2025" in text
    assert "donde dice «31/01/2025» debe decir «28/02/2025»." in text
    assert "representante titular de la DRE & UGEL." in text
    assert "Pucallpa, 3 de febrero de 2025." in text
    assert text.index("Presidencia") < text.index("Secretaría Técnica", text.index("Pucallpa,"))
    assert "Página 1 de 1" in text and "Huella del acta: 3F2A-9C41-0B7E-D5A8" in text


def test_errata_stays_on_one_page_however_long(tmp_path):
    body = "\n\n".join(f"En el párrafo {i}, donde dice «niños» debe decir «niñas y niños»."
                       for i in range(120))
    render_errata(samples.errata(body=body), tmp_path / "f.pdf")
    texts = page_texts(tmp_path / "f.pdf")
    assert len(texts) == 1 and "En el párrafo 119," in texts[0]


# Progress ---------------------------------------------------------------------------------

@pytest.mark.parametrize("render, make", [
    (render_attendance_sheet, samples.sheet),
    (render_extract, samples.extract),
    (render_errata, samples.errata),
])
def test_cancelled_documents_write_no_file(tmp_path, render, make):
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        render(make(), tmp_path / "doc.pdf", progress=progress)
    assert list(tmp_path.iterdir()) == []
    seen = []
    render(make(), tmp_path / "doc.pdf", progress=Progress(lambda f, m: seen.append(f)))
    assert seen[-1] == 1.0 and (tmp_path / "doc.pdf").read_bytes().startswith(b"%PDF-")
