"""The session editor's «Acuerdos» and «Seguimiento de acuerdos anteriores» tabs, driven
like a secretary would: clicks and typing on the real widgets, checked in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from db.domain import agreements, catalog, committees, membership, sessions
from desktop.operations import Operations
from desktop.session_editor.agreements_tab import AgreementListModel, AgreementsTab
from desktop.session_editor.followup_tab import KEYS, FollowupTab
from desktop.widgets.fields import ErrorLabel
from tests.db.factories import walk_to
from tests.support.typing import type_text

SEATED = ("MTPE", "MIMP", "MINEDU")


def log_count(db) -> int:
    return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])


def responsible_acronyms(db, agreement_id: str) -> set[str]:
    return {i["acronym"] for i in agreements.responsibles(db, agreement_id)}


@pytest.fixture
def committee_id(db):
    committee = committees.create_committee(
        db, kind="cdrpeti", acronym="CDRPETI-UCA", region_code="PE-UCA",
        name="Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
             "Infantil de Ucayali")
    for acronym in SEATED:
        membership.add_seat(db, committee, catalog.institution_id(acronym))
    return committee


@pytest.fixture
def session_id(db, committee_id):
    return sessions.create_session(db, committee_id, date="2025-03-10")


@pytest.fixture
def ops(db):
    return Operations(db)


@pytest.fixture
def tab(qtbot, ops, session_id):
    widget = AgreementsTab(ops)
    qtbot.addWidget(widget)
    widget.set_session(session_id)
    widget.show()
    return widget


def add_agreement(qtbot, tab: AgreementsTab, text: str) -> str:
    """Click «Nuevo acuerdo», write the text and add it; returns the new agreement's id."""
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert tab.composer.isVisible()
    type_text(qtbot, tab.composer_text, text)
    with qtbot.waitSignal(tab.ops.changed):
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert not tab.composer.isVisible()
    return tab.current_id()


def responsible_item(tab: AgreementsTab, acronym: str):
    items = [tab.responsibles.list.item(i) for i in range(tab.responsibles.list.count())]
    return next(i for i in items if i.text().startswith(f"{acronym} — "))


def toggle_responsible(qtbot, tab: AgreementsTab, acronym: str) -> None:
    """Select the institution in the list and press Space, as a keyboard user does."""
    tab.responsibles.list.setCurrentItem(responsible_item(tab, acronym))
    with qtbot.waitSignal(tab.ops.changed):
        qtbot.keyClick(tab.responsibles.list, Qt.Key.Key_Space)


def type_in_spin(qtbot, spin, value: int, ops) -> None:
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, str(value))
    with qtbot.waitSignal(ops.changed):
        qtbot.keyClick(spin, Qt.Key.Key_Return)


def error_label(tab, field: str) -> ErrorLabel:
    return tab.findChild(ErrorLabel, f"error_{field}")


# «Acuerdos» ---------------------------------------------------------------------------

def test_new_agreement_with_period_deadline_and_two_responsibles(qtbot, db, tab, session_id):
    text = "Aprobar el Plan Operativo Anual 2025 del CDRPETI Ucayali"
    agreement_id = add_agreement(qtbot, tab, text)

    assert tab.model.data(tab.model.index(0)) == f"1. {text}"
    assert tab.text_edit.toPlainText() == text
    assert tab.deadline_edit.placeholderText() == "31/03/2025 o «II trimestre 2025»"

    tab.deadline_edit.setFocus()
    with qtbot.waitSignal(tab.form.committed):
        qtbot.keyClicks(tab.deadline_edit, "ii trimestre 2025")
        qtbot.keyClick(tab.deadline_edit, Qt.Key.Key_Return)
    toggle_responsible(qtbot, tab, "MTPE")
    toggle_responsible(qtbot, tab, "MIMP")

    [row] = agreements.for_session(db, session_id)
    assert row["id"] == agreement_id
    assert row["text"] == text
    assert row["deadline_text"] == "II trimestre 2025"
    assert row["deadline_end"] == "2025-06-30"
    assert responsible_acronyms(db, agreement_id) == {"MTPE", "MIMP"}
    # The canonical wording is shown back, and the ticks reflect the database.
    assert tab.deadline_edit.text() == "II trimestre 2025"
    assert responsible_item(tab, "MTPE").checkState() == Qt.CheckState.Checked
    assert responsible_item(tab, "MINEDU").checkState() == Qt.CheckState.Unchecked


