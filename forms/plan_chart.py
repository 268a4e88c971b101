"""The chart under the plan matrix: «avance» per objective (or line of action) as
horizontal bars on a 0–100 % axis, each bar in the colour of the matrix's legend.

Drawn with plain reportlab shapes, so the same Drawing goes into the landscape matrix and
into an acta's ANEXOS, and a test can count its bars. Every string is Liberation Sans:
the drawing's initial font is set too, or reportlab's renderer would add an unembedded
Helvetica to the PDF.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isString
from reportlab.pdfbase.pdfmetrics import stringWidth

from db.domain.plan_execution import RollUp
from db.domain.rules.execution import COLOURS, format_percent
from forms.fonts import BOLD, INK, MUTED, REGULAR, RULE, register_fonts

FONT_SIZE = 7
TICKS = (0, 25, 50, 75, 100)
TRACK = colors.HexColor("#f1f3f5")
MIN_BAR = 1.5  # a 0 % or unreported bar stays visible as a sliver of its colour


class Bar(Rect):
    """A bar of the chart: a Rect that remembers whose bar it is."""

    _attrMap = AttrMap(BASE=Rect, key=AttrMapValue(isString, desc="the roll-up's key"))


def state_of_progress(progress: int | None) -> str:
    """The legend's colour for an «avance»: 100 % green, some progress amber, none red,
    no measurable target grey (shown as «—»)."""
    if progress is None:
        return "no_reportado"
    if progress >= 100:
        return "alcanzada"
    return "parcial" if progress > 0 else "no_realizada"


def execution_chart(rollups: list[RollUp], width: float, height: float) -> Drawing:
    """One bar per roll-up, top to bottom in the given order, labelled with its key."""
    register_fonts()
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR  # see the module docstring
    drawing.initialFontSize = FONT_SIZE
    if not rollups:
        drawing.add(String(width / 2, height / 2, "Sin indicadores que graficar.",
                           fontName=REGULAR, fontSize=FONT_SIZE + 1, fillColor=MUTED,
                           textAnchor="middle"))
        return drawing

    label_width = max(stringWidth(r.key, BOLD, FONT_SIZE) for r in rollups) + 8
    value_room = stringWidth("100%", REGULAR, FONT_SIZE) + 6
    left = min(label_width, width * 0.3)
    plot_width = max(width - left - value_room, 10.0)
    axis_room = FONT_SIZE + 6  # tick labels under the plot
    plot_bottom = axis_room
    plot_height = max(height - axis_room - 2, 4.0)
    slot = plot_height / len(rollups)
    bar_height = min(slot * 0.62, 16.0)

    tracks = Group()  # under the grid, so its lines show across every bar
    for index in range(len(rollups)):
        y = plot_bottom + plot_height - slot * (index + 0.5) - bar_height / 2
        tracks.add(Rect(left, y, plot_width, bar_height, fillColor=TRACK, strokeColor=None))
    drawing.add(tracks)

    grid = Group()
    for tick in TICKS:
        x = left + plot_width * tick / 100
        grid.add(Line(x, plot_bottom, x, plot_bottom + plot_height, strokeColor=RULE,
                      strokeWidth=0.6 if tick in (0, 100) else 0.3,
                      strokeDashArray=None if tick in (0, 100) else [1, 2]))
        grid.add(String(x, plot_bottom - FONT_SIZE - 2, f"{tick}%", fontName=REGULAR,
                        fontSize=FONT_SIZE - 0.5, fillColor=MUTED, textAnchor="middle"))
    drawing.add(grid)

    bars = Group()
    for index, rollup in enumerate(rollups):
        centre = plot_bottom + plot_height - slot * (index + 0.5)
        y = centre - bar_height / 2
        value = rollup.progress
        length = plot_width * min(max(value or 0, 0), 100) / 100
        bar = Bar(left, y, max(length, MIN_BAR), bar_height,
                  fillColor=colors.HexColor(COLOURS[state_of_progress(value)]),
                  strokeColor=None)
        bar.key = rollup.key
        bars.add(bar)
        baseline = centre - FONT_SIZE * 0.35
        bars.add(String(left - 4, baseline, rollup.key, fontName=BOLD, fontSize=FONT_SIZE,
                        fillColor=INK, textAnchor="end"))
        bars.add(String(left + max(length, MIN_BAR) + 3, baseline, format_percent(value),
                        fontName=REGULAR, fontSize=FONT_SIZE, fillColor=INK))
    drawing.add(bars)
    return drawing


def bars_of(drawing: Drawing) -> list[Bar]:
    """The bars of a chart made by ``execution_chart``, top to bottom."""
    found: list[Bar] = []

    def walk(node) -> None:
        for child in getattr(node, "contents", []):
            if isinstance(child, Bar):
                found.append(child)
            walk(child)

    walk(drawing)
    return found
