"""The ministry's plan-execution matrix as a PDF, and its compact form for an acta's ANEXOS.

The matrix has the ministry's columns in the ministry's order, a two-row header
(«EJECUCIÓN DE METAS» over Ejecutado Abs. · % · Pendiente Abs. · %) repeated on every
page, the four execution cells of each indicator filled with the colour of its state, and
under the table the colour legend, the chart of «avance» per objective and a summary per
objective. Everything comes from ``db.domain.plan_execution.PlanMatrix``: nothing here reads the
database or computes a percentage.

Like the ministry's Excel, an objective, axis, strategy or line of action is written once,
on its first row, and the rows below it are left blank with no rule between them (a merged
cell, in Excel's terms). Unlike a merged cell, a group is never lost at a page break: the
first row of a page repeats, in grey, the groups it continues.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from db.documents.acta_content import DocumentHeader
from db.domain.indicators import format_number
from db.domain.plan_execution import MatrixRow, PlanMatrix
from db.domain.rules.execution import COLOURS, STATES, format_percent
from db.storage.progress import Cancelled, Progress, report
from forms.fonts import (
    BOLD,
    ITALIC,
    MUTED,
    REGULAR,
    RULE,
    SHADE,
    Para,
    esc,
    register_fonts,
    styles,
)
from forms.layout import (
    Metadata,
    PageDecor,
    build_pdf,
    frame_height,
    frame_width,
    header_block,
)

Out = Path | str | BinaryIO

# Levels of the plan tree, outermost first: a column is ruled above a row only where a
# group of its level (or an outer one) starts, so a group reads as one merged cell.
OBJECTIVE, AXIS, STRATEGY, LINE, INDICATOR = range(5)
HEADER_ROWS = 2
FONT_SIZE = 6.5
LEADING = 7.6
PAD_X = 2.5  # left and right padding of every cell
PAD_Y = 2


@dataclass(frozen=True)
class Column:
    heading: str  # markup, as printed in the header
    preferred: float  # weight for the width left over (see ``fit_widths``)
    minimum: float  # narrowest readable width in points, padding included
    level: int  # OBJECTIVE … INDICATOR, see above


EXECUTION_GROUP = "EJECUCIÓN DE METAS"
EXECUTION_FIRST = 15  # index of «Ejecutado Abs.»; the group spans four columns
COLUMNS: tuple[Column, ...] = (
    Column("ITEM", 30, 24, OBJECTIVE),
    Column("OBJETIVO ESPECÍFICO", 92, 60, OBJECTIVE),
    Column("INDICADOR", 66, 46, INDICATOR),
    Column("UNIDAD DE MEDIDA", 40, 32, INDICATOR),
    Column("META FÍSICA", 30, 24, INDICATOR),
    Column("RESPONSABLES", 48, 38, OBJECTIVE),
    Column("EJE ESTRATÉGICO", 52, 40, AXIS),
    Column("ITEM", 30, 24, STRATEGY),
    Column("ESTRATEGIA", 70, 46, STRATEGY),
    Column("ITEM", 36, 28, LINE),
    Column("LÍNEA DE ACCIÓN", 92, 60, LINE),
    Column("INDICADOR", 80, 54, INDICATOR),
    Column("UNIDAD DE MEDIDA", 40, 32, INDICATOR),
    Column("META FÍSICA", 30, 24, INDICATOR),
    Column("INSTITUCIONES INVOLUCRADAS <font name='LiberationSans' size='5.5'>"
           "(EN NEGRITA LAS RESPONSABLES)</font>", 66, 50, LINE),
    Column("Ejecutado Abs.", 32, 28, INDICATOR),
    Column("%", 28, 24, INDICATOR),
    Column("Pendiente Abs.", 32, 28, INDICATOR),
    Column("%", 28, 24, INDICATOR),
    Column("Observaciones", 180, 90, INDICATOR),
)
OBSERVATIONS = len(COLUMNS) - 1

NO_INDICATORS = "El plan no tiene indicadores."
LEGEND = tuple(STATES.items())  # (state, «Meta alcanzada o superada»), in legend order
AVANCE_NOTE = (
    "El avance de un objetivo es el promedio, sobre sus indicadores con meta mayor que cero, "
    "del porcentaje ejecutado de cada uno con un máximo de 100 %; un indicador no reportado "
    "cuenta como 0 %. Los porcentajes se redondean al entero más cercano; una meta de 0 no "
    "tiene porcentaje («—»).")


# Styles -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Styles:
    cell: ParagraphStyle
    bold: ParagraphStyle
    number: ParagraphStyle
    head: ParagraphStyle
    continued: ParagraphStyle  # a group repeated at the top of a page
    muted: ParagraphStyle
    legend: ParagraphStyle
    annex_cell: ParagraphStyle
    annex_bold: ParagraphStyle
    annex_number: ParagraphStyle
    annex_head: ParagraphStyle
    annex_small: ParagraphStyle


_styles: _Styles | None = None


def _s() -> _Styles:
    global _styles
    if _styles is None:
        base = styles().cell
        cell = ParagraphStyle("matrix_cell", parent=base, fontSize=FONT_SIZE, leading=LEADING)
        annex = ParagraphStyle("annex_cell", parent=base, fontSize=7.5, leading=9)
        _styles = _Styles(
            cell=cell,
            bold=ParagraphStyle("matrix_bold", parent=cell, fontName=BOLD),
            number=ParagraphStyle("matrix_number", parent=cell, alignment=TA_CENTER),
            head=ParagraphStyle("matrix_head", parent=cell, fontName=BOLD, leading=7.4,
                                alignment=TA_CENTER),
            continued=ParagraphStyle("matrix_continued", parent=cell, fontName=ITALIC,
                                     textColor=MUTED),
            muted=ParagraphStyle("matrix_muted", parent=cell, fontName=ITALIC,
                                 textColor=MUTED),
            legend=ParagraphStyle("matrix_legend", parent=base, fontSize=7.5, leading=9),
            annex_cell=annex,
            annex_bold=ParagraphStyle("annex_bold", parent=annex, fontName=BOLD),
            annex_number=ParagraphStyle("annex_number", parent=annex, alignment=TA_CENTER),
            annex_head=ParagraphStyle("annex_head", parent=annex, fontName=BOLD, fontSize=7,
                                      leading=8.4, alignment=TA_CENTER),
            annex_small=ParagraphStyle("annex_small", parent=annex, fontSize=6.5, leading=7.8,
                                       textColor=MUTED),
        )
    return _styles


def _code(code: str) -> str:
    """«LA 1.3.3» kept on one line: a code that wraps reads as two codes."""
    return esc(code).replace(" ", "\u00a0")


def _number(value: float | None) -> str:
    """«1 250» that never wraps inside its narrow column."""
    return format_number(value).replace(" ", "\u00a0")


# The PDF ------------------------------------------------------------------------------------

def render_plan_matrix(matrix: PlanMatrix, out: Out, *, logo: bytes | None = None,
                       progress: Progress | None = None) -> None:
    """Write the matrix to ``out`` (a path, written atomically, or a binary stream).

    Landscape, on A4 if the table fits it and A3 otherwise (see ``choose_page``). A
    cancel through ``progress`` raises ``Cancelled`` and writes nothing.
    """
    from forms.plan_summary import legend, summary_flowables  # they build on this module

    report(progress, 0.02, "Preparando la matriz de ejecución…")
    register_fonts()
    cells = matrix_cells(matrix.rows)
    pagesize = choose_page(cells.needed)
    width = frame_width(pagesize)
    table = MatrixTable.build(cells, width)
    report(progress, 0.15, "Componiendo las páginas…")
    start, end = 0.2, 0.9
    total = max(len(matrix.rows), 1)
    table.on_split = lambda remaining: report(
        progress, start + (end - start) * (1 - remaining / total), "Componiendo las páginas…")

    s = styles()
    header = DocumentHeader(matrix.committee_name, matrix.committee_acronym,
                            matrix.region_name, matrix.logo_sha256)
    story: list[Flowable] = [
        header_block(header, logo, width=width), Spacer(1, 6),
        Para(esc(_plan_title(matrix).upper()), s.title),
        Para(f"Matriz de ejecución de metas — <b>{esc(matrix.period_label)}</b>",
             ParagraphStyle("matrix_subtitle", parent=s.body, alignment=TA_CENTER,
                            spaceAfter=8)),
        table,
        *([] if matrix.results else [Para(NO_INDICATORS, s.small)]),
        Spacer(1, 6),
        legend(width),
    ]
    story += summary_flowables(matrix, width, frame_height(pagesize))
    build_pdf(
        out, story,
        meta=Metadata(title=f"Matriz de ejecución — {_plan_title(matrix)} — "
                            f"{matrix.committee_acronym}",
                      subject=f"{matrix.reference} · {matrix.period_label}",
                      keywords=f"plan de trabajo, ejecución de metas, {matrix.reference}"),
        decor=PageDecor(reference=f"{matrix.reference} · {matrix.period_label}",
                        running_title=f"{matrix.committee_acronym} — {_plan_title(matrix)}"
                                      f" — {matrix.period_label}"),
        progress=_LayoutProgress(progress) if progress is not None else None,
        start=end, pagesize=pagesize)


class _LayoutProgress(Progress):
    """What ``build_pdf`` gets: it estimates progress by counting flowables, which runs
    ahead here (each page of the one big table counts as one), so its estimates are
    dropped, though a cancel is still honoured at each of them; the table reports page
    by page instead, and the last steps (saving, done) go through."""

    SAVING = 0.97  # build_pdf's «Guardando el PDF…»

    def __init__(self, outer: Progress):
        super().__init__()
        self._outer = outer

    def cancel(self) -> None:
        self._outer.cancel()

    @property
    def cancelled(self) -> bool:
        return self._outer.cancelled

    def step(self, fraction: float, message: str = "") -> None:
        if fraction < self.SAVING:
            if self._outer.cancelled:
                raise Cancelled()
            return
        self._outer.step(fraction, message)


def _plan_title(matrix: PlanMatrix) -> str:
    """«Plan de Trabajo Anual 2025»: the year is added when the title lacks it."""
    title = matrix.title.strip() or "Plan de trabajo"
    return title if str(matrix.year) in title else f"{title} {matrix.year}"


def choose_page(needed_widths: Sequence[float]) -> tuple[float, float]:
    """The paper: A4 landscape when every column fits at its narrowest readable width
    (its ``Column.minimum`` or its longest word, whichever is wider), A3 landscape
    otherwise.

    The ministry's twenty columns need 776 pt at their narrowest (about 830 pt once the
    header's words fit) against the 728 pt of an A4 landscape frame, so the full matrix
    always prints on A3 (a printer can still «fit to page» on A4); only a narrower table
    would land on A4.
    """
    if sum(needed_widths) <= frame_width(landscape(A4)):
        return landscape(A4)
    return landscape(A3)


class MatrixTable(Table):
    """The matrix's table: it knows which plan row each of its rows shows, so that when it
    is split across pages the next page starts by repeating the groups it continues; it
    reports its progress page by page; and a row taller than a whole page (a very long
    «Observaciones») is split inside the row instead of stopping the build."""

    _argH: list[float | None]  # reportlab's row heights (None: measure it)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # reportlab also makes the split parts this way
        self.origins: list[int] = []  # the plan row shown by each data row
        self.continued: dict[int, dict[int, Flowable]] = {}  # row → column → grey cell
        self.on_split: Callable[[int], None] | None = None

    @classmethod
    def build(cls, cells: MatrixCells, width: float) -> MatrixTable:
        """The table of ``cells``, its columns sized to fill ``width``."""
        lengths = [[len(_plain(c.text)) if isinstance(c, Para) else 0 for c in row]
                   for row in cells.rows[HEADER_ROWS:]]
        widths = fit_widths(cells.needed, [c.preferred for c in COLUMNS], width, lengths)
        table = cls(cells.rows, colWidths=widths, repeatRows=HEADER_ROWS, hAlign="LEFT")
        table.setStyle(TableStyle(cells.commands))
        table.origins = list(range(len(cells.rows) - HEADER_ROWS))
        table.continued = cells.continued
        return table

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        in_row = False
        if not parts and getattr(self._doctemplateAttr("frame"), "_atTop", False):
            # Not one row fits on an empty page: only then cut inside the row.
            self.splitInRow = 1
            try:
                parts = super().split(availWidth, availHeight)
            finally:
                self.splitInRow = 0
            in_row = bool(parts)
        if len(parts) != 2:
            return parts
        first, rest = parts
        kept = len(first._cellvalues) - HEADER_ROWS
        for part in parts:
            part.splitInRow = 0
            part.continued = self.continued
            part.on_split = self.on_split
        first.origins = self.origins[:kept]
        rest.origins = self.origins[kept - 1 if in_row else kept:]
        rest._label_continued_groups()
        if self.on_split is not None:
            self.on_split(len(rest.origins))
        return parts

    def _label_continued_groups(self) -> None:
        """Fill the first data row's empty group cells with the groups it continues (and,
        when a row was cut in two, its indicator's name)."""
        if not self.origins:
            return
        labels = self.continued.get(self.origins[0], {})
        index = HEADER_ROWS
        row = list(self._cellvalues[index])
        changed = False
        for column, cell in labels.items():
            if _empty(row[column]):
                row[column] = cell
                changed = True
        if changed:
            self._cellvalues[index] = row
            heights = list(self._argH)
            heights[index] = None  # measured again with the labels
            self._argH = self._rowHeights = heights


