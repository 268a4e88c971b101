"""The whole main window driven like a secretary: set up a committee, seat its members,
hold a session, take attendance, write an agreement, close, reopen, find everything."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QPushButton

from db.domain import agreements, catalog, committees, membership, sessions
from db.storage.store import open_store
from desktop.main_window import MainWindow
from desktop.pages.agreements_page import AgreementsPage
from desktop.pages.members_page import MembersPage
from desktop.pages.sessions_page import SessionsPage
from desktop.settings import Settings
from tests.support.typing import type_text

Click = Qt.MouseButton.LeftButton


def open_window(qtbot, path, tmp_path) -> MainWindow:
    from PySide6.QtCore import QSettings

    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(open_store(path), path, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def add_seat(qtbot, window, page: MembersPage, acronym: str, role="miembro",
             presidency=False):
    qtbot.mouseClick(page.add_seat_button, Click)
    dialog = page.dialog
    dialog.institution.setCurrentIndex(
        dialog.institution.findData(catalog.institution_id(acronym)))
    dialog.role.setCurrentIndex(dialog.role.findData(role))
    if presidency:
        qtbot.mouseClick(dialog.presidency, Click)
    with qtbot.waitSignal(window.ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert dialog.result() == QDialog.DialogCode.Accepted


def designate(qtbot, window, page: MembersPage, row: int, name: str):
    page.seats_view.selectRow(row)
    qtbot.mouseClick(page.designate_button, Click)
    dialog = page.dialog
    qtbot.mouseClick(dialog.position_buttons["titular"], Click)
    type_text(qtbot, dialog.person_name, name)
    type_text(qtbot, dialog.document, "Oficio N° 101-2025")
    dialog.designated_on.setDate(QDate(2025, 1, 6))
    with qtbot.waitSignal(window.ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Click)


def test_secretary_workflow_survives_reopening(qtbot, tmp_path, db_path):
    window = open_window(qtbot, db_path, tmp_path)
    assert window.stack.currentWidget() is window.welcome

    # 1. The first committee, from the welcome screen.
    qtbot.mouseClick(window.welcome.findChild(QPushButton, "create_first_committee"), Click)
    dialog = window.dialog
    type_text(qtbot, dialog.name, "Comité Directivo Regional para la Prevención y "
                                  "Erradicación del Trabajo Infantil de Ucayali")
    type_text(qtbot, dialog.acronym, "CDRPETI UCAYALI")
    dialog.region.setCurrentIndex(dialog.region.findData("PE-UCA"))
    with qtbot.waitSignal(window.ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert window.committee_combo.currentText().startswith("CDRPETI UCAYALI")
    committee_id = window.committee_id

    # 2. Seats and representatives.
    members = window.show_page(MembersPage)
    add_seat(qtbot, window, members, "DRTPE", presidency=True)
    for acronym in ("MIMP", "PNP", "MINEDU"):
        add_seat(qtbot, window, members, acronym)
    add_seat(qtbot, window, members, "DP", role="observador")
    for row, name in enumerate(["Carlos Ríos Pérez", "Ana Flores Soria", "Jorge Tello Vela",
                                "Lucía Ramírez Ñaupari"]):
        designate(qtbot, window, members, row, name)
    assert members.summary_label.text().startswith("4 miembros con voto")

    # 3. A session.
    page = window.show_page(SessionsPage)
    dialog = page.on_new_button_clicked()
    assert dialog.number.value() == 1
    dialog.date.setDate(QDate(2025, 3, 10))
    dialog.convened_on.setDate(QDate(2025, 3, 9))
    assert "anticipación" in dialog.warning.text()  # one day's notice: warned, not blocked
    with qtbot.waitSignal(window.ops.changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Click)
    assert page.editor.session_id == dialog.created_id
    session_id = dialog.created_id

    # 4. Attendance: the quorum label follows the ticks.
    tab = page.editor.attendance_tab
    page.editor.tabs.setCurrentWidget(tab)
    assert tab.quorum_label.text() == "0 de 4 miembros — no hay quórum"
    for row in range(3):
        with qtbot.waitSignal(window.ops.changed):
            tab.model.setData(tab.model.index(row, 2), Qt.CheckState.Checked.value,
                              Qt.ItemDataRole.CheckStateRole)
    assert tab.quorum_label.text() == "3 de 4 miembros — hay quórum"

    # 5. An agreement with a deadline and a responsible institution.
    agreements_tab = page.editor.agreements_tab
    page.editor.tabs.setCurrentWidget(agreements_tab)
    qtbot.mouseClick(agreements_tab.new_button, Click)
    type_text(qtbot, agreements_tab.composer_text,
              "Aprobar el Plan de Trabajo Anual 2025 del comité.")
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(agreements_tab.add_button, Click)
    type_text(qtbot, agreements_tab.deadline_edit, "II trimestre 2025")
    with qtbot.waitSignal(window.ops.changed):
        agreements_tab.deadline_edit.editingFinished.emit()
    [agreement] = agreements.for_session(window.ops.db, session_id)
    assert agreement["deadline_end"] == "2025-06-30"

    # The tracker sees it.
    tracker = window.show_page(AgreementsPage)
    assert tracker.model.rowCount() == 1
    window.close()
    window.ops.db.conn.close()

    # 6. Reopen the same file: everything is there, in the UI and in the data.
    again = open_window(qtbot, db_path, tmp_path)
    assert again.committee_id == committee_id
    db = again.ops.db
    assert committees.get_committee(db, committee_id)["acronym"] == "CDRPETI UCAYALI"
    seats = membership.seats(db, committee_id)
    assert [s["acronym"] for s in seats] == ["DRTPE", "MIMP", "PNP", "MINEDU", "DP"]
    assert seats[3]["titular"] == "Lucía Ramírez Ñaupari"
    sessions_page = again.show_page(SessionsPage)
    assert sessions_page.model.rowCount() == 1
    sessions_page.select_session(session_id)
    assert again.show_page(SessionsPage).editor.attendance_tab.quorum_label.text() == \
        "3 de 4 miembros — hay quórum"
    assert sessions.get_session(db, session_id)["quorum_present"] == 3
    assert again.show_page(AgreementsPage).model.rowCount() == 1
    row = again.show_page(AgreementsPage).model.row_at(0)
    assert row["deadline_text"] == "II trimestre 2025"


def test_undo_redo_from_the_edit_menu(qtbot, tmp_path, db_path):
    store = open_store(db_path)
    committee_id = committees.create_committee(
        store, kind="trabajo_forzoso", name="Comisión Regional contra el Trabajo Forzoso",
        acronym="CRTF", region_code="PE-CUS")
    sessions.create_session(store, committee_id, date="2025-02-01")
    store.conn.close()
    window = open_window(qtbot, db_path, tmp_path)
    page = window.show_page(SessionsPage)
    page.select_session(page.model.id_at(0))
    venue = page.editor.data_tab.form.bindings["venue"].widget
    venue.setText("Auditorio de la DRTPE Cusco")
    with qtbot.waitSignal(window.ops.changed):
        venue.editingFinished.emit()
    undo = window.findChild(QAction, "action_undo")
    assert undo.isEnabled()
    assert "Sede" in undo.text()
    with qtbot.waitSignal(window.ops.changed):
        undo.trigger()
    assert venue.text() == ""
    with qtbot.waitSignal(window.ops.changed):
        window.findChild(QAction, "action_redo").trigger()
    assert venue.text() == "Auditorio de la DRTPE Cusco"


def test_foreign_file_is_refused_and_untouched(qtbot, tmp_path, monkeypatch):
    import hashlib
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from desktop.app import open_or_explain

    path = tmp_path / "ajeno.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clientes (id INTEGER)")
    conn.commit()
    conn.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text: shown.append((title, text)))
    assert open_or_explain(path) is None
    assert shown and "no de Sesiona" in shown[0][1]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
