"""The plan-execution matrix as printed: real plans in SQLite, computed by
db.domain.plan_execution, laid out by forms.plan_matrix and read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A3, A4, landscape

from db.domain import indicators, plans
from db.domain.plan_execution import Period, RollUp, compute
from db.domain.rules.execution import COLOURS, STATES
from db.storage.progress import Cancelled, Progress
from db.storage.store import open_store
from forms.acta import render_acta
from forms.plan_chart import bars_of, execution_chart
from forms.plan_matrix import COLUMNS, choose_page, render_plan_matrix
from forms.plan_summary import annex_flowables
from tests.db.factories import make_committee
from tests.db.plan_factories import make_big_plan, make_plan
from tests.forms import samples
from tests.forms.samples import flat, page_texts

HEADINGS = [
    "ITEM", "OBJETIVO ESPECÍFICO", "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA",
    "RESPONSABLES", "EJE ESTRATÉGICO", "ITEM", "ESTRATEGIA", "ITEM", "LÍNEA DE ACCIÓN",
    "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA",
    "INSTITUCIONES INVOLUCRADAS (EN NEGRITA LAS RESPONSABLES)", "EJECUCIÓN DE METAS",
    "Observaciones", "Ejecutado Abs.", "%", "Pendiente Abs.", "%",
]
LEGEND = list(STATES.values())


def rendered(db, tmp_path: Path, period: Period | None = None):
    committee = make_committee(db, name="Comité Directivo Regional para la Prevención y "
                                         "Erradicación del Trabajo Infantil de Ucayali",
                               acronym="CDRPETI-UCAYALI", region_code="PE-UCA",
                               city="Pucallpa")
    ids = make_plan(db, committee)
    matrix = compute(db, ids["plan"], period)
    path = tmp_path / "matriz.pdf"
    render_plan_matrix(matrix, path, logo=samples.logo_png())
    return ids, matrix, path, page_texts(path)


@pytest.fixture
def small(db, tmp_path):
    return rendered(db, tmp_path)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    store = open_store(folder / "big.sqlite")
    ids = make_big_plan(store, make_committee(store))
    matrix = compute(store, ids["plan"])
    store.conn.close()
    path = folder / "matriz.pdf"
    steps: list[float] = []
    render_plan_matrix(matrix, path, progress=Progress(lambda f, _m: steps.append(f)))
    return matrix, path, page_texts(path), steps


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def fill_colours(path: Path) -> set[tuple[float, float, float]]:
    """Every RGB fill colour (``r g b rg``) set in the pages' content streams."""
    found = set()
    for page in PdfReader(path).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", stream):
            found.add((float(r), float(g), float(b)))
    return found


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def has_colour(colours: set[tuple[float, float, float]], hex_colour: str) -> bool:
    want = rgb(hex_colour)
    return any(all(abs(a - b) < 0.002 for a, b in zip(c, want, strict=True)) for c in colours)


# The matrix ---------------------------------------------------------------------------------

def test_every_ministry_heading_prints_in_the_ministrys_order(small):
    _, _, _, texts = small
    text = flat(texts[0])
    assert in_order(text, HEADINGS), text[:600]
    assert len(COLUMNS) == 20  # 15 headings + the 4 of EJECUCIÓN DE METAS + Observaciones


def test_header_has_committee_plan_and_period(small):
    _, matrix, path, texts = small
    text = flat(texts[0])
    assert text.startswith("COMITÉ DIRECTIVO REGIONAL PARA LA PREVENCIÓN Y ERRADICACIÓN")
    assert "(CDRPETI-UCAYALI) Región Ucayali" in text
    assert "PLAN DE TRABAJO ANUAL 2025" in text
    assert "Matriz de ejecución de metas — Ejecución del año 2025" in text
    assert "CDRPETI-UCAYALI-2025 · Ejecución del año 2025" in text  # the footer
    assert "Página 1 de 1" in text
    meta = PdfReader(path).metadata
    assert meta.title == "Matriz de ejecución — Plan de Trabajo Anual 2025 — CDRPETI-UCAYALI"
    assert meta.subject == f"{matrix.reference} · {matrix.period_label}"


def test_each_indicator_prints_its_row_with_its_figures(small):
    _, _, _, texts = small
    text = flat(texts[0])
    # Objective, its own indicator, axis, strategy, line, indicator, unit, target,
    # institutions, executed, %, pending, %, observations: one row, in order.
    assert ("OE 1 Fortalecer la prevención del trabajo infantil Plan regional aprobado Plan 1 "
            "DRTPE EE 1: Prevención E 1.1 Sensibilización LA 1.1.1 Talleres con familias "
            "Talleres realizados Evento 2 DRTPE, MIMP 3 150% 0 0% 10/05/2025: Taller con "
            "familias (Callería, Coronel Portillo), 5 participantes (3 mujeres, 2 hombres).") \
        in text
    # The same line of action: its cells are not repeated.
    assert "Personas capacitadas Persona 3 1 33% 2 67% 01/06/2025" in text
    assert "LA 1.1.2 Campaña radial Spots difundidos Evento 4 0 0% 4 100% 01/07/2025: Sin " \
           "presupuesto para la campaña." in text
    # Nothing reported is said in words, not only in grey; a zero target has no percentage.
    assert "OE 2 Mejorar la detección LA 2.1 Operativos conjuntos Operativos realizados " \
           "Actuación inspectiva 5 SUNAFIL 0 0% 5 100% No reportado" in text
    assert "Actas levantadas Acta 0 2 — 0 — 01/09/2025: 2 ejecutado(s)." in text


