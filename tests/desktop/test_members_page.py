"""The «Miembros» page and its dialogs, driven through their real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QPushButton

from db.domain import catalog, committees, membership
from desktop.dialogs.designation_dialog import DesignationDialog
from desktop.dialogs.institution_dialog import InstitutionDialog
from desktop.dialogs.seat_dialog import SeatDialog
from desktop.models.members_models import DesignationsModel, InstitutionsModel, SeatsModel
from desktop.operations import Operations
from desktop.pages.members_page import MembersPage
from tests.support.typing import type_text

Click = Qt.MouseButton.LeftButton


def snapshot(db) -> dict[str, int]:
    tables = ("seats", "designations", "institutions", "change_log")
    return {t: int(db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]) for t in tables}


def column(model, col: int) -> list[str]:
    return [model.index(row, col).data() for row in range(model.rowCount())]


@pytest.fixture
def ops(db):
    return Operations(db)


@pytest.fixture
def committee_id(db):
    return committees.create_committee(
        db, kind="cdrpeti", name="Comité Directivo Regional de Madre de Dios",
        acronym="CDRPETI MDD", region_code="PE-MDD")


@pytest.fixture
def page(qtbot, ops, committee_id):
    page = MembersPage(ops)
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    page.show()
    return page


def open_seat_dialog(qtbot, page) -> SeatDialog:
    qtbot.mouseClick(page.add_seat_button, Click)
    dialog = page.dialog
    assert isinstance(dialog, SeatDialog) and dialog.isVisible()
    return dialog


def add_seat(qtbot, ops, page, typed: str, role: str = "miembro", *,
             presidency: bool = False, secretariat: bool = False) -> SeatDialog:
    """«Añadir asiento…»: type the institution in the searchable combo, pick, accept."""
    dialog = open_seat_dialog(qtbot, page)
    line = dialog.institution.lineEdit()
    line.selectAll()
    type_text(qtbot, line, typed)
    dialog.role.setCurrentIndex(dialog.role.findData(role))
    if presidency:
        qtbot.mouseClick(dialog.presidency, Click)
    if secretariat:
        qtbot.mouseClick(dialog.secretariat, Click)
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.result() == QDialog.DialogCode.Accepted
    return dialog


def designate(qtbot, ops, page, seat_acronym: str, position: str, name: str, job: str,
              document: str, day: QDate) -> DesignationDialog:
    row = column(page.seats_model, 0).index(seat_acronym)
    page.seats_view.selectRow(row)
    qtbot.mouseClick(page.designate_button, Click)
    dialog = page.dialog
    assert isinstance(dialog, DesignationDialog) and dialog.isVisible()
    qtbot.mouseClick(dialog.position_buttons[position], Click)
    type_text(qtbot, dialog.person_name, name)
    type_text(qtbot, dialog.job_title, job)
    type_text(qtbot, dialog.document, document)
    dialog.designated_on.setDate(day)
    return dialog


# Models ----------------------------------------------------------------------------------

def test_models_pass_the_model_tester(qtmodeltester, db, committee_id):
    mtpe = membership.add_seat(db, committee_id, catalog.institution_id("MTPE"),
                               is_presidency=True)
    membership.add_seat(db, committee_id, catalog.institution_id("DP"), "observador")
    membership.designate(db, mtpe, "titular", "Ana Quispe", "2024-01-10", "R.M. 1-2024")
    membership.designate(db, mtpe, "titular", "Luis Huamán", "2025-03-01", "R.M. 9-2025")

    seats = SeatsModel()
    seats.set_rows(membership.seats(db, committee_id))
    qtmodeltester.check(seats)
    assert column(seats, 0) == ["MTPE", "DP"]
    assert column(seats, 2) == ["Miembro", "Observador"]
    assert column(seats, 3) == ["Presidencia", ""]
    assert column(seats, 4) == ["Luis Huamán", ""]

    history = DesignationsModel()
    history.set_rows(membership.designations(db, mtpe))
    qtmodeltester.check(history)
    assert column(history, 1) == ["Luis Huamán", "Ana Quispe"]
    assert column(history, 5) == ["vigente", "01/03/2025"]

    institutions = InstitutionsModel()
    institutions.set_rows(catalog.institutions(db))
    qtmodeltester.check(institutions)
    assert "MIMP" in column(institutions, 0)


# Seats -----------------------------------------------------------------------------------

def test_add_seats_through_the_dialog(qtbot, db, ops, page, committee_id):
    assert page.summary_label.text() == (
        "0 miembros con voto · 0 observadores/invitados permanentes")
    add_seat(qtbot, ops, page, "drtpe", secretariat=True)
    add_seat(qtbot, ops, page, "MTPE", presidency=True)
    dialog = add_seat(qtbot, ops, page, "Defensoría del Pueblo", role="observador")

    model = page.seats_model
    assert column(model, 0) == ["MTPE", "DRTPE", "DP"]  # presidency first
    assert column(model, 1)[0] == "Ministerio de Trabajo y Promoción del Empleo"
    assert column(model, 2) == ["Miembro", "Miembro", "Observador"]
    assert column(model, 3) == ["Presidencia", "Secretaría técnica", ""]
    assert page.summary_label.text() == (
        "2 miembros con voto · 1 observador/invitado permanente")
    assert page.selected_seat_id() == dialog.created_id  # the new seat is selected
    assert membership.voting_seat_count(db, committee_id) == 2


def test_a_duplicate_institution_is_refused_in_the_dialog(qtbot, db, ops, page):
    add_seat(qtbot, ops, page, "MTPE")
    before = snapshot(db)

    dialog = open_seat_dialog(qtbot, page)
    dialog.institution.setCurrentIndex(
        dialog.institution.findData(catalog.institution_id("MTPE")))
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Click)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_text("institution_id") == (
        "La institución MTPE ya tiene un asiento en este comité.")
    assert not dialog.errors["institution_id"].isHidden()
    assert snapshot(db) == before
    assert page.seats_model.rowCount() == 1


def test_an_institution_is_required_and_must_be_in_the_list(qtbot, db, ops, page):
    before = snapshot(db)
    dialog = open_seat_dialog(qtbot, page)
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.error_text("institution_id") == "El campo «Institución» es obligatorio."

    line = dialog.institution.lineEdit()
    line.selectAll()
    type_text(qtbot, line, "Institución inventada")
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.error_text("institution_id") == "Elija una institución de la lista."
    assert snapshot(db) == before


def test_undo_removes_a_created_seat_and_redo_brings_it_back(qtbot, db, ops, page,
                                                             committee_id):
    add_seat(qtbot, ops, page, "MTPE")
    dialog = add_seat(qtbot, ops, page, "MIMP")
    assert page.seats_model.rowCount() == 2
    assert ops.undo_stack.undoText() == "Añadir asiento «MIMP»"

    with qtbot.waitSignal(ops.changed, timeout=1000):
        ops.undo_stack.undo()
    assert column(page.seats_model, 0) == ["MTPE"]
    assert page.summary_label.text().startswith("1 miembro con voto")
    assert [s["acronym"] for s in membership.seats(db, committee_id)] == ["MTPE"]

    with qtbot.waitSignal(ops.changed, timeout=1000):
        ops.undo_stack.redo()
    assert column(page.seats_model, 0) == ["MTPE", "MIMP"]
    assert page.seats_model.row_of(dialog.created_id) == 1  # the same row came back


def test_remove_a_seat_after_confirming(qtbot, db, ops, page, committee_id):
    add_seat(qtbot, ops, page, "MTPE")
    add_seat(qtbot, ops, page, "MIMP")
    page.seats_view.selectRow(1)

    # Cancel keeps it.
    qtbot.mouseClick(page.remove_seat_button, Click)
    box = page.confirm_box
    assert "MIMP" in box.text()
    cancel = next(b for b in box.buttons() if b.text() == "Cancelar")
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(cancel, Click)
    assert page.seats_model.rowCount() == 2

    qtbot.mouseClick(page.remove_seat_button, Click)
    confirm = page.confirm_box.findChild(QPushButton, "confirm_remove_button")
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(confirm, Click)
    assert column(page.seats_model, 0) == ["MTPE"]
    assert membership.voting_seat_count(db, committee_id) == 1

    with qtbot.waitSignal(ops.changed, timeout=1000):
        ops.undo_stack.undo()
    assert column(page.seats_model, 0) == ["MTPE", "MIMP"]


def test_edit_a_seat_role(qtbot, db, ops, page, committee_id):
    add_seat(qtbot, ops, page, "MTPE")
    add_seat(qtbot, ops, page, "DP")
    page.seats_view.selectRow(1)
    qtbot.mouseClick(page.edit_seat_button, Click)
    dialog = page.dialog
    assert dialog.institution.currentData() == catalog.institution_id("DP")
    dialog.role.setCurrentIndex(dialog.role.findData("observador"))
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert column(page.seats_model, 2) == ["Miembro", "Observador"]
    assert page.summary_label.text() == (
        "1 miembro con voto · 1 observador/invitado permanente")
    ops.undo_stack.undo()
    assert column(page.seats_model, 2) == ["Miembro", "Miembro"]


def test_undoing_a_removal_is_refused_if_the_institution_sat_again(qtbot, db, ops, page,
                                                                  committee_id):
    failures = []
    ops.failed.connect(failures.append)
    add_seat(qtbot, ops, page, "MTPE")
    page.seats_view.selectRow(0)
    qtbot.mouseClick(page.remove_seat_button, Click)
    qtbot.mouseClick(page.confirm_box.findChild(QPushButton, "confirm_remove_button"), Click)
    # Meanwhile MTPE sat again without going through this undo stack (e.g. a sync).
    ops.call(membership.add_seat, committee_id, catalog.institution_id("MTPE"),
             tables={"seats"})
    with qtbot.assertNotEmitted(ops.changed):
        ops.undo_stack.undo()
    assert failures == ["No se puede restaurar el asiento: MTPE ya tiene otro asiento en "
                        "este comité."]
    assert len(membership.seats(db, committee_id)) == 1
    assert column(page.seats_model, 0) == ["MTPE"]


# Designations ----------------------------------------------------------------------------

def test_designate_and_replace_keeps_the_history(qtbot, db, ops, page, committee_id):
    add_seat(qtbot, ops, page, "MTPE")
    assert page.history_hint.text() == "Este asiento aún no tiene representantes designados."

    first = designate(qtbot, ops, page, "MTPE", "titular", "Ana María Quispe Huamán",
                      "Directora Regional", "R.M. N° 012-2024-TR", QDate(2024, 1, 10))
    assert first.replaces.text() == ""
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(first.ok_button, Click)
    assert column(page.seats_model, 4) == ["Ana María Quispe Huamán"]

    second = designate(qtbot, ops, page, "MTPE", "titular", "Luis Alberto Mamani",
                       "Director Regional", "Oficio N° 045-2025-MTPE/4", QDate(2025, 3, 1))
    assert "Ana María Quispe Huamán, designado el 10/01/2024" in second.replaces.text()
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(second.ok_button, Click)

    history = page.designations_model
    assert page.history_box.title() == "Historial de designaciones — MTPE"
    assert column(history, 0) == ["Titular", "Titular"]
    assert column(history, 1) == ["Luis Alberto Mamani", "Ana María Quispe Huamán"]
    assert column(history, 3) == ["Oficio N° 045-2025-MTPE/4", "R.M. N° 012-2024-TR"]
    assert column(history, 4) == ["01/03/2025", "10/01/2024"]
    assert column(history, 5) == ["vigente", "01/03/2025"]
    assert column(page.seats_model, 4) == ["Luis Alberto Mamani"]
    rows = membership.designations(db, page.selected_seat_id())
    assert [r["ended_on"] for r in rows] == [None, "2025-03-01"]

    # Undo takes the replacement back and reopens the previous titular.
    with qtbot.waitSignal(ops.changed, timeout=1000):
        ops.undo_stack.undo()
    assert column(history, 1) == ["Ana María Quispe Huamán"]
    assert column(history, 5) == ["vigente"]
    assert column(page.seats_model, 4) == ["Ana María Quispe Huamán"]
    with qtbot.waitSignal(ops.changed, timeout=1000):
        ops.undo_stack.redo()
    assert column(history, 5) == ["vigente", "01/03/2025"]


def test_designating_an_alterno_leaves_the_titular_alone(qtbot, db, ops, page):
    add_seat(qtbot, ops, page, "MIMP")
    dialog = designate(qtbot, ops, page, "MIMP", "titular", "Rosa Flores", "", "",
                       QDate(2024, 5, 2))
    qtbot.mouseClick(dialog.ok_button, Click)
    dialog = designate(qtbot, ops, page, "MIMP", "alterno", "Pedro Ccori", "", "",
                       QDate(2024, 6, 3))
    assert dialog.replaces.text() == ""
    qtbot.mouseClick(dialog.ok_button, Click)
    assert column(page.seats_model, 4) == ["Rosa Flores"]
    assert column(page.seats_model, 5) == ["Pedro Ccori"]
    assert column(page.designations_model, 5) == ["vigente", "vigente"]


def test_a_designation_needs_a_name(qtbot, db, ops, page):
    add_seat(qtbot, ops, page, "MTPE")
    before = snapshot(db)
    dialog = designate(qtbot, ops, page, "MTPE", "titular", "   ", "", "", QDate(2024, 1, 1))
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.error_text("person_name") == "El campo «Nombres y apellidos» es obligatorio."
    assert snapshot(db) == before


# Institutions catalogue -------------------------------------------------------------------

def test_catalogue_dialog_lists_filters_and_adds_institutions(qtbot, db, ops, page):
    qtbot.mouseClick(page.catalog_button, Click)
    dialog = page.dialog
    assert isinstance(dialog, InstitutionDialog) and dialog.isVisible()
    total = dialog.proxy.rowCount()
    assert total == len(catalog.institutions(db))

    type_text(qtbot, dialog.search, "ministerio de la mujer")
    assert dialog.proxy.rowCount() == 1
    assert dialog.proxy.index(0, 0).data() == "MIMP"
    dialog.search.clear()

    # A former acronym is known: refused with the Spanish message, nothing written.
    before = snapshot(db)
    type_text(qtbot, dialog.acronym, "MIMDES")
    type_text(qtbot, dialog.name, "Ministerio de la Mujer y Desarrollo Social")
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.add_button, Click)
    assert dialog.error_text("acronym") == (
        "Las siglas «MIMDES» ya corresponden a Ministerio de la Mujer y Poblaciones "
        "Vulnerables (MIMP).")
    assert snapshot(db) == before

    dialog.acronym.clear()
    dialog.name.clear()
    type_text(qtbot, dialog.acronym, "CARITAS-MDD")
    type_text(qtbot, dialog.name, "Cáritas Madre de Dios")
    dialog.sector.setCurrentIndex(dialog.sector.findData("sociedad_civil"))
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(dialog.add_button, Click)
    assert dialog.error_text("acronym") == ""
    assert dialog.status.text() == "Se añadió «CARITAS-MDD» al catálogo."
    assert dialog.proxy.rowCount() == total + 1
    selected = dialog.view.selectionModel().selectedRows()
    assert [i.data() for i in selected] == ["CARITAS-MDD"]
    added = catalog.find_institution(db, "caritas-mdd")
    assert added["sector"] == "sociedad_civil" and added["is_custom"] == 1

    # The new institution can take a seat right away.
    dialog.reject()
    add_seat(qtbot, ops, page, "caritas madre")
    assert column(page.seats_model, 0) == ["CARITAS-MDD"]


def test_page_without_committee_disables_actions(qtbot, ops):
    page = MembersPage(ops)
    qtbot.addWidget(page)
    page.set_committee(None)
    assert page.seats_model.rowCount() == 0
    assert not page.add_seat_button.isEnabled()
    assert not page.designate_button.isEnabled()
    assert page.summary_label.text() == ""
