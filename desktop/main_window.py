"""The main window: committee picker, navigation and pages, menus, undo and status."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db.domain import committees
from desktop.actions import ActionId
from desktop.dialogs.committee_dialog import NewCommitteeDialog
from desktop.operations import Operations
from desktop.pages.agreements_page import AgreementsPage
from desktop.pages.base import Page
from desktop.pages.committee_page import CommitteePage
from desktop.pages.members_page import MembersPage
from desktop.pages.plans_page import PlansPage
from desktop.pages.sessions_page import SessionsPage
from desktop.settings import LAST_COMMITTEE, LAST_DATABASE, MAIN_GEOMETRY, Settings
from desktop.sync.wiring import SyncUi


def app_version() -> str:
    try:
        return version("sesiona")
    except PackageNotFoundError:
        return "desarrollo"


class WelcomePage(QWidget):
    """Shown while the file has no committee yet."""

    def __init__(self, on_create, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch()
        text = QLabel(self.tr(
            "<h2>Bienvenido a Sesiona</h2><p>Todavía no hay comités en este archivo.</p>"
            "<p>Empiece registrando el comité del que su oficina es secretaría técnica.</p>"))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(text)
        button = QPushButton(self.tr("Crear el primer comité…"))
        button.setObjectName("create_first_committee")
        button.clicked.connect(on_create)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()


class MainWindow(QMainWindow):
    def __init__(self, db: sqlite_utils.Database, path: Path,
                 settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.path = db, Path(path)
        self.settings = settings or Settings()
        self.ops = Operations(db, self)
        self.failure_box: QMessageBox | None = None
        self.actions: dict[ActionId, QAction] = {}
        self.dialog: QWidget | None = None
        self.setWindowTitle(self.tr("Sesiona — {0}").format(self.path.name))
        self.resize(1280, 800)

        self.committee_combo = QComboBox()
        self.committee_combo.setObjectName("committee_combo")
        self.committee_combo.setMinimumContentsLength(40)
        self.committee_combo.currentIndexChanged.connect(self.on_committee_combo_changed)

        self.pages: list[Page] = [CommitteePage(self.ops), MembersPage(self.ops),
                                  SessionsPage(self.ops), AgreementsPage(self.ops),
                                  PlansPage(self.ops)]
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setMaximumWidth(180)
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(self.new_committee)
        self.stack.addWidget(self.welcome)
        for page in self.pages:
            self.navigation.addItem(page.title)
            self.stack.addWidget(page)
        self.navigation.currentRowChanged.connect(self.on_navigation_changed)

        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([160, 1120])
        self.setCentralWidget(splitter)

        self._build_actions()
        self._build_menus_and_toolbar()
        self.sync = SyncUi(self)  # «Configuración» menu, Ctrl+Shift+S, status area
        self.pending_label = self.sync.status.pending_label
        self.ops.changed.connect(self.on_ops_changed)
        self.ops.failed.connect(self.on_ops_failed)

        geometry = self.settings.get(MAIN_GEOMETRY)
        if geometry and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self.reload_committees(select=self.settings.get(LAST_COMMITTEE) or None)
        self.update_pending()
        self.settings.set(LAST_DATABASE, str(self.path))

    # Construction ----------------------------------------------------------------------

    def _build_actions(self) -> None:
        def make(action_id: ActionId, text: str, slot, shortcut=None) -> QAction:
            action = QAction(text, self)
            action.setObjectName(f"action_{action_id.value}")
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            self.actions[action_id] = action
            return action

        make(ActionId.NEW_COMMITTEE, self.tr("Nuevo comité…"), self.new_committee)
        make(ActionId.OPEN_DATABASE, self.tr("Abrir base de datos…"), self.open_database,
             QKeySequence.StandardKey.Open)
        make(ActionId.QUIT, self.tr("Salir"), self.close, QKeySequence.StandardKey.Quit)
        make(ActionId.ABOUT, self.tr("Acerca de Sesiona"), self.about)
        undo = self.ops.undo_action(self, self.tr("Deshacer"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("action_undo")
        redo = self.ops.redo_action(self, self.tr("Rehacer"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setObjectName("action_redo")
        self.actions[ActionId.UNDO] = undo
        self.actions[ActionId.REDO] = redo

    def _build_menus_and_toolbar(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Archivo"))
        file_menu.addAction(self.actions[ActionId.NEW_COMMITTEE])
        file_menu.addAction(self.actions[ActionId.OPEN_DATABASE])
        file_menu.addSeparator()
        file_menu.addAction(self.actions[ActionId.QUIT])
        edit_menu = self.menuBar().addMenu(self.tr("&Editar"))
        edit_menu.addAction(self.actions[ActionId.UNDO])
        edit_menu.addAction(self.actions[ActionId.REDO])
        help_menu = self.menuBar().addMenu(self.tr("A&yuda"))
        help_menu.addAction(self.actions[ActionId.ABOUT])

        toolbar = QToolBar(self.tr("Comité"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(self.tr("Comité: ")))
        toolbar.addWidget(self.committee_combo)
        toolbar.addAction(self.actions[ActionId.NEW_COMMITTEE])
        toolbar.addSeparator()
        toolbar.addAction(self.actions[ActionId.UNDO])
        toolbar.addAction(self.actions[ActionId.REDO])
        self.addToolBar(toolbar)

    # Committees ------------------------------------------------------------------------

    @property
    def committee_id(self) -> str | None:
        return self.committee_combo.currentData()

    def reload_committees(self, select: str | None = None) -> None:
        select = select or self.committee_id
        rows = self.ops.read(committees.list_committees)
        self.committee_combo.blockSignals(True)
        self.committee_combo.clear()
        for row in rows:
            self.committee_combo.addItem(f"{row['acronym']} — {row['region_name']}", row["id"])
        index = self.committee_combo.findData(select) if select else -1
        self.committee_combo.setCurrentIndex(index if index >= 0 else (0 if rows else -1))
        self.committee_combo.blockSignals(False)
        self.on_committee_combo_changed()

    def select_committee(self, committee_id: str) -> None:
        index = self.committee_combo.findData(committee_id)
        if index >= 0:
            self.committee_combo.setCurrentIndex(index)

    def on_committee_combo_changed(self, _index: int = 0) -> None:
        committee_id = self.committee_id
        has_committee = committee_id is not None
        self.navigation.setEnabled(has_committee)
        for page in self.pages:
            page.flush()
            page.set_committee(committee_id)
        if not has_committee:
            self.stack.setCurrentWidget(self.welcome)
        else:
            if self.navigation.currentRow() < 0:
                self.navigation.setCurrentRow(2)  # Sesiones: what a secretary opens most
            self.on_navigation_changed(self.navigation.currentRow())
            self.settings.set(LAST_COMMITTEE, committee_id)

    def on_navigation_changed(self, row: int) -> None:
        if 0 <= row < len(self.pages) and self.committee_id:
            self.stack.setCurrentWidget(self.pages[row])

    def show_page(self, page_type: type) -> Page:
        for row, page in enumerate(self.pages):
            if isinstance(page, page_type):
                self.navigation.setCurrentRow(row)
                return page
        raise LookupError(page_type)

    def new_committee(self) -> NewCommitteeDialog:
        """Window-modal without blocking the event loop (and drivable by tests)."""
        dialog = NewCommitteeDialog(self.ops, self)
        dialog.accepted.connect(lambda: self.on_committee_created(dialog.created_id))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def on_committee_created(self, committee_id: str | None) -> None:
        if committee_id:
            self.reload_committees(select=committee_id)
            self.show_page(CommitteePage)

    # File ------------------------------------------------------------------------------

    def open_database(self) -> None:
        from desktop.app import open_main_window

        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Abrir base de datos de Sesiona"), str(self.path.parent),
            self.tr("Bases de Sesiona (*.sqlite *.db);;Todos los archivos (*)"))
        if not name or Path(name) == self.path:
            return
        window = open_main_window(Path(name))
        if window is not None:
            self.close()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("Acerca de Sesiona"), self.tr(
            "<b>Sesiona</b> {0}<br>Sesiones, actas, acuerdos y planes de los comités "
            "regionales.<br>Ministerio de Trabajo y Promoción del Empleo.").format(app_version()))

    # Reactions -------------------------------------------------------------------------

    def on_ops_changed(self, tables: frozenset[str]) -> None:
        if "committees" in tables:
            self.reload_committees()
        self.update_pending()

    def on_ops_failed(self, message: str) -> None:
        """A refused undo/redo step: said in the status bar and in a box that does not block
        the window (the step stayed where it was in the history)."""
        self.statusBar().showMessage(message)
        if self.failure_box is not None:
            self.failure_box.close()
        self.failure_box = QMessageBox(QMessageBox.Icon.Warning,
                                       self.tr("No se pudo deshacer o rehacer"), message,
                                       QMessageBox.StandardButton.Ok, self)
        self.failure_box.setObjectName("ops_failed_box")
        self.failure_box.open()

    def update_pending(self) -> None:
        self.sync.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        for page in self.pages:
            page.flush()
        self.settings.set(MAIN_GEOMETRY, self.saveGeometry())
        self.settings.sync()
        self.sync.shutdown()
        super().closeEvent(event)
