"""The «Planes» page driven like a planning officer: build a plan, give it indicators,
record execution and watch the dashboard follow; undo throughout; bad input refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QDialog, QLineEdit, QMessageBox

from db.domain import catalog, indicators, plans
from db.storage import records
from desktop.models.rows_model import RowsTableModel
from desktop.operations import Operations
from desktop.pages.plans_page import PlansPage
from desktop.plans.entry_dialog import EntryDialog
from desktop.plans.indicator_dialog import IndicatorDialog
from desktop.plans.plan_dialogs import PlanDialog
from desktop.plans.tree_model import CODE, TEXT
from tests.db.factories import make_committee
from tests.db.plan_factories import make_plan
from tests.support.typing import type_text

Click = Qt.MouseButton.LeftButton
YEAR = 2025


def count(db, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM [{table}] WHERE deleted_at IS NULL")
               .fetchone()[0])


def codes(page: PlansPage) -> list[str]:
    return [page.tree.model.node(i)["code"] for i in page.tree.model.all_ids()]


def node_id(db, plan_id: str, code: str) -> str:
    return next(n["id"] for n in plans.nodes(db, plan_id) if n["code"] == code)


def cell(model, row: int, header: str, role=Qt.ItemDataRole.DisplayRole):
    column = [c.header for c in model.columns].index(header)
    return model.index(row, column).data(role)


def result_row(page: PlansPage, name: str) -> int:
    model = page.dashboard.results_model
    return next(r for r in range(model.rowCount()) if model.row_at(r).name == name)


@pytest.fixture
def ops(qapp, db):
    return Operations(db)


@pytest.fixture
def committee_id(db):
    return make_committee(db, acronym="CDRPETI-UCAYALI", region_code="PE-UCA")


@pytest.fixture
def page(qtbot, ops, committee_id):
    page = PlansPage(ops)
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    page.resize(1400, 850)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def planned(db, committee_id):
    return make_plan(db, committee_id, YEAR)


@pytest.fixture
def plan_page(qtbot, ops, committee_id, planned):
    page = PlansPage(ops)
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    page.resize(1400, 850)
    page.show()
    qtbot.waitExposed(page)
    return page


def accept(qtbot, ops, dialog: QDialog) -> None:
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.result() == QDialog.DialogCode.Accepted


def add_entry(qtbot, ops, page: PlansPage, day: str, quantity: str, **texts) -> EntryDialog:
    dialog = page.entries.on_add_button_clicked()
    assert isinstance(dialog, EntryDialog) and dialog.isVisible()
    dialog.date.set_value(day)
    type_text(qtbot, dialog.quantity, quantity)
    for field, text in texts.items():
        type_text(qtbot, getattr(dialog, field), text)
    accept(qtbot, ops, dialog)
    return dialog


def open_editor(page: PlansPage) -> QLineEdit:
    """The cell editor the tree opened (on the new node's text)."""
    [editor] = [e for e in page.tree.view.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editor


def select_indicator(page: PlansPage, node: str, name: str) -> None:
    page.tree.select(node)
    model = page.indicators.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r)["indicator"]["name"] == name)
    page.indicators.view.selectRow(row)
    assert page.entries.indicator["name"] == name


# Building a plan through the UI -----------------------------------------------------------

