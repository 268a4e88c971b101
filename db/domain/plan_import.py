"""Import an annual work plan from an Excel workbook laid out like the ministry's matrix.

Sheet «Matriz» (found by its headings: ITEM | OBJETIVO ESPECÍFICO | … | LÍNEA DE ACCIÓN …)
gives the tree and the indicators; merged cells carry the anchor's value; «EE 2: Detección»
is split at the first ':'; eje and estrategia may be left empty (objective → activity).
Bold acronyms in INSTITUCIONES are the responsible ones. A file Sesiona exported also has
«Elementos» (every node with level, tag, alignment and institutions) and «Programación»
(targets by month or quarter); when present, the «Matriz» must agree with «Elementos».
Every problem is collected with its sheet, row and column; on any of them nothing is written.

Strict: every non-empty row outside the recognised table area (right of the last heading,
below the legend, in a sheet that is not part of the format) is a problem naming its sheet,
row and column. Before openpyxl reads anything, ``db.domain.plan_limits`` checks the raw file
(50 MB uncompressed, 5,000 rows, 100 columns, 10,000 characters a cell). Institutions are
matched by their plain text: a workbook re-saved by a tool that drops rich text (the bold
runs) still agrees with «Elementos», which names the responsible ones in its own column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

import sqlite_utils
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from db.domain import catalog, committees, indicators, plans
from db.domain.plan_limits import WorkbookLimitError, check_workbook_limits
from db.domain.plan_workbook import (
    LEGEND_MARK,
    MATRIX_SHEET,
    NODE_HEADINGS,
    NODES_SHEET,
    SCHEDULE_SHEET,
    Grid,
    ImportIssue,
    Loc,
    ParsedIndicator,
    ParsedNode,
    ParsedPlan,
    cell_text,
    code_key,
    find_header,
    matrix_columns,
    norm,
)
from db.domain.validation import Checker
from db.errors import NotFoundError, ValidationError
from db.storage.connection import transaction

__all__ = ["ImportIssue", "ImportSummary", "ParsedPlan", "PlanImportError", "import_plan",
           "read_plan"]


class PlanImportError(ValidationError):
    def __init__(self, issues: list[ImportIssue]):
        sheets = list(dict.fromkeys(i.sheet for i in issues))  # in the order first met
        self.issues = sorted(issues, key=lambda i: (
            sheets.index(i.sheet), i.row, len(i.column.split(" ")[0]), i.column))
        count = len(self.issues)
        head = ("El archivo tiene un problema; no se importó nada:" if count == 1 else
                f"El archivo tiene {count} problemas; no se importó nada:")
        super().__init__({"file": "\n".join([head, *(str(i) for i in self.issues)])})


@dataclass(frozen=True)
class ImportSummary:
    plan_id: str | None
    year: int
    objectives: int
    nodes: int
    indicators: int
    created_units: list[str]


# Parsing -----------------------------------------------------------------------------------

class _Parser:
    def __init__(self) -> None:
        self.issues: list[ImportIssue] = []
        self.nodes: dict[str, ParsedNode] = {}
        self.broken: set[str] = set()  # codes whose row has a problem already listed

    def fail(self, where: Loc, message: str) -> None:
        self.issues.append(where.issue(message))

    def number(self, value: Any, where: Loc, label: str) -> float | None:
        check = Checker()
        result = indicators.number(value, "n", label, check)
        for message in check.errors.values():
            self.fail(where, message)
        return result

    # Facts about a node, which must agree wherever the same code appears.
    def fact(self, node: ParsedNode, *, sheet_unique: bool = False) -> str:
        key = code_key(node.code)
        known = self.nodes.get(key)
        if known is None:
            self.nodes[key] = node
            return key
        if known.where.sheet == node.where.sheet:
            lead = f"El código «{node.code}» está repetido: ya se usa en la fila " \
                   f"{known.where.row}"
        else:  # «Matriz» against «Elementos»: the user edited one sheet and not the other
            lead = f"«{node.code}» no coincide con la hoja «{known.where.sheet}» (fila " \
                   f"{known.where.row}), que lo tiene"
        if sheet_unique and known.where.sheet == node.where.sheet:
            self.fail(node.where, f"{lead}.")
        elif known.level != node.level:
            self.fail(node.where, f"{lead} como «{plans.LEVELS[known.level]}».")
        elif (known.parent_code and code_key(known.parent_code)) != \
                (node.parent_code and code_key(node.parent_code)):
            self.fail(node.where, f"{lead} dentro de «{known.parent_code or 'ningún elemento'}».")
        elif known.text != node.text:
            self.fail(node.text_where or node.where, f"{lead} con el texto «{known.text}».")
        elif node.institutions and known.institutions and not _same_institutions(known, node):
            assert node.institutions_where is not None
            self.fail(node.institutions_where, f"{lead} con otras instituciones.")
        if not known.institutions and node.institutions:
            known.institutions, known.institutions_where = \
                node.institutions, node.institutions_where
        return key

    def code_and_text(self, grid: Grid, row: int, code_col: int | None,
                      text_col: int | None, level: str, *, split: bool = False,
                      carried: bool = True) -> tuple[str, str] | None:
        code = " ".join(grid.text(row, code_col, carried=carried).split())
        text = grid.text(row, text_col, carried=carried)
        if split or (not code and ":" in text[:20] and re.search(r"\d", text.split(":")[0])):
            code, _, text = text.partition(":")
            code, text = " ".join(code.split()), text.strip()
            if split and not text and not re.search(r"\d", code):
                code, text = "", code
        if not code and not text:
            return None
        example = {"objetivo": "OE 1", "eje": "EE 2: Detección", "estrategia": "E 1.3",
                   "linea": "LA 1.3.3"}[level]
        if not code:
            self.fail(grid.loc(row, code_col or text_col),
                      f"Falta el código de «{text[:60]}» (p. ej. «{example}»).")
            return None
        if not text:
            self.fail(grid.loc(row, text_col), f"Falta el texto de «{code}».")
            self.broken.add(code_key(code))
            return None
        return code, text

    def indicator(self, grid: Grid, row: int, cols: tuple[int | None, ...]
                  ) -> ParsedIndicator | None:
        name_col, unit_col, target_col = cols
        name, unit = (grid.text(row, c, carried=False) for c in (name_col, unit_col))
        target = grid.value(row, target_col, carried=False)
        if not (name or unit or cell_text(target)):
            return None
        if not name:
            self.fail(grid.loc(row, name_col), "Falta el nombre del indicador (la fila tiene "
                                               "unidad de medida o meta).")
        if not unit:
            self.fail(grid.loc(row, unit_col),
                      f"El indicador «{name or '…'}» no tiene unidad de medida.")
        value = self.number(target, grid.loc(row, target_col), "Meta física")
        if not name:
            return None
        return ParsedIndicator(name, " ".join(unit.split()), value or 0.0,
                               grid.loc(row, name_col), grid.loc(row, unit_col),
                               valid=bool(unit) and value is not None)

    def read_nodes_sheet(self, grid: Grid) -> None:
        header = find_header(grid, [("CODIGO",), ("NIVEL",)])
        if header is None:
            return
        cols = {norm(h): c for c, h in sorted(grid.headings.items(), reverse=True)}
        col = {k: cols.get(norm(h)) for k, h in zip(
            ("code", "level", "text", "parent", "tag", "align", "resp", "inv"), NODE_HEADINGS,
            strict=True)}
        levels = {norm(label).split(" ")[0]: key for key, label in plans.LEVELS.items()}
        levels |= {norm(k): k for k in plans.LEVELS} | {"ACTIVIDAD": "linea"}
        tags = {norm(label): key for key, label in plans.TAGS.items()}
        tags |= {norm(k): k for k in plans.TAGS}
        for row in range(header + 1, grid.max_row + 1):
            if not any(grid.text(row, c) for c in col.values() if c):
                continue
            level = levels.get(norm(grid.value(row, col["level"])).split(" ")[0])
            tag = tags.get(norm(grid.value(row, col["tag"])))
            if level is None:
                self.fail(grid.loc(row, col["level"]), "Nivel no válido; use: " + ", ".join(
                    plans.LEVELS.values()) + ".")
            if tag is None:
                self.fail(grid.loc(row, col["tag"]), "Etiqueta no válida; use: " + ", ".join(
                    list(plans.TAGS.values())[1:]) + " (o déjela vacía).")
            found = self.code_and_text(grid, row, col["code"], col["text"], level or "linea")
            parent = " ".join(grid.text(row, col["parent"]).split()) or None
            known = self.nodes.get(code_key(parent)) if parent else None
            if parent and code_key(parent) in self.broken:
                found = None
            elif parent and (known is None or known.where.sheet != grid.title):
                self.fail(grid.loc(row, col["parent"]), f"El elemento superior «{parent}» no "
                                                        "figura en una fila anterior.")
            elif level and known and plans.LEVEL_RANK[known.level] >= plans.LEVEL_RANK[level]:
                self.fail(grid.loc(row, col["level"]), f"Un «{plans.LEVELS[level]}» no puede "
                                                       f"ir dentro de «{parent}».")
            elif level and level != "objetivo" and not parent:
                self.fail(grid.loc(row, col["parent"]), "Indique el código superior: solo los "
                                                        "objetivos van en el primer nivel.")
            if found is None or level is None or tag is None:
                self.broken.add(code_key(grid.text(row, col["code"])))
                continue
            institutions = {n: True for n in grid.bold_names(row, col["resp"])}
            institutions |= {n: False for n in grid.bold_names(row, col["inv"])
                             if n not in institutions}
            self.fact(ParsedNode(
                level, found[0], found[1], parent, grid.loc(row, col["code"]), tag=tag,
                alignment=grid.text(row, col["align"]), institutions=institutions,
                institutions_where=grid.loc(row, col["resp"]),
                text_where=grid.loc(row, col["text"])), sheet_unique=True)

    def read_matrix(self, grid: Grid, header: int) -> None:
        c = matrix_columns(grid)
        # A simpler plan heads the line's column «RESPONSABLES»: without bold, all are.
        all_responsible = norm(grid.headings.get(c["line_inst"] or 0)).startswith("RESPONSAB")
        start = max([r.max_row for r in grid.ranges if r.min_row == header] + [header]) + 1
        objective: str | None = None  # "" once the objective's own cells have a problem
        line: tuple[str, str] | None = None  # (line, its objective)
        for row in range(start, grid.max_row + 1):
            raw = [grid.text(row, col, carried=False) for col in c.values() if col]
            if any(norm(t).startswith(norm(LEGEND_MARK)) for t in raw):
                break
            if not any(raw):
                continue
            found = self.code_and_text(grid, row, c["obj_code"], c["obj_text"], "objetivo")
            if found:
                objective = self.fact(ParsedNode(
                    "objetivo", *found, None, grid.loc(row, c["obj_code"] or c["obj_text"]),
                    text_where=grid.loc(row, c["obj_text"]),
                    institutions={n: True for n in grid.bold_names(row, c["obj_resp"])},
                    institutions_where=grid.loc(row, c["obj_resp"]), responsibles_only=True))
            elif grid.text(row, c["obj_code"]) or grid.text(row, c["obj_text"]):
                objective = ""
            parent = objective
            for level, code_col, text_col in (("eje", None, c["axis"]),
                                              ("estrategia", c["str_code"], c["str_text"])):
                found = self.code_and_text(grid, row, code_col, text_col, level,
                                           split=level == "eje")
                if found and parent:
                    parent = self.fact(ParsedNode(
                        level, *found, self.nodes[parent].code,
                        grid.loc(row, code_col or text_col), text_where=grid.loc(row, text_col)))
            own = self.indicator(grid, row, (c["obj_ind"], c["obj_unit"], c["obj_target"]))
            if own and objective:
                self.nodes[objective].indicators.append(own)
            elif own and objective is None:
                self.fail(own.where, f"El indicador «{own.name}» no tiene objetivo específico.")
            found = self.code_and_text(grid, row, c["line_code"], c["line_text"], "linea")
            line_cells = grid.text(row, c["line_code"]) or grid.text(row, c["line_text"])
            if found and objective is None:
                self.fail(grid.loc(row, c["line_code"] or c["line_text"]), (
                    f"La línea de acción «{found[0]}» no tiene objetivo específico: escríbalo "
                    "en esta fila o en una anterior."))
            if found and objective and parent:
                line = (self.fact(ParsedNode(
                    "linea", *found, self.nodes[parent].code,
                    grid.loc(row, c["line_code"] or c["line_text"]),
                    text_where=grid.loc(row, c["line_text"]),
                    institutions=_responsibles(grid.bold_names(row, c["line_inst"]),
                                               all_responsible),
                    institutions_where=grid.loc(row, c["line_inst"]))), objective)
            elif line_cells or (line and line[1] != objective):
                line = None
            measured = self.indicator(grid, row, (c["line_ind"], c["line_unit"],
                                                  c["line_target"]))
            if measured and line:
                self.nodes[line[0]].indicators.append(measured)
            elif measured and not line_cells and objective != "":
                self.fail(measured.where, f"El indicador «{measured.name}» no tiene línea de "
                                          "acción: escriba su código y texto en esta fila.")

    def read_schedules(self, grid: Grid) -> None:
        header = find_header(grid, [("CODIGO",), ("PROGRAMACION",)])
        if header is None:
            return
        col = {norm(h): c for c, h in sorted(grid.headings.items(), reverse=True)}
        periods = {int(h[1:]): c for h, c in col.items() if re.fullmatch(r"P\d{1,2}", h)}
        kinds = {norm(label): key for key, label in indicators.SCHEDULES.items()}
        kinds |= {norm(k): k for k in indicators.SCHEDULES} | {"": "ninguno"}
        taken: set[int] = set()
        for row in range(header + 1, grid.max_row + 1):
            code = " ".join(grid.text(row, col.get("CODIGO")).split())
            name = grid.text(row, col.get("INDICADOR"))
            kind_where = grid.loc(row, col.get("PROGRAMACION"))
            kind = kinds.get(norm(grid.value(row, col.get("PROGRAMACION"))))
            if not code and not name:
                continue
            node = self.nodes.get(code_key(code))
            matches = [i for i in (node.indicators if node else [])
                       if norm(i.name) == norm(name) and id(i) not in taken]
            if not matches:
                if code_key(code) not in self.broken:
                    self.fail(grid.loc(row, col.get("INDICADOR")), (
                        f"No hay un indicador «{name}» de «{code}» en la hoja "
                        f"«{MATRIX_SHEET}»."))
                continue
            if kind is None:
                self.fail(kind_where, "Programación no válida; use «Mensual» o «Trimestral».")
                continue
            measured = matches[0]
            taken.add(id(measured))
            if kind == "ninguno":
                continue
            count = indicators.PERIODS[kind]
            targets: dict[int, float] = {}
            for period in range(1, 13):
                value = grid.value(row, periods.get(period))
                if period > count and cell_text(value):
                    self.fail(grid.loc(row, periods.get(period)), (
                        f"Una programación {kind} tiene {count} periodos; deje esta celda "
                        "vacía."))
                elif period <= count:
                    number = self.number(0 if value is None else value,
                                         grid.loc(row, periods.get(period)), f"P{period}")
                    if number is not None:
                        targets[period] = number
            total = sum(targets.values())
            if measured.valid and len(targets) == count \
                    and abs(total - measured.target) > indicators.TOLERANCE:
                self.fail(kind_where, (
                    f"La programación suma {indicators.format_number(total)} y la meta física "
                    f"es {indicators.format_number(measured.target)}: deben coincidir."))
            measured.schedule, measured.targets = kind, targets


def _responsibles(names: dict[str, bool], all_responsible: bool) -> dict[str, bool]:
    return dict.fromkeys(names, True) if all_responsible and not any(names.values()) else names


def _same_institutions(known: ParsedNode, node: ParsedNode) -> bool:
    def names(items: dict[str, bool], only_responsible: bool) -> dict[str, bool]:
        return {norm(k): v for k, v in items.items() if v or not only_responsible}

    only = known.responsibles_only or node.responsibles_only
    if names(known.institutions, only) == names(node.institutions, only):
        return True
    # Bold lost (re-saved without rich text): one side marks none responsible; the names
    # themselves must still agree.
    if not all(any(n.institutions.values()) for n in (known, node)) and not only:
        return names(known.institutions, False).keys() == names(node.institutions, False).keys()
    return False


def _strays(grid: Grid, inside: Callable[[int, int], bool], what: str) -> list[ImportIssue]:
    """One problem per row holding a value outside the recognised area (its first cell)."""
    issues = []
    for row, cols in sorted(grid.rows.items()):
        col = next((c for c in cols if not inside(row, c)), None)
        if col is not None:
            text = " ".join(grid.text(row, col).split())
            shown = f"«{text[:40]}…»" if len(text) > 40 else f"«{text}»"
            issues.append(grid.loc(row, col).issue(
                f"Hay un dato ({shown}) fuera de {what}. Quítelo o muévalo a la tabla: no se "
                "importa nada que no esté en ella."))
    return issues


def _last_heading_col(grid: Grid, header: int) -> int:
    spans = [r.max_col for r in grid.ranges if r.min_row == header]
    return max([*grid.headings, *spans, 0])


def _matrix_strays(grid: Grid, header: int) -> list[ImportIssue]:
    last_col = _last_heading_col(grid, header)
    start = max([r.max_row for r in grid.ranges if r.min_row == header] + [header]) + 1
    legend = next((r for r in sorted(grid.rows) if r >= start and any(
        norm(grid.text(r, c)).startswith(norm(LEGEND_MARK)) for c in grid.rows[r])), None)
    legend_end = legend
    while legend_end is not None and legend_end + 1 in grid.rows:
        legend_end += 1  # the legend runs until its first empty row

    def inside(row: int, col: int) -> bool:
        if row < header:
            return True  # the title rows
        if legend_end is not None and row > legend_end:
            return False
        return col <= last_col

    return _strays(grid, inside, "la tabla de la matriz")


def _table_strays(grid: Grid, required: list[tuple[str, ...]]) -> list[ImportIssue]:
    """«Elementos» and «Programación»: one heading row, then rows under the headings."""
    header = find_header(grid, required)
    if header is None:
        first = min(grid.rows, default=None)
        if first is None:
            return []
        return [grid.loc(first, grid.rows[first][0]).issue(
            f"No se reconocen los encabezados de la hoja «{grid.title}»: use los de la hoja "
            "que exporta Sesiona, o quite la hoja.")]
    last_col = _last_heading_col(grid, header)
    return _strays(grid, lambda r, c: r >= header and c <= last_col,
                   f"la tabla de la hoja «{grid.title}»")


def parse_plan_file(path: Path | str) -> tuple[ParsedPlan, list[ImportIssue]]:
    """Read the workbook (the slow part, no database): the plan and the problems found."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"No existe el archivo «{path}».")
    not_xlsx = ImportIssue("", 0, "", (
        f"«{path.name}» no es un libro de Excel .xlsx válido. Si es un .xls antiguo, "
        "ábralo en Excel o LibreOffice y guárdelo como .xlsx."))
    try:
        check_workbook_limits(path)  # before openpyxl holds a single cell
        workbook = load_workbook(path, rich_text=True, data_only=True)
    except WorkbookLimitError as exc:
        raise PlanImportError([ImportIssue(exc.sheet, exc.row, exc.column, exc.message)]
                              ) from exc
    except (InvalidFileException, zipfile.BadZipFile, ExpatError, SyntaxError, KeyError,
            ValueError, TypeError, OSError) as exc:  # openpyxl's ways of saying «broken»
        raise PlanImportError([not_xlsx]) from exc
    parser = _Parser()
    sheets = {norm(ws.title): ws for ws in workbook.worksheets}
    tables: list[tuple[Grid, list[tuple[str, ...]]]] = []
    if norm(NODES_SHEET) in sheets:
        tables.append((Grid(sheets[norm(NODES_SHEET)]), [("CODIGO",), ("NIVEL",)]))
        parser.read_nodes_sheet(tables[-1][0])
    matrix = header = None
    for ws in sorted(workbook.worksheets, key=lambda ws: norm(ws.title) != norm(MATRIX_SHEET)):
        matrix = Grid(ws)
        header = find_header(matrix, [("OBJETIVO",), ("LINEA", "ACTIVIDAD")])
        if header is not None:
            break
    title, year, year_where = None, None, Loc(MATRIX_SHEET, 1, "A (título)")
    if matrix is None or header is None:
        parser.issues.append(ImportIssue("", 0, "", (
            "No se encontró la fila de encabezados de la matriz (ITEM | OBJETIVO ESPECÍFICO | "
            "… | LÍNEA DE ACCIÓN | INDICADOR …) en ninguna hoja.")))
    else:
        parser.read_matrix(matrix, header)
        titles = [(r, matrix.text(r, c)) for (r, c) in sorted(matrix.cells) if r < header]
        row, title = next(((r, t) for r, t in titles if "plan" in t.casefold()), (1, None))
        years = [(r, m) for r, t in [(row, title or "")] + titles
                 for m in re.findall(r"\b(20\d\d)\b", t)]
        year = int(years[0][1]) if years else None
        year_where = Loc(matrix.title, years[0][0] if years else row, "A (título)")
    if norm(SCHEDULE_SHEET) in sheets:
        tables.append((Grid(sheets[norm(SCHEDULE_SHEET)]), [("CODIGO",), ("PROGRAMACION",)]))
        parser.read_schedules(tables[-1][0])
    if matrix is not None and header is not None:
        parser.issues += _matrix_strays(matrix, header)
    for grid, required in tables:
        parser.issues += _table_strays(grid, required)
    known = {norm(g.title) for g, _ in tables} | ({norm(matrix.title)} if matrix and header
                                               else set())
    for ws in workbook.worksheets:
        if norm(ws.title) not in known:
            grid = Grid(ws)
            parser.issues += _strays(grid, lambda r, c: False, (
                f"las hojas del plan ({MATRIX_SHEET}, {SCHEDULE_SHEET}, {NODES_SHEET}): la hoja "
                f"«{ws.title}» no es parte del formato"))[:1]
    return ParsedPlan(title, year, year_where, list(parser.nodes.values())), parser.issues


