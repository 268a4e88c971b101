"""The parts of the plan-execution documents around the matrix itself: the colour legend,
the chart and summary by objective that close the matrix PDF (``forms.plan_matrix``), and
the compact table an acta carries as its annex (``forms.documents``)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from db.domain.plan_execution import PlanMatrix, RollUp, rollup
from db.domain.rules.execution import COLOURS, STATES, format_percent
from forms.fonts import (
    BOLD,
    GROUP_SHADE,
    REGULAR,
    RULE,
    SHADE,
    Para,
    esc,
    register_fonts,
    styles,
)
from forms.layout import CONTENT_WIDTH, group_row_commands, guarded
from forms.plan_chart import execution_chart
from forms.plan_matrix import (
    AVANCE_NOTE,
    EXECUTION_GROUP,
    HEADER_ROWS,
    LEGEND,
    NO_INDICATORS,
    _code,
    _number,
    _plan_title,
    _s,
)

# Legend, chart and summary --------------------------------------------------------------

SWATCH = 0.42 * cm


def legend(width: float, style: ParagraphStyle | None = None) -> Table:
    """«Leyenda:» and a coloured square before each state's name, on one line when it
    fits in ``width`` and two otherwise."""
    style = style or _s().legend
    items = [(colors.HexColor(COLOURS[state]), label) for state, label in LEGEND]
    title = "Leyenda:"
    gap = 10
    widths = [stringWidth(label, REGULAR, style.fontSize) + 6 for _, label in items]
    title_width = stringWidth(title, BOLD, style.fontSize) + 8
    one_line = title_width + sum(SWATCH + 4 + w + gap for w in widths) <= width
    per_row = len(items) if one_line else 2
    rows: list[list] = []
    col_widths: list[float] = [title_width]
    for start in range(0, len(items), per_row):
        row: list = [Para(f"<b>{title}</b>", style) if start == 0 else ""]
        for colour_label in items[start:start + per_row]:
            row += ["", Para(esc(colour_label[1]), style)]
        rows.append(row)
    for k in range(per_row):
        col_widths += [SWATCH, max(widths[k::per_row]) + 4 + gap]
    table = Table(rows, colWidths=col_widths, hAlign="LEFT")
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for n, (colour, _) in enumerate(items):
        r, k = divmod(n, per_row)
        cell = (1 + 2 * k, r)
        label = (2 + 2 * k, r)
        commands += [("BACKGROUND", cell, cell, colour), ("BOX", cell, cell, 0.4, RULE),
                     ("LEFTPADDING", label, label, 4)]
    table.setStyle(TableStyle(commands))
    return table


def chart_height(count: int, room: float) -> float:
    """Tall enough for ``count`` bars of 18 pt (9 pt at least), never taller than ``room``."""
    return min(20 + max(count, 1) * 18, max(room, 20 + max(count, 1) * 9))


def chart_block(rollups: list[RollUp], width: float, room: float) -> list[Flowable]:
    s = styles()
    drawing = execution_chart(rollups, width, chart_height(len(rollups), room))
    return [KeepTogether([Para("Avance por objetivo específico", s.subsection),
                          Spacer(1, 2), drawing])]


def summary_flowables(matrix: PlanMatrix, width: float, page_height: float) -> list[Flowable]:
    """The chart of «avance» per objective and the table that sums up each objective."""
    s = styles()
    out: list[Flowable] = [Spacer(1, 10)]
    out += chart_block(matrix.by_objective, min(width * 0.6, 640), page_height - 80)
    out.append(Spacer(1, 8))
    table_width = min(width, 900)
    note = ParagraphStyle("matrix_note", parent=s.small, spaceBefore=3,
                          rightIndent=width - table_width)
    out += guarded(Para("Resumen por objetivo específico", s.subsection),
                   [summary_table(matrix, table_width), Para(esc(AVANCE_NOTE), note)])
    return out


def summary_table(matrix: PlanMatrix, width: float) -> Table:
    s = _s()
    style = s.annex_cell
    head = s.annex_head
    states = list(STATES)
    rows: list[list] = [[Para(h, head) for h in (
        "CÓDIGO", "OBJETIVO ESPECÍFICO", "INDICADORES", "AVANCE",
        *(STATES[state] for state in states))]]
    # The whole plan, averaged like an objective (db.domain.plan_execution.rollup).
    total = rollup(matrix.results, lambda r: "TOTAL", {"TOTAL": "Todo el plan"})
    for item in [*matrix.by_objective, *total]:
        rows.append([
            Para(_code(item.key), s.annex_bold),
            Para(esc(item.label), style),
            Para(str(item.indicators), s.annex_number),
            Para(format_percent(item.progress), s.annex_number),
            *(Para(str(item.states.get(state, 0)), s.annex_number) for state in states),
        ])
    fixed = [1.6 * cm, 0, 2.1 * cm, 1.5 * cm] + [2.3 * cm] * len(states)
    fixed[1] = max(width - sum(fixed), 4 * cm)
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (3, 0), SHADE),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for k, state in enumerate(states):
        commands.append(("BACKGROUND", (4 + k, 0), (4 + k, 0), colors.HexColor(COLOURS[state])))
    if total:
        commands += [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), GROUP_SHADE),
                     ("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.9, RULE)]
    table = Table(rows, colWidths=fixed, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


# The annex of an acta -------------------------------------------------------------------

ANNEX_WIDTHS = (1.75 * cm, 0, 2.0 * cm, 1.25 * cm, 1.6 * cm, 1.05 * cm, 1.6 * cm, 1.05 * cm)


def annex_flowables(matrix: PlanMatrix) -> list[Flowable]:
    """The plan's execution for an acta's ANEXOS, on an A4 portrait page: one row per
    indicator under its objective, the coloured execution cells, the legend and the chart.
    """
    register_fonts()
    s = styles()
    title = Para(f"{esc(_plan_title(matrix))}: {esc(matrix.period_label)}", s.item)
    note = Para(esc(f"Ejecución de metas del plan {matrix.reference}, por objetivo específico "
                    "e indicador; los colores siguen la leyenda bajo la tabla."), s.small)
    return [
        title, note, Spacer(1, 3), annex_table(matrix), Spacer(1, 4),
        legend(CONTENT_WIDTH),
        *chart_block(matrix.by_objective, CONTENT_WIDTH, 16 * cm),
    ]


def annex_table(matrix: PlanMatrix) -> Flowable:
    s = _s()
    head = s.annex_head
    rows: list[list] = [
        [Para(h, head) for h in ("CÓDIGO", "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA")]
        + [Para(EXECUTION_GROUP, head), "", "", ""],
        ["", "", "", ""] + [Para(h, head) for h in ("Ejecutado Abs.", "%", "Pendiente Abs.",
                                                     "%")],
    ]
    commands: list[tuple] = [("SPAN", (c, 0), (c, 1)) for c in range(4)]
    commands += [
        ("SPAN", (4, 0), (7, 0)),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 1), SHADE),
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("VALIGN", (0, 2), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    lines = {r.result.node_id: r.line_text for r in matrix.rows if r.result and r.line_code}
    for objective in matrix.by_objective:
        results = [r for r in matrix.results
                   if (r.objective_code or r.node_code) == objective.key]
        results.sort(key=lambda r: r.node_code != objective.key)  # its own indicators first
        if not results:
            continue
        commands += group_row_commands(len(rows))
        rows.append([Para(f"<b>{esc(objective.key)}</b> {esc(objective.label)} — avance "
                          f"{format_percent(objective.progress)}", s.annex_cell),
                     "", "", "", "", "", "", ""])
        previous_node = None
        for result in results:
            r = len(rows)
            indicator: list[Flowable] = []
            if result.node_id != previous_node and lines.get(result.node_id):
                indicator.append(Para(esc(lines[result.node_id]), s.annex_small))
            indicator.append(Para(esc(result.name), s.annex_cell))
            rows.append([
                Para(_code(result.node_code), s.annex_bold) if result.node_id != previous_node
                else "",
                indicator,
                Para(esc(result.unit), s.annex_cell),
                Para(_number(result.target), s.annex_number),
                Para(_number(result.executed), s.annex_number),
                Para(format_percent(result.executed_percent), s.annex_number),
                Para(_number(result.pending), s.annex_number),
                Para(format_percent(result.pending_percent), s.annex_number),
            ])
            commands.append(("BACKGROUND", (4, r), (7, r),
                             colors.HexColor(COLOURS[result.state])))
            previous_node = result.node_id
    if len(rows) == HEADER_ROWS:
        return Para(NO_INDICATORS, styles().body)
    widths = list(ANNEX_WIDTHS)
    widths[1] = CONTENT_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=HEADER_ROWS, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table

