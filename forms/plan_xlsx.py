"""The execution matrix as an Excel workbook (.xlsx), in the ministry's columns.

«Matriz»: title rows, two header rows (EJECUCIÓN DE METAS grouped over its four columns),
one row per matrix row, objective cells merged over the objective's rows, execution cells
filled with the state's colour, the colour legend under the table and frozen header rows.
Numbers are numbers (percentages as fractions shown with «0%», empty where there is no
percentage); responsible institutions are bold runs of the INSTITUCIONES cell.
With ``db``, «Programación» (targets by month or quarter) and «Elementos» (every node with
its level, tag, alignment and institutions) make the file import back as the same plan
(``db.domain.plan_import``).

Excel and LibreOffice both open it without repair prompts: merges never overlap and never
cover one cell, only anchors hold values, text is stripped of XML-illegal characters and
cut to Excel's 32 767 characters, and a text starting with «=» stays text.
"""

from __future__ import annotations

import io
import math
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from weakref import WeakKeyDictionary

import sqlite_utils
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from db.domain import indicators, plans
from db.domain.plan_execution import MatrixRow, PlanMatrix
from db.domain.plan_workbook import (
    LEGEND_MARK,
    MATRIX_HEADINGS,
    MATRIX_SHEET,
    NODE_HEADINGS,
    NODES_SHEET,
    SCHEDULE_HEADINGS,
    SCHEDULE_SHEET,
)
from db.domain.rules.execution import COLOURS, STATES
from db.storage.progress import Progress, report
from forms.files import write_atomically

EXECUTION_HEADING = "EJECUCIÓN DE METAS"
EXECUTION_SUBHEADINGS = ["Ejecutado Abs.", "%", "Pendiente Abs.", "%"]
OBSERVATIONS_HEADING = "Observaciones"
WIDTHS = [7, 36, 26, 13, 9, 16, 20, 8, 28, 10, 36, 28, 13, 9, 26, 13, 8, 11, 8, 48]
TITLE_ROWS = 3
HEADER_ROW = TITLE_ROWS + 2  # a blank row between the titles and the table
FIRST_ROW = HEADER_ROW + 2
EXECUTION_COL = len(MATRIX_HEADINGS) + 1  # P
LAST_COL = EXECUTION_COL + len(EXECUTION_SUBHEADINGS)  # T, observations
MAX_CELL = 32767
FONT = "Calibri"
SIZE = 10
LINE_HEIGHT = 13.0  # points per wrapped line of 10-point text
CHARS_PER_WIDTH = 1.15  # characters of 10-point text per unit of column width, wrapping

