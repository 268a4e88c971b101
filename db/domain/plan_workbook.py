"""The workbook layout of a plan, shared by the Excel export (``forms.plan_xlsx``) and the
import (``db.domain.plan_import``): sheet names and headings, reading cells (merged cells answer
with their anchor's value, bold runs mark responsible institutions), and the parsed plan.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.utils import get_column_letter

MATRIX_SHEET, SCHEDULE_SHEET, NODES_SHEET = "Matriz", "Programación", "Elementos"
INSTITUTIONS_HEADING = "INSTITUCIONES INVOLUCRADAS (EN NEGRITA LAS RESPONSABLES)"
MATRIX_HEADINGS = [
    "ITEM", "OBJETIVO ESPECÍFICO", "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA",
    "RESPONSABLES", "EJE ESTRATÉGICO", "ITEM", "ESTRATEGIA", "ITEM", "LÍNEA DE ACCIÓN",
    "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA", INSTITUTIONS_HEADING]
SCHEDULE_HEADINGS = ["CÓDIGO", "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA",
                     "PROGRAMACIÓN", *(f"P{n}" for n in range(1, 13))]
NODE_HEADINGS = ["CÓDIGO", "NIVEL", "TEXTO", "CÓDIGO SUPERIOR", "ETIQUETA", "ALINEAMIENTO",
                 "RESPONSABLES", "INVOLUCRADAS"]
LEGEND_MARK = "Leyenda"
_SCAN_ROWS = 40


@dataclass(frozen=True)
class ImportIssue:
    sheet: str
    row: int
    column: str  # the Excel letter(s) and heading, e.g. "K (LÍNEA DE ACCIÓN)"
    message: str

    def __str__(self) -> str:
        where = [f"Hoja «{self.sheet}»"] if self.sheet else []
        where += [f"fila {self.row}"] if self.row else []
        where += [f"columna {self.column}"] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Loc:
    sheet: str
    row: int
    column: str

    def issue(self, message: str) -> ImportIssue:
        return ImportIssue(self.sheet, self.row, self.column, message)


@dataclass
class ParsedIndicator:
    name: str
    unit: str
    target: float
    where: Loc  # the name cell
    unit_where: Loc
    schedule: str = "ninguno"
    targets: dict[int, float] = field(default_factory=dict)
    valid: bool = True  # False: its row has a problem already listed (nothing is written)


@dataclass
class ParsedNode:
    level: str
    code: str
    text: str
    parent_code: str | None
    where: Loc  # the code cell
    tag: str = ""
    alignment: str = ""
    institutions: dict[str, bool] = field(default_factory=dict)  # as written → responsible
    institutions_where: Loc | None = None
    indicators: list[ParsedIndicator] = field(default_factory=list)
    text_where: Loc | None = None
    responsibles_only: bool = False  # known only from «RESPONSABLES» (objective column)


@dataclass(frozen=True)
class ParsedPlan:
    title: str | None
    year: int | None
    year_where: Loc
    nodes: list[ParsedNode]

    @property
    def indicator_count(self) -> int:
        return sum(len(n.indicators) for n in self.nodes)


# Cells -------------------------------------------------------------------------------------

def norm(text: Any) -> str:
    """«Línea  de acción» → «LINEA DE ACCION»: headings compared without accents or case."""
    plain = unicodedata.normalize("NFKD", cell_text(text))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).upper().split())


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def code_key(code: str) -> str:
    return " ".join(code.split()).casefold()


class Grid:
    """A worksheet read once: merged cells answer with their anchor's value."""

    def __init__(self, ws: Any):
        self.title: str = ws.title
        self.cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row
                      if c.value is not None}
        self.max_row: int = ws.max_row
        self.rows: dict[int, list[int]] = {}
        for row, col in sorted(self.cells):
            self.rows.setdefault(row, []).append(col)
        self.ranges = list(ws.merged_cells.ranges)
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in self.ranges:
            for r in range(rng.min_row, min(rng.max_row, ws.max_row) + 1):
                for c in range(rng.min_col, min(rng.max_col, ws.max_column) + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        self.anchor[(r, c)] = (rng.min_row, rng.min_col)
        self.headings: dict[int, str] = {}

    def value(self, row: int, col: int | None, *, carried: bool = True) -> Any:
        if col is None or (not carried and (row, col) in self.anchor):
            return None
        cell = self.cells.get(self.anchor.get((row, col), (row, col)))
        return None if cell is None else cell.value

    def text(self, row: int, col: int | None, *, carried: bool = True) -> str:
        return cell_text(self.value(row, col, carried=carried))

    def loc(self, row: int, col: int | None) -> Loc:
        if col is None:
            return Loc(self.title, row, "")
        heading = re.sub(r"\s*\(.*\)$", "", self.headings.get(col, "")).strip()
        letter = get_column_letter(col)
        return Loc(self.title, row, f"{letter} ({heading})" if heading else letter)

    def bold_names(self, row: int, col: int | None) -> dict[str, bool]:
        """«DRTPE, MIMP» with DRTPE in bold → {"DRTPE": True, "MIMP": False}."""
        value = self.value(row, col)
        if value is None or col is None:
            return {}
        whole_bold = bool(self.cells[self.anchor.get((row, col), (row, col))].font.b)
        runs = [(p.text, bool(p.font.b)) if isinstance(p, TextBlock) else (str(p), whole_bold)
                for p in value] if isinstance(value, CellRichText) else \
            [(cell_text(value), whole_bold)]
        chars = [(ch, bold) for text, bold in runs for ch in text]
        names: dict[str, bool] = {}
        token: list[tuple[str, bool]] = []
        for ch, bold in [*chars, (",", False)]:
            if ch in ",;\n":
                name = " ".join("".join(c for c, _ in token).split()).strip(" .")
                if name:
                    letters = [b for c, b in token if not c.isspace()]
                    names[name] = names.get(name, False) or sum(letters) * 2 > len(letters)
                token = []
            else:
                token.append((ch, bold))
        return names


def find_header(grid: Grid, required: list[tuple[str, ...]]) -> int | None:
    for row in range(1, min(grid.max_row, _SCAN_ROWS) + 1):
        found = [norm(grid.value(row, c, carried=False)) for c in grid.rows.get(row, [])]
        if all(any(h.startswith(options) for h in found) for options in required):
            grid.headings = {c: " ".join(grid.text(row, c).split())
                             for c in grid.rows.get(row, [])}
            return row
    return None


def matrix_columns(grid: Grid) -> dict[str, int | None]:
    heads = sorted((c, norm(h)) for c, h in grid.headings.items() if h)
    line_col = next((c for c, h in heads if h.startswith(("LINEA", "ACTIVIDAD"))), 0)
    roles: dict[str, int | None] = dict.fromkeys((
        "obj_code", "obj_text", "obj_ind", "obj_unit", "obj_target", "obj_resp", "axis",
        "str_code", "str_text", "line_code", "line_text", "line_ind", "line_unit",
        "line_target", "line_inst"))

    def role(index: int, h: str, side: str) -> str | None:
        if re.match(r"(ITEM|N[°ºO]|NRO|CODIGO)\b", h):
            for _, nxt in heads[index + 1:]:
                if nxt.startswith("OBJETIVO"):
                    return "obj_code"
                if nxt.startswith("ESTRATEGIA"):
                    return "str_code"
                if nxt.startswith(("LINEA", "ACTIVIDAD")):
                    return "line_code"
            return None
        for prefix, name in (("OBJETIVO", "obj_text"), ("ESTRATEGIA", "str_text"),
                             ("LINEA", "line_text"), ("ACTIVIDAD", "line_text"),
                             ("INDICADOR", f"{side}_ind"), ("UNIDAD", f"{side}_unit"),
                             ("META", f"{side}_target")):
            if h.startswith(prefix):
                return name
        if re.match(r"EJES?\b", h):
            return "axis"
        if h.startswith(("RESPONSABLE", "INSTITUCION")):
            return "obj_resp" if side == "obj" else "line_inst"
        return None

    for index, (col, h) in enumerate(heads):
        name = role(index, h, "obj" if col < line_col else "line")
        if name and roles[name] is None:
            roles[name] = col
    return roles
