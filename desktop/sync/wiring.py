"""Sync in the main window: the «Configuración» menu, Ctrl+Shift+S and the status area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from desktop.actions import ActionId
from desktop.sync.bundles import BundleActions
from desktop.sync.conflicts import ConflictsDialog
from desktop.sync.controller import SyncController
from desktop.sync.dialog import SyncDialog
from desktop.sync.status import SyncStatus

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


class SyncUi:
    """Owns the controller, the status area and the dialogs of one main window."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.controller = SyncController(window.ops, window.path, window)
        self.status = SyncStatus(self.controller, window)
        self.status.inbox_requested.connect(self.show_conflicts)
        self.status.settings_requested.connect(self.show_settings)
        self.settings_dialog: SyncDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        for action_id, text, slot, shortcut in (
                (ActionId.SYNC_SETTINGS, window.tr("Sincronización…"), self.show_settings,
                 None),
                (ActionId.SYNC_NOW, window.tr("Sincronizar ahora"), self.sync_now,
                 QKeySequence("Ctrl+Shift+S")),
                (ActionId.SYNC_CONFLICTS, window.tr("Conflictos de sincronización…"),
                 self.show_conflicts, None)):
            action = QAction(text, window)
            action.setObjectName(f"action_{action_id.value}")
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            window.actions[action_id] = action
        # «Sincronización»: what a secretary does with headquarters, online or with a bundle;
        # «Configuración → Sincronización…»: enrolment and the server's address.
        sync_menu = window.menuBar().addMenu(window.tr("&Sincronización"))
        for action_id in (ActionId.SYNC_NOW, ActionId.SYNC_CONFLICTS):
            sync_menu.addAction(window.actions[action_id])
        self.bundles = BundleActions(window, sync_menu)  # offline: export / import a bundle
        settings_menu = window.menuBar().addMenu(window.tr("&Configuración"))
        settings_menu.addAction(window.actions[ActionId.SYNC_SETTINGS])
        self.menus = (sync_menu, settings_menu)
        # Before «Ayuda», where menus usually end.
        help_action = next((a for a in window.menuBar().actions() if a.text() == "A&yuda"),
                           None)
        if help_action is not None:
            for menu in self.menus:
                window.menuBar().removeAction(menu.menuAction())
                window.menuBar().insertAction(help_action, menu.menuAction())
        window.statusBar().addPermanentWidget(self.status)

    def sync_now(self) -> None:
        if self.controller.enrolled():
            self.controller.sync_now()
        else:
            self.show_settings()

    def show_settings(self) -> SyncDialog:
        dialog = SyncDialog(self.window.ops, self.window.path, self.window)
        dialog.enrolled.connect(self.controller.on_enrolled)
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def show_conflicts(self) -> ConflictsDialog:
        if self.conflicts_dialog is None:
            dialog = ConflictsDialog(self.window.ops, self.window)
            self.conflicts_dialog = dialog
        self.conflicts_dialog.refresh()
        self.conflicts_dialog.show()
        self.conflicts_dialog.raise_()
        return self.conflicts_dialog

    def refresh(self) -> None:
        self.status.refresh()

    def shutdown(self) -> None:
        self.status.clock.stop()  # its next tick would read a file about to be closed
        self.controller.shutdown()