def test_build_a_small_plan(qtbot, db, ops, page, committee_id):
    assert page.stack.currentWidget() is page.empty_label
    assert "aún no tiene un plan" in page.empty_label.text()

    qtbot.mouseClick(page.new_plan_button, Click)
    dialog = page.dialog
    assert isinstance(dialog, PlanDialog) and dialog.isVisible()
    dialog.year.setValue(YEAR)
    assert not dialog.copy_check.isEnabled()  # there is no plan of the year before
    assert dialog.title.placeholderText() == f"Plan de Trabajo Anual {YEAR}"
    accept(qtbot, ops, dialog)
    plan = plans.plans_for(db, committee_id)[0]
    assert (plan["year"], plan["title"]) == (YEAR, f"Plan de Trabajo Anual {YEAR}")
    assert page.plan_id == plan["id"] and page.stack.currentWidget() is page.tabs
    assert page.plan_combo.currentText() == f"{YEAR} — Plan de Trabajo Anual {YEAR}"

    # An objective: the code is suggested and the text opens for typing.
    assert not page.tree.add_buttons["linea"].isEnabled()  # nothing to hang it from yet
    qtbot.mouseClick(page.tree.add_buttons["objetivo"], Click)
    editor = open_editor(page)
    type_text(qtbot, editor, "Reducir el trabajo infantil peligroso")
    with qtbot.waitSignal(ops.changed, timeout=2000):  # the delegate commits queued
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    objective = node_id(db, plan["id"], "OE 1")
    assert plans.node(db, objective)["text"] == "Reducir el trabajo infantil peligroso"

    # A line of action under it, code «LA 1.1».
    page.tree.select(objective)
    qtbot.mouseClick(page.tree.add_buttons["linea"], Click)
    assert codes(page) == ["OE 1", "LA 1.1"]
    line = node_id(db, plan["id"], "LA 1.1")
    assert page.tree.current_id() == line
    assert plans.node(db, line)["parent_id"] == objective

    # Codes edit in place; a duplicate is refused in Spanish and the cell keeps its value.
    model = page.tree.model
    assert model.setData(model.index_of(line, CODE), "LA 1.1.1")
    assert plans.node(db, line)["code"] == "LA 1.1.1"
    changes = records.pending_changes(db)
    assert not model.setData(model.index_of(line, CODE), "oe 1")
    assert page.tree.error.isVisible()
    assert page.tree.error.text() == "El código «oe 1» ya existe en este plan."
    assert model.index_of(line, CODE).data() == "LA 1.1.1"
    assert plans.node(db, line)["code"] == "LA 1.1.1"
    assert records.pending_changes(db) == changes
    assert model.setData(model.index_of(line, TEXT), "Talleres con familias")
    assert not page.tree.error.isVisible()

    # An indicator with a quarterly schedule that does not add up: refused at the field.
    page.tree.select(line)
    qtbot.mouseClick(page.indicators.add_button, Click)
    dialog = page.indicators.dialog
    assert isinstance(dialog, IndicatorDialog) and dialog.isVisible()
    type_text(qtbot, dialog.name, "Talleres realizados")
    dialog.unit.setCurrentIndex(dialog.unit.findData(catalog.unit_id("Evento")))
    type_text(qtbot, dialog.target, "4")
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("trimestral"))
    assert sorted(dialog.grid.edits) == [1, 2, 3, 4]
    for period, value in ((1, "1"), (2, "1,5"), (3, "1")):
        type_text(qtbot, dialog.grid.edits[period], value)
    assert dialog.grid.sum_label.text() == "Suma: 3,5 de 4"
    qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.isVisible()
    assert dialog.error_text("targets") == (
        "La programación suma 3,5 y la meta anual es 4: deben coincidir.")
    assert count(db, "indicators") == 0 and count(db, "indicator_targets") == 0
    # Then right.
    type_text(qtbot, dialog.grid.edits[4], "0,5")
    assert dialog.grid.sum_label.text() == "Suma: 4 de 4"
    accept(qtbot, ops, dialog)
    [indicator] = indicators.for_node(db, line)
    assert (indicator["name"], indicator["annual_target"], indicator["schedule"]) == (
        "Talleres realizados", 4.0, "trimestral")
    assert indicators.schedule_targets(db, indicator["id"]) == {1: 1, 2: 1.5, 3: 1, 4: 0.5}
    assert page.indicators.model.rowCount() == 1
    assert cell(page.indicators.model, 0, "Estado") == "No reportado"
    assert cell(page.indicators.model, 0, "Programación") == "Trimestral"


def test_indicator_without_unit_or_with_a_bad_target_is_refused(qtbot, db, plan_page, planned):
    page = plan_page
    page.tree.select(planned["la112"])
    dialog = page.indicators.on_add_button_clicked()
    before = count(db, "indicators")
    type_text(qtbot, dialog.name, "Spots radiales")
    type_text(qtbot, dialog.target, "dos")
    qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.error_text("unit_id") == "Indique la unidad de medida del indicador."
    assert dialog.error_text("annual_target") == (
        "«Meta física» debe ser un número; se escribió «dos».")
    assert count(db, "indicators") == before


