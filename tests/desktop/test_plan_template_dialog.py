"""«Nuevo plan» from a template headquarters distributed: chosen in the dialog, the tree
arrives, undo takes it back; a template this device cannot use is explained at the dialog."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from db.domain import plan_execution, plans
from db.domain.plan_import import parse_plan_file
from db.domain.plan_templates import content_of
from db.storage import records
from db.storage.connection import transaction
from desktop.operations import Operations
from desktop.pages.plans_page import PlansPage
from desktop.plans.plan_dialogs import PlanDialog
from forms.plan_xlsx import export_xlsx
from tests.db.factories import make_committee, snapshot
from tests.db.plan_factories import make_plan
from tests.desktop.test_plans_page import accept, codes

Click = Qt.MouseButton.LeftButton


def receive(db, template_id: str, title: str, content: str, notes: str = "") -> None:
    with transaction(db):
        records.apply_remote(db, "plan_templates", template_id, "insert", {
            "title": title, "committee_kind": "cdrpeti", "year": 2026, "content": content,
            "notes": notes, "is_custom": 0})


@pytest.fixture
def ops(qapp, db):
    return Operations(db)


@pytest.fixture
def setup(db, tmp_path):
    model = make_committee(db, acronym="CDRPETI-MODELO")
    ids = make_plan(db, model, 2026)
    path = tmp_path / "modelo.xlsx"
    export_xlsx(plan_execution.compute(db, ids["plan"]), path, db=db)
    content = content_of(parse_plan_file(path)[0])
    receive(db, "modelo", "Plan modelo CDRPETI 2026", content, notes="Adapte las metas.")
    broken = json.loads(content)
    broken["nodes"][0]["institutions"] = {"NO EXISTE": True}
    receive(db, "rota", "Plantilla con una institución desconocida", json.dumps(broken))
    committee = make_committee(db, acronym="CDRPETI-UCAYALI", region_code="PE-UCA")
    return committee, ids


@pytest.fixture
def page(qtbot, ops, setup):
    page = PlansPage(ops)
    qtbot.addWidget(page)
    page.set_committee(setup[0])
    page.resize(1400, 850)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_new_plan_from_a_template(qtbot, db, ops, page, setup):
    committee, ids = setup
    qtbot.mouseClick(page.new_plan_button, Click)
    dialog = page.dialog
    assert isinstance(dialog, PlanDialog)
    combo = dialog.template
    assert combo.isEnabled()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Ninguna", "Plan modelo CDRPETI 2026", "Plantilla con una institución desconocida"]
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == "Adapte las metas."
    dialog.year.setValue(2027)
    combo.setCurrentIndex(1)
    assert not dialog.copy_check.isChecked() and not dialog.copy_check.isEnabled()
    accept(qtbot, ops, dialog)
    plan = plans.plans_for(db, committee)[0]
    assert plan["year"] == 2027 and plan["title"] == "Plan de Trabajo Anual 2027"  # year moved
    assert page.plan_id == plan["id"]
    assert codes(page) == [n["code"] for n in plans.nodes(db, ids["plan"])]
    ops.undo_stack.undo()
    assert plans.plans_for(db, committee) == []


def test_a_template_that_cannot_be_used_is_explained(qtbot, db, ops, page, setup):
    qtbot.mouseClick(page.new_plan_button, Click)
    dialog = page.dialog
    dialog.year.setValue(2027)
    dialog.template.setCurrentIndex(2)
    before = snapshot(db)
    qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.isVisible()
    assert "No se reconoce la institución «NO EXISTE»" in dialog.error_text("")
    assert snapshot(db) == before


def test_without_templates_the_choice_says_why(qtbot, tmp_path, qapp):
    from db.storage.store import open_store

    fresh = open_store(tmp_path / "vacio.sqlite")
    try:
        committee = make_committee(fresh, acronym="CDRPETI-PIURA", region_code="PE-PIU")
        dialog = PlanDialog(Operations(fresh), committee)
        qtbot.addWidget(dialog)
        assert not dialog.template.isEnabled()
        assert dialog.template.currentText() == "Ninguna (aún no llegan plantillas de la sede)"
    finally:
        fresh.conn.close()