# A character of Liberation Sans at FONT_SIZE is about this wide, on average, in Spanish
# text; wrapping at word boundaries wastes about a tenth of each line.
CHAR_WIDTH = 0.52 * FONT_SIZE * 1.1
WIDTH_STEP = 6.0


def _empty(cell) -> bool:
    """A blank cell: "" as built, or an empty sequence once reportlab has processed it."""
    return cell is None or (isinstance(cell, str | list | tuple) and not cell)


def fit_widths(needed: Sequence[float], preferred: Sequence[float], width: float,
               text_lengths: Sequence[Sequence[int]] = ()) -> list[float]:
    """Each column's width: at least its ``needed`` width; the spare width goes, a few
    points at a time, to the column whose widening shortens the table the most (the
    tallest cell of each row sets its height: usually «Observaciones»), and what is left
    when no column would shorten it is shared in proportion to ``preferred``.
    """
    spare = width - sum(needed)
    if spare <= 0:  # never wider than the page: squeeze (long words then break)
        return [w * width / sum(needed) for w in needed]
    widths = np.array(needed, dtype=float)
    if len(text_lengths):
        ink = np.array(text_lengths, dtype=float) * CHAR_WIDTH  # rows × columns

        def lines(w: np.ndarray) -> np.ndarray:
            return np.ceil(ink / np.maximum(w - 2 * PAD_X, 1.0))

        while spare >= WIDTH_STEP:
            now = lines(widths)
            wider = lines(widths + WIDTH_STEP)
            height = now.max(axis=1)
            gains = np.empty(len(widths))
            for column in range(len(widths)):
                others = np.delete(now, column, axis=1).max(axis=1, initial=1.0)
                gains[column] = (height - np.maximum(others, wider[:, column])).sum()
            best = int(gains.argmax())
            if gains[best] <= 0:
                break
            widths[best] += WIDTH_STEP
            spare -= WIDTH_STEP
    weight = sum(preferred)
    return [float(w) + spare * p / weight for w, p in zip(widths, preferred, strict=True)]


