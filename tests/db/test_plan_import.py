"""Importing a plan from .xlsx: Sesiona's own export comes back as the same plan; a
committee's own Excel (merged cells, simpler levels, numbers typed the Peruvian way) comes
in; every problem is listed with its sheet, row and column, and nothing is written."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

from db.domain import catalog, indicators, plan_execution, plans
from db.domain.plan_import import ImportIssue, PlanImportError, import_plan, read_plan
from db.domain.plan_workbook import MATRIX_HEADINGS
from db.errors import NotFoundError, ValidationError
from forms.plan_xlsx import export_xlsx
from tests.db.factories import make_committee, snapshot
from tests.db.plan_factories import make_big_plan, make_plan
from tests.support.libreoffice import save_again_as_xlsx


def describe(db, plan_id: str) -> list[tuple]:
    """Everything that makes a plan the same plan, without ids."""
    tree = plans.nodes(db, plan_id)
    codes = {n["id"]: n["code"] for n in tree}
    out = []
    for node in tree:
        measured = [(i["name"], i["unit_name"], i["annual_target"], i["schedule"],
                     indicators.schedule_targets(db, i["id"]), i["position"])
                    for i in indicators.for_node(db, node["id"])]
        out.append((node["level"], node["code"], node["text"], codes.get(node["parent_id"]),
                    node["tag"], node["alignment"], node["position"],
                    sorted((i["acronym"], bool(i["is_responsible"]))
                           for i in plans.node_institutions(db, node["id"])), measured))
    return out


@pytest.fixture
def source(db, tmp_path):
    """The worked example, enriched with what only «Elementos» and «Programación» carry."""
    committee = make_committee(db, acronym="CDRPETI-UCA")
    ids = make_plan(db, committee)
    plans.update_node(db, ids["oe1"], {"alignment": "O.E.R 1 / A.E.I 2.3"})
    plans.update_node(db, ids["la21"], {"tag": "deteccion"})
    plans.set_institutions(db, ids["ee1"], [(catalog.institution_id("GORE"), True)])
    plans.set_institutions(db, ids["oe2"], [(catalog.institution_id("SUNAFIL"), True),
                                            (catalog.institution_id("MIMP"), False)])
    indicators.set_schedule(db, ids["spots"], "mensual", {3: 1, 6: 1.5, 9: 1, 12: 0.5})
    path = tmp_path / "plan.xlsx"
    export_xlsx(plan_execution.compute(db, ids["plan"]), path, db=db)
    return committee, ids, path


def test_export_then_import_gives_back_the_same_plan(db, source):
    committee, ids, path = source
    other = make_committee(db, acronym="CDRPETI-LOR")
    summary = import_plan(db, other, path)
    assert (summary.year, summary.objectives, summary.nodes, summary.indicators) == \
        (2025, 2, 7, 6)
    assert summary.created_units == []
    assert describe(db, summary.plan_id) == describe(db, ids["plan"])
    imported = plans.get_plan(db, summary.plan_id)
    assert (imported["committee_id"], imported["title"]) == (other, "Plan de Trabajo Anual 2025")
    assert indicators.schedule_targets(db, ids["spots"])[6] == 1.5


def test_import_as_another_year_of_the_same_committee(db, source):
    committee, ids, path = source
    summary = import_plan(db, committee, path, year=2026)
    assert plans.get_plan(db, summary.plan_id)["title"] == "Plan de Trabajo Anual 2026"
    assert describe(db, summary.plan_id) == describe(db, ids["plan"])


def test_a_big_plan_comes_back_the_same(db, tmp_path):
    ids = make_big_plan(db, make_committee(db))
    path = tmp_path / "grande.xlsx"
    export_xlsx(plan_execution.compute(db, ids["plan"]), path, db=db)
    summary = import_plan(db, make_committee(db), path)
    assert summary.indicators >= 80
    assert describe(db, summary.plan_id) == describe(db, ids["plan"])


def test_the_file_saved_again_by_a_spreadsheet_program_imports_the_same(db, source, tmp_path):
    _, ids, path = source
    resaved = save_again_as_xlsx(path, tmp_path)
    summary = import_plan(db, make_committee(db), resaved)
    assert describe(db, summary.plan_id) == describe(db, ids["plan"])


def test_an_existing_plan_is_never_overwritten(db, source):
    committee, _, path = source
    before = snapshot(db)
    with pytest.raises(ValidationError, match="ya tiene un plan para el año 2025"):
        import_plan(db, committee, path)
    with pytest.raises(ValidationError, match="ya tiene un plan"):
        import_plan(db, committee, path, dry_run=True)
    assert snapshot(db) == before


def test_dry_run_validates_and_writes_nothing(db, source):
    _, _, path = source
    other = make_committee(db)
    before = snapshot(db)
    summary = import_plan(db, other, path, dry_run=True)
    assert summary.plan_id is None and (summary.nodes, summary.indicators) == (7, 6)
    assert snapshot(db) == before


def test_the_matrix_must_agree_with_the_elements_sheet(db, source, tmp_path):
    _, _, path = source
    book = load_workbook(path, rich_text=True)
    ws = book["Matriz"]
    row = next(r for r in range(1, ws.max_row + 1) if ws[f"J{r}"].value == "LA 1.1.2")
    ws[f"K{row}"] = "Campaña radial y televisiva"
    schedule = book["Programación"]
    schedule["G2"] = 5  # P2 of «Talleres realizados»: the schedule no longer sums to 2
    edited = tmp_path / "editado.xlsx"
    book.save(edited)
    with pytest.raises(PlanImportError) as caught:
        read_plan(edited)
    assert [(i.sheet, i.row, i.column) for i in caught.value.issues] == [
        ("Matriz", row, "K (LÍNEA DE ACCIÓN)"), ("Programación", 2, "E (PROGRAMACIÓN)")]
    assert "no coincide con la hoja «Elementos»" in caught.value.issues[0].message
    assert "«Campaña radial»" in caught.value.issues[0].message
    assert caught.value.issues[1].message == \
        "La programación suma 6 y la meta física es 2: deben coincidir."


# A committee's own Excel ---------------------------------------------------------------

COLUMNS = "ABCDEFGHIJKLMNO"


def matrix_book(rows: dict[int, dict[str, object]], *, title: str = "", offset: int = 0,
                header: int = 3) -> tuple[Workbook, object]:
    """A sheet in the ministry's columns (letters as in the standard layout), shifted
    ``offset`` columns to the right, with the header in row ``header``."""
    book = Workbook()
    ws = book.active
    ws.title = "Matriz"
    if title:
        ws.cell(1, 1 + offset, title)
    for index, heading in enumerate(MATRIX_HEADINGS):
        ws.cell(header, 1 + offset + index, heading)
    for row, cells in rows.items():
        for letter, value in cells.items():
            ws.cell(row, 1 + offset + COLUMNS.index(letter), value)
    return book, ws


def bold(text: str) -> TextBlock:
    return TextBlock(InlineFont(b=True), text)


def test_a_committees_own_simpler_plan(db, tmp_path):
    book, ws = matrix_book({
        6: {"A": "OE 1", "B": "Reducir el trabajo infantil en Ucayali",
            "C": "Tasa de trabajo infantil reducida", "D": "Documento", "E": 1,
            "J": "A 1.1", "K": "Talleres de sensibilización con padres", "L": "Talleres",
            "M": "Taller", "N": "2.000",
            "O": CellRichText([bold("DRTPE"), TextBlock(InlineFont(), ", MIMDES")])},
        7: {"L": "Padres sensibilizados", "M": "persona", "N": "1,5"},  # same activity
        8: {"J": "A 1.2", "K": "Campaña radial", "L": "Spots", "M": "Spot radial", "N": 10,
            "O": "GORE"},
        10: {"A": "OE 2", "B": "Fortalecer la detección", "G": "EE 2: Detección",
             "J": "A 2.1", "K": "Operativos", "L": "Operativos", "M": "Operativo", "N": 4,
             "O": "SUNAFIL; PNP"}},
        title="PLAN DE TRABAJO ANUAL 2024 – CDRPETI UCAYALI", offset=1, header=4)
    for column in "BC":  # ITEM and OBJETIVO merged over the objective's rows
        ws.merge_cells(f"{column}6:{column}8")
    ws["P8"].font = Font(bold=True)  # the whole cell in bold: GORE is responsible
    path = tmp_path / "poa.xlsx"
    book.save(path)
    committee = make_committee(db)
    summary = import_plan(db, committee, path)
    assert (summary.year, summary.objectives, summary.nodes, summary.indicators) == \
        (2024, 2, 6, 5)
    assert summary.created_units == ["Spot radial"]
    got = describe(db, summary.plan_id)
    assert [(n[0], n[1], n[3]) for n in got] == [
        ("objetivo", "OE 1", None), ("linea", "A 1.1", "OE 1"), ("linea", "A 1.2", "OE 1"),
        ("objetivo", "OE 2", None), ("eje", "EE 2", "OE 2"), ("linea", "A 2.1", "EE 2")]
    assert got[4][2] == "Detección"
    assert got[0][8] == [("Tasa de trabajo infantil reducida", "Documento", 1.0, "ninguno",
                          {}, 1)]
    assert got[1][7] == [("DRTPE", True), ("MIMP", False)]  # MIMDES is today's MIMP
    assert [i[:3] for i in got[1][8]] == [("Talleres", "Taller", 2000.0),
                                          ("Padres sensibilizados", "Persona", 1.5)]
    assert got[2][7] == [("GORE", True)] and got[2][8][0][1] == "Spot radial"
    assert got[5][7] == [("PNP", False), ("SUNAFIL", False)]
    assert plans.get_plan(db, summary.plan_id)["title"] == \
        "PLAN DE TRABAJO ANUAL 2024 – CDRPETI UCAYALI"
    assert catalog.find_unit(db, "Spot radial")["is_custom"] == 1


def test_a_plan_with_only_objectives_and_activities(db, tmp_path):
    """No eje, estrategia or objective-indicator columns; «RESPONSABLES» beside each
    activity (so they are all responsible); headings with line breaks; «Nº»."""
    book = Workbook()
    ws = book.active
    ws["A1"] = "Plan Operativo Anual 2023"
    ws.append([])
    ws.append(["Nº", "OBJETIVO\nESPECÍFICO", "ITEM", "ACTIVIDAD", "INDICADOR",
               "UNIDAD DE\nMEDIDA", "META", "RESPONSABLES", "EJECUCIÓN"])
    ws.append([None] * 8 + ["Abs."])  # a second header row, not merged
    ws.append(["OE 1", "Reducir el trabajo infantil", "A 1.1", "Talleres", "Talleres",
               "Taller", 3, "DRTPE, UGEL", 2])
    ws.append([None, None, "A 1.2", "Ferias", "Ferias", "Evento", "1.5", "GORE/DRTPE"])
    path = tmp_path / "poa-2023.xlsx"
    book.save(path)
    summary = import_plan(db, make_committee(db), path)
    got = describe(db, summary.plan_id)
    assert summary.year == 2023
    assert [(n[0], n[1], n[3], n[7]) for n in got] == [
        ("objetivo", "OE 1", None, []),
        ("linea", "A 1.1", "OE 1", [("DRTPE", True), ("UGEL", True)]),
        ("linea", "A 1.2", "OE 1", [("DRTPE", True), ("GORE", True)])]
    assert got[2][8][0][:3] == ("Ferias", "Evento", 1.5)


def test_every_problem_is_listed_in_spanish_and_nothing_is_written(db, tmp_path):
    book, _ = matrix_book({
        4: {"J": "LA 0.1", "K": "Actividad suelta", "L": "Charlas", "M": "Evento", "N": 1},
        5: {"A": "OE 1", "B": "Objetivo uno", "F": "DRTPE", "J": "LA 1.1", "K": "Línea uno",
            "L": "Talleres", "M": "Evento", "N": "dos", "O": "XYZ"},
        6: {"J": "LA 1.2", "K": "Línea dos", "L": "Personas", "N": 3},
        7: {"J": "LA 1.1", "K": "Otra línea", "L": "Spots", "M": "Evento", "N": -4},
        8: {"J": "LA 1.3", "K": "Ferias", "L": "Ferias", "M": "Evento", "N": 2},
        10: {"A": "OE 2"},
        11: {"B": "Objetivo sin código", "G": "Detección"}},
        title="Plan de trabajo del comité")
    schedule = book.create_sheet("Programación")
    schedule.append(["CÓDIGO", "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA", "PROGRAMACIÓN",
                     "P1", "P2", "P3", "P4"])
    schedule.append(["LA 1.3", "Ferias", "Evento", 2, "Trimestral", 1, 0, 0, 0])
    # Its target is already reported as wrong: no second, misleading problem here.
    schedule.append(["LA 1.1", "Talleres", "Evento", "dos", "Trimestral", 1, 1, 0, 0])
    path = tmp_path / "con-errores.xlsx"
    book.save(path)
    committee = make_committee(db)
    before = snapshot(db)
    for dry_run in (True, False):
        with pytest.raises(PlanImportError) as caught:
            import_plan(db, committee, path, dry_run=dry_run)
    assert snapshot(db) == before
    found = {(i.sheet, i.row, i.column): i.message for i in caught.value.issues}
    expected = {
        ("Matriz", 4, "J (ITEM)"): "La línea de acción «LA 0.1» no tiene objetivo específico",
        ("Matriz", 5, "N (META FÍSICA)"): "«Meta física» debe ser un número; se escribió «dos»",
        ("Matriz", 6, "M (UNIDAD DE MEDIDA)"): "El indicador «Personas» no tiene unidad",
        ("Matriz", 7, "K (LÍNEA DE ACCIÓN)"): "El código «LA 1.1» está repetido: ya se usa "
                                               "en la fila 5 con el texto «Línea uno»",
        ("Matriz", 7, "N (META FÍSICA)"): "«Meta física» no puede ser negativo",
        ("Matriz", 10, "B (OBJETIVO ESPECÍFICO)"): "Falta el texto de «OE 2».",
        ("Matriz", 11, "A (ITEM)"): "Falta el código de «Objetivo sin código»",
        ("Matriz", 11, "G (EJE ESTRATÉGICO)"): "Falta el código de «Detección» (p. ej. «EE 2",
        ("Programación", 2, "E (PROGRAMACIÓN)"): "La programación suma 1 y la meta física es 2",
        ("Matriz", 5, "O (INSTITUCIONES INVOLUCRADAS)"): "No se reconoce la institución «XYZ»",
        ("Matriz", 1, "A (título)"): "No se encontró el año del plan",
    }
    for where, text in expected.items():
        assert where in found, f"{where} not reported; got {sorted(found)}"
        assert text in found[where], (where, found[where])
    assert len(caught.value.issues) == len(expected)
    lines = caught.value.message.splitlines()
    assert lines[0] == f"El archivo tiene {len(expected)} problemas; no se importó nada:"
    assert "Hoja «Matriz», fila 6, columna M (UNIDAD DE MEDIDA): El indicador «Personas» " \
           "no tiene unidad de medida." in lines
    # With the year given, the year is no longer a problem; the rest still are.
    with pytest.raises(PlanImportError) as again:
        import_plan(db, committee, path, year=2025)
    assert len(again.value.issues) == len(expected) - 1
    assert snapshot(db) == before


def test_read_plan_checks_the_file_alone(tmp_path):
    book, _ = matrix_book({4: {"A": "OE 1", "B": "Objetivo", "J": "LA 1.1", "K": "Línea",
                               "L": "Talleres", "M": "Evento", "N": 2, "O": "XYZ"}})
    path = tmp_path / "sin-anio.xlsx"
    book.save(path)
    parsed = read_plan(path)  # no year, unknown institution: for import_plan to judge
    assert parsed.year is None and [n.code for n in parsed.nodes] == ["OE 1", "LA 1.1"]
    assert parsed.nodes[1].institutions == {"XYZ": False}


def test_files_that_are_not_a_plan(db, tmp_path):
    committee = make_committee(db)
    text = tmp_path / "plan.xlsx"
    text.write_text("ITEM;OBJETIVO\n", encoding="utf-8")
    with pytest.raises(PlanImportError, match="no es un libro de Excel"):
        import_plan(db, committee, text)
    with pytest.raises(NotFoundError):
        import_plan(db, committee, tmp_path / "no-existe.xlsx")
    empty = tmp_path / "vacio.xlsx"
    Workbook().save(empty)
    with pytest.raises(PlanImportError, match="No se encontró la fila de encabezados"):
        read_plan(empty)


def test_issue_text_names_sheet_row_and_column():
    issue = ImportIssue("Matriz", 12, "K (LÍNEA DE ACCIÓN)", "Falta el texto de «LA 1.3.3».")
    assert str(issue) == ("Hoja «Matriz», fila 12, columna K (LÍNEA DE ACCIÓN): "
                          "Falta el texto de «LA 1.3.3».")
