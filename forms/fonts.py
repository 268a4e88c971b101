"""The one typeface of every printed form, the paragraph styles built on it, and the
helpers that turn user text into paragraphs.

reportlab's built-in Helvetica only knows WinAnsi and never embeds the font, so a printer
or viewer substitutes its own: Liberation Sans (metric-compatible with Arial, SIL OFL) is
embedded instead, which prints «ñ», «°», «¿» and «»» the same everywhere. Parsing the four
TrueType files is the slowest part of a small form, so it happens once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from db.locale_pe import WEEKDAYS
from resources import resource_path

FAMILY = "LiberationSans"
REGULAR = "LiberationSans"
BOLD = "LiberationSans-Bold"
ITALIC = "LiberationSans-Italic"
BOLD_ITALIC = "LiberationSans-BoldItalic"

_FILES = {
    REGULAR: "LiberationSans-Regular.ttf",
    BOLD: "LiberationSans-Bold.ttf",
    ITALIC: "LiberationSans-Italic.ttf",
    BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
}

# Builds may run in a worker thread while the UI thread prints something else.
_lock = threading.Lock()
_styles: Styles | None = None

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#7a7a7a")
SHADE = colors.HexColor("#e4e9ef")  # header rows of tables
GROUP_SHADE = colors.HexColor("#f2f4f7")  # group sub-header rows
WARN_BORDER = colors.HexColor("#b3261e")
WARN_FILL = colors.HexColor("#fdecea")


class _MeasuredTTFont(TTFont):
    """A TTFont that remembers the width of each string it measured.

    Without reportlab's optional C accelerator every width is summed glyph by glyph in
    Python, and laying out a long acta measures the same words thousands of times (each
    table cell is wrapped more than once): this cuts about a third of its build time.
    """

    _LIMIT = 200_000  # distinct strings kept; a few MB at most

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self._unit_widths: dict[str, float] = {}

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 (reportlab's name)
        widths = self._unit_widths
        width = widths.get(text)
        if width is None:
            if len(widths) >= self._LIMIT:
                widths.clear()
            width = widths[text] = super().stringWidth(text, 1000, encoding)
        return width * size / 1000


def register_fonts() -> str:
    """Register Liberation Sans as a family (so <b> and <i> pick the right file); idempotent."""
    with _lock:
        if REGULAR not in pdfmetrics.getRegisteredFontNames():
            for name, filename in _FILES.items():
                path = str(resource_path("fonts", filename))
                pdfmetrics.registerFont(_MeasuredTTFont(name, path))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return FAMILY


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_left: ParagraphStyle
    small: ParagraphStyle
    meta: ParagraphStyle  # the line under an agreement: responsibles, deadline, vote
    title: ParagraphStyle  # ACTA DE LA SESIÓN …
    section: ParagraphStyle  # I. DATOS DE LA SESIÓN
    subsection: ParagraphStyle  # 4.1 Informes de …
    item: ParagraphStyle  # 4.1.1 title, agenda item, numbered agreement
    bullet: ParagraphStyle
    numbered: ParagraphStyle  # 1.1 intervention, hanging indent
    agreement: ParagraphStyle  # «1. Aprobar …», hanging indent
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_small: ParagraphStyle
    cell_center: ParagraphStyle
    head_cell: ParagraphStyle  # column titles
    group_cell: ParagraphStyle  # PRESIDENCIA Y SECRETARÍA TÉCNICA …
    org_name: ParagraphStyle  # committee name in the header
    org_line: ParagraphStyle
    footer: ParagraphStyle


def styles() -> Styles:
    """The paragraph styles, built once (after the fonts they name are registered)."""
    global _styles
    if _styles is None:
        register_fonts()
        base = ParagraphStyle(
            "body", fontName=REGULAR, fontSize=10, leading=13.2, textColor=INK,
            alignment=TA_JUSTIFY, spaceAfter=4, allowWidows=0, allowOrphans=0,
            bulletFontName=REGULAR)  # the default would pull in an unembedded Helvetica

        def derive(name: str, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, parent=base, **kw)

        cell = derive("cell", fontSize=9, leading=11, alignment=TA_LEFT, spaceAfter=0)
        _styles = Styles(
            body=base,
            body_left=derive("body_left", alignment=TA_LEFT),
            small=derive("small", fontSize=8, leading=10, alignment=TA_LEFT, textColor=MUTED),
            meta=derive("meta", fontSize=8.5, leading=11, alignment=TA_LEFT, textColor=MUTED,
                        leftIndent=16, spaceAfter=7),
            title=derive("title", fontName=BOLD, fontSize=13, leading=16, alignment=TA_CENTER,
                         spaceBefore=6, spaceAfter=10),
            section=derive("section", fontName=BOLD, fontSize=10.5, leading=13,
                           alignment=TA_LEFT, spaceBefore=10, spaceAfter=5),
            subsection=derive("subsection", fontName=BOLD, fontSize=10, leading=13,
                              alignment=TA_LEFT, leftIndent=8, spaceBefore=4, spaceAfter=3),
            item=derive("item", fontName=BOLD, alignment=TA_LEFT, leftIndent=16,
                        firstLineIndent=-16, spaceBefore=3, spaceAfter=2),
            bullet=derive("bullet", leftIndent=28, bulletIndent=18, spaceAfter=2),
            numbered=derive("numbered", leftIndent=44, firstLineIndent=-26, spaceAfter=3),
            agreement=derive("agreement", leftIndent=16, firstLineIndent=-16, spaceAfter=1),
            cell=cell,
            cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
            cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7.5, leading=9,
                                      textColor=MUTED),
            cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
            head_cell=ParagraphStyle("head_cell", parent=cell, fontName=BOLD, fontSize=8.5,
                                     leading=10, alignment=TA_CENTER),
            group_cell=ParagraphStyle("group_cell", parent=cell, fontName=BOLD, fontSize=8.5,
                                      leading=10),
            org_name=derive("org_name", fontName=BOLD, fontSize=11.5, leading=14,
                            alignment=TA_CENTER, spaceAfter=1),
            org_line=derive("org_line", fontSize=9.5, leading=12, alignment=TA_CENTER,
                            spaceAfter=0, textColor=MUTED),
            footer=derive("footer", fontSize=7.5, leading=9, textColor=MUTED),
        )
    return _styles


# Text ---------------------------------------------------------------------------------

def esc(text: str | None) -> str:
    """User text made safe for reportlab's paragraph mini-markup; line breaks are kept."""
    return escape(text or "").replace("\n", "<br/>")


class Para(Paragraph):
    """A Paragraph that keeps its line breaking while the width stays the same.

    A table cell is wrapped at one width several times (sizing the table, again for each
    page the table is split across, and by HeadingGuard), and breaking lines is the
    costliest step of a build. A split forgets it: reportlab's split may delete the
    breaking or edit the word fragments it shares with the pieces.
    """

    _wrapped_at: float | None = None

    def wrap(self, availWidth, availHeight):
        if availWidth == self._wrapped_at and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size

    def split(self, availWidth, availHeight):
        self._wrapped_at = None
        return super().split(availWidth, availHeight)


def para(text: str, style=None) -> Para:
    """A paragraph from already-escaped markup."""
    return Para(text, style or styles().body)


def capitalize_first(text: str) -> str:
    """«jueves 16 de enero» → «Jueves 16 de enero» (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def place_and_date(city: str, date_text: str) -> str:
    """«Pucallpa, 16 de enero de 2025.»: a dateline drops the weekday of the long date."""
    first, _, rest = date_text.partition(" ")
    if first.lower() in WEEKDAYS and rest:
        date_text = rest
    return join_parts([city, date_text], ", ") + "."


def join_parts(parts: Sequence[str], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)
