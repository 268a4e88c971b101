"""The extracto de acuerdos: what one institution must carry out, sent with an oficio."""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Spacer

from db.documents.acta_content import AgreementExtract
from db.storage.progress import Progress, report
from forms.fonts import Para, esc, para, place_and_date, styles
from forms.layout import (
    CONTENT_WIDTH,
    Metadata,
    Out,
    PageDecor,
    build_pdf,
    grid_table,
    head_cells,
    header_block,
)

WIDTHS = (0.9 * cm, 8.6 * cm, 3.3 * cm, 2.3 * cm)  # ESTADO takes the rest


def render_extract(content: AgreementExtract, out: Out, *, logo: bytes | None = None,
                   progress: Progress | None = None) -> None:
    report(progress, 0.05, "Preparando el extracto de acuerdos…")
    s = styles()
    acronym = content.header.committee_acronym
    institution = f"{content.institution_name} ({content.institution_acronym})"
    story: list[Flowable] = [
        header_block(content.header, logo), Spacer(1, 8),
        Para("EXTRACTO DE ACUERDOS", s.title),
        para(f"<b>Institución responsable:</b> {esc(institution)}", s.body_left),
        para(f"Se comunica a {esc(content.institution_name)} los acuerdos a su cargo, "
             f"adoptados o en seguimiento en la {esc(content.session_heading)} del "
             f"{esc(acronym)}, realizada el {esc(content.date_text)}, para su atención "
             f"dentro de los plazos establecidos."),
        Spacer(1, 6),
        items(content),
        Spacer(1, 10),
        para("Se agradecerá informar a la Secretaría Técnica sobre el avance de cada acuerdo, "
             "con sus medios de verificación, antes de la próxima sesión del Comité."),
        Spacer(1, 4),
        para(esc(place_and_date(content.city, content.date_text)), s.body_left),
    ]
    report(progress, 0.2, "Componiendo las páginas…")
    build_pdf(
        out, story,
        meta=Metadata(title=f"EXTRACTO DE ACUERDOS — {content.institution_acronym} — {acronym}",
                      subject=content.reference),
        decor=PageDecor(reference=content.reference,
                        running_title=f"{acronym} — Extracto de acuerdos — "
                                      f"{content.institution_acronym}"),
        progress=progress)


def items(content: AgreementExtract) -> Flowable:
    s = styles()
    if not content.items:
        return para("No hay acuerdos pendientes a cargo de esta institución.")
    rows: list[list] = [head_cells("N°", "ACUERDO", "SESIÓN DE ORIGEN", "PLAZO", "ESTADO")]
    for item in content.items:
        text = [Para(esc(item.text), s.cell)]
        if item.co_responsibles:
            text.append(Para(
                f"Corresponsables: {esc(', '.join(item.co_responsibles))}", s.cell_small))
        rows.append([
            Para(str(item.number), s.cell_center),
            text,
            Para(esc(item.origin), s.cell),
            Para(esc(item.deadline), s.cell),
            Para(esc(item.state), s.cell),
        ])
    return grid_table(rows, [*WIDTHS, CONTENT_WIDTH - sum(WIDTHS)],
                      extra=[("VALIGN", (0, 1), (-1, -1), "TOP")])