def test_responsible_institutions_are_bold_the_others_regular(small):
    _, _, path, _ = small
    fonts: dict[str, set[str]] = {}

    def visit(text, _cm, _tm, font, _size):
        if font and text.strip():
            name = str(font.get("/BaseFont", "")).split("+", 1)[-1]
            fonts.setdefault(text.strip(" ,\n"), set()).add(name)

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    assert fonts["MIMP"] == {"LiberationSans"}
    assert fonts["SUNAFIL"] == {"LiberationSans-Bold"}
    assert "LiberationSans-Bold" in fonts["DRTPE"]


def test_legend_chart_and_summary_follow_the_table(small):
    _, matrix, _, texts = small
    text = flat(texts[0])
    assert in_order(text, ["Actas levantadas", "Leyenda:", *LEGEND,
                           "Avance por objetivo específico", "OE 1 33%", "OE 2 0%",
                           "Resumen por objetivo específico"])
    summary = text[text.index("Resumen por objetivo específico"):]
    assert "CÓDIGO OBJETIVO ESPECÍFICO INDICADORES AVANCE " + " ".join(LEGEND) in summary
    assert "OE 1 Fortalecer la prevención del trabajo infantil 4 33% 1 1 1 1" in summary
    assert "OE 2 Mejorar la detección 2 0% 1 0 0 1" in summary
    assert "TOTAL Todo el plan 6 27% 2 1 1 2" in summary
    assert [r.progress for r in matrix.by_objective] == [33, 0]


def test_state_colours_are_in_the_page(small):
    _, _, path, _ = small
    colours = fill_colours(path)
    for state in ("alcanzada", "parcial", "no_realizada", "no_reportado"):
        assert has_colour(colours, COLOURS[state]), state


