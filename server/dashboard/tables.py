"""What every dashboard table is: a title, columns and rows of plain values, shown as HTML
and exported to .xlsx and .csv with exactly the same columns.

A cell is a plain value (text, number, None) or a ``Cell`` that adds what only the page
uses: a link and a CSS class (the state colours). Exports take ``Cell.value``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Cell:
    value: Any
    href: str | None = None
    css: str | None = None
    colour: str | None = None  # a fill for the state colours, in the page and in Excel

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


@dataclass
class Table:
    slug: str  # the export's file name
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    # Shorter column names for the page when ``groups`` already say what they belong to.
    headers: list[str] | None = None
    # Optional header groups above the columns: (label, how many columns it spans).
    groups: list[tuple[str, int]] = field(default_factory=list)
    empty_text: str = "No hay datos para mostrar."


def plain(value: Any) -> Any:
    return value.value if isinstance(value, Cell) else value


def to_csv(table: Table) -> bytes:
    """UTF-8 with a BOM, so that Excel shows «Áncash» and «N°» right when double-clicked."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if plain(v) is None else plain(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    # Excel refuses these characters in a sheet name, and more than 31 of them.
    sheet.title = "".join("-" if ch in '[]:*?/\\' else ch for ch in table.title)[:31].strip()
    sheet.append(table.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append([plain(v) for v in row])
        for index, value in enumerate(row, start=1):
            if isinstance(value, Cell) and value.colour:
                fill = value.colour.lstrip("#").upper()
                sheet.cell(row=sheet.max_row, column=index).fill = PatternFill(
                    "solid", start_color=fill, end_color=fill)
    for index, name in enumerate(table.columns, start=1):
        longest = max([len(name)] + [len(str(plain(r[index - 1]) or "")) for r in table.rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