def _fit(markup: str, font: str) -> float:
    """The width a column needs for the widest word of ``markup`` (a no-break space
    joins words, as in the paragraph), with the cell's padding and a point to spare."""
    words = re.split(r"[ \t\n]+", _plain(markup))
    return max(stringWidth(w, font, FONT_SIZE) for w in words) + 2 * PAD_X + 1


def _header_rows() -> tuple[list[list], list[tuple]]:
    s = _s()
    top: list = []
    bottom: list = []
    commands: list[tuple] = []
    for index, column in enumerate(COLUMNS):
        if EXECUTION_FIRST <= index < EXECUTION_FIRST + 4:
            top.append(Para(EXECUTION_GROUP, s.head) if index == EXECUTION_FIRST else "")
            bottom.append(Para(column.heading, s.head))
        else:
            top.append(Para(column.heading, s.head))
            bottom.append("")
            commands.append(("SPAN", (index, 0), (index, 1)))
    commands.append(("SPAN", (EXECUTION_FIRST, 0), (EXECUTION_FIRST + 3, 0)))
    return [top, bottom], commands


def _row_level(row: MatrixRow, previous: MatrixRow | None) -> int:
    """The outermost level of the plan that starts at this row."""
    if previous is None or row.first_of_objective:
        return OBJECTIVE
    if row.axis != previous.axis:
        return AXIS
    if (row.strategy_code, row.strategy_text) != (previous.strategy_code,
                                                  previous.strategy_text):
        return STRATEGY
    if (row.line_code, row.line_text) != (previous.line_code, previous.line_text):
        return LINE
    return INDICATOR


