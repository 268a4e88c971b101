"""«Nuevo comité» and the «Comité» page, driven through their real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from db.domain import catalog, committees, membership
from desktop.dialogs.committee_dialog import InstrumentDialog, NewCommitteeDialog
from desktop.operations import Operations
from desktop.pages.committee_page import CommitteePage, InstrumentsModel
from tests.support.typing import type_text


def log_count(db) -> int:
    return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])


def count(db, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM [{table}] WHERE deleted_at IS NULL")
               .fetchone()[0])


def pick(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    """Select everything in the field and type over it, as a user would."""
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)


@pytest.fixture
def ops(db):
    return Operations(db)


@pytest.fixture
def committee_id(db):
    return committees.create_committee(
        db, kind="cdrpeti", acronym="CDRPETI Cusco", region_code="PE-CUS", city="Cusco",
        name="Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
             "Infantil de Cusco")


@pytest.fixture
def page(qtbot, ops, committee_id):
    page = CommitteePage(ops)
    qtbot.addWidget(page)
    page.set_committee(committee_id)
    page.show()
    return page


def add_seats(ops, committee_id, n: int, role: str = "miembro", skip: int = 0) -> None:
    ids = [i["id"] for i in ops.read(catalog.institutions)][skip:skip + n]
    for institution_id in ids:
        ops.create("Añadir asiento", lambda i=institution_id: membership.add_seat(
            ops.db, committee_id, i, role), "seats")


# «Nuevo comité» --------------------------------------------------------------------------

def test_new_committee_dialog_creates_the_committee(qtbot, db, ops):
    dialog = NewCommitteeDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.secretariat.currentData() == catalog.institution_id("DRTPE")

    pick(dialog.kind, "trata")
    type_text(qtbot, dialog.name, "Red Regional contra la Trata de Personas de Madre de Dios")
    type_text(qtbot, dialog.acronym, "  RRCTP-MDD ")
    pick(dialog.region, "PE-MDD")
    assert dialog.city.text() == "Puerto Maldonado"  # the capital is suggested
    with qtbot.waitSignal(ops.changed, timeout=1000) as signal:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert "committees" in signal.args[0]
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = committees.get_committee(db, dialog.created_id)
    assert row["kind"] == "trata"
    assert row["name"] == "Red Regional contra la Trata de Personas de Madre de Dios"
    assert row["acronym"] == "RRCTP-MDD"
    assert row["region_code"] == "PE-MDD"
    assert row["secretariat_institution_id"] == catalog.institution_id("DRTPE")
    assert row["city"] == "Puerto Maldonado"
    assert row["state"] == "creado"
    assert committees.find_committee(db, "rrctp-mdd")["id"] == dialog.created_id
    # Undoable like any other creation.
    ops.undo_stack.undo()
    assert committees.find_committee(db, "RRCTP-MDD") is None


def test_new_committee_dialog_shows_errors_at_the_fields_and_writes_nothing(qtbot, db, ops):
    dialog = NewCommitteeDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.acronym, "CDRPETI Tumbes")
    before = log_count(db)

    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.created_id is None
    assert dialog.error_text("name") == "El campo «Nombre oficial» es obligatorio."
    assert dialog.error_text("region_code") == "El campo «Región» es obligatorio."
    assert dialog.error_text("acronym") == ""
    assert not dialog.errors["name"].isHidden()
    assert log_count(db) == before
    assert count(db, "committees") == 0

    # Correcting the fields clears the messages and creates it.
    type_text(qtbot, dialog.name, "Comité Directivo Regional de Tumbes")
    pick(dialog.region, "PE-TUM")
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("name") == ""
    assert committees.get_committee(db, dialog.created_id)["city"] == "Tumbes"


def test_new_committee_dialog_resolves_a_typed_secretariat(qtbot, db, ops):
    dialog = NewCommitteeDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.name, "Comisión Regional contra el Trabajo Forzoso de Puno")
    type_text(qtbot, dialog.acronym, "CRLCTF Puno")
    pick(dialog.region, "PE-PUN")
    line = dialog.secretariat.lineEdit()
    line.selectAll()
    type_text(qtbot, line, "no existe tal cosa")
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("secretariat_institution_id") == "Elija una institución de la lista."
    assert count(db, "committees") == 0

    line.selectAll()
    type_text(qtbot, line, "sunafil")
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    row = committees.get_committee(db, dialog.created_id)
    assert row["secretariat_institution_id"] == catalog.institution_id("SUNAFIL")


# The page's form -------------------------------------------------------------------------

def test_page_shows_the_committee(page, committee_id):
    assert page.name.text().endswith("Trabajo Infantil de Cusco")
    assert page.acronym.text() == "CDRPETI Cusco"
    assert page.region.currentText() == "Cusco"
    assert page.kind.currentData() == "cdrpeti"
    assert page.state.currentText() == "Creado"
    assert page.created_on.text() == "—"
    assert page.first_call.text() == "Mayoría absoluta"
    assert page.second_call.text() == "Un tercio"
    assert page.second_minimum.value() == 3
    assert page.empty_label.isHidden()
    assert page.name.isEnabled()


def test_page_without_committee_is_disabled(qtbot, ops):
    page = CommitteePage(ops)
    qtbot.addWidget(page)
    page.set_committee(None)
    assert not page.empty_label.isHidden()
    assert not page.name.isEnabled()
    assert not page.add_instrument_button.isEnabled()
    assert page.quorum_label.text() == ""


def test_editing_the_name_saves_it_and_undo_restores_it(qtbot, db, ops, page, committee_id):
    old = page.name.text()
    retype(qtbot, page.name, "CDRPETI de la Región Cusco")
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.keyClick(page.name, Qt.Key.Key_Return)  # leaving the field commits it

    assert committees.get_committee(db, committee_id)["name"] == "CDRPETI de la Región Cusco"
    assert ops.undo_stack.undoText() == "Editar «Nombre oficial»"

    with qtbot.waitSignal(ops.changed, timeout=1000):
        ops.undo_stack.undo()
    assert committees.get_committee(db, committee_id)["name"] == old
    assert page.name.text() == old


def test_a_typing_pause_saves_without_eating_the_trailing_space(qtbot, db, page,
                                                                committee_id):
    retype(qtbot, page.acronym, "CDRPETI ")
    qtbot.waitUntil(lambda: committees.get_committee(db, committee_id)["acronym"]
                    == "CDRPETI", timeout=3000)  # committed after the 700 ms pause
    assert page.acronym.text() == "CDRPETI "  # the field being typed is left alone
    type_text(qtbot, page.acronym, "Cusco")
    page.flush()
    assert committees.get_committee(db, committee_id)["acronym"] == "CDRPETI Cusco"
    assert page.heading.text().startswith("<h2>CDRPETI Cusco</h2>")


def test_empty_name_shows_the_error_at_the_field_and_writes_nothing(qtbot, db, ops, page,
                                                                    committee_id):
    old = committees.get_committee(db, committee_id)["name"]
    before = log_count(db)
    retype(qtbot, page.name, "")
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.keyClick(page.name, Qt.Key.Key_Return)

    assert page.form.error_text("name") == "El campo «Nombre oficial» es obligatorio."
    error = page.findChild(type(page.form.bindings["name"].error), "error_name")
    assert error.isVisible()
    assert page.name.styleSheet()  # the field is marked
    assert committees.get_committee(db, committee_id)["name"] == old
    assert log_count(db) == before

    # An unrelated change elsewhere does not wipe what the user is fixing.
    add_seats(ops, committee_id, 1)
    assert page.name.text() == ""
    assert error.isVisible()


def test_installation_before_creation_is_refused_at_the_field(qtbot, db, ops, page,
                                                              committee_id):
    with qtbot.waitSignal(ops.changed, timeout=1000):
        page.created_on.set_value("2011-06-01")
    before = log_count(db)
    with qtbot.assertNotEmitted(ops.changed):
        page.installed_on.set_value("2010-01-01")
    assert page.form.error_text("installed_on") == (
        "La instalación no puede ser anterior a la creación.")
    assert committees.get_committee(db, committee_id)["installed_on"] is None
    assert log_count(db) == before

    with qtbot.waitSignal(ops.changed, timeout=1000):
        pick(page.state, "instalado")
    assert committees.get_committee(db, committee_id)["state"] == "instalado"


def test_secretariat_choice_is_saved(qtbot, db, ops, page, committee_id):
    def saved():
        return committees.get_committee(db, committee_id)["secretariat_institution_id"]

    with qtbot.waitSignal(ops.changed, timeout=1000):
        pick(page.secretariat, catalog.institution_id("DRTPE"))
    assert saved() == catalog.institution_id("DRTPE")

    # Typing in the searchable combo and leaving the field picks the match…
    line = page.secretariat.lineEdit()
    line.selectAll()
    type_text(qtbot, line, "gerencia regional de desarrollo social")
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert saved() == catalog.institution_id("GRDS")

    # …and text that names no institution goes back to the saved one.
    line.selectAll()
    type_text(qtbot, line, "xyz")
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert page.secretariat.currentText().startswith("GRDS — ")
    assert saved() == catalog.institution_id("GRDS")


# Quorum ----------------------------------------------------------------------------------

def test_quorum_label_follows_the_seats_and_the_rule(qtbot, db, ops, page, committee_id):
    assert "Aún no hay miembros con voto" in page.quorum_label.text()

    add_seats(ops, committee_id, 2)
    assert page.quorum_label.text().startswith(
        "Con 2 miembros: 2 en primera convocatoria, 3 en segunda.")
    assert "supera el número de miembros" in page.quorum_label.text()

    add_seats(ops, committee_id, 13, skip=2)
    assert page.quorum_label.text() == (
        "Con 15 miembros: 8 en primera convocatoria, 5 en segunda.")
    add_seats(ops, committee_id, 2, role="observador", skip=15)  # observers never count
    assert page.quorum_label.text() == (
        "Con 15 miembros: 8 en primera convocatoria, 5 en segunda.")

    # A fixed count from the reglamento: the label follows the spin box at once…
    page.second_call.setValue(6)
    assert page.quorum_label.text() == (
        "Con 15 miembros: 8 en primera convocatoria, 6 en segunda.")
    # …and the value is saved when the user pauses or leaves.
    with qtbot.waitSignal(ops.changed, timeout=1000):
        page.flush()
    assert committees.get_committee(db, committee_id)["quorum_second_call"] == 6

    page.first_call.setValue(10)
    page.flush()
    assert page.quorum_label.text() == (
        "Con 15 miembros: 10 en primera convocatoria, 6 en segunda.")
    page.first_call.setValue(0)  # back to «Mayoría absoluta»
    page.flush()
    assert committees.get_committee(db, committee_id)["quorum_first_call"] is None
    assert page.first_call.text() == "Mayoría absoluta"


# Legal instruments ------------------------------------------------------------------------

def test_instruments_model_passes_the_model_tester(qtmodeltester, db, committee_id):
    committees.add_instrument(db, committee_id, number="O.R. N° 012-2010-GRMDD/CR",
                              issued_on="2010-05-20", issuing_body="Consejo Regional")
    committees.add_instrument(db, committee_id, purpose="modificacion",
                              instrument_type="resolucion_ejecutiva_regional",
                              number="R.E.R. N° 425-2011-GRJ/PR", issued_on="2011-08-02")
    model = InstrumentsModel()
    model.set_rows(committees.instruments(db, committee_id))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 3).data() == "20/05/2010"
    assert model.index(1, 0).data() == "Modificación"
    assert model.index(1, 1).data() == "Resolución Ejecutiva Regional (R.E.R.)"


def test_add_edit_and_remove_an_instrument(qtbot, db, ops, page, committee_id):
    qtbot.mouseClick(page.add_instrument_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, InstrumentDialog) and dialog.isVisible()
    assert dialog.purpose.currentData() == "creacion"

    # The number is required; nothing is written without it.
    with qtbot.assertNotEmitted(ops.changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("number") == "El campo «Número» es obligatorio."
    assert count(db, "legal_instruments") == 0

    pick(dialog.instrument_type, "ordenanza_regional")
    type_text(qtbot, dialog.number, "O.R. N° 012-2010-GRMDD/CR")
    dialog.issued_on.set_value("2010-05-20")
    type_text(qtbot, dialog.issuing_body, "Consejo Regional")
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    model = page.instruments_model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(5)] == [
        "Creación", "Ordenanza Regional (O.R.)", "O.R. N° 012-2010-GRMDD/CR", "20/05/2010",
        "Consejo Regional"]
    assert page.selected_instrument_id() == dialog.created_id
    instrument_id = dialog.created_id

    # Edit: the dialog comes prefilled; only what changed is written, undoably.
    qtbot.mouseClick(page.edit_instrument_button, Qt.MouseButton.LeftButton)
    edit = page.dialog
    assert edit.number.text() == "O.R. N° 012-2010-GRMDD/CR"
    assert edit.issued_on.text() == "20/05/2010"
    pick(edit.purpose, "reactivacion")
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    assert committees.instruments(db, committee_id)[0]["purpose"] == "reactivacion"
    assert model.index(0, 0).data() == "Reactivación"
    qtbot.mouseClick(page.add_instrument_button, Qt.MouseButton.LeftButton)
    assert page.dialog.purpose.currentData() == "modificacion"  # later ones amend
    page.dialog.reject()
    ops.undo_stack.undo()
    assert committees.instruments(db, committee_id)[0]["purpose"] == "creacion"

    # Quitar is a soft delete that undo brings back.
    page.instruments_view.selectRow(0)
    with qtbot.waitSignal(ops.changed, timeout=1000):
        qtbot.mouseClick(page.remove_instrument_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0
    assert committees.instruments(db, committee_id) == []
    assert db.execute("SELECT deleted_at FROM legal_instruments WHERE id = ?",
                      [instrument_id]).fetchone()[0] is not None
    with qtbot.waitSignal(ops.changed, timeout=1000):
        ops.undo_stack.undo()
    assert model.rowCount() == 1
    assert model.id_at(0) == instrument_id
