"""The lista de asistencia printed before a session and signed by hand at the door.

One block per seat (its titular and alterno on consecutive rows, the seat's number and
institution spanning both), rows tall enough for a signature, and blank rows for invitees.
"""

from __future__ import annotations

from itertools import groupby

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Spacer

from db.documents.acta_content import AttendanceSheetContent, SheetRow
from db.storage.progress import Progress, report
from forms.fonts import Para, capitalize_first, esc, styles
from forms.layout import (
    CONTENT_WIDTH,
    Metadata,
    Out,
    PageDecor,
    build_pdf,
    grid_table,
    guarded,
    head_cells,
    header_block,
    label_value_table,
)

ROW_HEIGHT = 1.25 * cm  # room for a handwritten signature
SEAT_WIDTHS = (0.8 * cm, 4.0 * cm, 1.5 * cm, 5.1 * cm, 1.9 * cm)  # FIRMA: the rest
INVITEE_WIDTHS = (4.6 * cm, 3.6 * cm, 2.6 * cm, 1.7 * cm)
POSITION_MARKS = {"titular": "T", "alterno": "A"}


def render_attendance_sheet(content: AttendanceSheetContent, out: Out, *,
                            logo: bytes | None = None,
                            progress: Progress | None = None) -> None:
    report(progress, 0.05, "Preparando la lista de asistencia…")
    s = styles()
    story: list[Flowable] = [
        header_block(content.header, logo), Spacer(1, 8),
        Para(esc(content.heading), s.title),
        label_value_table([
            ("Fecha", capitalize_first(content.date_text)),
            ("Hora", content.time_text),
            ("Sede", ", ".join(p for p in (content.venue, content.city) if p)),
            ("Modalidad", content.modality),
        ], label_width=3 * cm),
        Spacer(1, 10),
        seats_table(content.rows),
    ]
    if content.blank_invitee_rows > 0:
        story += guarded(Para("INVITADOS/AS", s.section),
                         [invitees_table(content.blank_invitee_rows)])
    report(progress, 0.2, "Componiendo las páginas…")
    build_pdf(
        out, story,
        meta=Metadata(title=f"{content.heading} — {content.header.committee_acronym}",
                      subject=content.reference),
        decor=PageDecor(reference=content.reference,
                        running_title=f"{content.header.committee_acronym} — "
                                      f"{content.heading}"),
        progress=progress)


def strut() -> Spacer:
    """An invisible minimum height: rows grow past it for long names but never shrink."""
    return Spacer(1, ROW_HEIGHT - 2 * 3)  # grid_table pads cells by 3 pt above and below


def seats_table(rows: list[SheetRow]) -> Flowable:
    s = styles()
    data: list[list] = [head_cells("N°", "ENTIDAD", "CARGO (T/A)", "NOMBRES Y APELLIDOS",
                                   "HORA DE LLEGADA", "FIRMA")]
    spans: list[tuple] = []
    seats = groupby(rows, key=lambda r: (r.entity, r.entity_name, r.role))
    for number, ((acronym, entity_name, role), group) in enumerate(seats, start=1):
        members = list(group)
        first = len(data)
        entity = [Para(f"<b>{esc(acronym)}</b>", s.cell)]
        if entity_name and entity_name != acronym:
            entity.append(Para(esc(entity_name), s.cell_small))
        if role and role.lower() != "miembro":
            entity.append(Para(f"<i>{esc(role)}</i>", s.cell_small))
        for k, row in enumerate(members):
            mark = POSITION_MARKS.get(row.position.lower(), row.position)
            data.append([
                Para(str(number), s.cell_center) if k == 0 else "",
                entity if k == 0 else "",
                Para(f"<b>{esc(mark)}</b>", s.cell_center),
                Para(esc(row.name), s.cell),  # blank: a line to write the name in
                "",
                strut(),
            ])
        if len(members) > 1:
            last = len(data) - 1
            spans += [("SPAN", (0, first), (0, last)), ("SPAN", (1, first), (1, last))]
    if len(data) == 1:
        return Para("No hay representantes registrados para esta sesión.", s.body)
    return grid_table(data, [*SEAT_WIDTHS, CONTENT_WIDTH - sum(SEAT_WIDTHS)], extra=spans)


def invitees_table(blank_rows: int) -> Flowable:
    data: list[list] = [head_cells("NOMBRES Y APELLIDOS", "ENTIDAD", "CARGO", "HORA", "FIRMA")]
    data += [["", "", "", "", strut()] for _ in range(blank_rows)]
    return grid_table(data, [*INVITEE_WIDTHS, CONTENT_WIDTH - sum(INVITEE_WIDTHS)])