def test_edit_an_indicator_and_its_schedule_with_undo(qtbot, db, ops, plan_page, planned):
    page, talleres = plan_page, planned["talleres"]
    select_indicator(page, planned["la111"], "Talleres realizados")
    qtbot.mouseClick(page.indicators.edit_button, Click)
    dialog = page.indicators.dialog
    assert dialog.target.text() == "2"
    assert [dialog.grid.edits[p].text() for p in range(1, 5)] == ["0", "1", "1", "0"]
    assert dialog.grid.sum_label.text() == "Suma: 2 de 2"
    dialog.target.setText("12")
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("mensual"))
    assert len(dialog.grid.edits) == 12
    for edit in dialog.grid.edits.values():
        edit.setText("1")
    assert dialog.grid.sum_label.text() == "Suma: 12 de 12"
    accept(qtbot, ops, dialog)
    row = records.get(db, "indicators", talleres)
    assert (row["annual_target"], row["schedule"]) == (12, "mensual")
    assert indicators.schedule_targets(db, talleres) == {p: 1 for p in range(1, 13)}
    assert cell(page.indicators.model, page.indicators.model.row_of(talleres), "%") == "25%"
    ops.undo_stack.undo()
    row = records.get(db, "indicators", talleres)
    assert (row["annual_target"], row["schedule"]) == (2, "trimestral")
    assert indicators.schedule_targets(db, talleres) == {1: 0, 2: 1, 3: 1, 4: 0}


def test_remove_an_indicator_and_undo(qtbot, db, ops, plan_page, planned):
    select_indicator(plan_page, planned["la111"], "Personas capacitadas")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(plan_page.indicators.remove_button, Click)
    assert [i["name"] for i in indicators.for_node(db, planned["la111"])] == [
        "Talleres realizados"]
    assert plan_page.indicators.model.rowCount() == 1
    ops.undo_stack.undo()
    assert plan_page.indicators.model.rowCount() == 2


def test_new_unit_from_the_indicator_dialog(qtbot, db, ops, plan_page, planned):
    plan_page.tree.select(planned["la112"])
    dialog = plan_page.indicators.on_add_button_clicked()
    prompt = dialog.on_new_unit_button_clicked()
    prompt.setTextValue("Spot radial")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        prompt.accept()
    assert dialog.unit.currentText() == "Spot radial"
    assert catalog.find_unit(db, "spot radial")["id"] == dialog.unit.currentData()
    dialog.add_unit("Spot radial")  # a duplicate: said at the field
    assert dialog.error_text("unit_id") == "La unidad «Spot radial» ya existe."


def test_new_plan_copied_from_last_year(qtbot, db, ops, plan_page, committee_id, planned):
    qtbot.mouseClick(plan_page.new_plan_button, Click)
    dialog = plan_page.dialog
    assert dialog.year.value() == YEAR + 1
    assert dialog.copy_check.isEnabled() and dialog.copy_check.isChecked()
    assert dialog.copy_check.text().startswith(f"Copiar del plan de {YEAR}")
    accept(qtbot, ops, dialog)
    new_plan = plans.plans_for(db, committee_id)[0]
    assert new_plan["year"] == YEAR + 1 and new_plan["source_plan_id"] == planned["plan"]
    assert plan_page.plan_id == new_plan["id"]
    assert codes(plan_page) == [n["code"] for n in plans.nodes(db, planned["plan"])]
    # Same indicators, no execution: all «No reportado» on the dashboard.
    plan_page.tabs.setCurrentWidget(plan_page.dashboard)
    states = {r.state for r in plan_page.dashboard.results_model.rows()}
    assert states == {"no_reportado"}
    # The year already taken is refused at the field.
    qtbot.mouseClick(plan_page.new_plan_button, Click)
    dialog = plan_page.dialog
    dialog.year.setValue(YEAR)
    qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.error_text("year") == f"El comité ya tiene un plan para el año {YEAR}."


# Undo of the tree -------------------------------------------------------------------------

