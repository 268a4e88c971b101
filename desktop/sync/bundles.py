"""«Exportar paquete…» and «Importar paquete…»: offline bundles from the app.

For secretariats whose connection never allows a sync: the export writes the pending
changes to a signed file to carry to headquarters; the import applies headquarters'
signed reply. Both run ``devicesync.bundles`` in the worker (``desktop.tasks``) on their own
connection, as a sync round does, with a progress dialog; the result or the Spanish
refusal is shown in a message box. After an import the screens refresh through
``ops.notify``, as after a round.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from contract.bundle_format import SUFFIX
from db.locale_pe import lima_today
from db.storage.connection import connect
from db.storage.progress import Progress
from desktop.sync.controller import REFRESHED
from desktop.tasks import Task, run_task
from devicesync import identity
from devicesync.bundles import ExportReport, ReplyImport, export_bundle, import_reply

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

FILTER = "Paquete de Sesiona (*.sesiona-paquete);;Todos los archivos (*)"


class BundleActions(QObject):
    #: The bundle was written: its ExportReport.
    exported = Signal(object)
    #: A reply was applied: its ReplyImport.
    imported = Signal(object)
    #: A Spanish message (refused file, not enrolled, disk error…).
    failed = Signal(str)

    def __init__(self, window: MainWindow, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.task: Task | None = None
        self.message_box: QMessageBox | None = None
        self.export_action = QAction(window.tr("Exportar paquete…"), window)
        self.export_action.setObjectName("action_bundle_export")
        self.export_action.setStatusTip(window.tr(
            "Guarda los cambios pendientes en un archivo firmado para llevarlo a la sede, "
            "sin conexión."))
        self.export_action.triggered.connect(self.export)
        self.import_action = QAction(window.tr("Importar paquete…"), window)
        self.import_action.setObjectName("action_bundle_import")
        self.import_action.setStatusTip(window.tr(
            "Aplica la respuesta firmada de la sede: confirma los cambios enviados y recibe "
            "las novedades."))
        self.import_action.triggered.connect(self.import_reply)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.import_action)
        self.exported.connect(self._show_export)
        self.imported.connect(self._show_import)
        self.failed.connect(self._show_failure)

    # File choosers: small methods so that tests can answer them -----------------------------

    def choose_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Exportar paquete"), str(self.window.path.parent / suggested),
            self.tr(FILTER))
        return path

    def choose_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Importar paquete de la sede"), str(self.window.path.parent),
            self.tr(FILTER))
        return path

    # Actions ---------------------------------------------------------------------------------

    def _device(self) -> identity.Device | None:
        found = self.window.ops.read(identity.device)
        if found is None:
            self.failed.emit(self.tr(
                "Este equipo no está inscrito en la sede: inscríbalo en Configuración → "
                "Sincronización… (necesita conexión una vez)."))
        return found

    def export(self) -> Task | None:
        device = self._device()
        if device is None:
            return None
        suggested = f"sesiona-{device.region_code}-{lima_today().isoformat()}{SUFFIX}"
        path = self.choose_save_path(suggested)
        if not path:
            return None
        if not path.endswith(SUFFIX):
            path += SUFFIX
        database, out = self.window.path, Path(path)

        def work(progress: Progress) -> ExportReport:
            db = connect(database)
            try:
                return export_bundle(db, out, progress=progress)
            finally:
                db.conn.close()
        self.task = run_task(work, self.tr("Exportando el paquete…"), self.window,
                             on_success=self.exported.emit, on_failure=self.failed.emit)
        return self.task

    def import_reply(self) -> Task | None:
        if self._device() is None:
            return None
        path = self.choose_open_path()
        if not path:
            return None
        database, source = self.window.path, Path(path)

        def work(progress: Progress) -> ReplyImport:
            db = connect(database)
            try:
                return import_reply(db, source, progress=progress)
            finally:
                db.conn.close()
        self.task = run_task(work, self.tr("Importando la respuesta de la sede…"),
                             self.window, on_success=self._on_imported,
                             on_failure=self._on_import_failed)
        return self.task

    def _on_imported(self, result: Any) -> None:
        self.window.ops.notify(set(REFRESHED))
        self.window.sync.refresh()
        self.imported.emit(result)

    def _on_import_failed(self, message: str) -> None:
        self.window.ops.notify(set(REFRESHED))  # pages before a refused one stay applied
        self.failed.emit(message)

    # Results ---------------------------------------------------------------------------------

    def _show(self, icon: QMessageBox.Icon, title: str, lines: list[str]) -> None:
        box = QMessageBox(icon, title, "\n".join(lines), QMessageBox.StandardButton.Ok,
                          self.window)
        box.setObjectName("bundle_message")
        self.message_box = box
        box.open()

    def _show_export(self, result: ExportReport) -> None:
        self._show(QMessageBox.Icon.Information, self.tr("Paquete exportado"), result.lines())

    def _show_import(self, result: ReplyImport) -> None:
        self._show(QMessageBox.Icon.Information, self.tr("Respuesta de la sede importada"),
                   result.lines())

    def _show_failure(self, message: str) -> None:
        self._show(QMessageBox.Icon.Warning, self.tr("Paquetes sin conexión"), [message])