def read_plan(path: Path | str) -> ParsedPlan:
    """Parse and validate everything the file alone can tell; raise with every problem.
    (The year, institutions and units are checked against the database by ``import_plan``.)"""
    parsed, issues = parse_plan_file(path)
    if issues:
        raise PlanImportError(issues)
    return parsed


# Writing -----------------------------------------------------------------------------------

def _resolve(db: sqlite_utils.Database, name: str) -> list[str] | None:
    found = catalog.find_institution(db, name)
    if found is None and "/" in name:  # «DRTPE/MIMP»; full names may hold a '/' themselves
        parts = [catalog.find_institution(db, p) for p in name.split("/")]
        return [p["id"] for p in parts if p] if None not in parts else None
    return [found["id"]] if found else None


def import_plan(db: sqlite_utils.Database, committee_id: str, path: Path | str, *,
                year: int | None = None, dry_run: bool = False) -> ImportSummary:
    """Import the plan of ``path`` as the committee's plan for ``year`` (default: the year in
    the file's title). All or nothing; ``dry_run`` only validates."""
    parsed, issues = parse_plan_file(path)
    return import_parsed(db, committee_id, parsed, issues, year=year, dry_run=dry_run)


def import_parsed(db: sqlite_utils.Database, committee_id: str, parsed: ParsedPlan,
                  issues: list[ImportIssue], *, year: int | None = None,
                  dry_run: bool = False) -> ImportSummary:
    """The database half of ``import_plan``: check what needs the catalogues, then write
    (the desktop parses in a worker and writes here, on its own thread)."""
    issues = list(issues)
    committees.get_committee(db, committee_id)
    plan_year = year or parsed.year
    if plan_year is None:
        issues.append(parsed.year_where.issue(
            "No se encontró el año del plan en el título (p. ej. «Plan de Trabajo Anual "
            "2025»); indíquelo al importar."))
    elif not 2000 <= plan_year <= 2100:
        issues.append(parsed.year_where.issue("El año del plan debe estar entre 2000 y 2100."))
    chosen: dict[str, dict[str, bool]] = {}
    for node in parsed.nodes:
        wanted = chosen.setdefault(code_key(node.code), {})
        for name, responsible in node.institutions.items():
            found = _resolve(db, name)
            if found is None and node.institutions_where:
                issues.append(node.institutions_where.issue(
                    f"No se reconoce la institución «{name}»: use sus siglas del catálogo "
                    "(p. ej. DRTPE, MIMP) o agréguela primero en Sesiona."))
            for institution_id in found or []:
                wanted[institution_id] = wanted.get(institution_id, False) or responsible
    units: dict[str, str | None] = {}
    created: list[str] = []
    for measured in (i for n in parsed.nodes for i in n.indicators):
        if measured.unit.casefold() not in units:
            known = catalog.find_unit(db, measured.unit)
            units[measured.unit.casefold()] = known["id"] if known else None
            created += [] if known else [measured.unit]
    if issues:
        raise PlanImportError(issues)
    assert plan_year is not None
    if db.execute("SELECT 1 FROM work_plans WHERE committee_id = ? AND year = ?"
                  " AND deleted_at IS NULL", [committee_id, plan_year]).fetchone():
        raise ValidationError({"year": (
            f"El comité ya tiene un plan para el año {plan_year}; la importación no lo "
            "reemplaza. Elija otro año o elimine primero el plan existente.")})
    summary = ImportSummary(None, plan_year, sum(n.level == "objetivo" for n in parsed.nodes),
                            len(parsed.nodes), parsed.indicator_count, created)
    if dry_run:
        return summary
    title = parsed.title
    if title and parsed.year and plan_year != parsed.year:
        title = title.replace(str(parsed.year), str(plan_year))
    with transaction(db):
        for name in created:
            units[name.casefold()] = catalog.add_unit(db, name)
        plan_id = plans.create_plan(db, committee_id, plan_year, title=title)
        _write_nodes(db, plan_id, parsed.nodes, chosen, units)
    return replace(summary, plan_id=plan_id)


def _write_nodes(db: sqlite_utils.Database, plan_id: str, nodes: list[ParsedNode],
                 chosen: dict[str, dict[str, bool]], units: dict[str, str | None]) -> None:
    """Through ``db.domain.plans`` and ``db.domain.indicators`` only: every row reaches the
    change log."""
    ids: dict[str, str] = {}
    for node in nodes:
        try:
            ids[code_key(node.code)] = node_id = plans.add_node(
                db, plan_id, node.level, node.code, node.text, tag=node.tag,
                alignment=node.alignment,
                parent_id=ids[code_key(node.parent_code)] if node.parent_code else None)
            if chosen[code_key(node.code)]:
                plans.set_institutions(db, node_id, list(chosen[code_key(node.code)].items()))
        except ValidationError as exc:
            raise PlanImportError([node.where.issue(exc.message)]) from exc
        for measured in node.indicators:
            try:
                indicators.add_indicator(
                    db, node_id, measured.name, units[measured.unit.casefold()],
                    measured.target, schedule=measured.schedule, targets=measured.targets)
            except ValidationError as exc:
                raise PlanImportError([measured.where.issue(exc.message)]) from exc
