"""Every dashboard table exports to .xlsx and .csv with the columns and rows the page
shows: the CSV in UTF-8 with a BOM (Excel shows the accents right), the workbook with the
state colours."""

from __future__ import annotations

import re
from html import unescape

from tests.dashboard.support import CommitteeOps, create_staff, csv_rows, login, xlsx_rows


def page_rows(html: str, slug: str) -> list[list[str]]:
    section = re.search(rf'<section class="tabla" id="{slug}">(.*?)</section>', html, re.S)
    assert section, f"the page has no table {slug}"
    body = section[1].split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", unescape(cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def page_headers(html: str, slug: str) -> list[str]:
    section = re.search(rf'<section class="tabla" id="{slug}">(.*?)</section>', html, re.S)
    assert section
    last_row = re.findall(r"<tr>(.*?)</tr>", section[1].split("<tbody>", 1)[0], re.S)[-1]
    return [unescape(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", last_row, re.S)]


def test_each_table_exports_what_the_page_shows(hq, client, engine):
    device = hq.enroll("PE-AMA")
    committee = CommitteeOps("PE-AMA", "trata", acronym="RED TRATA AMAZONAS")
    seat = committee.seat("MIMP", is_presidency=1)
    session = committee.session("2026-10-05", attended={seat: "titular"})
    committee.agreement(session, 1, deadline_end="2026-10-31", responsible="MIMP")
    committee.plan(2026, [("OE 1", [(4, 2)])], "2026-09-01")
    device.push(committee.ops)
    create_staff(engine)
    login(client)
    query = {"al": "2026-11-28", "anio": "2026"}
    pages = {
        "/panel/": ["estado-situacional", "comites"],
        f"/panel/comites/{committee.id}": ["sesiones", "asistencia", "acuerdos-por-estado",
                                           "acuerdos", "plan"],
        "/panel/planes": ["planes-por-region", "planes-por-objetivo"],
        "/panel/equipos": ["equipos"],
    }
    for path, slugs in pages.items():
        html = client.get(path, params=query).text
        for slug in slugs:
            shown = page_rows(html, slug)
            base = {"/panel/planes": "/panel/planes/", "/panel/": "/panel/",
                    "/panel/equipos": "/panel/"}.get(path, f"{path}/")
            csv_table = csv_rows(client.get(f"{base}{slug}.csv", params=query).content)
            workbook = xlsx_rows(client.get(f"{base}{slug}.xlsx", params=query).content)
            assert csv_table[0] == [str(v) for v in workbook[0]], slug
            assert len(csv_table) == len(workbook) == len(shown) + 1, slug
            assert [row for row in csv_table[1:]] == shown, slug
            assert [["" if v is None else str(v) for v in row] for row in workbook[1:]] == \
                shown, slug
            headers = page_headers(html, slug)
            assert len(headers) == len(csv_table[0]), slug
            if slug != "estado-situacional":  # grouped: shorter names under each kind
                assert headers == csv_table[0], slug
    plan = csv_rows(client.get(f"/panel/comites/{committee.id}/plan.csv", params=query).content)
    assert plan[1][:4] == ["OE 1", "Objetivo OE 1", "1", "50%"]
    regions = csv_rows(client.get("/panel/planes/planes-por-region.csv", params=query).content)
    assert regions[1][:4] == ["Amazonas", "1", "1", "50%"]
    national = client.get("/panel/estado-situacional.xlsx", params=query)
    assert national.headers["content-disposition"] == \
        'attachment; filename="estado-situacional.xlsx"'
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(national.content)).active
    amazonas = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Amazonas")
    trata_state = amazonas[7]
    assert trata_state.value == "Activo"
    assert trata_state.fill.start_color.rgb.endswith("63BE7B")


def test_synced_text_is_shown_as_text_never_as_markup(hq, client, engine):
    device = hq.enroll("PE-UCA")
    committee = CommitteeOps("PE-UCA", "cdrpeti", acronym="<script>alert(1)</script>")
    device.push(committee.ops)
    create_staff(engine)
    login(client)
    for path in ("/panel/", f"/panel/comites/{committee.id}"):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