def test_agreement_text_is_never_saved_empty(qtbot, db, tab, session_id):
    before = log_count(db)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.composer_text, "   ")
    assert not tab.add_button.isEnabled()
    qtbot.keyClick(tab.composer_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert agreements.for_session(db, session_id) == []
    assert log_count(db) == before

    qtbot.keyClick(tab.composer_text, Qt.Key.Key_Escape)
    agreement_id = add_agreement(qtbot, tab, "Aprobar el informe anual")
    # Clearing the text of an existing agreement is refused under the field.
    with qtbot.waitSignal(tab.form.refused):
        tab.text_edit.selectAll()
        qtbot.keyClick(tab.text_edit, Qt.Key.Key_Delete)
        tab.flush()
    assert error_label(tab, "text").text() == "El campo «Texto del acuerdo» es obligatorio."
    assert agreements.for_session(db, session_id)[0]["text"] == "Aprobar el informe anual"
    assert agreement_id == tab.current_id()


def test_typing_goes_on_undisturbed_after_each_save(qtbot, db, tab, session_id):
    add_agreement(qtbot, tab, "Aprobar")
    tab.text_edit.setFocus()
    tab.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(tab.form.committed):  # saved on the typing pause, stripped
        qtbot.keyClicks(tab.text_edit, " el Plan ")
    assert agreements.for_session(db, session_id)[0]["text"] == "Aprobar el Plan"
    qtbot.keyClicks(tab.text_edit, "Operativo Anual")
    assert tab.text_edit.toPlainText() == "Aprobar el Plan Operativo Anual"
    tab.flush()
    assert agreements.for_session(db, session_id)[0]["text"] == "Aprobar el Plan Operativo Anual"


def test_bad_deadline_shows_spanish_error_and_writes_nothing(qtbot, db, tab, session_id):
    agreement_id = add_agreement(qtbot, tab, "Remitir el informe de avance")
    before = log_count(db)

    tab.deadline_edit.setFocus()
    with qtbot.waitSignal(tab.form.refused):
        qtbot.keyClicks(tab.deadline_edit, "pronto")
        qtbot.keyClick(tab.deadline_edit, Qt.Key.Key_Return)

    error = error_label(tab, "deadline_text")
    assert error.isVisible()
    assert error.text().startswith("«pronto» no es un plazo válido.")
    assert log_count(db) == before
    row = agreements.for_session(db, session_id)[0]
    assert (row["id"], row["deadline_text"], row["deadline_end"]) == (agreement_id, "", None)

    # Correcting it clears the message and saves the date.
    with qtbot.waitSignal(tab.form.committed):
        tab.deadline_edit.selectAll()
        qtbot.keyClicks(tab.deadline_edit, "31/3/2025")
        qtbot.keyClick(tab.deadline_edit, Qt.Key.Key_Return)
    assert not error.isVisible()
    assert agreements.for_session(db, session_id)[0]["deadline_end"] == "2025-03-31"


def test_vote_by_majority_with_counts(qtbot, db, ops, tab, session_id):
    add_agreement(qtbot, tab, "Aprobar el Plan Operativo Anual 2025")
    assert tab.votes.summary.text() == "Aprobado por unanimidad"
    assert not tab.votes.spins["votes_for"].isEnabled()

    before = log_count(db)
    tab.votes.mode_combo.setFocus()
    qtbot.keyClick(tab.votes.mode_combo, Qt.Key.Key_Down)  # «Por mayoría»
    assert tab.votes.mode_combo.currentData() == "mayoria"
    assert all(spin.isEnabled() for spin in tab.votes.spins.values())
    # Without the votes in favour the majority is not recorded yet.
    assert tab.votes.error.text() == "Indique cuántos votos a favor tuvo el acuerdo."
    assert log_count(db) == before

    type_in_spin(qtbot, tab.votes.spins["votes_for"], 8, ops)
    type_in_spin(qtbot, tab.votes.spins["votes_against"], 1, ops)
    type_in_spin(qtbot, tab.votes.spins["votes_abstain"], 2, ops)

    row = agreements.for_session(db, session_id)[0]
    assert (row["vote_mode"], row["votes_for"], row["votes_against"], row["votes_abstain"]) \
        == ("mayoria", 8, 1, 2)
    expected = "Aprobado por mayoría (8 a favor, 1 en contra, 2 abstenciones)"
    assert tab.votes.summary.text() == expected
    assert expected in tab.model.data(tab.model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert tab.votes.error.isHidden()

    # Back to unanimity drops the counts; one undo brings the majority back whole.
    with qtbot.waitSignal(ops.changed):
        qtbot.keyClick(tab.votes.mode_combo, Qt.Key.Key_Up)
    row = agreements.for_session(db, session_id)[0]
    assert (row["vote_mode"], row["votes_for"]) == ("unanimidad", None)
    assert not tab.votes.spins["votes_for"].isEnabled()
    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    row = agreements.for_session(db, session_id)[0]
    assert (row["vote_mode"], row["votes_for"], row["votes_abstain"]) == ("mayoria", 8, 2)
    assert tab.votes.mode_combo.currentData() == "mayoria"
    assert tab.votes.spins["votes_for"].value() == 8
    assert tab.votes.summary.text() == expected


def test_undo_of_a_responsibles_change(qtbot, db, ops, tab):
    agreement_id = add_agreement(qtbot, tab, "Capacitar a los inspectores de trabajo")
    toggle_responsible(qtbot, tab, "MTPE")
    toggle_responsible(qtbot, tab, "MIMP")
    assert responsible_acronyms(db, agreement_id) == {"MTPE", "MIMP"}

    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    assert responsible_acronyms(db, agreement_id) == {"MTPE"}
    assert responsible_item(tab, "MIMP").checkState() == Qt.CheckState.Unchecked
    assert responsible_item(tab, "MTPE").checkState() == Qt.CheckState.Checked

    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.redo()
    assert responsible_acronyms(db, agreement_id) == {"MTPE", "MIMP"}
    assert responsible_item(tab, "MIMP").checkState() == Qt.CheckState.Checked


def test_other_institutions_are_behind_the_toggle(qtbot, db, tab):
    agreement_id = add_agreement(qtbot, tab, "Coordinar operativos con la PNP")
    shown = [tab.responsibles.list.item(i).text() for i in range(tab.responsibles.list.count())]
    assert [s.split(" — ")[0] for s in shown] == list(SEATED)

    tab.responsibles.show_all_check.setChecked(True)
    texts = [tab.responsibles.list.item(i).text() for i in range(tab.responsibles.list.count())]
    assert [t.split(" — ")[0] for t in texts[:3]] == list(SEATED)
    assert texts[3] == "Otras instituciones"
    assert len(texts) == len(catalog.institutions(db)) + 1
    type_text(qtbot, tab.responsibles.filter_edit, "policia")  # accents are optional
    visible = [tab.responsibles.list.item(i).text() for i in range(tab.responsibles.list.count())
               if not tab.responsibles.list.item(i).isHidden()]
    assert visible == ["PNP — Policía Nacional del Perú"]

    toggle_responsible(qtbot, tab, "PNP")
    assert responsible_acronyms(db, agreement_id) == {"PNP"}
    # A chosen institution stays visible even when the catalogue is hidden again.
    tab.responsibles.filter_edit.clear()
    tab.responsibles.show_all_check.setChecked(False)
    assert responsible_item(tab, "PNP").checkState() == Qt.CheckState.Checked


def test_remove_agreement_and_undo(qtbot, db, ops, tab, session_id):
    first = add_agreement(qtbot, tab, "Aprobar el acta anterior")
    second = add_agreement(qtbot, tab, "Aprobar el Plan Operativo Anual 2025")
    assert tab.model.data(tab.model.index(1)).startswith("2. Aprobar el Plan")

    with qtbot.waitSignal(ops.changed):
        qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert [r["id"] for r in agreements.for_session(db, session_id)] == [first]
    assert tab.model.rowCount() == 1

    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    assert [r["id"] for r in agreements.for_session(db, session_id)] == [first, second]
    assert tab.model.rowCount() == 2


def test_locked_agreements_tab_is_read_only(qtbot, db, ops, tab, session_id):
    agreement_id = add_agreement(qtbot, tab, "Aprobar el Plan Operativo Anual 2025")
    walk_to(db, session_id, "acta_firmada")
    tab.set_locked(True)
    before = log_count(db)

    assert not tab.new_button.isEnabled()
    assert not tab.remove_button.isEnabled()
    assert tab.text_edit.isReadOnly() and tab.deadline_edit.isReadOnly()
    assert not tab.state_combo.isEnabled()
    assert not tab.votes.mode_combo.isEnabled()
    item = responsible_item(tab, "MTPE")
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable

    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert not tab.composer.isVisible()
    qtbot.keyClicks(tab.deadline_edit, "2025")
    qtbot.keyClick(tab.deadline_edit, Qt.Key.Key_Return)
    tab.responsibles.list.setCurrentItem(item)
    qtbot.keyClick(tab.responsibles.list, Qt.Key.Key_Space)
    tab.flush()
    assert item.checkState() == Qt.CheckState.Unchecked
    assert log_count(db) == before
    assert responsible_acronyms(db, agreement_id) == set()

    tab.set_locked(False)
    assert tab.new_button.isEnabled() and not tab.text_edit.isReadOnly()


# «Seguimiento de acuerdos anteriores» -------------------------------------------------

@pytest.fixture
def earlier(db, committee_id):
    """An earlier session with two open agreements and one already fulfilled."""
    session = sessions.create_session(db, committee_id, date="2025-01-15")
    mtpe, mimp = catalog.institution_id("MTPE"), catalog.institution_id("MIMP")
    overdue = agreements.create_agreement(
        db, session, "Remitir el diagnóstico regional de trabajo infantil",
        responsibles=[mtpe], deadline_text="31/01/2025")
    open_ = agreements.create_agreement(
        db, session, "Capacitar a 40 inspectores en detección de trabajo infantil",
        responsibles=[mtpe, mimp], deadline_text="II trimestre 2025")
    done = agreements.create_agreement(db, session, "Aprobar el reglamento interno")
    agreements.update_agreement(db, done, {"state": "cumplido"})
    return {"session": session, "overdue": overdue, "open": open_, "done": done}


@pytest.fixture
def followup_tab(qtbot, ops):
    widget = FollowupTab(ops)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def cell(tab: FollowupTab, row: int, key: str) -> str:
    return tab.model.data(tab.model.index(row, KEYS.index(key)))


def test_new_session_lists_only_the_open_earlier_agreements(db, committee_id, earlier,
                                                            followup_tab):
    followup_tab.set_session(earlier["session"])
    assert followup_tab.stack.currentWidget() is followup_tab.empty_label
    assert followup_tab.empty_label.text() == "No hay acuerdos anteriores pendientes."

    new_session = sessions.create_session(db, committee_id, date="2025-03-10")
    followup_tab.set_session(new_session)
    assert followup_tab.stack.currentWidget() is followup_tab.view
    assert followup_tab.model.rowCount() == 2
    assert cell(followup_tab, 0, "agreement") == \
        "SO-1 / 1 — Remitir el diagnóstico regional de trabajo infantil"
    assert cell(followup_tab, 1, "agreement").startswith("SO-1 / 2 — Capacitar a 40")
    assert cell(followup_tab, 1, "responsibles") == "MIMP, MTPE"
    assert cell(followup_tab, 0, "deadline") == "31/01/2025"
    assert cell(followup_tab, 1, "deadline") == "II trimestre 2025"
    # Overdue relative to the session date (10/03/2025), not to the deadline's session.
    assert cell(followup_tab, 0, "state") == "Pendiente · Vencido"
    assert cell(followup_tab, 1, "state") == "Pendiente"
    assert cell(followup_tab, 0, "state_after") == "Sin cambio"
    shown = {followup_tab.model.row_at(r)["agreement_id"] for r in range(2)}
    assert shown == {earlier["overdue"], earlier["open"]}


def test_report_and_new_state_are_stored(qtbot, db, ops, committee_id, earlier, followup_tab):
    new_session = sessions.create_session(db, committee_id, date="2025-03-10")
    followup_tab.set_session(new_session)
    view, report = followup_tab.view, "El MTPE remitió el diagnóstico mediante oficio N° 12."

    view.edit(followup_tab.model.index(0, KEYS.index("body")))
    editor = view.viewport().findChild(QPlainTextEdit, "followup_body_editor")
    type_text(qtbot, editor, report)
    with qtbot.waitSignal(ops.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)

    view.edit(followup_tab.model.index(0, KEYS.index("state_after")))
    combo = view.viewport().findChild(QComboBox, "followup_state_editor")
    with qtbot.waitSignal(ops.changed):
        qtbot.keyClicks(combo, "Cu")  # keyboard search picks «Cumplido»

    [followup] = [f for f in agreements.followups(db, earlier["overdue"])
                  if f["session_id"] == new_session]
    assert followup["body"] == report
    assert followup["state_after"] == "cumplido"
    assert agreements.for_session(db, earlier["session"])[0]["state"] == "cumplido"
    assert cell(followup_tab, 0, "body") == report
    assert cell(followup_tab, 0, "state") == "Cumplido"
    assert cell(followup_tab, 0, "state_after") == "Cumplido"

    # Fulfilled, it is no longer carried into the next session.
    later = sessions.create_session(db, committee_id, date="2025-05-20")
    assert [r["agreement_id"] for r in agreements.session_followups(db, later)] == \
        [earlier["open"]]

    # Undo restores both the follow-up's choice and the agreement's state.
    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    assert agreements.followups(db, earlier["overdue"])[0]["state_after"] is None
    assert agreements.for_session(db, earlier["session"])[0]["state"] == "pendiente"
    assert cell(followup_tab, 0, "state") == "Pendiente · Vencido"
    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    assert agreements.followups(db, earlier["overdue"])[0]["body"] == ""


def test_report_being_typed_is_saved_on_flush(qtbot, db, ops, committee_id, earlier,
                                              followup_tab):
    new_session = sessions.create_session(db, committee_id, date="2025-03-10")
    followup_tab.set_session(new_session)
    followup_tab.view.edit(followup_tab.model.index(1, KEYS.index("body")))
    editor = followup_tab.view.viewport().findChild(QPlainTextEdit, "followup_body_editor")
    qtbot.keyClicks(editor, "Capacitados 25 de 40 inspectores")
    with qtbot.waitSignal(ops.changed):
        followup_tab.flush()  # e.g. the session editor closes while the cell is open
    [followup] = agreements.followups(db, earlier["open"])
    assert followup["body"] == "Capacitados 25 de 40 inspectores"


def test_choosing_sin_cambio_reopens_the_agreement(qtbot, db, ops, committee_id, earlier,
                                                   followup_tab):
    agreements.update_agreement(db, earlier["open"], {"state": "en_proceso"})
    new_session = sessions.create_session(db, committee_id, date="2025-03-10")
    followup_tab.set_session(new_session)
    index = followup_tab.model.index(1, KEYS.index("state_after"))
    with qtbot.waitSignal(ops.changed):
        assert followup_tab.model.setData(index, "cumplido")
    assert agreements.for_session(db, earlier["session"])[1]["state"] == "cumplido"
    with qtbot.waitSignal(ops.changed):
        assert followup_tab.model.setData(index, "")
    row = agreements.for_session(db, earlier["session"])[1]
    assert row["state"] == "en_proceso"  # back as it arrived: followed up next time again
    assert cell(followup_tab, 1, "state_after") == "Sin cambio"

    # Seen for the first time already fulfilled (e.g. after a restart), «Sin cambio»
    # reopens it as the last earlier follow-up left it, else as «pendiente».
    reopened = FollowupTab(ops)
    qtbot.addWidget(reopened)
    with qtbot.waitSignal(ops.changed):
        assert followup_tab.model.setData(index, "cumplido")
    reopened.set_session(new_session)
    with qtbot.waitSignal(ops.changed):
        assert reopened.model.setData(reopened.model.index(1, KEYS.index("state_after")), "")
    assert agreements.for_session(db, earlier["session"])[1]["state"] == "pendiente"


def test_locked_followup_tab_is_read_only(qtbot, db, ops, committee_id, earlier,
                                          followup_tab):
    new_session = sessions.create_session(db, committee_id, date="2025-03-10")
    followup_tab.set_session(new_session)
    walk_to(db, new_session, "acta_firmada")
    followup_tab.set_locked(True)
    before = log_count(db)

    index = followup_tab.model.index(0, KEYS.index("body"))
    assert not followup_tab.hint.isVisible()
    assert not followup_tab.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    followup_tab.view.setCurrentIndex(index)
    qtbot.keyClick(followup_tab.view, Qt.Key.Key_F2)
    assert followup_tab.view.viewport().findChild(QPlainTextEdit, "followup_body_editor") \
        is None
    assert not followup_tab.model.setData(index, "Texto que no debe guardarse")
    assert log_count(db) == before


# Models -------------------------------------------------------------------------------

def test_models_pass_the_model_tester(qtbot, qtmodeltester, db, ops, committee_id, earlier,
                                      tab, followup_tab):
    add_agreement(qtbot, tab, "Aprobar el Plan Operativo Anual 2025")
    add_agreement(qtbot, tab, "Difundir la campaña «Día mundial contra el trabajo infantil»")
    assert isinstance(tab.model, AgreementListModel) and tab.model.rowCount() == 2
    qtmodeltester.check(tab.model, force_py=True)

    # The next session follows up the two open agreements of each earlier session.
    followup_tab.set_session(sessions.create_session(db, committee_id, date="2025-04-14"))
    assert followup_tab.model.rowCount() == 4
    qtmodeltester.check(followup_tab.model, force_py=True)

    # The testers stay connected: edits and resets are checked too.
    with qtbot.waitSignal(ops.changed):
        followup_tab.model.setData(followup_tab.model.index(1, KEYS.index("body")),
                                   "En proceso de convocatoria.")
    with qtbot.waitSignal(ops.changed):
        qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1
