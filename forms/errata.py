"""A fe de erratas: a dated correction of a signed acta, on one page of its own.

A signed acta is never reprinted with changes; the correction names the acta it amends
by heading, date, reference and the fingerprint of the signed version, so nobody can
attach it to a different paper.
"""

from __future__ import annotations

import re

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table, TableStyle

from db.documents.acta_content import ErrataContent
from db.storage.progress import Progress, report
from forms.fonts import INK, REGULAR, Para, capitalize_first, esc, para, place_and_date, styles
from forms.layout import (
    BODY_HEIGHT,
    CONTENT_WIDTH,
    Metadata,
    Out,
    PageDecor,
    build_pdf,
    header_block,
    label_value_table,
)


def render_errata(content: ErrataContent, out: Out, *, logo: bytes | None = None,
                  progress: Progress | None = None) -> None:
    report(progress, 0.05, "Preparando la fe de erratas…")
    s = styles()
    acronym = content.header.committee_acronym
    title = f"FE DE ERRATAS N° {content.number}"
    body: list[Flowable] = [
        header_block(content.header, logo), Spacer(1, 8),
        Para(esc(title), s.title),
        label_value_table([
            ("Acta que se corrige", content.acta_heading),
            ("Fecha de la sesión", capitalize_first(content.acta_date_text)),
            ("Referencia", content.reference),
            ("Huella del acta firmada", content.acta_fingerprint),
            ("Fecha de la corrección", capitalize_first(content.noted_on_text)),
        ], label_width=4.8 * cm),
        Spacer(1, 10),
        para("Por la presente se deja constancia de las siguientes correcciones al acta "
             "antes señalada, que forman parte de ella:"),
        *[para(esc(chunk)) for chunk in re.split(r"\n\s*\n", content.body.strip()) if chunk],
        Spacer(1, 6),
        para(esc(place_and_date(content.city, content.noted_on_text)), s.body_left),
        Spacer(1, 2.2 * cm),
        signature_lines(),
    ]
    # Always one page: a very long correction is shrunk rather than spilled onto a second
    # sheet that could be separated from the first.
    story = [KeepInFrame(CONTENT_WIDTH, BODY_HEIGHT, body, mode="shrink")]
    report(progress, 0.2, "Componiendo la página…")
    build_pdf(
        out, story,
        meta=Metadata(title=f"{title} — {content.acta_heading} — {acronym}",
                      subject=content.reference),
        decor=PageDecor(reference=content.reference, fingerprint=content.acta_fingerprint,
                        fingerprint_label="Huella del acta"),
        progress=progress)


def signature_lines() -> Table:
    """Two lines to sign on, Presidencia at the left and Secretaría Técnica at the right."""
    s = styles()
    gap = 1.6 * cm
    width = (CONTENT_WIDTH - gap) / 2
    table = Table([[Para("<b>Presidencia</b>", s.cell_center), "",
                    Para("<b>Secretaría Técnica</b>", s.cell_center)]],
                  colWidths=[width, gap, width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("LINEABOVE", (0, 0), (0, 0), 0.8, INK),
        ("LINEABOVE", (2, 0), (2, 0), 0.8, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table