_thin = Side(style="thin", color="FF808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
TEXT = Alignment(vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
HEAD = Alignment(horizontal="center", vertical="center", wrap_text=True)
ALIGNMENTS = (TEXT, CENTRE, HEAD)
PLAIN, BOLD = Font(name=FONT, size=SIZE), Font(name=FONT, size=SIZE, bold=True)


def fill(state: str) -> PatternFill:
    return PatternFill("solid", fgColor="FF" + COLOURS[state].lstrip("#").upper())


def clean(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font = PLAIN,
        align: Alignment = TEXT, border: bool = True, number_format: str | None = None,
        state: str | None = None, header: bool = False) -> None:
    cell = ws.cell(row, col)
    if isinstance(cell, MergedCell):
        pass  # merged before writing: only the anchor holds a value, every cell a style
    elif isinstance(value, str):
        cell.value = clean(value) or None
        if cell.value and cell.value.startswith("="):
            cell.data_type = "s"  # a text, never a formula
    else:
        cell.value = value
    # Setting a style re-hashes every style object of the workbook: each combination of
    # this module's constant styles is worked out once per workbook, then copied.
    shared = any(font is f for f in (PLAIN, BOLD)) and any(align is a for a in ALIGNMENTS)
    key = (id(font), id(align), border, number_format, state, header)
    styles = _styles.setdefault(ws.parent, {})
    if shared and key in styles:
        cell._style = copy(styles[key])
        return
    cell.font, cell.alignment = font, align
    if border:
        cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    if state:
        cell.fill = fill(state)
    if header:
        cell.fill = HEADER_FILL
    if shared:
        styles[key] = copy(cell._style)


_styles: WeakKeyDictionary[Workbook, dict[tuple, Any]] = WeakKeyDictionary()


def institutions_text(institutions: list[tuple[str, bool]]) -> CellRichText | str:
    """«DRTPE, MIMP» with the responsible ones as bold runs."""
    if not any(responsible for _, responsible in institutions):
        return ", ".join(acronym for acronym, _ in institutions)
    runs = []
    for index, (acronym, responsible) in enumerate(institutions):
        if index:
            runs.append(TextBlock(InlineFont(rFont=FONT, sz=SIZE), ", "))
        runs.append(TextBlock(InlineFont(rFont=FONT, sz=SIZE, b=responsible or None),
                              clean(acronym)))
    return CellRichText(runs)


def export_xlsx(matrix: PlanMatrix, out: Path | str | BinaryIO, *,
                db: sqlite_utils.Database | None = None, sheets: PlanSheets | None = None,
                progress: Progress | None = None) -> None:
    """Write the matrix; with ``sheets`` (or ``db`` to read them) also «Programación» and
    «Elementos», so that the file imports back as the same plan. A path is written
    atomically (nothing half-written)."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = MATRIX_SHEET
    _matrix_sheet(ws, matrix, progress)
    if sheets is None and db is not None:
        sheets = plan_sheets(db, matrix.plan_id)
    if sheets is not None:
        report(progress, 0.8, "Programación y elementos del plan")
        _plan_sheets(workbook, sheets)
    report(progress, 0.9, "Guardando el libro")
    if isinstance(out, str | Path):
        _save_atomically(workbook, Path(out))
    else:
        workbook.save(out)
    report(progress, 1.0, "Listo")


def _save_atomically(workbook: Workbook, path: Path) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(path, buffer.getvalue())


def _matrix_sheet(ws: Worksheet, matrix: PlanMatrix, progress: Progress | None) -> None:
    title = matrix.title if str(matrix.year) in matrix.title else f"{matrix.title} {matrix.year}"
    for row, (text, size) in enumerate(((matrix.committee_name, 14), (title, 12),
                                        (matrix.period_label, 11)), start=1):
        put(ws, row, 1, text, font=Font(name=FONT, size=size, bold=row < 3),
            align=Alignment(vertical="center"), border=False)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=LAST_COL)
    # Merges come first, on cells without borders: openpyxl then has no borders to copy
    # cell by cell (slow); every cell of a merge gets the full style below instead.
    for col in range(1, LAST_COL + 1):
        if not EXECUTION_COL <= col < LAST_COL:
            ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1,
                           end_column=col)
    ws.merge_cells(start_row=HEADER_ROW, start_column=EXECUTION_COL, end_row=HEADER_ROW,
                   end_column=LAST_COL - 1)
    _merge_runs(ws, matrix.rows)
    for col, heading in enumerate([*MATRIX_HEADINGS, EXECUTION_HEADING, *[""] * 3,
                                   OBSERVATIONS_HEADING], start=1):
        for row in (HEADER_ROW, HEADER_ROW + 1):
            sub = EXECUTION_SUBHEADINGS[col - EXECUTION_COL] \
                if row > HEADER_ROW and EXECUTION_COL <= col < LAST_COL else None
            put(ws, row, col, heading if row == HEADER_ROW else sub, font=BOLD, align=HEAD,
                header=True)
    ws.row_dimensions[HEADER_ROW].height = 42
    ws.row_dimensions[HEADER_ROW + 1].height = 28
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    for index, line in enumerate(matrix.rows):
        if index % 50 == 0:
            report(progress, 0.7 * index / max(len(matrix.rows), 1), "Matriz de ejecución")
        _matrix_row(ws, FIRST_ROW + index, line)
    last = FIRST_ROW + len(matrix.rows) - 1
    _fit_heights(ws, FIRST_ROW, last)
    _legend(ws, last + 2)

    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _matrix_row(ws: Worksheet, row: int, line: MatrixRow) -> None:
    values: list[Any] = [
        line.objective_code, line.objective_text, line.objective_indicator,
        line.objective_unit, line.objective_target, ", ".join(line.objective_responsibles),
        line.axis, line.strategy_code, line.strategy_text, line.line_code, line.line_text,
        line.indicator, line.unit, line.target]
    for col, value in enumerate(values, start=1):
        centred = col in (1, 4, 5, 8, 10, 13, 14)
        put(ws, row, col, value, align=CENTRE if centred else TEXT,
            number_format="General" if col in (5, 14) else None)
    put(ws, row, len(values) + 1, institutions_text(line.institutions))
    result = line.result
    execution: list[Any] = [None] * 4
    observations = ""
    if result is not None:
        reported = result.state != "no_reportado"
        execution = [
            result.executed if reported else STATES["no_reportado"],
            result.executed_percent / 100 if reported and result.executed_percent is not None
            else None,
            result.pending,
            result.pending_percent / 100 if result.pending_percent is not None else None]
        observations = result.observations
    for offset, value in enumerate(execution):
        col = EXECUTION_COL + offset
        put(ws, row, col, value, align=CENTRE, number_format="0%" if offset % 2 else "General",
            state=result.state if result is not None else None)
    put(ws, row, LAST_COL, observations)


def _merge_runs(ws: Worksheet, rows: list[MatrixRow]) -> None:
    """Merge each column's run of equal values: the objective's cells over its rows; the
    axis, the strategy and the line (with its institutions) over theirs."""
    groups: list[tuple[tuple[int, ...], Any]] = [
        ((1, 2, 6), lambda r: r.objective_code),
        ((7,), lambda r: (r.objective_code, r.axis) if r.axis else None),
        ((8, 9), lambda r: r.strategy_code or None),
        ((10, 11, 15), lambda r: r.line_code or None)]
    for columns, key in groups:
        start = 0
        for index in range(1, len(rows) + 1):
            if index < len(rows) and key(rows[index]) is not None \
                    and key(rows[index]) == key(rows[start]) \
                    and rows[index].objective_code == rows[start].objective_code:
                continue
            if index - start > 1 and key(rows[start]) is not None:
                for col in columns:
                    ws.merge_cells(start_row=FIRST_ROW + start, start_column=col,
                                   end_row=FIRST_ROW + index - 1, end_column=col)
            start = index


def _fit_heights(ws: Worksheet, first: int, last: int) -> None:
    """Row heights for the wrapped text: neither Excel nor LibreOffice fits them on opening
    (and never for merged cells), so they are estimated from the text and column widths."""
    spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges
             if r.min_row >= first and r.max_row > r.min_row}
    need = dict.fromkeys(range(first, last + 1), 1)
    tall = []
    for row in range(first, last + 1):
        for col in range(1, LAST_COL + 1):
            value = ws.cell(row, col).value
            if value is None:
                continue
            per_line = max(int(WIDTHS[col - 1] * CHARS_PER_WIDTH), 1)
            lines = sum(max(1, math.ceil(len(part) / per_line))
                        for part in str(value).split("\n"))
            if (row, col) in spans:
                tall.append((spans[row, col], lines))
            else:
                need[row] = max(need[row], lines)
    for span, lines in tall:
        missing = lines - sum(need[r] for r in range(span.min_row, span.max_row + 1))
        if missing > 0:
            need[span.max_row] += missing
    for row, lines in need.items():
        ws.row_dimensions[row].height = min(lines * LINE_HEIGHT + 3, 409)  # Excel's maximum


def _legend(ws: Worksheet, row: int) -> None:
    put(ws, row, 1, f"{LEGEND_MARK}:", font=BOLD, border=False)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    for offset, (state, label) in enumerate(STATES.items(), start=1):
        put(ws, row + offset, 1, None)
        ws.cell(row + offset, 1).fill = fill(state)
        put(ws, row + offset, 2, label, border=False)


@dataclass(frozen=True)
class PlanSheets:
    """The rows of «Elementos» and «Programación»: what the matrix does not show and a
    re-import needs. Read from the database first, so laying out touches no connection."""

    elements: list[list[Any]]
    schedules: list[list[Any]]


def plan_sheets(db: sqlite_utils.Database, plan_id: str) -> PlanSheets:
    elements: list[list[Any]] = []
    schedules: list[list[Any]] = []
    codes: dict[str, str] = {}
    for node in plans.nodes(db, plan_id):
        codes[node["id"]] = node["code"]
        chosen = plans.node_institutions(db, node["id"])
        elements.append([node["code"], plans.LEVELS[node["level"]], node["text"],
                         codes.get(node["parent_id"] or "", ""),
                         plans.TAGS[node["tag"]] if node["tag"] else "", node["alignment"],
                         ", ".join(i["acronym"] for i in chosen if i["is_responsible"]),
                         ", ".join(i["acronym"] for i in chosen if not i["is_responsible"])])
        for indicator in indicators.for_node(db, node["id"]):
            if indicator["schedule"] not in indicators.PERIODS:
                continue
            targets = indicators.schedule_targets(db, indicator["id"])
            schedules.append([node["code"], indicator["name"], indicator["unit_name"],
                              indicator["annual_target"],
                              indicators.SCHEDULES[indicator["schedule"]],
                              *(targets.get(period) for period in range(1, 13))])
    return PlanSheets(elements, schedules)


def _plan_sheets(workbook: Workbook, rows: PlanSheets) -> None:
    schedule = workbook.create_sheet(SCHEDULE_SHEET)
    elements = workbook.create_sheet(NODES_SHEET)
    for ws, headings, widths in ((schedule, SCHEDULE_HEADINGS, [12, 40, 16, 10, 13]),
                                 (elements, NODE_HEADINGS, [12, 26, 60, 14, 22, 24, 24, 24])):
        for col, heading in enumerate(headings, start=1):
            put(ws, 1, col, heading, font=BOLD, align=HEAD, header=True)
            ws.column_dimensions[get_column_letter(col)].width = \
                widths[col - 1] if col <= len(widths) else 8
        ws.freeze_panes = "A2"
    for index, values in enumerate(rows.elements, start=2):
        for col, value in enumerate(values, start=1):
            put(elements, index, col, value)
    for index, values in enumerate(rows.schedules, start=2):
        for col, value in enumerate(values, start=1):
            put(schedule, index, col, value, align=TEXT if col < 4 else CENTRE)
