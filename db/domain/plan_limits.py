"""Limits a plan workbook must respect, checked on the raw .xlsx before openpyxl reads it.

openpyxl builds every cell of a sheet in memory (and ``iter_rows`` fills the whole
rectangle up to the last used row and column), so a hostile or broken file (a cell of
300 MB, 100,000 rows, a value in column XFD) would take minutes and gigabytes before any
check of ours ran. Rules:

- The zip's central directory is read first: more than ``MAX_UNCOMPRESSED`` bytes declared
  (50 MB) is refused at once, without decompressing anything.
- Then the sheets and the shared strings are streamed through expat in 1 MB chunks, counting
  the bytes really decompressed (a directory that lies about sizes is caught the same way)
  and the characters of each cell as they arrive: no cell, row or sheet is ever held whole.
- Limits: ``MAX_CELL_CHARS`` (10,000) per cell, ``MAX_ROWS`` (5,000) and ``MAX_COLUMNS``
  (100) per sheet, for values and merged ranges alike (openpyxl makes an object for every
  cell a merge covers, so the merged area of a sheet is capped at rows × columns too).
  Each refusal is a Spanish sentence naming the sheet, row and column when they are known;
  nothing is imported.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.utils import get_column_letter

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_CELL_CHARS = 10_000
MAX_ROWS = 5_000
MAX_COLUMNS = 100
_CHUNK = 1024 * 1024
_SMALL_PART = 2 * 1024 * 1024  # workbook.xml and its relationships


class WorkbookLimitError(Exception):
    """A limit was exceeded; ``where`` is (sheet, row, column letter) as far as known."""

    def __init__(self, message: str, sheet: str = "", row: int = 0, column: str = ""):
        super().__init__(message)
        self.message, self.sheet, self.row, self.column = message, sheet, row, column


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}".replace(",", " ").replace(".", ",")


def _local(name: str) -> str:
    """«{namespace}sheet», «x:row» or «row» → the local name."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _column_index(ref: str) -> int:
    letters = re.match(r"[A-Za-z]*", ref)
    index = 0
    for ch in (letters.group(0) if letters else "").upper():
        index = index * 26 + ord(ch) - 64
    return index


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order, from workbook.xml and its relationships."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        return []
    workbook = ElementTree.fromstring(_small(archive, "xl/workbook.xml"))
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in names:
        for rel in ElementTree.fromstring(_small(archive, rels_name)):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id", "")] = target
    sheets = []
    for element in workbook.iter():
        if _local(element.tag) == "sheet":
            rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            if targets.get(rid) in names:
                sheets.append((element.get("name", ""), targets[rid]))
    return sheets


def _small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as fh:
        data = fh.read(_SMALL_PART + 1)
    if len(data) > _SMALL_PART:
        raise WorkbookLimitError(f"La parte «{name}» del libro es demasiado grande.")
    return data


class _Stream:
    """Feeds one part through expat, counting decompressed bytes against the budget."""

    def __init__(self, budget: list[int]):
        self.budget = budget

    def run(self, archive: zipfile.ZipFile, name: str, parser: expat.XMLParserType) -> None:
        with archive.open(name) as fh:
            while chunk := fh.read(_CHUNK):
                self.budget[0] -= len(chunk)
                if self.budget[0] < 0:
                    raise WorkbookLimitError(_too_big(None))
                parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _too_big(declared: int | None) -> str:
    size = f" ocupa {_mb(declared)} MB sin comprimir y" if declared else \
        " ocupa demasiado sin comprimir;"
    return (f"El libro{size} el máximo es {_mb(MAX_UNCOMPRESSED)} MB. Quite las hojas, "
            "imágenes o filas que no son parte del plan.")


def check_workbook_limits(path: Path) -> None:
    """Raise ``WorkbookLimitError`` if the .xlsx at ``path`` exceeds a limit; ``BadZipFile``
    (left to the caller) if it is not a zip at all."""
    with zipfile.ZipFile(path) as archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > MAX_UNCOMPRESSED:
            raise WorkbookLimitError(_too_big(declared))
        budget = [MAX_UNCOMPRESSED]
        long_strings = _scan_shared_strings(archive, budget)
        for sheet, part in sheet_parts(archive):
            _scan_sheet(archive, part, sheet, long_strings, budget)


