"""The acta of a session, laid out as these committees write it, ready to be signed.

Sections I–VIII follow the real actas of the CDRPETI and the regional commissions (see the
domain notes): the president signs what this prints without retyping anything. Each row
of the signature table carries a marker that records where its FIRMA cell landed, so the
digital path can put a signature field exactly over it.
"""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from db.documents.acta_content import (
    ActaContent,
    AgendaItem,
    DocumentHeader,
    ReportBlock,
    Request,
)
from db.storage.progress import Progress, report
from forms.fonts import (
    WARN_BORDER,
    WARN_FILL,
    Para,
    capitalize_first,
    esc,
    join_parts,
    para,
    styles,
)
from forms.layout import (
    CONTENT_WIDTH,
    Metadata,
    Out,
    PageDecor,
    build_pdf,
    grid_table,
    group_row_commands,
    guarded,
    head_cells,
    header_block,
    label_value_table,
)
from forms.slots import SignatureSlot

SIGNATURE_ROW_HEIGHT = 1.45 * cm
SIGNATURE_WIDTHS = (4.3 * cm, 1.1 * cm, 5.1 * cm, CONTENT_WIDTH - 10.5 * cm)
FIRMA_PADDING = 2


def render_acta(content: ActaContent, out: Out, *, logo: bytes | None = None,
                progress: Progress | None = None,
                annexes: list[Flowable] | None = None) -> list[SignatureSlot]:
    """Write the acta to ``out`` (a path or a binary stream); return the FIRMA boxes.

    One slot per signatory, in signatory order: page (0-based) and rectangle in PDF points.
    """
    report(progress, 0.02, "Preparando el acta…")
    slots: dict[str, SignatureSlot] = {}
    story = build_story(content, logo=logo, annexes=annexes or [], slots=slots)
    report(progress, 0.2, "Componiendo las páginas…")
    payload = content.qr_payload  # each property hashes the whole content again
    build_pdf(
        out, story,
        meta=Metadata(title=f"{content.heading} — {content.committee_acronym}",
                      subject=content.reference, keywords=payload),
        decor=PageDecor(reference=content.reference, fingerprint=content.short_fingerprint,
                        running_title=f"{content.committee_acronym} — {content.heading}",
                        qr_payload=payload),
        progress=progress)
    return [slots[s.field_name] for s in content.signatories if s.field_name in slots]


def build_story(content: ActaContent, *, logo: bytes | None, annexes: list[Flowable],
                slots: dict[str, SignatureSlot]) -> list[Flowable]:
    s = styles()
    header = DocumentHeader(content.committee_name, content.committee_acronym,
                            content.region_name, content.logo_sha256)
    story: list[Flowable] = [header_block(header, logo), Spacer(1, 8),
                             Para(esc(content.heading), s.title)]
    if not content.has_attendance:
        story += [attendance_warning(), Spacer(1, 6)]
    story += section("I. DATOS DE LA SESIÓN", [session_data(content)])
    story += section("II. PARTICIPANTES", [participants_table(content)])
    story += section("III. VERIFICACIÓN DEL QUÓRUM", [para(esc(content.quorum_sentence))])
    story += reports_section(content)
    story += requests_section(content)
    story += agenda_section(content.agenda)
    story += agreements_section(content)
    if content.followups:
        story += section("SEGUIMIENTO DE ACUERDOS ANTERIORES", [followups_table(content)])
    story += section("VIII. SUSCRIPCIÓN DEL ACTA", [
        para(esc(content.closing_sentence)), Spacer(1, 4), signature_table(content, slots)])
    if content.annexes or annexes:
        listed = [para(f"<b>Anexo {i}:</b> {esc(name)}", s.body_left)
                  for i, name in enumerate(content.annexes, start=1)]
        story += section("ANEXOS", listed + list(annexes))
    return story


def section(title: str, body: list[Flowable]) -> list[Flowable]:
    return guarded(Para(esc(title), styles().section), body)


def subsection(title: str, body: list[Flowable]) -> list[Flowable]:
    return guarded(Para(esc(title), styles().subsection), body)