def _institutions(institutions: list[tuple[str, bool]]) -> str:
    return ", ".join(f"<b>{esc(a)}</b>" if responsible else esc(a)
                     for a, responsible in institutions)


def _group_texts(row: MatrixRow) -> dict[int, tuple[str, bool]]:
    """The cells of the groups a row belongs to: column → (markup, bold)."""
    return {
        0: (_code(row.objective_code), True),
        1: (esc(row.objective_text), False),
        5: (esc(", ".join(row.objective_responsibles)), False),
        6: (esc(row.axis), False),
        7: (_code(row.strategy_code), True),
        8: (esc(row.strategy_text), False),
        9: (_code(row.line_code), True),
        10: (esc(row.line_text), False),
        14: (_institutions(row.institutions), False),
    }


@dataclass(frozen=True)
class MatrixCells:
    rows: list[list]  # the two header rows, then one per MatrixRow
    commands: list[tuple]  # the table style
    continued: dict[int, dict[int, Flowable]]  # per data row, its groups in grey
    needed: list[float]  # each column's narrowest width (see ``choose_page``)


def matrix_cells(rows: list[MatrixRow]) -> MatrixCells:
    """The table's cells, its style commands, the grey cells that repeat a row's groups
    at the top of a page, and each column's needed width."""
    s = _s()
    data, commands = _header_rows()
    needed = [max(c.minimum, _fit(c.heading, BOLD)) for c in COLUMNS]
    commands += [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
        ("VALIGN", (0, 0), (-1, HEADER_ROWS - 1), "MIDDLE"),
        ("VALIGN", (0, HEADER_ROWS), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BACKGROUND", (0, 0), (-1, HEADER_ROWS - 1), SHADE),
        ("GRID", (0, 0), (-1, HEADER_ROWS - 1), 0.5, RULE),
        ("LINEBELOW", (0, HEADER_ROWS - 1), (-1, HEADER_ROWS - 1), 0.9, RULE),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("LINEBEFORE", (1, HEADER_ROWS), (-1, -1), 0.4, RULE),
    ]
    continued: dict[int, dict[int, Flowable]] = {}
    previous: MatrixRow | None = None
    for index, row in enumerate(rows):
        r = index + HEADER_ROWS
        level = _row_level(row, previous)
        previous = row
        groups = _group_texts(row)
        cells: list = [""] * len(COLUMNS)
        labels: dict[int, Flowable] = {}
        for column, (markup, bold) in groups.items():
            if not markup:
                continue
            # Shown where its group starts; in grey atop a page that continues it.
            labels[column] = Para(markup, s.continued)
            if level <= COLUMNS[column].level:
                cells[column] = Para(markup, s.bold if bold else s.cell)
        for column, name in ((2, row.objective_indicator), (11, row.indicator)):
            if name:  # a row cut in two across pages names its indicator again
                labels[column] = Para(esc(name), s.continued)
        if labels:
            continued[index] = labels
        cells[2] = _text(row.objective_indicator, s.cell)
        cells[3] = _text(row.objective_unit, s.cell)
        cells[4] = _text(_number(row.objective_target), s.number)
        cells[11] = _text(row.indicator, s.cell)
        cells[12] = _text(row.unit, s.cell)
        cells[13] = _text(_number(row.target), s.number)
        result = row.result
        if result is not None:
            cells[15] = Para(_number(result.executed), s.number)
            cells[16] = Para(format_percent(result.executed_percent), s.number)
            cells[17] = Para(_number(result.pending), s.number)
            cells[18] = Para(format_percent(result.pending_percent), s.number)
            commands.append(("BACKGROUND", (EXECUTION_FIRST, r), (EXECUTION_FIRST + 3, r),
                             colors.HexColor(COLOURS[result.state])))
            if result.observations.strip():
                cells[OBSERVATIONS] = Para(esc(result.observations.strip()), s.cell)
            elif result.state == "no_reportado":
                cells[OBSERVATIONS] = Para(STATES["no_reportado"], s.muted)
        for column, cell in enumerate(cells[:OBSERVATIONS]):  # its words fit its column
            if isinstance(cell, Para):
                bold = cell.style.fontName == BOLD or "<b>" in cell.text
                needed[column] = max(needed[column], _fit(cell.text, BOLD if bold else REGULAR))
        data.append(cells)
        # Rules: a column is ruled above a row where a group of its level starts; a new
        # objective is ruled across the whole table, a little heavier.
        if level == OBJECTIVE:
            commands.append(("LINEABOVE", (0, r), (-1, r), 0.9, RULE))
        else:
            commands += [("LINEABOVE", (first, r), (last, r), 0.4, RULE)
                         for first, last in RULED_RUNS[level]]
    return MatrixCells(data, commands, continued, needed)


def _ruled_runs(level: int) -> list[tuple[int, int]]:
    """The runs of adjacent columns ruled above a row where a group of ``level`` starts."""
    runs: list[tuple[int, int]] = []
    for column, spec in enumerate(COLUMNS):
        if spec.level < level:
            continue
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs


RULED_RUNS = {level: _ruled_runs(level) for level in (AXIS, STRATEGY, LINE, INDICATOR)}


def _text(text: str, style: ParagraphStyle) -> Para | str:
    return Para(esc(text), style) if text else ""


def _plain(markup: str) -> str:
    """Markup without its tags (to measure its words)."""
    return re.sub(r"<[^>]+>", "", markup)
