"""Export and import buttons of the «Planes» page: real files written off the UI thread,
and an import that lists every problem of a bad workbook."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from db.domain import plans
from desktop.operations import Operations
from desktop.pages.plans_page import PlansPage
from desktop.plans.plan_io import ImportIssuesDialog
from tests.db.factories import make_committee
from tests.db.plan_factories import make_plan

YEAR = 2025


@pytest.fixture
def ops(qapp, db):
    return Operations(db)


@pytest.fixture
def committee_id(db):
    return make_committee(db, acronym="CDRPETI-UCAYALI", region_code="PE-UCA")


@pytest.fixture
def planned(db, committee_id):
    return make_plan(db, committee_id, YEAR)


@pytest.fixture
def page(qtbot, ops, committee_id, planned):
    page = PlansPage(ops)
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    page.resize(1400, 850)
    page.show()
    qtbot.waitExposed(page)
    return page


def export(qtbot, page: PlansPage, kind: str, path: Path) -> Path:
    page.io.choose_save_path = lambda suggested, _filter: str(path)
    with qtbot.waitSignal(page.io.saved, timeout=20000) as saved:
        page.io.export_actions[kind].trigger()
    assert saved.args == [str(path)]
    assert page.io.message.text() == f"Guardado: {path}"
    return path


def test_export_csv_one_row_per_indicator(qtbot, page, tmp_path):
    path = export(qtbot, page, "csv", tmp_path / "matriz.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + 6
    assert any("Talleres realizados" in cell for row in rows for cell in row)


def test_export_pdf_of_the_chosen_period(qtbot, page, tmp_path):
    from pypdf import PdfReader

    page.tabs.setCurrentWidget(page.dashboard)
    page.dashboard.period_combo.setCurrentIndex(page.dashboard.period_combo.findData(3))
    path = export(qtbot, page, "pdf", tmp_path / "matriz.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Talleres realizados" in text
    assert f"III trimestre {YEAR}" in text


def test_export_xlsx_then_import_it_as_next_year(qtbot, db, ops, page, committee_id, tmp_path):
    path = export(qtbot, page, "xlsx", tmp_path / "matriz.xlsx")
    with qtbot.waitSignal(page.io.imported, timeout=20000) as imported:
        page.io.import_plan(str(path), YEAR + 1)
    plan_id = imported.args[0]
    assert plans.get_plan(db, plan_id)["year"] == YEAR + 1
    assert page.plan_id == plan_id
    assert page.plan_combo.currentText().startswith(f"{YEAR + 1} — ")
    source = [(n["code"], n["text"]) for n in plans.nodes(db, plans.plans_for(
        db, committee_id)[1]["id"])]
    assert [(n["code"], n["text"]) for n in plans.nodes(db, plan_id)] == source
    # Undo takes the imported plan away.
    ops.undo_stack.undo()
    assert [p["year"] for p in plans.plans_for(db, committee_id)] == [YEAR]


def test_import_button_asks_the_year(qtbot, db, page, committee_id, tmp_path):
    path = export(qtbot, page, "xlsx", tmp_path / "matriz.xlsx")
    page.io.choose_open_path = lambda: str(path)
    prompt = page.io.on_import_button_clicked()
    assert prompt.isVisible()
    assert prompt.comboBoxItems()[0] == "El año del título del archivo"
    prompt.setTextValue(str(YEAR + 1))
    with qtbot.waitSignal(page.io.imported, timeout=20000):
        prompt.accept()
    assert sorted(p["year"] for p in plans.plans_for(db, committee_id)) == [YEAR, YEAR + 1]


def test_a_bad_workbook_lists_every_problem_and_imports_nothing(qtbot, db, page,
                                                                committee_id, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Plan de Trabajo Anual 2026"])
    sheet.append(["ITEM", "OBJETIVO ESPECÍFICO", "INDICADOR", "UNIDAD DE MEDIDA", "META FÍSICA"])
    sheet.append(["OE 1", "Objetivo", "Indicador", "Unidad que no existe", "muchas"])
    path = tmp_path / "malo.xlsx"
    workbook.save(path)
    before = plans.plans_for(db, committee_id)
    page.io.import_plan(str(path), None)
    qtbot.waitUntil(lambda: isinstance(page.io.dialog, ImportIssuesDialog), timeout=20000)
    dialog = page.io.dialog
    assert dialog.isVisible() and dialog.table.rowCount() >= 1
    assert all(dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount()))
    assert page.io.message.text().startswith("No se importó el plan")
    assert plans.plans_for(db, committee_id) == before


def test_export_is_disabled_without_a_plan(qtbot, ops, db):
    committee_id = make_committee(db)
    page = PlansPage(ops)
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    page.show()
    assert not page.io.export_button.isEnabled()
    assert page.io.import_button.isEnabled()
    assert [a.text() for a in page.io.export_button.menu().actions()] == [
        "Exportar matriz PDF…", "Exportar Excel…", "Exportar CSV…"]
