"""Page machinery shared by the printed forms: ruled tables, the committee header, headings
that never end a page, the numbered canvas with its footer and QR, and the build.

Everything is A4 portrait with 2 cm side margins, unless a build asks for another page
size (the plan matrix is landscape). Nothing here knows what an acta says.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import FrameBreak

from db.documents.acta_content import DocumentHeader
from db.storage.progress import Progress, report
from forms.files import write_atomically
from forms.fonts import (
    BOLD,
    GROUP_SHADE,
    MUTED,
    REGULAR,
    RULE,
    SHADE,
    Para,
    esc,
    register_fonts,
    styles,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 2 * cm
MARGIN_TOP = 1.6 * cm
MARGIN_BOTTOM = 2.0 * cm  # the footer lives inside it
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_PADDING = 6  # reportlab's default inside every Frame
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - 2 * FRAME_PADDING

# The QR sits in the first page's footer, right-aligned, with its quiet zone included in
# the square; that page's frame stops above it so nothing is ever drawn over the code.
QR_SIZE = 2.6 * cm
QR_X = PAGE_WIDTH - MARGIN_X - QR_SIZE
QR_Y = 0.9 * cm
FIRST_PAGE_BOTTOM = QR_Y + QR_SIZE + 0.3 * cm

Out = Path | str | BinaryIO


# Tables -------------------------------------------------------------------------------

def grid_table(rows: list[list], widths: Sequence[float], *, header_rows: int = 1,
               extra: Sequence[tuple] = (), row_heights=None) -> Table:
    """A ruled table whose header rows are shaded and repeated on every page it spans."""
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows,
                  rowHeights=row_heights, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # plain-string cells, even empty ones
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    table.setStyle(TableStyle(commands + list(extra)))
    return table


def head_cells(*titles: str) -> list[Para]:
    return [Para(esc(t), styles().head_cell) for t in titles]


def group_row_commands(row: int) -> list[tuple]:
    """A sub-header row spanning the whole table (a participant group), never left alone
    at the bottom of a page: it stays with the row after it."""
    return [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_SHADE),
            ("NOSPLIT", (0, row), (-1, row + 1))]


def label_value_table(pairs: Sequence[tuple[str, str]], label_width: float = 4.6 * cm) -> Table:
    """Two columns, «Fecha» | «Jueves 16 de enero de 2020»; pairs with no value are left out."""
    s = styles()
    rows: list[list] = [[Para(esc(label), s.cell_bold), Para(esc(value), s.cell)]
                        for label, value in pairs if value and value.strip()]
    table = Table(rows or [["", ""]], colWidths=[label_width, CONTENT_WIDTH - label_width],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), GROUP_SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


# Header -------------------------------------------------------------------------------

LOGO_HEIGHT = 1.9 * cm


def logo_image(logo: bytes | None) -> Image | None:
    """The committee's logo at a fixed height, or None when absent or unreadable: a broken
    logo must never stop a secretary from printing the acta the day of the session."""
    if not logo:
        return None
    try:
        width, height = ImageReader(io.BytesIO(logo)).getSize()
    except (OSError, ValueError):  # Pillow's UnidentifiedImageError is an OSError
        return None
    if not width or not height:
        return None
    return Image(io.BytesIO(logo), width=LOGO_HEIGHT * width / height, height=LOGO_HEIGHT)


def header_block(header: DocumentHeader, logo: bytes | None,
                 width: float = CONTENT_WIDTH) -> Table:
    """Logo at the left, the committee's name in capitals, its acronym and region centred
    (``width``: the frame's, for pages other than A4 portrait)."""
    s = styles()
    text = [
        Para(esc(header.committee_name.upper()), s.org_name),
        Para(esc(f"({header.committee_acronym})"), s.org_line),
        Para(esc(f"Región {header.region_name}"), s.org_line),
    ]
    side = 3.2 * cm  # kept on both sides so the name stays centred on the page
    image = logo_image(logo)
    if image is not None and image.drawWidth > side:
        image = Image(io.BytesIO(logo or b""), width=side,
                      height=LOGO_HEIGHT * side / image.drawWidth)
    table = Table([[image or "", text, ""]], colWidths=[side, width - 2 * side, side])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (0, 0), "LEFT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


# Headings that never end a page --------------------------------------------------------

class HeadingGuard(CondPageBreak):
    """Goes right before a heading: breaks the page unless the heading *and* the first
    piece of what follows it fit in the space left.

    ``keepWithNext`` would wrap heading and follower in a KeepTogether, which moves a whole
    long table to the next page and leaves half a page blank; here the follower only has
    to be able to start (a table's header and first row, a paragraph's first lines).
    """

    def __init__(self, heading: Sequence[Flowable], follower: Flowable | None):
        super().__init__(0)
        self._heading = list(heading)
        self._follower = follower

    def wrap(self, availWidth, availHeight):
        frame = self._doctemplateAttr("frame")
        if frame is None or getattr(frame, "_atTop", False):
            return 0, 0  # already at the top of a page: breaking would not help
        canv = self.canv
        heading, follower = list(self._heading), self._follower
        while isinstance(follower, HeadingGuard):  # «IV. INFORMES» then «4.1 …» then «4.1.1 …»
            heading += follower._heading
            follower = follower._follower
        left = availHeight
        for flowable in heading:
            left -= flowable.wrapOn(canv, availWidth, left)[1]
            left -= flowable.getSpaceBefore() + flowable.getSpaceAfter()
        fits = left > 0
        if fits and isinstance(follower, KeepTogether):
            # It will move whole to the next page if it does not fit, so it must fit whole
            # (unless it is taller than any page, in which case it splits anyway).
            height = sum(f.wrapOn(canv, availWidth, left)[1] for f in follower._content)
            fits = height <= left or height > frame._height
        elif fits and follower is not None:
            room = left - follower.getSpaceBefore()
            height = follower.wrapOn(canv, availWidth, room)[1]
            fits = height <= room or bool(follower.splitOn(canv, availWidth, room))
        if not fits:
            frame.add_generated_content(FrameBreak)
        return 0, 0


def guarded(heading: Flowable | Sequence[Flowable], body: Sequence[Flowable]) -> list[Flowable]:
    """``heading`` then ``body``, with a HeadingGuard so the heading is never orphaned."""
    heads = [heading] if isinstance(heading, Flowable) else list(heading)
    return [HeadingGuard(heads, body[0] if body else None), *heads, *body]


# Pages --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageDecor:
    """What is printed around the content of every page."""

    reference: str
    fingerprint: str = ""  # short fingerprint, printed as «Huella: …»
    fingerprint_label: str = "Huella"
    running_title: str = ""  # top of the pages after the first
    qr_payload: str | None = None  # drawn in the first page's footer


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules for ``payload`` (True = dark), level M: survives a smudge or a fold."""
    code = QrCodeWidget(payload, barLevel="M").qr
    code.make()
    return [[bool(m) for m in row] for row in code.modules]


def draw_qr(canv: Canvas, payload: str, x: float, y: float, size: float = QR_SIZE) -> None:
    """Draw the code as filled runs of modules, with a 4-module quiet zone inside ``size``.

    Drawn straight on the canvas rather than through renderPDF, whose default state
    would pull an unembedded Helvetica into the document.
    """
    matrix = qr_matrix(payload)
    module = size / (len(matrix) + 8)
    canv.saveState()
    canv.setFillColorRGB(1, 1, 1)
    canv.rect(x, y, size, size, stroke=0, fill=1)
    canv.setFillColorRGB(0, 0, 0)
    path = canv.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + 4 + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x + (start + 4) * module, top, (c - start) * module, module)
            else:
                c += 1
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def _decorate(canv: Canvas, decor: PageDecor, number: int, total: int) -> None:
    """Footer (reference, fingerprint, page x of y), running title, QR on the first page."""
    page_width, page_height = canv._pagesize
    qr_x = page_width - MARGIN_X - QR_SIZE
    canv.saveState()
    canv.setFillColor(MUTED)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    if number > 1 and decor.running_title:
        canv.setFont(REGULAR, 7.5)
        canv.drawRightString(page_width - MARGIN_X, page_height - 1.0 * cm,
                             decor.running_title)
    right = qr_x - 0.4 * cm if (number == 1 and decor.qr_payload) else page_width - MARGIN_X
    line_y = 1.45 * cm
    canv.line(MARGIN_X, line_y, right, line_y)
    canv.setFont(REGULAR, 7.5)
    canv.drawString(MARGIN_X, line_y - 10, decor.reference)
    if decor.fingerprint:
        canv.drawString(MARGIN_X, line_y - 20,
                        f"{decor.fingerprint_label}: {decor.fingerprint}")
    canv.setFont(BOLD, 7.5)
    canv.drawRightString(right, line_y - 10, f"Página {number} de {total}")
    if number == 1 and decor.qr_payload:
        canv.setFont(REGULAR, 6.5)
        canv.drawRightString(right, line_y - 20, "Código de verificación del acta →")
        draw_qr(canv, decor.qr_payload, qr_x, QR_Y)
    canv.restoreState()


class NumberedCanvas(Canvas):
    """Holds every page back until the end, so each can say «Página X de Y».

    The decoration is drawn last on each page, so in extracted text it follows the content.
    """

    def __init__(self, *args, decor: PageDecor, **kwargs):
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._held: list[dict] = []

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            _decorate(self, self._decor, number, total)
            super().showPage()
        super().save()


@dataclass(frozen=True)
class Metadata:
    title: str
    subject: str
    keywords: str = ""


class _Doc(BaseDocTemplate):
    """Two page templates (the first page keeps room for the QR) and progress reports."""

    def __init__(self, target, meta: Metadata, decor: PageDecor,
                 on_flowable: Callable[[], None], pagesize: tuple[float, float] = A4):
        super().__init__(
            target, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title,
            author="Sesiona", subject=meta.subject, keywords=meta.keywords,
            creator="Sesiona", initialFontName=REGULAR, lang="es-PE")
        first_bottom = FIRST_PAGE_BOTTOM if decor.qr_payload else MARGIN_BOTTOM
        page_width, page_height = pagesize
        top = page_height - MARGIN_TOP
        width = page_width - 2 * MARGIN_X
        self.addPageTemplates([
            PageTemplate("first", [Frame(MARGIN_X, first_bottom, width,
                                         top - first_bottom, id="first")],
                         autoNextPageTemplate="later"),
            PageTemplate("later", [Frame(MARGIN_X, MARGIN_BOTTOM, width,
                                         top - MARGIN_BOTTOM, id="later")]),
        ])
        self._on_flowable = on_flowable

    def afterFlowable(self, flowable):
        self._on_flowable()


def build_pdf(out: Out, story: list[Flowable], *, meta: Metadata, decor: PageDecor,
              progress: Progress | None = None, start: float = 0.2,
              pagesize: tuple[float, float] = A4) -> None:
    """Lay ``story`` out into ``out``, reporting progress from ``start`` to 1.

    ``pagesize`` defaults to A4 portrait; the side margins stay 2 cm on any page, so the
    frame is ``pagesize[0] - 2 * MARGIN_X`` wide (``frame_width``).

    The whole PDF is made in memory first: a cancelled or failed build leaves no file at
    a path and writes nothing to a stream; a path is replaced atomically (temp + rename),
    so a reader never sees half a PDF.
    """
    register_fonts()
    total = max(len(story), 1)
    done = [0]

    def on_flowable() -> None:
        done[0] += 1
        if done[0] % 25 == 0:  # a handful of reports, not one per line
            report(progress, start + (0.95 - start) * min(done[0] / total, 1.0),
                   "Componiendo las páginas…")

    buffer = io.BytesIO()
    doc = _Doc(buffer, meta, decor, on_flowable, pagesize)
    doc.build(story, canvasmaker=lambda *a, **kw: NumberedCanvas(*a, decor=decor, **kw))
    report(progress, 0.97, "Guardando el PDF…")  # the last point where a cancel is honoured
    data = buffer.getvalue()
    if isinstance(out, (str, os.PathLike)):
        write_atomically(Path(out), data)
    else:
        out.write(data)
    if progress is not None and not progress.cancelled:
        progress.step(1.0, "Listo.")


def frame_width(pagesize: tuple[float, float]) -> float:
    """The width the content has on a page of ``pagesize`` (2 cm side margins)."""
    return pagesize[0] - 2 * MARGIN_X


def frame_height(pagesize: tuple[float, float]) -> float:
    """The height of a page's frame after the first, inside reportlab's frame padding."""
    return pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM - 2 * FRAME_PADDING

