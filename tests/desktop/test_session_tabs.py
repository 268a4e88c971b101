"""The session data and attendance tabs, driven like a secretary would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QSpinBox

from db.domain import catalog, committees, membership, sessions
from db.domain.session_queries import session_ids, session_rows
from db.storage import records
from desktop.models.sessions_model import SessionsModel
from desktop.operations import Operations
from desktop.session_editor.attendance_tab import AttendanceTab
from desktop.session_editor.data_tab import DataTab
from desktop.widgets.fields import OptionalTimeEdit


def build_committee(db, members=("DRTPE", "MIMP", "PNP", "MINEDU", "MINSA"),
                    observers=("DP",)):
    committee_id = committees.create_committee(
        db, kind="cdrpeti", name="Comité Directivo Regional de Ucayali", acronym="CDRPETI",
        region_code="PE-UCA", city="Pucallpa")
    seats = {}
    for acronym in members + observers:
        role = "observador" if acronym in observers else "miembro"
        seat = membership.add_seat(db, committee_id, catalog.institution_id(acronym), role)
        membership.designate(db, seat, "titular", f"Titular de {acronym}", "2024-01-01")
        membership.designate(db, seat, "alterno", f"Alterno de {acronym}", "2024-01-01")
        seats[acronym] = seat
    session_id = sessions.create_session(db, committee_id, date="2025-03-10",
                                         start_time="09:00")
    return committee_id, seats, session_id


def test_attendance_ticks_update_quorum_label(qtbot, db):
    _, seats, session_id = build_committee(db)
    ops = Operations(db)
    tab = AttendanceTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)
    assert tab.quorum_label.text() == "0 de 5 miembros — no hay quórum"

    model = tab.model
    def tick(acronym, column):
        row = next(i for i, r in enumerate(model.rows) if r["acronym"] == acronym)
        with qtbot.waitSignal(ops.changed):
            model.setData(model.index(row, column), Qt.CheckState.Checked.value,
                          Qt.ItemDataRole.CheckStateRole)

    tick("DRTPE", 2)
    tick("MIMP", 3)  # the alterno attends for MIMP
    assert tab.quorum_label.text() == "2 de 5 miembros — no hay quórum"
    tick("DP", 2)  # an observer never counts
    assert tab.quorum_label.text() == "2 de 5 miembros — no hay quórum"
    tick("PNP", 2)
    assert tab.quorum_label.text() == "3 de 5 miembros — hay quórum"

    stored = sessions.get_session(db, session_id)
    assert (stored["quorum_present"], stored["quorum_members"], stored["quorum_required"]) == \
        (3, 5, 3)
    sheet = {r["acronym"]: r for r in sessions.attendance_sheet(db, session_id)}
    assert sheet["MIMP"]["attendee"] == "alterno"
    assert sheet["MIMP"]["person_name"] == "Alterno de MIMP"

    # Ticking the titular replaces the alterno: never both for one seat.
    tick("MIMP", 2)
    sheet = {r["acronym"]: r for r in sessions.attendance_sheet(db, session_id)}
    assert sheet["MIMP"]["attendee"] == "titular"

    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    sheet = {r["acronym"]: r for r in sessions.attendance_sheet(db, session_id)}
    assert sheet["MIMP"]["attendee"] == "alterno"


def test_attendance_model_passes_modeltester(qtbot, qtmodeltester, db):
    _, _, session_id = build_committee(db)
    ops = Operations(db)
    tab = AttendanceTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)
    assert tab.model.rowCount() == 6
    qtmodeltester.check(tab.model)


def test_invitees_added_and_not_counted(qtbot, db):
    _, _, session_id = build_committee(db)
    ops = Operations(db)
    tab = AttendanceTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)
    qtbot.keyClicks(tab.invitee_name, "Rosa Quispe Mamani")
    qtbot.keyClicks(tab.invitee_entity, "OIT")
    with qtbot.waitSignal(ops.changed):
        qtbot.mouseClick(tab.add_invitee_button, Qt.MouseButton.LeftButton)
    assert [i["person_name"] for i in sessions.invitees(db, session_id)] == ["Rosa Quispe Mamani"]
    assert tab.invitees_model.rowCount() == 1
    assert tab.quorum_label.text().startswith("0 de 5")

    before = records.pending_changes(db)
    qtbot.mouseClick(tab.add_invitee_button, Qt.MouseButton.LeftButton)  # empty name
    assert "obligatorio" in tab.invitee_error.text()
    assert records.pending_changes(db) == before


def test_data_tab_commits_and_refuses_end_before_start(qtbot, db):
    _, _, session_id = build_committee(db)
    ops = Operations(db)
    tab = DataTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)

    venue = tab.findChild(QLineEdit, "field_venue")
    qtbot.keyClicks(venue, "Auditorio de la DRTPE Ucayali")
    with qtbot.waitSignal(ops.changed):
        venue.editingFinished.emit()
    assert sessions.get_session(db, session_id)["venue"] == "Auditorio de la DRTPE Ucayali"

    end = tab.findChild(OptionalTimeEdit, "field_end_time")
    before = records.pending_changes(db)
    end.set_value("08:30")
    tab.form.commit("end_time")
    assert "posterior a la hora de inicio" in tab.form.error_text("end_time")
    assert sessions.get_session(db, session_id)["end_time"] is None
    assert records.pending_changes(db) == before

    end.set_value("11:25")
    tab.form.commit("end_time")
    assert tab.form.error_text("end_time") == ""
    assert sessions.get_session(db, session_id)["end_time"] == "11:25"


def test_data_tab_duplicate_number_refused(qtbot, db):
    committee_id, _, first = build_committee(db)
    second = sessions.create_session(db, committee_id, date="2025-04-10")
    ops = Operations(db)
    tab = DataTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(second)
    number = tab.findChild(QSpinBox, "field_number")
    assert number.value() == 2
    number.setValue(1)
    tab.form.commit("number")
    assert "Ya existe la sesión" in tab.form.error_text("number")
    assert sessions.get_session(db, second)["number"] == 2


def test_data_tab_state_buttons_and_undo(qtbot, db):
    _, _, session_id = build_committee(db)
    ops = Operations(db)
    tab = DataTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)
    button = tab.findChild(QPushButton, "state_to_sin_quorum")
    assert button is not None
    with qtbot.waitSignal(ops.changed):
        button.click()
    assert sessions.get_session(db, session_id)["state"] == "sin_quorum"
    assert "No realizada por falta de quórum" in tab.state_label.text()
    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    assert sessions.get_session(db, session_id)["state"] == "programada"


def test_approving_the_acta_in_the_same_session_records_it_and_undoes(qtbot, db):
    _, _, session_id = build_committee(db)
    sessions.set_state(db, session_id, "realizada")
    ops = Operations(db)
    tab = DataTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)
    button = tab.findChild(QPushButton, "state_to_acta_aprobada")
    assert button.text() == "Acta aprobada en esta sesión"
    with qtbot.waitSignal(ops.changed):
        button.click()
    row = sessions.get_session(db, session_id)
    assert (row["state"], row["approved_in_session_id"]) == ("acta_aprobada", session_id)
    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.undo()
    assert sessions.get_session(db, session_id)["state"] == "realizada"
    with qtbot.waitSignal(ops.changed):
        ops.undo_stack.redo()
    assert sessions.get_session(db, session_id)["state"] == "acta_aprobada"


def test_typing_merges_into_one_undo_step(qtbot, db):
    _, _, session_id = build_committee(db)
    ops = Operations(db)
    tab = DataTab(ops)
    qtbot.addWidget(tab)
    tab.set_session(session_id)
    venue = tab.findChild(QLineEdit, "field_venue")
    for text in ("Sala", "Sala de", "Sala de reuniones"):
        venue.setText(text)
        tab.form.commit("venue")
    assert ops.undo_stack.count() == 1
    ops.undo_stack.undo()
    assert sessions.get_session(db, session_id)["venue"] == ""
    ops.undo_stack.redo()
    assert sessions.get_session(db, session_id)["venue"] == "Sala de reuniones"


def test_sessions_model_passes_modeltester(qtbot, qtmodeltester, db):
    committee_id, _, _ = build_committee(db)
    for day in ("2025-04-10", "2025-05-10"):
        sessions.create_session(db, committee_id, date=day)
    model = SessionsModel(lambda: session_ids(db, committee_id),
                          lambda ids: session_rows(db, ids))
    model.reload()
    assert model.rowCount() == 3
    assert model.data(model.index(0, 0)) == "SO-3"
    assert model.data(model.index(0, 1)) == "10/05/2025"
    qtmodeltester.check(model)
