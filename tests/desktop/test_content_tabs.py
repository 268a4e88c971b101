"""The acta-body tabs: informes (IV), pedidos (V) and orden del día (VI), driven by clicks
and typing against a real, migrated database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db.domain import catalog, committees, minutes, sessions
from db.errors import LockedRecordError
from desktop.operations import Operations
from desktop.session_editor.block_list import BlockListModel
from desktop.session_editor.content_tabs import AgendaTab, ReportsTab, RequestsTab
from tests.db.factories import walk_to
from tests.support.typing import type_text


@pytest.fixture
def session_id(db):
    committee_id = committees.create_committee(
        db, kind="cdrpeti", name="Comité Directivo Regional para la Prevención y Erradicación "
        "del Trabajo Infantil de Ucayali", acronym="CDRPETI-UCA", region_code="PE-UCA")
    return sessions.create_session(db, committee_id, date="2025-03-10")


@pytest.fixture
def ops(db, qtbot):
    return Operations(db)


def open_tab(qtbot, tab_class, ops, session_id):
    tab = tab_class(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    return tab


def click(qtbot, ops, button):
    """Click a button whose action writes, waiting for the change notice it causes."""
    assert button.isEnabled()
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_block(qtbot, ops, editor, **typed: str) -> str:
    """Click «Añadir», type into the new block's fields and let the form commit."""
    click(qtbot, ops, editor.add_button)
    for field, text in typed.items():
        type_text(qtbot, editor.widget(field), text)
    with qtbot.waitSignal(ops.changed, timeout=2000):
        editor.flush()
    return editor.current_id()


def shown(editor) -> list[str]:
    model = editor.model
    return [model.index(row).data() for row in range(model.rowCount())]


def choose_institution(qtbot, ops, editor, acronym: str) -> None:
    combo = editor.widget("institution_id")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        combo.setCurrentIndex(combo.findData(catalog.institution_id(acronym)))


# Informes ------------------------------------------------------------------------------------