def _scan_shared_strings(archive: zipfile.ZipFile, budget: list[int]) -> dict[int, int]:
    """Index → length of every shared string longer than the cell limit."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return {}
    long_strings: dict[int, int] = {}
    state = {"index": -1, "length": 0, "text": False}
    parser = expat.ParserCreate()

    def start(name: str, _attrs: dict) -> None:
        local = _local(name)
        if local == "si":
            state["index"] += 1
            state["length"] = 0
        elif local == "t":
            state["text"] = True

    def end(name: str) -> None:
        local = _local(name)
        if local == "t":
            state["text"] = False
        elif local == "si" and state["length"] > MAX_CELL_CHARS:
            long_strings[state["index"]] = state["length"]

    def text(data: str) -> None:
        if state["text"]:  # only counted: a long string is never held in memory
            state["length"] += len(data)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    _Stream(budget).run(archive, "xl/sharedStrings.xml", parser)
    return long_strings


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _cell_message(length: int, plus: bool = False) -> str:
    more = "más de " if plus else ""
    return (f"La celda tiene {more}{_n(length)} caracteres; el máximo es "
            f"{_n(MAX_CELL_CHARS)}. Acorte el texto.")


def _scan_sheet(archive: zipfile.ZipFile, part: str, sheet: str,
                long_strings: dict[int, int], budget: list[int]) -> None:
    state: dict = {"row": 0, "col": 0, "kind": "", "text": False, "length": 0, "value": [],
                   "merged": 0}
    parser = expat.ParserCreate()

    def where(message: str) -> WorkbookLimitError:
        column = get_column_letter(state["col"]) if 0 < state["col"] <= 16384 else ""
        return WorkbookLimitError(message, sheet, state["row"], column)

    def start(name: str, attrs: dict) -> None:
        local = _local(name)
        if local == "row":
            state["row"] = int(attrs.get("r") or state["row"] + 1)
            state["col"] = 0
        elif local == "c":
            ref = attrs.get("r")
            state["col"] = _column_index(ref) if ref else state["col"] + 1
            state["kind"], state["length"], state["value"] = attrs.get("t", ""), 0, []
        elif local in ("v", "t"):
            state["text"] = True
        elif local == "mergeCell":
            _merge(attrs.get("ref", ""))

    def _merge(ref: str) -> None:
        first, _, last = ref.partition(":")
        rows = [int(n) for n in re.findall(r"\d+", ref)]
        cols = [_column_index(first), _column_index(last or first)]
        if len(rows) == 2:
            area = (abs(rows[1] - rows[0]) + 1) * (abs(cols[1] - cols[0]) + 1)
            state["merged"] += area
        if (len(rows) != 2 or max(rows) > MAX_ROWS or max(cols) > MAX_COLUMNS
                or state["merged"] > MAX_ROWS * MAX_COLUMNS):
            raise WorkbookLimitError(
                f"La hoja tiene celdas combinadas ({ref[:30]}) más allá de la fila "
                f"{_n(MAX_ROWS)} o de la columna {get_column_letter(MAX_COLUMNS)}; "
                "quítelas.", sheet)

    def text(data: str) -> None:
        if not state["text"]:
            return
        state["length"] += len(data)
        if state["length"] > MAX_CELL_CHARS:
            raise where(_cell_message(state["length"], plus=True))
        if state["kind"] == "s":
            state["value"].append(data)

    def end(name: str) -> None:
        local = _local(name)
        if local in ("v", "t"):
            state["text"] = False
        elif local == "c" and state["length"]:
            if state["row"] > MAX_ROWS:
                raise where(f"La hoja tiene datos más allá de la fila {_n(MAX_ROWS)} (el "
                            "máximo de filas). Quite las filas que no son parte del plan.")
            if state["col"] > MAX_COLUMNS:
                raise where(f"La hoja tiene datos más allá de la columna "
                            f"{get_column_letter(MAX_COLUMNS)}; quite las columnas que no son "
                            "parte del plan.")
            if state["kind"] == "s":
                index = "".join(state["value"]).strip()
                if index.isdigit() and int(index) in long_strings:
                    raise where(_cell_message(long_strings[int(index)]))

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    _Stream(budget).run(archive, part, parser)