def attendance_warning() -> Table:
    s = styles()
    box = Table([[[
        Para("<b>Sin registro de asistencia</b>", s.body_left),
        Para("Esta acta se generó sin haber registrado la asistencia de la sesión: la "
                  "lista de participantes, la verificación del quórum y la tabla de firmas "
                  "pueden estar incompletas. Registre la asistencia antes de imprimir la "
                  "versión para firma.", s.cell),
    ]]], colWidths=[CONTENT_WIDTH])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.5, WARN_BORDER),
        ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
    ]))
    return box


def session_data(c: ActaContent) -> Table:
    venue = c.venue
    if c.city and c.city.lower() not in venue.lower():
        venue = join_parts([venue, c.city], ", ")
    return label_value_table([
        ("Fecha", capitalize_first(c.date_text)),
        ("Hora", c.time_text),
        ("Sede", venue),
        ("Modalidad", c.modality),
        ("Convocatoria", c.call),
        ("Conducción de la sesión", c.conducted_by),
        ("Presidente", c.president),
        ("Secretaría Técnica", c.secretariat or c.secretariat_name),
    ])


def participants_table(c: ActaContent) -> Flowable:
    s = styles()
    rows: list[list] = [head_cells("NOMBRES Y APELLIDOS", "ENTIDAD QUE REPRESENTA")]
    extra: list[tuple] = []
    for group in c.participants:
        if not group.people:
            continue
        extra += group_row_commands(len(rows))
        rows.append([Para(esc(group.title), s.group_cell), ""])
        rows += [[Para(esc(p.name), s.cell), Para(esc(p.entity), s.cell)]
                 for p in group.people]
    if len(rows) == 1:
        return para("No se registraron participantes.")
    return grid_table(rows, [7.2 * cm, CONTENT_WIDTH - 7.2 * cm], extra=extra)


def reports_section(c: ActaContent) -> list[Flowable]:
    if not c.reports_presidency and not c.reports_sectors:
        return section("IV. INFORMES", [para("No se presentaron informes.")])
    parts = [
        *subsection("4.1 Informes de la Presidencia y la Secretaría Técnica",
                    report_blocks("4.1", c.reports_presidency)),
        *subsection("4.2 Informes de los sectores", report_blocks("4.2", c.reports_sectors)),
    ]
    return section("IV. INFORMES", parts)


def report_blocks(prefix: str, blocks: list[ReportBlock]) -> list[Flowable]:
    s = styles()
    if not blocks:
        return [para("No se presentaron informes.", s.bullet)]
    out: list[Flowable] = []
    for i, block in enumerate(blocks, start=1):
        bullets = [Para(esc(line), s.bullet, bulletText="•") for line in block.lines]
        out += guarded(Para(f"{prefix}.{i}&nbsp;&nbsp;{esc(block.title)}", s.item),
                       bullets)
    return out


def requests_section(c: ActaContent) -> list[Flowable]:
    if not c.requests_presidency and not c.requests_members:
        return section("V. PEDIDOS", [para("No se formularon pedidos.")])
    return section("V. PEDIDOS", [
        *subsection("5.1 Pedidos de la Presidencia y la Secretaría Técnica",
                    request_lines(c.requests_presidency)),
        *subsection("5.2 Pedidos de los miembros", request_lines(c.requests_members)),
    ])


def request_lines(requests: list[Request]) -> list[Flowable]:
    s = styles()
    if not requests:
        return [para("No se formularon pedidos.", s.bullet)]
    return [Para((f"<b>{esc(r.entity)}:</b> " if r.entity else "") + esc(r.body),
                      s.bullet, bulletText="•") for r in requests]


def agenda_section(agenda: list[AgendaItem]) -> list[Flowable]:
    s = styles()
    if not agenda:
        return section("VI. ORDEN DEL DÍA", [para("No se trataron puntos de agenda.")])
    body: list[Flowable] = []
    for i, item in enumerate(agenda, start=1):
        lines = [Para(f"{i}.{j}&nbsp;&nbsp;&nbsp;{esc(text)}", s.numbered)
                 for j, text in enumerate(item.interventions, start=1)]
        body += guarded(Para(f"{i}.&nbsp;&nbsp;&nbsp;{esc(item.title)}", s.item), lines)
    return section("VI. ORDEN DEL DÍA", body)


