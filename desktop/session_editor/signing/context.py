"""What the panels of the «Firmas» tab share: the operations, the session shown, the
authorities trusted to verify signatures, the message lines above the panels, the
confirmation asked before a step that cannot be undone, and the file choosers.

Rules: a refusal (``SesionaError``, or a file that cannot be read or written) is shown in
red by ``attempt`` and never raised; a success may say so in green. Only one confirmation
box is open at a time. The file choosers are the only native dialogs: tests replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from db.errors import SesionaError
from desktop.operations import Operations
from desktop.session_editor.signing.dialogs import ConfirmBox
from desktop.session_editor.signing.widgets import wrapped_label
from desktop.widgets.fields import ErrorLabel

if TYPE_CHECKING:
    from forms.trust import TrustRoots

#: What ``attempt`` returns when the action was refused.
FAILED = object()
#: What the file choosers offer: the signed acta or an annex, and a PDF.
FILE_FILTER = QT_TRANSLATE_NOOP(
    "SigningContext", "PDF o imágenes (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;"
    "Todos los archivos (*)")
PDF_FILTER = QT_TRANSLATE_NOOP("SigningContext", "Documentos PDF (*.pdf)")


def acta_signing() -> ModuleType:
    """``forms.acta_signing``, imported on first use: pyHanko and reportlab take most of a
    second to load and must not slow down opening the main window."""
    from forms import acta_signing as module

    return module


def tr(text: str) -> str:
    """Translated in the context of this module's texts (messages, filters)."""
    return QCoreApplication.translate("SigningContext", text)


class SigningContext:
    """Shared by the panels of one ``SignaturesTab``; ``window`` parents the dialogs."""

    def __init__(self, ops: Operations, window: QWidget):
        self.ops = ops
        self.window = window
        self.session: dict[str, Any] | None = None
        self.session_id: str | None = None
        self.locked = False
        self.confirm_box: ConfirmBox | None = None
        self.error = ErrorLabel()
        self.error.setObjectName("signatures_error")
        self.notice = wrapped_label("signatures_notice")
        self.notice.setStyleSheet("color: #1b5e20;")
        self.notice.hide()
        self.trust_warning = wrapped_label("trust_warning")
        self.trust_warning.setStyleSheet("color: #8a5a00;")
        self.trust_warning.hide()
        self._trust: TrustRoots | None = None

    def state(self) -> str | None:
        return self.session["state"] if self.session else None

    # Trusted authorities -------------------------------------------------------------

    @property
    def trust(self) -> TrustRoots:
        """The authorities whose certificates count as «Verificada», read on first use
        (``TrustRoots.load()``); tests assign their own."""
        if self._trust is None:
            self._trust = self._load_trust()
        return self._trust

    @trust.setter
    def trust(self, roots: TrustRoots) -> None:
        self._trust = roots

    def _load_trust(self) -> TrustRoots:
        from forms.trust import TrustRoots  # pyHanko: loaded on first use

        roots = TrustRoots.load()
        if roots.problems:  # damaged files in the user's folder were skipped
            self.trust_warning.setText(tr(
                "Algunas autoridades certificadoras de confianza no se pudieron leer y no se "
                "tienen en cuenta: {0}").format(" ".join(roots.problems)))
            self.trust_warning.show()
        return roots

    # Messages and confirmation -------------------------------------------------------

    def clear_messages(self) -> None:
        self.error.clear_error()
        self.notice.hide()

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def attempt(self, action: Callable[[], Any], done: str | None = None) -> Any:
        """Run an action; a refusal is shown in red (returning FAILED), never raised."""
        self.clear_messages()
        try:
            result = action()
        except SesionaError as exc:
            self.error.show_error(exc.message)
            return FAILED
        except OSError as exc:
            self.error.show_error(tr(
                "No se pudo leer o guardar el archivo «{0}». Compruebe que exista y que tenga "
                "permiso para usar esa carpeta.").format(exc.filename or ""))
            return FAILED
        if done:
            self.say(done)
        return result

    def confirm(self, title: str, text: str, accept_text: str,
                on_confirmed: Callable[[], Any]) -> None:
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = ConfirmBox(title, text, accept_text, self.window)
        self.confirm_box.confirmed.connect(on_confirmed)
        self.confirm_box.open()

    # File choosers (tests replace these) ---------------------------------------------

    def choose_open_files(self, title: str, filters: str, *, multiple: bool = True) -> list[str]:
        if multiple:
            paths, _filter = QFileDialog.getOpenFileNames(self.window, title, "", filters)
            return paths
        path, _filter = QFileDialog.getOpenFileName(self.window, title, "", filters)
        return [path] if path else []

    def choose_save_path(self, title: str, suggested: str, filters: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(self.window, title, suggested, filters)
        return path
