"""Writing .xlsx files byte by byte with ``zipfile``, streaming, for the plan-import limits.

openpyxl would hold a 300 MB cell or 100,000 rows in memory to write them; here the sheet
XML is produced row by row (and a huge cell chunk by chunk) straight into the zip, so a
test that builds such a file stays small and fast. Cells are inline strings or numbers.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Repeat:
    """A text of ``count`` times ``char``, written in chunks (never built whole)."""

    char: str
    count: int

    def chunks(self, size: int = 1 << 20) -> Iterator[str]:
        left = self.count
        while left > 0:
            yield self.char * min(size, left)
            left -= size


Cell = str | int | float | Repeat | None
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


# An extension openpyxl does not support: reading it, openpyxl warns (in English).
UNSUPPORTED_EXTENSION = '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"/></extLst>'


def write_xlsx(path: Path, sheets: dict[str, Iterable[Iterable[Cell]]], *,
               extension: bool = False) -> None:
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(names) + 1))
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="'
            'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            f'main+xml"/>{overrides}</Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        entries = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, n in enumerate(names, start=1))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {REL_NS}><sheets>{entries}'
            '</sheets></workbook>'))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument'
            f'/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>'))
        for index, name in enumerate(names, start=1):
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w",
                              force_zip64=True) as out:
                for text in _sheet_xml(sheets[name], extension):
                    out.write(text.encode("utf-8"))


def _sheet_xml(rows: Iterable[Iterable[Cell]], extension: bool = False) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'
    for r, row in enumerate(rows, start=1):
        yield f'<row r="{r}">'
        for c, value in enumerate(row, start=1):
            ref = f"{get_column_letter(c)}{r}"
            if value is None:
                continue
            if isinstance(value, int | float):
                yield f'<c r="{ref}"><v>{value}</v></c>'
            elif isinstance(value, Repeat):
                yield f'<c r="{ref}" t="inlineStr"><is><t>'
                yield from value.chunks()
                yield "</t></is></c>"
            else:
                yield f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        yield "</row>"
    yield "</sheetData>" + (UNSUPPORTED_EXTENSION if extension else "") + "</worksheet>"
