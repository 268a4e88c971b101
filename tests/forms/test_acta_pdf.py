"""The acta as printed: real PDFs written by forms.acta and read back with pypdf."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph

import forms.layout
from db.storage.progress import Cancelled, Progress
from forms.acta import render_acta
from forms.fonts import styles
from tests.forms import samples
from tests.forms.samples import content_lines, flat, page_texts

HEADINGS = [
    "ACTA DE LA SESIÓN ORDINARIA N° 12",
    "I. DATOS DE LA SESIÓN",
    "II. PARTICIPANTES",
    "III. VERIFICACIÓN DEL QUÓRUM",
    "IV. INFORMES",
    "4.1 Informes de la Presidencia y la Secretaría Técnica",
    "4.2 Informes de los sectores",
    "V. PEDIDOS",
    "5.1 Pedidos de la Presidencia y la Secretaría Técnica",
    "5.2 Pedidos de los miembros",
    "VI. ORDEN DEL DÍA",
    "VII. ACUERDOS",
    "SEGUIMIENTO DE ACUERDOS ANTERIORES",
    "VIII. SUSCRIPCIÓN DEL ACTA",
    "ANEXOS",
]
SIGNATURE_HEADER = "ENTIDAD T/A NOMBRES Y APELLIDOS FIRMA"
PARTICIPANTS_HEADER = "NOMBRES Y APELLIDOS ENTIDAD QUE REPRESENTA"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    content = samples.acta(annexes=("Plan Operativo Anual 2025.pdf", "Informe «SUNAFIL».pdf"))
    path = tmp_path_factory.mktemp("acta") / "acta.pdf"
    slots = render_acta(content, path)
    return content, path, slots, page_texts(path)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    content = samples.acta(attendees=60, agreements=30, long=True, followups=8)
    path = tmp_path_factory.mktemp("acta") / "big.pdf"
    slots = render_acta(content, path)
    return content, path, slots, page_texts(path)


def signature_lines(texts: list[str], content) -> list[str]:
    lines = [ln for t in texts for ln in content_lines(t, content.reference)]
    return lines[lines.index("VIII. SUSCRIPCIÓN DEL ACTA"):]


def test_headings_print_in_order(small):
    _, _, _, texts = small
    text = flat("\n".join(texts))
    positions = [text.find(h) for h in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert text.startswith("COMITÉ DIRECTIVO REGIONAL PARA LA PREVENCIÓN Y ERRADICACIÓN")
    assert "(CDRPETI) Región Ucayali" in text


def test_session_data_quorum_and_closing(small):
    content, _, _, texts = small
    text = flat("\n".join(texts))
    assert "Fecha Jueves 16 de enero de 2025" in text
    assert "Hora Desde las 09:22 a.m. hasta las 11:25 a.m." in text
    assert "Sede Auditorio de la DRTPE Ucayali, Jr. Tacna 580, Pucallpa" in text
    assert "Convocatoria Primera convocatoria" in text
    assert f"Secretaría Técnica {content.secretariat}" in text
    assert flat(content.quorum_sentence) in text
    assert flat(content.closing_sentence) in text


def test_every_participant_under_its_group(small):
    content, _, _, texts = small
    text = flat("\n".join(texts))
    section = text[text.index("II. PARTICIPANTES"):text.index("III. VERIFICACIÓN")]
    assert section.startswith(f"II. PARTICIPANTES {PARTICIPANTS_HEADER}")
    last = 0
    for group in content.participants:
        if not group.people:
            assert group.title not in section
            continue
        last = section.index(group.title, last)
        for p in group.people:
            last = section.index(f"{p.name} {p.entity}", last)
    assert "Cámara de Comercio & Industrias de Ucayali" in section  # escaped, printed as is


def test_reports_requests_agenda_and_agreements(small):
    content, _, _, texts = small
    text = flat("\n".join(texts))
    assert "4.1.1 Balance de las acciones del Plan Operativo Anual 2024" in text
    assert "4.1.2 Día Mundial contra el Trabajo Infantil" in text
    assert "4.2.1 SUNAFIL: operativos de fiscalización" in text
    assert "• Se realizaron 14 inspecciones en ladrilleras y aserraderos." in text
    assert ("5.1 Pedidos de la Presidencia y la Secretaría Técnica No se formularon pedidos. "
            "5.2 Pedidos de los miembros • DRE: Solicita") in text
    for i, item in enumerate(content.agenda, start=1):
        assert f"{i}. {flat(item.title)}" in text
        for j, said in enumerate(item.interventions, start=1):
            assert f"{i}.{j} {flat(said)}" in text
    assert "(<14)" in text
    for a in content.agreements:
        assert f"{a.number}. {flat(a.text)}" in text
    assert ("Responsables: MIMP, DRE · Plazo: 31/01/2025 · Aprobado por unanimidad.") in text
    assert ("Responsables: DRTPE · Plazo: 31/01/2025 · Meta: 20 talleres con 600 "
            "participantes · Aprobado por unanimidad.") in text


def test_signature_table_marks_each_name(small):
    content, _, _, texts = small
    assert SIGNATURE_HEADER in flat("\n".join(texts))
    lines = signature_lines(texts, content)
    assert {s.mark for s in content.signatories} == {"PA", "ST", "T", "A"}
    for sig in content.signatories:
        at = lines.index(sig.name)
        assert lines[at - 1] == sig.mark, sig.name
        assert lines[at + 1] == sig.role


def test_every_page_is_numbered_and_carries_the_footer(small):
    content, path, _, texts = small
    total = len(texts)
    assert total >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Página {number} de {total}" in text
        assert content.reference in text
        assert f"Huella: {content.short_fingerprint}" in text
    assert "Página 1 de" in texts[0] and f"Página {total} de {total}" in texts[-1]


def test_metadata_carries_the_fingerprint(small):
    content, path, _, _ = small
    meta = PdfReader(path).metadata
    assert meta.title == "ACTA DE LA SESIÓN ORDINARIA N° 12 — CDRPETI"
    assert meta.author == "Sesiona"
    assert meta.subject == content.reference
    assert meta["/Keywords"] == content.qr_payload


def test_annexes_listed_by_file_name(small):
    _, _, _, texts = small
    text = flat("\n".join(texts))
    assert "ANEXOS Anexo 1: Plan Operativo Anual 2025.pdf Anexo 2: Informe «SUNAFIL».pdf" in text


def test_optional_blocks_and_empty_sections(tmp_path):
    content = samples.acta(followups=0, annexes=())
    content = replace(content, reports_presidency=[], reports_sectors=[], requests_members=[])
    text = flat("\n".join(page_texts(_render(content, tmp_path / "a.pdf"))))
    assert "SEGUIMIENTO DE ACUERDOS" not in text and "ANEXOS" not in text
    assert "IV. INFORMES No se presentaron informes. V. PEDIDOS No se formularon pedidos." in text
    assert "Sin registro de asistencia" not in text

    extra = [Paragraph("Tabla de ejecución del Plan Operativo Anual", styles().body)]
    render_acta(content, tmp_path / "b.pdf", annexes=extra)
    assert "ANEXOS Tabla de ejecución del Plan Operativo Anual" in flat(
        "\n".join(page_texts(tmp_path / "b.pdf")))


def test_warning_when_attendance_was_not_taken(tmp_path):
    content = samples.acta(has_attendance=False)
    slots = render_acta(content, tmp_path / "a.pdf")
    text = flat("\n".join(page_texts(tmp_path / "a.pdf")))
    warning = text.index("Sin registro de asistencia")
    assert text.index(content.heading) < warning < text.index("I. DATOS DE LA SESIÓN")
    assert "Registre la asistencia antes de imprimir" in text
    assert slots == []


def test_seguimiento_lists_each_open_agreement(small):
    content, _, _, texts = small
    text = flat("\n".join(texts))
    block = text[text.index("SEGUIMIENTO DE ACUERDOS ANTERIORES"):text.index("VIII.")]
    assert "N° ACUERDO RESPONSABLES PLAZO ESTADO LO INFORMADO" in block
    for f in content.followups:
        assert f"{f.number} {f.origin} {flat(f.text)} GRDS {f.deadline} Vencido" in block


def test_fonts_are_embedded_liberation_sans(small):
    _, path, _, texts = small
    reader = PdfReader(path)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            seen.add(str(font["/BaseFont"]).split("+", 1)[-1])
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert seen == {"LiberationSans", "LiberationSans-Bold"}
    text = "\n".join(texts)
    for sample in ("ñ", "Ñ", "°", "«", "»", "á", "é", "í", "ó", "ú", "ü", "É", "Í"):
        assert sample in text, sample


def test_logo_is_printed_and_a_broken_one_is_ignored(tmp_path):
    content = samples.acta()
    render_acta(content, tmp_path / "logo.pdf", logo=samples.logo_png())
    images = PdfReader(tmp_path / "logo.pdf").pages[0].images
    assert len(images) == 1 and images[0].image.size == (120, 80)
    render_acta(content, tmp_path / "broken.pdf", logo=b"not an image")
    assert "ACTA DE LA SESIÓN" in page_texts(tmp_path / "broken.pdf")[0]


def test_qr_carries_the_payload(tmp_path, monkeypatch):
    content = samples.acta()
    seen = []
    original = forms.layout.qr_matrix

    def spy(payload):
        seen.append(payload)
        return original(payload)

    monkeypatch.setattr(forms.layout, "qr_matrix", spy)
    render_acta(content, tmp_path / "a.pdf")
    assert seen == [content.qr_payload]  # drawn once, on the first page
    matrix = original(content.qr_payload)
    assert len(matrix) >= 21 and len(matrix) == len(matrix[0])


def test_writes_to_a_stream(small):
    content, path, _, _ = small
    buffer = io.BytesIO()
    render_acta(content, buffer)
    assert buffer.getvalue().startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(buffer.getvalue())).pages) == len(PdfReader(path).pages)


# A long acta ---------------------------------------------------------------------------

def test_big_acta_spans_pages_and_repeats_table_headers(big):
    _, _, _, texts = big
    assert len(texts) >= 6
    assert sum(PARTICIPANTS_HEADER in flat(t) for t in texts) >= 2
    assert sum(SIGNATURE_HEADER in flat(t) for t in texts) >= 2


@pytest.mark.parametrize("attendees, agreements, long, followups", [
    (60, 30, True, 8), (40, 30, True, 8), (60, 13, False, 3), (60, 5, False, 0)])
def test_no_heading_ends_a_page(tmp_path, attendees, agreements, long, followups):
    """Without HeadingGuard the last three sizes each end a page with a heading."""
    content = samples.acta(attendees=attendees, agreements=agreements, long=long,
                           followups=followups)
    texts = page_texts(_render(content, tmp_path / "a.pdf"))
    headings = set(HEADINGS)
    headings |= {f"{i}. {flat(a.title)}" for i, a in enumerate(content.agenda, start=1)}
    headings |= {f"4.{k}.{i} {flat(b.title)}" for k, blocks in
                 ((1, content.reports_presidency), (2, content.reports_sectors))
                 for i, b in enumerate(blocks, start=1)}
    running = f"{content.committee_acronym} — {content.heading}"
    for number, text in enumerate(texts[:-1], start=1):
        last = content_lines(text, content.reference, running)[-1]
        assert not any(last.startswith(h) for h in headings), \
            f"page {number} ends with the heading {last!r}"


def test_one_signature_slot_per_signatory_inside_its_cell(big):
    content, path, slots, _ = big
    pages = len(PdfReader(path).pages)
    assert [s.field_name for s in slots] == [s.field_name for s in content.signatories]
    width, height = A4
    for slot in slots:
        x1, y1, x2, y2 = slot.box
        assert 0 <= slot.page < pages
        assert 0 < x1 < x2 <= width and 0 < y1 < y2 <= height
        assert y2 - y1 >= 1.3 * cm and x2 - x1 >= 5 * cm
    for i, a in enumerate(slots):
        for b in slots[i + 1:]:
            if a.page == b.page:
                assert a.box[3] <= b.box[1] or b.box[3] <= a.box[1] or \
                    a.box[2] <= b.box[0] or b.box[2] <= a.box[0], (a, b)


def test_slot_is_level_with_its_signatory_name(big):
    """The box sits on the same row as the name, at its right: the FIRMA cell."""
    content, path, slots, _ = big
    reader = PdfReader(path)
    for sig, slot in zip(content.signatories[::7], slots[::7], strict=True):
        found = text_positions(reader.pages[slot.page], sig.name)
        assert found, sig.name
        x, y = found[-1]  # the signature table comes after the participants table
        assert slot.box[1] < y < slot.box[3]
        assert x < slot.box[0]


def text_positions(page, wanted: str) -> list[tuple[float, float]]:
    """Where ``wanted`` is drawn on ``page`` (start of its baseline, in PDF points)."""
    found = []

    def visit(text, cm_, tm, *_):
        if text.strip() == wanted:
            found.append((tm[4] * cm_[0] + cm_[4], tm[5] * cm_[3] + cm_[5]))

    page.extract_text(visitor_text=visit)
    return found


# Progress and cancellation ----------------------------------------------------------------

def _render(content, path: Path, **kw) -> Path:
    render_acta(content, path, **kw)
    return path


def test_progress_rises_to_one(tmp_path):
    seen = []
    render_acta(samples.acta(attendees=60, agreements=30, long=True), tmp_path / "a.pdf",
                progress=Progress(lambda f, m: seen.append((f, m))))
    fractions = [f for f, _ in seen]
    assert len(seen) >= 4 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(m for _, m in seen)


def test_cancelled_before_start_writes_nothing(tmp_path):
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        render_acta(samples.acta(), tmp_path / "a.pdf", progress=progress)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("after", [1, 2, 3])
def test_cancelled_midway_leaves_the_old_file_and_no_temporary(tmp_path, after):
    target = tmp_path / "acta.pdf"
    target.write_bytes(b"previous version")
    calls: list[float] = []

    def on_step(fraction, message):
        calls.append(fraction)
        if len(calls) >= after:
            progress.cancel()  # honoured at the next step

    progress = Progress(on_step)
    with pytest.raises(Cancelled):
        render_acta(samples.acta(attendees=60, agreements=30, long=True), target,
                    progress=progress)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["acta.pdf"]


def test_cancelled_writes_nothing_to_a_stream():
    progress = Progress()
    progress.cancel()
    buffer = io.BytesIO()
    with pytest.raises(Cancelled):
        render_acta(samples.acta(), buffer, progress=progress)
    assert buffer.getvalue() == b""