def agreements_section(c: ActaContent) -> list[Flowable]:
    s = styles()
    if not c.agreements:
        return section("VII. ACUERDOS", [para("No se adoptaron acuerdos.")])
    body: list[Flowable] = []
    for a in c.agreements:
        meta = join_parts([
            f"<b>Responsables:</b> {esc(', '.join(a.responsibles))}" if a.responsibles else "",
            f"<b>Plazo:</b> {esc(a.deadline)}" if a.deadline else "",
            f"<b>Meta:</b> {esc(a.target)}" if a.target else "",
            esc(a.vote),
        ])
        text = Para(f"{a.number}.&nbsp;&nbsp;&nbsp;{esc(a.text)}", s.agreement)
        # The detail line belongs to its agreement: never split the pair across pages.
        body.append(KeepTogether([text, Para(meta, s.meta)] if meta else [text]))
    return section("VII. ACUERDOS", body)


def followups_table(c: ActaContent) -> Table:
    s = styles()
    rows: list[list] = [head_cells("N°", "ACUERDO", "RESPONSABLES", "PLAZO", "ESTADO",
                                   "LO INFORMADO")]
    for f in c.followups:
        rows.append([
            Para(str(f.number), s.cell_center),
            [Para(esc(f.origin), s.cell_small), Para(esc(f.text), s.cell)],
            Para(esc(", ".join(f.responsibles)), s.cell),
            Para(esc(f.deadline), s.cell),
            Para(esc(f.state), s.cell),
            Para(esc(f.reported), s.cell),
        ])
    widths = [0.9 * cm, 4.9 * cm, 2.9 * cm, 1.9 * cm, 1.8 * cm]
    return grid_table(rows, [*widths, CONTENT_WIDTH - sum(widths)],
                      extra=[("VALIGN", (0, 1), (-1, -1), "TOP")])


class SlotMarker(Flowable):
    """Fills a FIRMA cell and, when drawn, records where it landed on the page."""

    def __init__(self, field_name: str, height: float, sink: dict[str, SignatureSlot]):
        super().__init__()
        self.field_name = field_name
        self.height = height
        self._sink = sink

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return self.width, self.height

    def draw(self):
        x1, y1 = self.canv.absolutePosition(0, 0)
        x2, y2 = self.canv.absolutePosition(self.width, self.height)
        self._sink[self.field_name] = SignatureSlot(
            self.field_name, self.canv.getPageNumber() - 1,
            (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)))


def signature_table(c: ActaContent, slots: dict[str, SignatureSlot]) -> Flowable:
    s = styles()
    if not c.signatories:
        return para("No hay firmantes registrados.")
    rows: list[list] = [head_cells("ENTIDAD", "T/A", "NOMBRES Y APELLIDOS", "FIRMA")]
    for sig in c.signatories:
        entity = [Para(f"<b>{esc(sig.entity)}</b>", s.cell)]
        if sig.entity_name and sig.entity_name != sig.entity:
            entity.append(Para(esc(sig.entity_name), s.cell_small))
        name = [Para(esc(sig.name), s.cell)]
        if sig.role:
            name.append(Para(esc(sig.role), s.cell_small))
        marker = SlotMarker(sig.field_name, SIGNATURE_ROW_HEIGHT - 2 * FIRMA_PADDING, slots)
        rows.append([entity, Para(f"<b>{esc(sig.mark)}</b>", s.cell_center), name,
                     marker])
    return grid_table(rows, SIGNATURE_WIDTHS, extra=[
        ("LEFTPADDING", (3, 1), (3, -1), FIRMA_PADDING),
        ("RIGHTPADDING", (3, 1), (3, -1), FIRMA_PADDING),
        ("TOPPADDING", (3, 1), (3, -1), FIRMA_PADDING),
        ("BOTTOMPADDING", (3, 1), (3, -1), FIRMA_PADDING),
    ])
