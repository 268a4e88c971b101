# ruff: noqa: F811 (the fixtures are imported from test_plans_page, the pytest way)
"""The «Planes» page, execution: entries with evidence feed the dashboard; bad quantities,
out-of-year dates and evidence over the limit are refused; undo throughout."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from db.domain import indicators
from db.domain.rules.execution import COLOURS
from db.storage import records
from tests.desktop.test_plans_page import (  # noqa: F401 (fixtures)
    YEAR,
    accept,
    add_entry,
    cell,
    committee_id,
    count,
    ops,
    plan_page,
    planned,
    result_row,
    select_indicator,
)
from tests.support.typing import type_text

Click = Qt.MouseButton.LeftButton


def test_entries_update_the_dashboard(qtbot, db, ops, plan_page, planned):
    page = plan_page
    page.tabs.setCurrentWidget(page.dashboard)
    model = page.dashboard.results_model
    row = result_row(page, "Personas capacitadas")
    assert cell(model, row, "% ejec.") == "33%"
    assert cell(model, row, "Estado") == "Meta no alcanzada pero actividad realizada"
    no_entries = result_row(page, "Operativos realizados")
    assert cell(model, no_entries, "Estado") == "No reportado"
    assert cell(model, no_entries, "Estado", Qt.ItemDataRole.BackgroundRole).color().name() \
        == COLOURS["no_reportado"].lower()

    page.tabs.setCurrentIndex(0)
    select_indicator(page, planned["la111"], "Personas capacitadas")
    add_entry(qtbot, ops, page, f"{YEAR}-10-15", "2", description="Capacitación a docentes",
              province="Coronel Portillo", district="Manantay")
    assert page.entries.model.rowCount() == 2
    assert cell(page.entries.model, 1, "Lugar") == "Manantay, Coronel Portillo"
    assert cell(page.indicators.model, page.indicators.model.row_of(planned["personas"]),
                "%") == "100%"
    assert "Capacitación a docentes (Manantay, Coronel Portillo)" in \
        page.entries.generated.text()

    page.tabs.setCurrentWidget(page.dashboard)
    row = result_row(page, "Personas capacitadas")
    assert cell(model, row, "% ejec.") == "100%"
    assert cell(model, row, "Estado") == "Meta alcanzada o superada"
    assert cell(model, row, "Estado", Qt.ItemDataRole.BackgroundRole).color().name() \
        == COLOURS["alcanzada"].lower()
    assert cell(model, result_row(page, "Operativos realizados"), "Estado") == "No reportado"

    # The quarter: the workshops were scheduled 0/1/1/0 and done in May (1) and August (2).
    page.dashboard.rollup_combo.setCurrentIndex(page.dashboard.rollup_combo.findData(
        "by_quarter"))
    rollups = page.dashboard.rollup_model
    assert rollups.column_texts(0) == [f"{q} trimestre {YEAR}" for q in ("I", "II", "III", "IV")]
    assert [cell(rollups, r, "Avance") for r in range(4)] == ["—", "100%", "100%", "—"]
    # One quarter as the period: in III the workshops made 2 of 1.
    page.dashboard.period_combo.setCurrentIndex(page.dashboard.period_combo.findData(3))
    assert page.dashboard.period_label.text() == f"III trimestre {YEAR}"
    row = result_row(page, "Talleres realizados")
    assert (cell(model, row, "Meta"), cell(model, row, "Ejecutado"),
            cell(model, row, "% ejec.")) == ("1", "2", "200%")
    # Up to a date: before any entry, nothing is reported.
    page.dashboard.period_combo.setCurrentIndex(page.dashboard.period_combo.findData("until"))
    assert page.dashboard.until_edit.isVisible()
    page.dashboard.until_edit.setDate(QDate(YEAR, 1, 31))
    assert {r.state for r in model.rows()} == {"no_reportado"}
    # The chart follows: one bar per objective.
    page.dashboard.period_combo.setCurrentIndex(0)
    assert [b.label for b in page.dashboard.chart.bars] == ["OE 1", "OE 2"]
    page.dashboard.chart_combo.setCurrentIndex(1)
    assert [b.label for b in page.dashboard.chart.bars] == ["LA 1.1.1", "LA 1.1.2", "LA 2.1"]
    image = page.dashboard.chart.grab().toImage()
    assert not image.isNull() and image.width() > 100


def test_remove_an_entry_and_undo(qtbot, db, ops, plan_page, planned):
    select_indicator(plan_page, planned["la111"], "Talleres realizados")
    assert plan_page.entries.model.rowCount() == 2
    plan_page.entries.view.selectRow(0)
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(plan_page.entries.remove_button, Click)
    assert len(indicators.entries(db, planned["talleres"])) == 1
    assert plan_page.entries.model.rowCount() == 1
    ops.undo_stack.undo()
    assert len(indicators.entries(db, planned["talleres"])) == 2
    assert plan_page.entries.model.rowCount() == 2


def test_out_of_year_entry_needs_a_reason(qtbot, db, ops, plan_page, planned):
    select_indicator(plan_page, planned["la21"], "Operativos realizados")
    dialog = plan_page.entries.on_add_button_clicked()
    assert not dialog.reason.isVisible() and not dialog.year_warning.isVisible()
    dialog.date.set_value(f"{YEAR - 1}-12-20")
    assert dialog.year_warning.isVisible() and dialog.reason.isVisible()
    assert str(YEAR) in dialog.year_warning.text()
    type_text(qtbot, dialog.quantity, "1")
    qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.isVisible()
    assert dialog.error_text("entry_date").startswith(
        f"La fecha está fuera del año del plan ({YEAR}).")
    assert indicators.entries(db, planned["operativos"]) == []
    type_text(qtbot, dialog.reason, "Operativo reprogramado")
    accept(qtbot, ops, dialog)
    [entry] = indicators.entries(db, planned["operativos"])
    assert (entry["entry_date"], entry["date_note"]) == (f"{YEAR - 1}-12-20",
                                                          "Operativo reprogramado")


def test_bad_quantities_and_participants_are_refused(qtbot, db, plan_page, planned):
    select_indicator(plan_page, planned["la21"], "Operativos realizados")
    dialog = plan_page.entries.on_add_button_clicked()
    type_text(qtbot, dialog.quantity, "tres")
    dialog.women.setValue(3)
    dialog.men.setValue(2)
    assert dialog.total.value() == 5  # the total follows the breakdown
    dialog.total.setValue(7)
    qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.error_text("quantity") == (
        "«Cantidad ejecutada» debe ser un número; se escribió «tres».")
    assert "no coincide con mujeres (3) más hombres (2)" in dialog.error_text("participants")
    assert indicators.entries(db, planned["operativos"]) == []


def test_evidence_over_the_limit_is_refused(qtbot, db, ops, plan_page, planned, tmp_path):
    indicators.set_evidence_limit(db, 1024)
    big, small = tmp_path / "fotos.pdf", tmp_path / "lista.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"x" * 4096)
    small.write_bytes(b"%PDF-1.4\nlista de asistencia\n")
    select_indicator(plan_page, planned["la21"], "Operativos realizados")
    dialog = plan_page.entries.on_add_button_clicked()
    type_text(qtbot, dialog.quantity, "1")
    dialog.choose_files = lambda: [str(big)]
    qtbot.mouseClick(dialog.add_files_button, Click)
    assert "supera el máximo" in dialog.error_text("evidence")
    qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.isVisible()
    assert "«fotos.pdf» pesa" in dialog.error_text("evidence")
    assert indicators.entries(db, planned["operativos"]) == []
    assert count(db, "execution_evidence") == 0
    # Take it out, add the small one: saved with its evidence.
    dialog.evidence_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_file_button, Click)
    dialog.choose_files = lambda: [str(small)]
    qtbot.mouseClick(dialog.add_files_button, Click)
    accept(qtbot, ops, dialog)
    [entry] = indicators.entries(db, planned["operativos"])
    [evidence] = indicators.evidence(db, entry["id"])
    assert (evidence["file_name"], evidence["mime_type"]) == ("lista.pdf", "application/pdf")
    assert cell(plan_page.entries.model, 0, "Medios") == "1"


def test_edit_an_entry_with_undo(qtbot, db, ops, plan_page, planned):
    select_indicator(plan_page, planned["la111"], "Personas capacitadas")
    plan_page.entries.view.selectRow(0)
    dialog = plan_page.entries.on_edit_button_clicked()
    assert dialog.quantity.text() == "1"
    dialog.quantity.setText("3")
    accept(qtbot, ops, dialog)
    assert indicators.entries(db, planned["personas"])[0]["quantity"] == 3
    ops.undo_stack.undo()
    assert indicators.entries(db, planned["personas"])[0]["quantity"] == 1


def test_observations_are_generated_and_editable(qtbot, db, ops, plan_page, planned):
    select_indicator(plan_page, planned["la111"], "Talleres realizados")
    generated = plan_page.entries.generated.text()
    assert generated.startswith("10/05/2025: Taller con familias (Callería, Coronel Portillo)")
    edit = plan_page.entries.observations_edit
    edit.setFocus()
    type_text(qtbot, edit, "Se superó la meta.")
    plan_page.flush()
    assert records.get(db, "indicators", planned["talleres"])["observations"] == \
        "Se superó la meta."
    plan_page.tabs.setCurrentWidget(plan_page.dashboard)
    model = plan_page.dashboard.results_model
    assert cell(model, result_row(plan_page, "Talleres realizados"), "Observaciones") == \
        "Se superó la meta."
    # Emptied: the generated text again.
    plan_page.tabs.setCurrentIndex(0)
    edit.clear()
    plan_page.flush()
    plan_page.tabs.setCurrentWidget(plan_page.dashboard)
    assert cell(model, result_row(plan_page, "Talleres realizados"), "Observaciones") == \
        generated
