"""The session editor: a header, a lock banner and one tab per part of the acta."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from db.domain import sessions
from db.locale_pe import long_date
from desktop.operations import Operations
from desktop.session_editor.agreements_tab import AgreementsTab
from desktop.session_editor.attendance_tab import AttendanceTab
from desktop.session_editor.base import SessionTab
from desktop.session_editor.content_tabs import AgendaTab, ReportsTab, RequestsTab
from desktop.session_editor.data_tab import DataTab
from desktop.session_editor.document_actions import DocumentActions
from desktop.session_editor.followup_tab import FollowupTab
from desktop.session_editor.signatures_tab import SignaturesTab


class SessionEditor(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.session_id: str | None = None
        self.header = QLabel()
        self.header.setObjectName("session_header")
        self.lock_banner = QLabel(self.tr(
            "🔒 El acta de esta sesión está firmada: la sesión y su contenido ya no se pueden "
            "modificar. Para corregirla, registre una fe de erratas."))
        self.lock_banner.setObjectName("lock_banner")
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet("background: #fff4ce; padding: 6px;")
        self.lock_banner.hide()
        self.documents = DocumentActions(ops)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("session_tabs")
        self.data_tab = DataTab(ops)
        self.attendance_tab = AttendanceTab(ops)
        self.reports_tab = ReportsTab(ops)
        self.requests_tab = RequestsTab(ops)
        self.agenda_tab = AgendaTab(ops)
        self.agreements_tab = AgreementsTab(ops)
        self.followup_tab = FollowupTab(ops)
        self.signatures_tab = SignaturesTab(ops)
        self.tab_list: list[SessionTab] = [
            self.data_tab, self.attendance_tab, self.reports_tab, self.requests_tab,
            self.agenda_tab, self.agreements_tab, self.followup_tab, self.signatures_tab]
        labels = [self.tr("Datos"), self.tr("Asistencia"), self.tr("Informes"),
                  self.tr("Pedidos"), self.tr("Orden del día"), self.tr("Acuerdos"),
                  self.tr("Seguimiento de acuerdos"), self.tr("Firmas")]
        for tab, label in zip(self.tab_list, labels, strict=True):
            self.tabs.addTab(tab, label)
        self.placeholder = QLabel(self.tr("Seleccione una sesión o cree una nueva."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.documents)
        layout.addWidget(self.lock_banner)
        layout.addWidget(self.tabs)
        layout.addWidget(self.placeholder)
        ops.changed.connect(self._on_ops_changed)
        self.set_session(None)

    def set_session(self, session_id: str | None) -> None:
        self.flush()
        self.session_id = session_id
        self.documents.set_session(session_id)
        self.documents.setVisible(session_id is not None)
        self.tabs.setVisible(session_id is not None)
        self.placeholder.setVisible(session_id is None)
        self._update_header()
        for tab in self.tab_list:
            tab.set_session(session_id)

    def _update_header(self) -> None:
        if not self.session_id:
            self.header.setText("")
            self.lock_banner.hide()
            return
        session = self.ops.read(sessions.get_session, self.session_id)
        locked = session["state"] in sessions.LOCKED_STATES
        self.header.setText(
            f"<h3>{sessions.title(session)}</h3>{long_date(session['date'])} · "
            f"{sessions.STATES[session['state']]}")
        self.lock_banner.setVisible(locked)
        for tab in self.tab_list:
            if tab.locked != locked:
                tab.set_locked(locked)
                tab.refresh()

    def _on_ops_changed(self, tables: frozenset[str]) -> None:
        if self.session_id and "sessions" in tables:
            self._update_header()

    def flush(self) -> None:
        for tab in self.tab_list:
            tab.flush()