def test_undo_redo_node_creation_and_removal(qtbot, db, ops, plan_page, planned):
    page = plan_page
    page.tree.select(planned["oe2"])
    qtbot.mouseClick(page.tree.add_buttons["eje"], Click)
    page.tree.view.closeEditor(open_editor(page), QAbstractItemDelegate.EndEditHint.NoHint)
    assert codes(page)[5:] == ["OE 2", "LA 2.1", "EE 2"]  # the next free axis code
    added = page.tree.current_id()
    assert plans.node(db, added)["parent_id"] == planned["oe2"]
    ops.undo_stack.undo()
    assert added not in page.tree.model.all_ids()
    ops.undo_stack.redo()
    assert added in page.tree.model.all_ids()

    # Removing a branch with indicators and execution asks first, and undoes whole.
    before = {t: count(db, t) for t in ("plan_nodes", "indicators", "execution_entries")}
    page.tree.select(planned["oe2"])
    qtbot.mouseClick(page.tree.remove_button, Click)
    box = page.tree.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "2 indicador(es)" in box.text()
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(box.findChild(type(page.tree.remove_button), "confirm_remove_button"),
                         Click)
    assert codes(page) == ["OE 1", "EE 1", "E 1.1", "LA 1.1.1", "LA 1.1.2"]
    assert count(db, "indicators") == before["indicators"] - 2
    ops.undo_stack.undo()
    assert {t: count(db, t) for t in before} == before
    assert codes(page) == ["OE 1", "EE 1", "E 1.1", "LA 1.1.1", "LA 1.1.2", "OE 2", "LA 2.1",
                           "EE 2"]
    ops.undo_stack.redo()
    assert "OE 2" not in codes(page)


def test_reorder_with_buttons_and_drag_and_undo(qtbot, db, ops, plan_page, planned):
    page = plan_page
    page.tree.select(planned["oe2"])
    assert not page.tree.down_button.isEnabled()
    qtbot.mouseClick(page.tree.up_button, Click)
    assert codes(page)[:1] == ["OE 2"] and page.tree.current_id() == planned["oe2"]
    assert [n["code"] for n in plans.nodes(db, planned["plan"])][0] == "OE 2"
    ops.undo_stack.undo()
    assert codes(page)[0] == "OE 1"
    ops.undo_stack.redo()
    assert codes(page)[0] == "OE 2"
    ops.undo_stack.undo()

    # Dragging LA 1.1.2 above LA 1.1.1 (a drop between rows of the same parent).
    model = page.tree.model
    data = model.mimeData([model.index_of(planned["la112"])])
    parent = model.index_of(planned["e11"])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0,
                                     model.index_of(planned["oe2"]))  # another level: no
    with qtbot.waitSignal(ops.changed, timeout=2000):
        model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent)
    assert model.children_of(planned["e11"]) == [planned["la112"], planned["la111"]]
    ops.undo_stack.undo()
    assert model.children_of(planned["e11"]) == [planned["la111"], planned["la112"]]
    # Dropping on a sibling takes its place.
    data = model.mimeData([model.index_of(planned["la111"])])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of(planned["la112"]))
    assert model.children_of(planned["e11"]) == [planned["la112"], planned["la111"]]


def test_undo_of_a_removal_puts_the_node_back_in_its_place(qtbot, db, ops, plan_page,
                                                           planned):
    page = plan_page
    page.tree.select(planned["oe2"])
    qtbot.mouseClick(page.tree.up_button, Click)
    assert [c for c in codes(page) if c.startswith("OE")] == ["OE 2", "OE 1"]
    page.tree.select(planned["oe2"])
    qtbot.mouseClick(page.tree.remove_button, Click)
    box = page.tree.confirm_box
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(box.findChild(type(page.tree.remove_button), "confirm_remove_button"),
                         Click)
    ops.undo_stack.undo()
    assert [c for c in codes(page) if c.startswith("OE")] == ["OE 2", "OE 1"]


def test_tag_and_alignment_edit_in_place(qtbot, db, ops, plan_page, planned):
    model = plan_page.tree.model
    assert model.setData(model.index_of(planned["la21"], 3), "persecucion")
    assert model.index_of(planned["la21"], 3).data() == "Persecución"
    assert model.setData(model.index_of(planned["la21"], 5), "A.E.I 02.01")
    assert plans.node(db, planned["la21"])["alignment"] == "A.E.I 02.01"
    ops.undo_stack.undo()
    ops.undo_stack.undo()
    assert (plans.node(db, planned["la21"])["tag"], plans.node(db, planned["la21"])["alignment"]
            ) == ("", "")


