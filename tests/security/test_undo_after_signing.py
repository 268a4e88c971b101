"""Issue 12, item 1, on the real main window: edits with an undo history, the acta signed
by hand (scan) in the «Firmas» tab, then Ctrl+Z and Ctrl+Y. Nothing changes in the
database, nothing is queued for sync, the history stays where it was, and a message
(status bar and a box) explains why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from db.domain import catalog, committees, membership, sessions
from db.storage.store import open_store
from desktop.main_window import MainWindow
from desktop.pages.sessions_page import SessionsPage
from desktop.settings import Settings
from tests.db.factories import SCANNED_PDF, walk_to
from tests.security.device_support import state

Click = Qt.MouseButton.LeftButton


def _prepared(path: Path) -> str:
    """A committee and a held session, everyone present (set up through the data layer)."""
    store = open_store(path)
    committee_id = committees.create_committee(
        store, kind="cdrpeti", name="Comité Directivo Regional para la Prevención y "
        "Erradicación del Trabajo Infantil de Ucayali", acronym="CDRPETI-UCA",
        region_code="PE-UCA", city="Pucallpa")
    for acronym, flags in (("GRDS", {"is_presidency": True}),
                           ("DRTPE", {"is_secretariat": True}), ("MIMP", {})):
        seat = membership.add_seat(store, committee_id, catalog.institution_id(acronym),
                                   **flags)
        membership.designate(store, seat, "titular", f"Titular de {acronym}", "2024-01-01")
    session_id = sessions.create_session(store, committee_id, date="2025-03-10",
                                         start_time="09:00", end_time="11:30")
    for row in sessions.attendance_sheet(store, session_id):
        sessions.set_attendance(store, session_id, row["seat_id"], "titular")
    walk_to(store, session_id, "realizada")
    store.conn.close()
    return session_id


def test_ctrl_z_and_ctrl_y_after_signing_change_nothing(qtbot, tmp_path, db_path,
                                                        monkeypatch):
    session_id = _prepared(db_path)
    window = MainWindow(open_store(db_path), db_path, Settings(
        QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    db, stack = window.ops.db, window.ops.undo_stack
    page = window.show_page(SessionsPage)
    page.select_session(session_id)
    editor = page.editor

    # An invitee, and a venue typed then undone (so that there is something to redo).
    attendance = editor.attendance_tab
    editor.tabs.setCurrentWidget(attendance)
    attendance.invitee_name.setText("Rosa Ticona Mamani")
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(attendance.add_invitee_button, Click)
    venue = editor.data_tab.form.bindings["venue"].widget
    venue.setText("Auditorio de la DRTPE")
    with qtbot.waitSignal(window.ops.changed):
        venue.editingFinished.emit()
    with qtbot.waitSignal(window.ops.changed):
        stack.undo()
    assert sessions.get_session(db, session_id)["venue"] == ""
    assert [i["person_name"] for i in sessions.invitees(db, session_id)] == [
        "Rosa Ticona Mamani"]
    assert stack.canUndo() and stack.canRedo()

    # Approve and sign by hand in «Firmas», as a secretary would.
    tab = editor.signatures_tab
    editor.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(tab.approval.approve_button, Click)
    scan = tmp_path / "acta-firmada.pdf"
    scan.write_bytes(SCANNED_PDF)
    monkeypatch.setattr(tab.context, "choose_open_files", lambda *_a, **_k: [str(scan)])
    qtbot.mouseClick(tab.wet.attach_scans_button, Click)
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(tab.context.confirm_box.accept_button, Click)
    assert sessions.get_session(db, session_id)["state"] == "acta_firmada"

    before, index = state(db, session_id), stack.index()
    for key, verb in ((Qt.Key.Key_Z, "deshacer"), (Qt.Key.Key_Y, "rehacer")):
        # The signing confirmation had the focus; offscreen, only this hands it back (Qt
        # marks it deprecated, but requestActivate() does not activate an offscreen window).
        QApplication.setActiveWindow(window)
        qtbot.waitActive(window)
        editor.tabs.setFocus()
        with qtbot.assertNotEmitted(window.ops.changed):
            with qtbot.waitSignal(window.ops.failed) as failed:
                qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)
        message = failed.args[0]
        assert message.startswith(f"No se puede {verb} «")
        assert "se firmó el acta" in message and "fe de erratas" in message
        assert window.statusBar().currentMessage() == message
        box = window.failure_box
        assert box.isVisible() and box.text() == message
        assert box.objectName() == "ops_failed_box" and isinstance(box, QMessageBox)
        box.close()
        assert stack.index() == index
        assert state(db, session_id) == before  # counts, change log, blobs, fingerprint
    assert [i["person_name"] for i in sessions.invitees(db, session_id)] == [
        "Rosa Ticona Mamani"]
    assert sessions.get_session(db, session_id)["venue"] == ""
