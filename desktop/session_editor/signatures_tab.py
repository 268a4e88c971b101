"""The «Firmas» tab: approval of the acta, its signature (by hand and scanned, or digital),
the signed files with the validation of their signatures, fe de erratas and annexes.

Rules: this tab only composes the panels of ``desktop.session_editor.signing`` in a scroll
area under the shared message lines, tells them which session to show, and routes what
one panel announces to the one that shows it. What each step does lives in its panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from db.domain import sessions
from db.errors import SesionaError
from desktop.operations import Operations
from desktop.session_editor.base import SessionTab
from desktop.session_editor.signing.annexes import AnnexesPanel
from desktop.session_editor.signing.approval import ApprovalPanel
from desktop.session_editor.signing.context import SigningContext
from desktop.session_editor.signing.digital import DigitalSignaturePanel
from desktop.session_editor.signing.errata import ErrataPanel
from desktop.session_editor.signing.files import SignedFilesPanel
from desktop.session_editor.signing.wet import WetSignaturePanel

if TYPE_CHECKING:
    from forms.trust import TrustRoots


class SignaturesTab(SessionTab):
    title = QT_TRANSLATE_NOOP("SignaturesTab", "Firmas")
    watches = frozenset({"sessions", "attachments", "errata"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.context = SigningContext(ops, self)
        self.approval = ApprovalPanel(self.context)
        self.files = SignedFilesPanel(self.context)
        self.wet = WetSignaturePanel(self.context)
        self.digital = DigitalSignaturePanel(self.context)
        self.errata = ErrataPanel(self.context)
        self.annexes = AnnexesPanel(self.context)
        self.wet.file_written.connect(self.on_panel_file_written)
        self.digital.file_written.connect(self.on_panel_file_written)
        self.digital.signatures_added.connect(self.on_digital_signatures_added)

        content = QWidget()
        layout = QVBoxLayout(content)
        for panel in self.panels():
            layout.addWidget(panel)
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("signatures_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        for widget in (self.context.error, self.context.notice, self.context.trust_warning,
                       scroll):
            outer.addWidget(widget)
        self.refresh()

    def panels(self) -> tuple[Any, ...]:
        """Top to bottom, as the steps come."""
        return (self.approval, self.files, self.wet, self.digital, self.errata, self.annexes)

    @property
    def trust(self) -> TrustRoots:
        return self.context.trust

    @trust.setter
    def trust(self, roots: TrustRoots) -> None:
        self.context.trust = roots

    # SessionTab contract -------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        self.context.clear_messages()
        super().set_session(session_id)

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self.context.locked = locked
        self._update_enabled()

    def refresh(self) -> None:
        context = self.context
        context.session_id = self.session_id
        context.session = self.ops.read(sessions.get_session, self.session_id) \
            if self.session_id else None
        try:
            for panel in (self.approval, self.files, self.digital, self.errata, self.annexes):
                panel.refresh()
        except SesionaError as exc:  # e.g. a stored file that no longer reads back
            context.error.show_error(exc.message)
        self._update_enabled()

    def _update_enabled(self) -> None:
        for panel in self.panels():
            panel.update_enabled()

    # Routing between panels ----------------------------------------------------------

    def on_panel_file_written(self, attachment_id: str) -> None:
        self.files.refresh(select=attachment_id)
        self.files.update_enabled()

    def on_digital_signatures_added(self) -> None:
        self.files.show_signed_file()
        self.files.update_enabled()
