"""«Exportar paquete…» and «Importar paquete…» in the app, with a real headquarters: the
export runs in the worker with a progress dialog and says where the file went; the reply
clears the pending changes in the status area; a wrong file is explained in Spanish."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from db.storage.store import open_store
from devicesync import enrollment, identity
from devicesync.keys import register_key
from server.bundles.importer import import_bundle, write_reply
from tests.sync.conftest import hq, make_committee, make_session  # noqa: F401 (fixture)
from tests.sync.test_sync_gui import open_window

TIMEOUT = 15_000


def test_export_and_import_from_the_menu(qtbot, hq, tmp_path):  # noqa: F811
    path = tmp_path / "secretaria.sqlite"
    db = open_store(path)
    enrollment.enroll(db, hq.url, hq.code("PE-UCA"), "Laptop de la secretaría")
    register_key(db)
    make_session(db, make_committee(db))
    device_id = identity.require_device(db).device_id
    db.conn.close()

    window = open_window(qtbot, path, tmp_path)
    window.sync.controller.timer.stop()  # no online round: this secretariat has no network
    bundles = window.sync.bundles
    status = window.sync.status
    assert status.pending_label.text() == "2 cambios sin sincronizar"
    export_action = window.findChild(QAction, "action_bundle_export")
    import_action = window.findChild(QAction, "action_bundle_import")
    assert export_action.text() == "Exportar paquete…"
    assert import_action.text() == "Importar paquete…"

    bundle = tmp_path / "para-la-sede"
    bundles.choose_save_path = lambda suggested: str(bundle)
    with qtbot.waitSignal(bundles.exported, timeout=TIMEOUT) as exported:
        export_action.trigger()
    written = tmp_path / "para-la-sede.sesiona-paquete"
    assert exported.args[0].path == written and written.exists()
    assert bundles.message_box.icon() == QMessageBox.Icon.Information
    assert "Contiene 2 cambios" in bundles.message_box.text()
    bundles.message_box.close()
    assert status.pending_label.text() == "2 cambios sin sincronizar"

    # At headquarters.
    settings = hq.app.state.settings
    import_bundle(hq.engine, settings, written)
    reply = tmp_path / "respuesta.sesiona-paquete"
    write_reply(hq.engine, settings, device_id, reply)

    bundles.choose_open_path = lambda: str(reply)
    with qtbot.waitSignal(bundles.imported, timeout=TIMEOUT):
        import_action.trigger()
    assert "Enviados: 2 cambios (aplicados 2" in bundles.message_box.text()
    assert status.pending_label.text() == "0 cambios sin sincronizar"
    bundles.message_box.close()

    # The device's own bundle is not a reply: refused, explained, nothing changed.
    bundles.choose_open_path = lambda: str(written)
    with qtbot.waitSignal(bundles.failed, timeout=TIMEOUT) as failed:
        import_action.trigger()
    assert "es un paquete de un equipo, no una respuesta de la sede" in failed.args[0]
    assert bundles.message_box.icon() == QMessageBox.Icon.Warning
    assert "No se importó nada" in bundles.message_box.text()