def test_node_institutions_with_undo(qtbot, db, ops, plan_page, planned):
    page = plan_page
    page.tree.select(planned["la112"])
    editor = page.institutions
    assert editor.title.text() == "Instituciones de LA 1.1.2"
    with qtbot.waitSignal(ops.changed, timeout=2000):
        editor.set_marks(catalog.institution_id("DRE"), involved=True, responsible=True)
    item = editor.item_for(catalog.institution_id("UGEL"))
    with qtbot.waitSignal(ops.changed, timeout=2000):
        item.setCheckState(1, Qt.CheckState.Checked)  # a click on «Involucrada»
    chosen = {(r["acronym"], r["is_responsible"])
              for r in plans.node_institutions(db, planned["la112"])}
    assert chosen == {("DRE", 1), ("UGEL", 0)}
    index = page.tree.model.index_of(planned["la112"], 4)
    assert index.data() == "DRE (+1 involucrada)"
    ops.undo_stack.undo()
    assert [r["acronym"] for r in plans.node_institutions(db, planned["la112"])] == ["DRE"]
    assert editor.item_for(catalog.institution_id("UGEL")).checkState(1) == \
        Qt.CheckState.Unchecked


def test_plan_data_records_the_approving_session(qtbot, db, ops, plan_page, committee_id,
                                                 planned):
    from db.domain import agreements, sessions

    session_id = sessions.create_session(db, committee_id, date=f"{YEAR}-02-10")
    agreement_id = agreements.create_agreement(db, session_id, f"Aprobar el plan {YEAR}.")
    qtbot.mouseClick(plan_page.edit_plan_button, Click)
    dialog = plan_page.dialog
    dialog.session.setCurrentIndex(dialog.session.findData(session_id))
    dialog.agreement.setCurrentIndex(dialog.agreement.findData(agreement_id))
    accept(qtbot, ops, dialog)
    plan = plans.get_plan(db, planned["plan"])
    assert (plan["approved_in_session_id"], plan["approved_by_agreement_id"]) == (
        session_id, agreement_id)
    assert plan_page.approval_label.text() == f"Aprobado en la sesión del 10/02/{YEAR}"
    ops.undo_stack.undo()
    assert plans.get_plan(db, planned["plan"])["approved_in_session_id"] is None


# Models -------------------------------------------------------------------------------------

def test_models_pass_the_model_tester(qtmodeltester, plan_page, planned):
    page = plan_page
    qtmodeltester.check(page.tree.model, force_py=True)
    qtmodeltester.check(page.tree.model)
    select_indicator(page, planned["la111"], "Talleres realizados")
    page.tabs.setCurrentWidget(page.dashboard)
    for model in (page.indicators.model, page.entries.model, page.dashboard.results_model,
                  page.dashboard.rollup_model):
        assert isinstance(model, RowsTableModel) and model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
        qtmodeltester.check(model)


def test_the_page_reads_nothing_until_shown(qtbot, ops, committee_id, planned):
    page = PlansPage(ops)
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    assert page.stale and page.plan_combo.count() == 0
    page.show()
    qtbot.waitExposed(page)
    assert not page.stale and page.plan_combo.count() == 1


def test_main_window_lists_plans_and_undoes_from_the_edit_menu(qtbot, tmp_path, db_path,
                                                               committee_id):
    from PySide6.QtCore import QSettings

    from db.storage.store import open_store
    from desktop.actions import ActionId
    from desktop.main_window import MainWindow
    from desktop.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(open_store(db_path), db_path, settings)
    qtbot.addWidget(window)
    window.show()
    titles = [window.navigation.item(r).text() for r in range(window.navigation.count())]
    assert titles[-1] == "Planes"
    page = window.show_page(PlansPage)
    assert window.stack.currentWidget() is page
    assert page.empty_label.isVisible() and page.new_plan_button.isEnabled()

    qtbot.mouseClick(page.new_plan_button, Click)
    accept(qtbot, window.ops, page.dialog)
    qtbot.mouseClick(page.tree.add_buttons["objetivo"], Click)
    page.tree.view.closeEditor(open_editor(page), QAbstractItemDelegate.EndEditHint.NoHint)
    assert codes(page) == ["OE 1"]
    undo = window.actions[ActionId.UNDO]
    assert undo.text() == "Deshacer Añadir «OE 1»"
    undo.trigger()
    assert codes(page) == []
    window.actions[ActionId.REDO].trigger()
    assert codes(page) == ["OE 1"]
