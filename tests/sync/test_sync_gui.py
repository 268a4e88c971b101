"""The app's side of sync, with real widgets: the settings dialog enrols, the status area
shows pending changes, the last sync and failures, and the conflict screen resolves."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from db.domain import sessions
from db.storage import records
from db.storage.connection import transaction
from db.storage.store import open_store
from desktop.actions import ActionId
from desktop.main_window import MainWindow
from desktop.settings import Settings
from devicesync import identity, inbox
from tests.support.typing import type_text
from tests.sync.conftest import make_committee, make_session, sync

Click = Qt.MouseButton.LeftButton
TIMEOUT = 15_000


def open_window(qtbot, path, tmp_path) -> MainWindow:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(open_store(path), path, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_dialog_enrols_and_the_status_area_follows(qtbot, hq, tmp_path, memory_keyring):
    path = tmp_path / "secretaria.sqlite"
    db = open_store(path)
    make_session(db, make_committee(db))
    db.conn.close()
    window = open_window(qtbot, path, tmp_path)
    status = window.sync.status
    assert status.pending_label.text() == "2 cambios sin sincronizar"
    assert status.last_label.text() == "Sin inscribir en la sede"
    assert not window.sync.controller.timer.isActive()

    window.actions[ActionId.SYNC_SETTINGS].trigger()
    dialog = window.sync.settings_dialog
    assert dialog.allow_http.text() == "Permitir conexiones sin cifrar (http://)"
    type_text(qtbot, dialog.server_url, "http://sede.example.org")
    type_text(qtbot, dialog.code, hq.code("PE-UCA"))
    qtbot.mouseClick(dialog.enroll_button, Click)
    qtbot.waitUntil(dialog.error.isVisible, timeout=TIMEOUT)
    assert "Permitir conexiones sin cifrar (http://)" in dialog.error.text()

    dialog.server_url.clear()
    type_text(qtbot, dialog.server_url, hq.url)
    with qtbot.waitSignal(window.sync.controller.succeeded, timeout=TIMEOUT):
        with qtbot.waitSignal(dialog.enrolled, timeout=TIMEOUT):
            qtbot.mouseClick(dialog.enroll_button, Click)
    assert "Ucayali (PE-UCA)" in dialog.current.text()
    (token,) = memory_keyring.secrets.values()
    window.settings.sync()
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert token.encode() not in file.read_bytes(), file

    assert status.pending_label.text() == "0 cambios sin sincronizar"
    assert status.last_label.text() == "Última sincronización: hace un momento"
    assert window.sync.controller.timer.isActive(), "the next automatic round is scheduled"
    dialog.close()

    # A failure is explained, and the next try backs off.
    hq.server.should_exit = True
    hq.thread.join(timeout=10)
    with qtbot.waitSignal(window.sync.controller.failed, timeout=TIMEOUT):
        window.actions[ActionId.SYNC_NOW].trigger()
    assert window.actions[ActionId.SYNC_NOW].shortcut().toString() == "Ctrl+Shift+S"
    assert status.error_label.isVisible()
    assert status.error_label.toolTip().startswith("Sin conexión con la sede")
    assert window.sync.controller.timer.interval() == 30_000, "back-off, not 5 min"
    window.close()


def test_the_conflict_screen_shows_both_values_and_resolves(qtbot, hq, tmp_path, qtmodeltester):
    first = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    session = make_session(first, make_committee(first))
    sync(first)
    path = tmp_path / "b.sqlite"
    second = hq.device(path, "PE-UCA")
    sync(second)
    sessions.update_session(first, session, {"venue": "Auditorio del GORE"})
    sessions.update_session(second, session, {"venue": "Sala de la DRTPE"})
    sync(first)
    assert sync(second).conflicts == 1

    window = open_window(qtbot, path, tmp_path)
    assert window.sync.controller.timer.isActive(), "an enrolled file syncs soon after opening"
    window.sync.controller.timer.stop()  # this test drives the inbox alone
    status = window.sync.status
    assert status.inbox_button.isVisible()
    assert "1 conflicto" in status.inbox_button.text()
    qtbot.mouseClick(status.inbox_button, Click)
    dialog = window.sync.conflicts_dialog
    assert dialog is not None and dialog.isVisible()
    qtmodeltester.check(dialog.conflicts_model)
    assert dialog.tabs.tabText(0) == "Conflictos (1)"
    assert dialog.local_text.toPlainText() == "Sala de la DRTPE"
    assert dialog.server_text.toPlainText() == "Auditorio del GORE"
    assert "Otro equipo cambió «sede»" in dialog.reason.text()
    model = dialog.conflicts_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[2:4] == ["Su valor (este equipo)", "Valor de la sede"]

    with qtbot.waitSignal(window.ops.changed, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.mine_button, Click)
    assert dialog.tabs.tabText(0) == "Conflictos (0)"
    assert not status.inbox_button.isVisible()
    assert status.pending_label.text() == "1 cambio sin sincronizar"
    assert records.get(window.db, "sessions", session)["venue"] == "Sala de la DRTPE"
    assert inbox.conflicts(window.db) == []
    assert identity.device(window.db) is not None

    # A change headquarters refused shows with its reason until dismissed.
    with transaction(window.db):
        inbox.record_rejection(window.db, "op-1", "sessions", session, "update",
                                    '{"notes": "Corrección tardía"}',
                                    "El acta de esta sesión está firmada.")
    window.ops.notify({"sync_rejections"})
    assert dialog.tabs.tabText(1) == "Cambios rechazados (1)"
    qtmodeltester.check(dialog.rejections_model)
    assert "El acta de esta sesión está firmada." in dialog.rejection_text.toPlainText()
    assert "Corrección tardía" in dialog.rejection_text.toPlainText()
    assert "1 rechazado" in status.inbox_button.text()
    assert inbox.KEPT_HINT in dialog.rejection_text.toPlainText()
    qtbot.mouseClick(dialog.dismiss_button, Click)
    assert dialog.tabs.tabText(1) == "Cambios rechazados (0)"
    assert not status.inbox_button.isVisible()

    # A refused insert: the row exists only here; «Reintentar» sends it whole again.
    with transaction(window.db):
        inbox.record_rejection(window.db, "op-2", "sessions", session, "insert", "{}",
                                    "Ya existe la Sesión Ordinaria N° 1 de este comité.")
    window.ops.notify({"sync_rejections"})
    assert inbox.LOCAL_ONLY_HINT in dialog.rejection_text.toPlainText()
    pending = records.pending_changes(window.db)
    qtbot.mouseClick(dialog.retry_button, Click)
    assert dialog.tabs.tabText(1) == "Cambios rechazados (0)"
    assert records.pending_changes(window.db) == pending + 1
    assert window.db.execute("SELECT op FROM change_log ORDER BY seq DESC LIMIT 1"
                             ).fetchone()[0] == "insert"
    window.close()