def test_fonts_are_embedded_liberation_sans_only(small):
    _, _, path, _ = small
    seen = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(str(font["/BaseFont"]).split("+", 1)[-1])
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert seen <= {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic"}


def test_page_is_a3_landscape_for_the_full_matrix(small):
    _, _, path, _ = small
    box = PdfReader(path).pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert (round(float(box.width)), round(float(box.height))) == tuple(
        round(v) for v in landscape(A3))


def test_a4_landscape_is_chosen_only_when_the_table_fits_it():
    assert choose_page([30.0] * 20) == landscape(A4)
    assert choose_page([c.minimum for c in COLUMNS]) == landscape(A3)


def test_period_label_and_figures_follow_the_period(db, tmp_path):
    _, matrix, _, texts = rendered(db, tmp_path, Period(quarter=2))
    text = flat(texts[0])
    assert matrix.period_label == "II trimestre 2025"
    assert "Matriz de ejecución de metas — II trimestre 2025" in text
    # The quarter's own target (1 workshop) against the one workshop of May: 100 %.
    assert "Talleres realizados Evento 1 DRTPE, MIMP 1 100% 0 0% 10/05/2025" in text


def test_an_observation_longer_than_a_page_is_split_not_lost(db, tmp_path):
    committee = make_committee(db)
    ids = make_plan(db, committee)
    sentences = [f"Visita número {n} a la comunidad nativa de Santa Clara." for n in range(700)]
    indicators.update_indicator(db, ids["talleres"], {"observations": " ".join(sentences)})
    path = tmp_path / "larga.pdf"
    render_plan_matrix(compute(db, ids["plan"]), path)
    texts = page_texts(path)
    assert len(texts) >= 2
    text = flat(" ".join(texts))
    assert sentences[0] in text and sentences[-1] in text


def test_a_plan_without_indicators_still_prints(db, tmp_path):
    plan = plans.create_plan(db, make_committee(db), 2026)
    plans.add_node(db, plan, "objetivo", "OE 1", "Objetivo aún sin indicadores")
    path = tmp_path / "vacia.pdf"
    render_plan_matrix(compute(db, plan), path)
    text = flat(" ".join(page_texts(path)))
    assert in_order(text, HEADINGS)
    assert in_order(text, ["OE 1 Objetivo aún sin indicadores", "El plan no tiene indicadores.",
                           "Leyenda:", "Sin indicadores que graficar."])


def test_cancel_raises_and_writes_nothing(db, tmp_path):
    ids = make_plan(db, make_committee(db))
    matrix = compute(db, ids["plan"])
    progress = Progress(lambda fraction, _m: progress.cancel() if fraction >= 0.1 else None)
    path = tmp_path / "cancelada.pdf"
    with pytest.raises(Cancelled):
        render_plan_matrix(matrix, path, progress=progress)
    assert [p.name for p in tmp_path.iterdir() if "cancelada" in p.name] == []
    stream = io.BytesIO()
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        render_plan_matrix(matrix, stream, progress=progress)
    assert stream.getvalue() == b""


# A big plan -----------------------------------------------------------------------------------

def test_big_plan_spans_pages_with_the_header_on_each(big):
    matrix, path, texts, _ = big
    assert len(matrix.rows) == 80 and len(texts) >= 3
    with_header = [t for t in texts if "EJECUCIÓN DE METAS" in flat(t)]
    assert len(with_header) >= 2
    for page in with_header:
        assert in_order(flat(page), HEADINGS)
    assert f"Página 1 de {len(texts)}" in flat(texts[0])
    assert f"Página {len(texts)} de {len(texts)}" in flat(texts[-1])
    box = PdfReader(path).pages[-1].mediabox
    assert float(box.width) > float(box.height)


def test_big_plan_prints_every_indicator_and_legend(big):
    matrix, _, texts, _ = big
    text = flat(" ".join(texts))
    for row in matrix.rows:
        assert flat(row.indicator) in text, row.indicator
    assert in_order(text, ["Indicador 80:", "Leyenda:", *LEGEND, "Avance por objetivo"])


def test_a_page_that_continues_an_objective_repeats_its_groups(big):
    _, _, texts, _ = big
    continued = 0
    for page in texts[1:]:
        text = flat(page)
        if "EJECUCIÓN DE METAS" not in text:
            continue
        # The first row under the header names its objective (repeated, in grey, when
        # the objective began on an earlier page).
        assert re.search(r"Pendiente Abs\. % OE \d+ Objetivo específico \d+", text), text[:900]
        continued += 1
    assert continued >= 1


def test_big_plan_reports_progress_page_by_page(big):
    _, _, texts, steps = big
    assert steps == sorted(steps)
    assert steps[-1] == 1.0
    assert len([s for s in steps if 0.2 <= s < 0.9]) >= len(texts) - 2


# The annex of an acta -------------------------------------------------------------------------

def test_annex_goes_under_anexos_of_an_acta(db, tmp_path):
    ids = make_plan(db, make_committee(db))
    matrix = compute(db, ids["plan"], Period(until=date(2025, 7, 15)))
    path = tmp_path / "acta.pdf"
    render_acta(samples.acta(), path, annexes=annex_flowables(matrix))
    text = flat(" ".join(page_texts(path)))
    annex = text[text.index("ANEXOS"):]
    assert "Plan de Trabajo Anual 2025: Ejecución al 15/07/2025" in annex
    assert in_order(annex, ["CÓDIGO INDICADOR UNIDAD DE MEDIDA META FÍSICA EJECUCIÓN DE METAS "
                            "Ejecutado Abs. % Pendiente Abs. %",
                            "OE 1 Fortalecer la prevención del trabajo infantil — avance",
                            "OE 1 Plan regional aprobado Plan 1",
                            "LA 1.1.1 Talleres con familias Talleres realizados Evento 2 1 50% "
                            "1 50%",
                            "Operativos realizados", "Leyenda:", *LEGEND,
                            "Avance por objetivo específico"])
    box = PdfReader(path).pages[-1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(v) for v in A4)
    assert has_colour(fill_colours(path), COLOURS["parcial"])


# The chart ------------------------------------------------------------------------------------

def test_chart_has_one_bar_per_objective_in_the_legend_colours():
    rollups = [RollUp(key, key, 2, progress, {}) for key, progress in
               (("OE 1", 100), ("OE 2", 40), ("OE 3", 0), ("OE 4", None))]
    drawing = execution_chart(rollups, 400, 120)
    bars = bars_of(drawing)
    assert [b.key for b in bars] == ["OE 1", "OE 2", "OE 3", "OE 4"]
    colours = [b.fillColor.hexval().lower().replace("0x", "#") for b in bars]
    assert colours == [COLOURS[s].lower() for s in
                       ("alcanzada", "parcial", "no_realizada", "no_reportado")]
    assert bars[0].width > bars[1].width > bars[2].width > 0
    assert all(b.y > c.y for b, c in zip(bars, bars[1:], strict=False))  # top to bottom
    labels = [s.text for s in _strings(drawing)]
    assert {"100%", "40%", "0%", "—", "OE 1", "OE 4"} <= set(labels)


def test_chart_of_a_real_plan(db):
    ids = make_plan(db, make_committee(db))
    matrix = compute(db, ids["plan"])
    bars = bars_of(execution_chart(matrix.by_objective, 300, 80))
    assert [b.key for b in bars] == [r.key for r in matrix.by_objective] == ["OE 1", "OE 2"]


def _strings(node):
    from reportlab.graphics.shapes import String

    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            yield child
        yield from _strings(child)