def test_reports_typed_in_both_sections_are_stored_with_their_numbering(qtbot, db, ops,
                                                                       session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    assert tab.title == "Informes"
    first = add_block(qtbot, ops, tab.presidency, title="Avances del POA 2025",
                      body="Se realizaron 3 talleres\nSe capacitó a 40 inspectores")
    second = add_block(qtbot, ops, tab.presidency, title="Balance del operativo de enero")
    sector = add_block(qtbot, ops, tab.sectors, title="Informe del MTPE",
                       body="Se atendieron 12 denuncias")

    presidency = minutes.listing(db, "reports", session_id, "presidencia")
    assert [(r["id"], r["position"], r["title"]) for r in presidency] == [
        (first, 1, "Avances del POA 2025"), (second, 2, "Balance del operativo de enero")]
    assert presidency[0]["body"] == "Se realizaron 3 talleres\nSe capacitó a 40 inspectores"
    sectors = minutes.listing(db, "reports", session_id, "sectores")
    assert [(r["id"], r["position"], r["title"], r["body"]) for r in sectors] == [
        (sector, 1, "Informe del MTPE", "Se atendieron 12 denuncias")]

    assert shown(tab.presidency) == ["4.1.1 Avances del POA 2025",
                                     "4.1.2 Balance del operativo de enero"]
    assert shown(tab.sectors) == ["4.2.1 Informe del MTPE"]


def test_adding_selects_the_new_block_with_focus_in_its_first_field(qtbot, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    add_block(qtbot, ops, tab.presidency, title="Primero")
    click(qtbot, ops, tab.presidency.add_button)

    editor = tab.presidency
    assert editor.view.currentIndex().row() == 1
    assert editor.form.row_id == editor.current_id() == editor.model.row_at(1)["id"]
    assert editor.widget("title").text() == ""
    qtbot.waitUntil(lambda: editor.widget("title").hasFocus(), timeout=2000)
    assert shown(editor)[1] == "4.1.2 (sin contenido)"


def test_report_institution_is_optional_and_chosen_from_the_catalogue(qtbot, db, ops,
                                                                     session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    report = add_block(qtbot, ops, tab.sectors, title="Informe del sector")
    assert minutes.listing(db, "reports", session_id, "sectores")[0]["institution_id"] is None

    choose_institution(qtbot, ops, tab.sectors, "MIMP")
    assert minutes.listing(db, "reports", session_id, "sectores")[0]["institution_id"] == \
        catalog.institution_id("MIMP")
    assert tab.sectors.current_id() == report


def test_removing_renumbers_and_undo_brings_the_block_back(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    editor = tab.presidency
    first = add_block(qtbot, ops, editor, title="Primer informe")
    add_block(qtbot, ops, editor, title="Segundo informe")
    add_block(qtbot, ops, editor, title="Tercer informe")
    editor.select(first)
    assert editor.form.row_id == first

    click(qtbot, ops, editor.remove_button)
    assert shown(editor) == ["4.1.1 Segundo informe", "4.1.2 Tercer informe"]
    assert [r["position"] for r in minutes.listing(db, "reports", session_id,
                                                   "presidencia")] == [1, 2]
    # The selection moves to the block that took the removed one's place.
    assert editor.widget("title").text() == "Segundo informe"

    with qtbot.waitSignal(ops.changed, timeout=2000):
        ops.undo_stack.undo()
    assert shown(editor) == ["4.1.1 Primer informe", "4.1.2 Segundo informe",
                             "4.1.3 Tercer informe"]
    assert minutes.listing(db, "reports", session_id, "presidencia")[0]["id"] == first


def test_moving_down_and_up_swaps_numbers_and_is_undoable(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    editor = tab.presidency
    first = add_block(qtbot, ops, editor, title="A")
    second = add_block(qtbot, ops, editor, title="B")
    editor.select(first)
    assert not editor.up_button.isEnabled()

    click(qtbot, ops, editor.down_button)
    assert [r["id"] for r in minutes.listing(db, "reports", session_id, "presidencia")] == [
        second, first]
    assert shown(editor) == ["4.1.1 B", "4.1.2 A"]
    # The moved block stays selected; at the bottom it cannot go further down.
    assert editor.current_id() == first and editor.view.currentIndex().row() == 1
    assert not editor.down_button.isEnabled() and editor.up_button.isEnabled()

    click(qtbot, ops, editor.up_button)
    assert shown(editor) == ["4.1.1 A", "4.1.2 B"]

    with qtbot.waitSignal(ops.changed, timeout=2000):
        ops.undo_stack.undo()
    assert shown(editor) == ["4.1.1 B", "4.1.2 A"]


def test_undoing_a_removal_after_a_move_restores_the_exact_order(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    editor = tab.presidency
    for title in ("A", "B", "C"):
        last = add_block(qtbot, ops, editor, title=title)
    click(qtbot, ops, editor.up_button)
    click(qtbot, ops, editor.up_button)
    assert shown(editor) == ["4.1.1 C", "4.1.2 A", "4.1.3 B"]
    assert editor.current_id() == last

    click(qtbot, ops, editor.remove_button)
    assert shown(editor) == ["4.1.1 A", "4.1.2 B"]
    with qtbot.waitSignal(ops.changed, timeout=2000):
        ops.undo_stack.undo()
    assert shown(editor) == ["4.1.1 C", "4.1.2 A", "4.1.3 B"]


def test_selection_and_typing_survive_a_refresh(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    editor = tab.presidency
    first = add_block(qtbot, ops, editor, title="Uno")
    second = add_block(qtbot, ops, editor, title="Dos")
    assert editor.current_id() == second

    # Typing in progress in the selected block; another block changes elsewhere.
    type_text(qtbot, editor.widget("body"), "Sin guardar aún")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        ops.edit(lambda d, rid, ch: minutes.edit(d, "reports", rid, ch), "reports", first,
                 "title", "Uno (corregido)", "Título")
    assert editor.current_id() == second
    assert editor.view.currentIndex().row() == 1
    assert editor.widget("body").toPlainText() == "Sin guardar aún"
    assert shown(editor)[0] == "4.1.1 Uno (corregido)"

    with qtbot.waitSignal(ops.changed, timeout=2000):
        editor.flush()
    assert minutes.listing(db, "reports", session_id, "presidencia")[1]["body"] == \
        "Sin guardar aún"


def test_picking_another_block_saves_the_typing_to_the_one_left(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    editor = tab.presidency
    first = add_block(qtbot, ops, editor, title="Uno")
    second = add_block(qtbot, ops, editor, title="Dos")
    type_text(qtbot, editor.widget("body"), "Texto del segundo")  # not committed yet

    first_rect = editor.view.visualRect(editor.model.index(0))
    with qtbot.waitSignal(ops.changed, timeout=2000):
        qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=first_rect.center())
    assert editor.current_id() == first
    assert editor.widget("title").text() == "Uno"
    assert editor.widget("body").toPlainText() == ""
    rows = {r["id"]: r for r in minutes.listing(db, "reports", session_id, "presidencia")}
    assert rows[second]["body"] == "Texto del segundo"
    assert rows[first]["body"] == ""


def test_undoing_typing_shows_the_old_text_in_the_field(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    editor = tab.presidency
    add_block(qtbot, ops, editor, title="Informe de gestión")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        ops.undo_stack.undo()  # the typing of the title, merged into one step
    assert editor.widget("title").text() == ""
    assert minutes.listing(db, "reports", session_id, "presidencia")[0]["title"] == ""
    assert shown(editor) == ["4.1.1 (sin contenido)"]


# Pedidos ------------------------------------------------------------------------------------

def test_requests_are_numbered_per_section_and_the_hint_shows_when_empty(qtbot, db, ops,
                                                                        session_id):
    tab = open_tab(qtbot, RequestsTab, ops, session_id)
    assert tab.title == "Pedidos"
    assert tab.empty_hint.isVisible()
    assert "No se formularon pedidos." in tab.empty_hint.text()

    add_block(qtbot, ops, tab.presidency, body="Que los sectores remitan sus avances")
    assert not tab.empty_hint.isVisible()
    click(qtbot, ops, tab.members.add_button)
    choose_institution(qtbot, ops, tab.members, "MIMP")
    type_text(qtbot, tab.members.widget("body"), "Incluir el tema de trata en la agenda")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        tab.members.flush()

    members = minutes.listing(db, "requests", session_id, "miembros")
    assert [(r["position"], r["institution_id"], r["body"]) for r in members] == [
        (1, catalog.institution_id("MIMP"), "Incluir el tema de trata en la agenda")]
    assert minutes.listing(db, "requests", session_id, "presidencia")[0]["position"] == 1
    assert shown(tab.members) == ["1. MIMP: Incluir el tema de trata en la agenda"]

    click(qtbot, ops, tab.members.remove_button)
    click(qtbot, ops, tab.presidency.remove_button)
    assert tab.empty_hint.isVisible()


# Orden del día ------------------------------------------------------------------------------

def test_agenda_item_with_two_interventions(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, AgendaTab, ops, session_id)
    assert tab.title == "Orden del día"
    assert not tab.interventions.add_button.isEnabled()  # no item selected yet

    item = add_block(qtbot, ops, tab.items, title="Aprobación del Plan Operativo Anual 2025")
    assert tab.interventions.parent_id == item
    assert tab.interventions.heading.text() == "Intervenciones sobre el tema 6.1"

    click(qtbot, ops, tab.interventions.add_button)
    choose_institution(qtbot, ops, tab.interventions, "MIMP")
    type_text(qtbot, tab.interventions.widget("speaker"), "Lic. Ana Quispe")
    type_text(qtbot, tab.interventions.widget("body"),
                    "La representante del MIMP indicó que el plan incluye la ruta de atención.")
    with qtbot.waitSignal(ops.changed, timeout=2000):
        tab.interventions.flush()
    add_block(qtbot, ops, tab.interventions,
              body="El representante del MTPE propuso adelantar los operativos.")

    rows = minutes.listing(db, "interventions", item)
    assert [(r["position"], r["institution_id"], r["speaker"], r["body"]) for r in rows] == [
        (1, catalog.institution_id("MIMP"), "Lic. Ana Quispe",
         "La representante del MIMP indicó que el plan incluye la ruta de atención."),
        (2, None, "", "El representante del MTPE propuso adelantar los operativos."),
    ]
    assert shown(tab.items) == ["6.1 Aprobación del Plan Operativo Anual 2025"]
    assert shown(tab.interventions)[0].startswith("1. MIMP: La representante del MIMP")
    assert shown(tab.interventions)[1].startswith("2. El representante del MTPE")

    # A second item has its own (empty) list; going back shows the first item's again.
    second_item = add_block(qtbot, ops, tab.items, title="Varios")
    assert tab.interventions.parent_id == second_item
    assert tab.interventions.model.rowCount() == 0
    assert tab.interventions.heading.text() == "Intervenciones sobre el tema 6.2"
    tab.items.select(item)
    assert tab.interventions.model.rowCount() == 2

    # Moving the item renumbers the heading of its interventions too.
    click(qtbot, ops, tab.items.down_button)
    assert shown(tab.items) == ["6.1 Varios", "6.2 Aprobación del Plan Operativo Anual 2025"]
    assert tab.interventions.heading.text() == "Intervenciones sobre el tema 6.2"
    assert tab.interventions.parent_id == item


# Signed acta --------------------------------------------------------------------------------

def test_locked_tabs_refuse_editing_and_the_data_layer_refuses_a_signed_acta(
        qtbot, db, ops, session_id):
    tab = open_tab(qtbot, AgendaTab, ops, session_id)
    item = add_block(qtbot, ops, tab.items, title="Tema previo")
    add_block(qtbot, ops, tab.interventions, body="Intervención previa")
    walk_to(db, session_id, "acta_firmada")

    tab.set_locked(True)
    for editor in (tab.items, tab.interventions):
        assert not editor.add_button.isEnabled()
        assert not editor.remove_button.isEnabled()
        assert not editor.up_button.isEnabled()
        assert not editor.down_button.isEnabled()
    assert tab.items.widget("title").isReadOnly()
    assert tab.interventions.widget("body").isReadOnly()
    assert not tab.interventions.widget("institution_id").isEnabled()
    qtbot.keyClicks(tab.items.widget("title"), " cambiado")
    tab.flush()
    assert minutes.listing(db, "agenda_items", session_id)[0]["title"] == "Tema previo"

    with pytest.raises(LockedRecordError):
        minutes.add(db, "agenda_items", session_id, title="Intento")
    with pytest.raises(LockedRecordError):
        minutes.add(db, "interventions", item, body="Intento")
    with pytest.raises(LockedRecordError):
        minutes.move(db, "agenda_items", item, 1)
    assert [r["title"] for r in minutes.listing(db, "agenda_items", session_id)] == [
        "Tema previo"]


def test_a_refused_addition_is_explained_under_the_list(qtbot, db, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    walk_to(db, session_id, "acta_firmada")
    qtbot.mouseClick(tab.presidency.add_button, Qt.MouseButton.LeftButton)
    assert tab.presidency.message.isVisible()
    assert "firmada" in tab.presidency.message.text()
    assert minutes.listing(db, "reports", session_id, "presidencia") == []
    assert ops.undo_stack.count() == 0


def test_unlocking_enables_editing_again(qtbot, ops, session_id):
    tab = open_tab(qtbot, ReportsTab, ops, session_id)
    add_block(qtbot, ops, tab.presidency, title="A")
    add_block(qtbot, ops, tab.presidency, title="B")
    tab.set_locked(True)
    assert not tab.presidency.add_button.isEnabled()
    tab.set_locked(False)
    assert tab.presidency.add_button.isEnabled()
    assert tab.presidency.remove_button.isEnabled()
    assert tab.presidency.up_button.isEnabled()
    assert not tab.presidency.widget("title").isReadOnly()
    assert tab.presidency.widget("institution_id").isEnabled()


# Data layer: move and restore -----------------------------------------------------------------

def test_move_swaps_with_the_neighbour_and_stops_at_the_ends(db, session_id):
    a, b, c = (minutes.add(db, "agenda_items", session_id, title=t) for t in "ABC")
    assert minutes.move(db, "agenda_items", a, 1) == 1
    assert [r["id"] for r in minutes.listing(db, "agenda_items", session_id)] == [b, a, c]
    assert minutes.move(db, "agenda_items", b, -1) == 0
    assert minutes.move(db, "agenda_items", c, 5) == 0
    assert [r["position"] for r in minutes.listing(db, "agenda_items", session_id)] == [1, 2, 3]


# The list model -------------------------------------------------------------------------------

def test_block_list_model_passes_the_model_tester(qtmodeltester):
    model = BlockListModel("4.1.{n}", lambda row: row["title"])
    model.set_rows([{"id": "a", "position": 1, "title": "Avances del POA"},
                    {"id": "b", "position": 2, "title": ""},
                    {"id": "c", "position": 3, "title": "x" * 120}])
    qtmodeltester.check(model)
    assert model.index(0).data() == "4.1.1 Avances del POA"
    assert model.index(1).data() == "4.1.2 (sin contenido)"
    assert model.index(2).data().endswith("…") and len(model.index(2).data()) == 70
    assert model.index(2).data(Qt.ItemDataRole.ToolTipRole) == "4.1.3 " + "x" * 120
    assert model.index(1).data(BlockListModel.ID_ROLE) == "b"

    model.set_rows([{"id": "b", "position": 1, "title": "Ahora primero"}])
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.index(0).data() == "4.1.1 Ahora primero"
