"""Dialogs of the «Firmas» tab: signing one field with a certificate file, registering a
fe de erratas, and the confirmation asked before a step that cannot be undone.

Each dialog is opened with ``open()`` (non-blocking) and writes through the operations;
a refusal keeps it open with the Spanish message in red and nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.domain import signatures
from db.errors import SesionaError, ValidationError
from desktop.operations import Operations
from desktop.widgets.fields import ErrorLabel, RequiredDateEdit

if TYPE_CHECKING:
    from forms.trust import TrustRoots

SIGNING_TABLES = frozenset({"sessions", "attachments"})


def _buttons(dialog: QDialog, ok_text: str, prefix: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName(f"{prefix}_ok")
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(dialog.tr("Cancelar"))
    cancel.setObjectName(f"{prefix}_cancel")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class SignFieldDialog(QDialog):
    """One signatory signs their field of the prepared acta with a PKCS#12 file.

    The password is read once, handed to ``acta_signing.sign_field`` and the line edit is
    cleared at once, whether the signature worked or not; it is never kept.
    """

    #: The field just signed and the validation of every signature so far.
    field_signed = Signal(str, object)

    def __init__(self, ops: Operations, session_id: str, field_name: str, trust: TrustRoots,
                 *, last: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.session_id = ops, session_id
        self.field_name, self.trust = field_name, trust
        self.setObjectName("sign_field_dialog")
        self.setWindowTitle(self.tr("Firmar digitalmente"))
        self.setMinimumWidth(520)

        self.field_label = QLabel(self.tr("Campo de firma: <b>{0}</b>").format(field_name))
        self.field_label.setObjectName("sign_field_name")
        warning = self.tr(
            "La firma digital no se puede deshacer: una vez firmado, el campo queda firmado "
            "en el acta.")
        if last:
            warning += " " + self.tr(
                "Es el último campo pendiente: al firmarlo, el acta quedará firmada y ya no "
                "se podrá modificar.")
        self.warning_label = QLabel(warning)
        self.warning_label.setObjectName("sign_field_warning")
        self.warning_label.setWordWrap(True)

        self.certificate_edit = QLineEdit()
        self.certificate_edit.setObjectName("certificate_path")
        self.certificate_edit.setPlaceholderText(self.tr("Archivo .p12 o .pfx"))
        self.browse_button = QPushButton(self.tr("Examinar…"))
        self.browse_button.setObjectName("certificate_browse")
        self.browse_button.clicked.connect(self.on_browse_button_clicked)
        chooser = QHBoxLayout()
        chooser.addWidget(self.certificate_edit)
        chooser.addWidget(self.browse_button)

        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("certificate_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.addRow(self.tr("Certificado digital:"), chooser)
        form.addRow(self.tr("Contraseña del certificado:"), self.password_edit)

        self.error_label = ErrorLabel()
        self.error_label.setObjectName("sign_field_error")
        self.buttons = _buttons(self, self.tr("Firmar"), "sign_field")
        self.ok_button = self.buttons.findChild(QPushButton, "sign_field_ok")

        layout = QVBoxLayout(self)
        layout.addWidget(self.field_label)
        layout.addWidget(self.warning_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def choose_certificate(self) -> str:
        """The certificate file the user picks, or "" (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Elegir el certificado digital"), "",
            self.tr("Certificados digitales (*.p12 *.pfx);;Todos los archivos (*)"))
        return path

    def on_browse_button_clicked(self) -> None:
        path = self.choose_certificate()
        if path:
            self.certificate_edit.setText(path)
            self.password_edit.setFocus()

    def accept(self) -> None:
        password = self.password_edit.text()
        self.password_edit.clear()
        path = self.certificate_edit.text().strip()
        if not path:
            self.error_label.show_error(self.tr(
                "Elija el archivo de su certificado digital (.p12 o .pfx)."))
            return
        from forms.acta_signing import sign_field  # pyHanko: loaded on first use

        try:
            reports = self.ops.call(sign_field, self.session_id, self.field_name,
                                    Path(path), password, self.trust, tables=SIGNING_TABLES)
        except SesionaError as exc:
            self.error_label.show_error(exc.message)
            self.password_edit.setFocus()
            return
        finally:
            del password
        self.error_label.clear_error()
        self.field_signed.emit(self.field_name, reports)
        super().accept()

    def reject(self) -> None:
        self.password_edit.clear()
        super().reject()


class ErrataDialog(QDialog):
    """Fecha and text of a fe de erratas for a signed acta."""

    #: The id of the fe de erratas just stored.
    errata_saved = Signal(str)

    def __init__(self, ops: Operations, session_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.session_id = ops, session_id
        self.errata_id: str | None = None
        self.setObjectName("errata_dialog")
        self.setWindowTitle(self.tr("Registrar fe de erratas"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr(
            "La fe de erratas corrige el acta firmada sin modificarla: se numera y se "
            "imprime aparte."))
        intro.setWordWrap(True)
        self.date_edit = RequiredDateEdit()
        self.date_edit.setObjectName("errata_date")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("errata_body")
        self.body_edit.setPlaceholderText(self.tr(
            "Por ejemplo: en el acuerdo 3, donde dice «DRTPE», debe decir «DIRESA»."))
        form = QFormLayout()
        form.addRow(self.tr("Fecha:"), self.date_edit)
        form.addRow(self.tr("Texto: *"), self.body_edit)
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("errata_error")
        self.buttons = _buttons(self, self.tr("Registrar"), "errata")
        self.ok_button = self.buttons.findChild(QPushButton, "errata_ok")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.body_edit.setFocus()

    def accept(self) -> None:
        try:
            self.errata_id = self.ops.call(signatures.add_errata, self.session_id,
                                           self.date_edit.value(), self.body_edit.toPlainText(),
                                           tables={"errata"})
        except ValidationError as exc:
            self.error_label.show_error(exc.message)
            (self.date_edit if exc.field in ("noted_on", "state") else self.body_edit).setFocus()
            return
        except SesionaError as exc:
            self.error_label.show_error(exc.message)
            return
        self.errata_saved.emit(self.errata_id)
        super().accept()


class ConfirmBox(QMessageBox):
    """«¿Seguro?» before a step that cannot be undone; ``confirmed`` only on the accept
    button (closing the box or «Cancelar» does nothing)."""

    confirmed = Signal()

    def __init__(self, title: str, text: str, accept_text: str,
                 parent: QWidget | None = None):
        super().__init__(QMessageBox.Icon.Warning, title, text,
                         QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName("signatures_confirm")
        self.accept_button = self.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
        self.accept_button.setObjectName("confirm_accept")
        self.cancel_button = self.addButton(self.tr("Cancelar"),
                                            QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("confirm_cancel")
        self.setDefaultButton(self.cancel_button)
        self.finished.connect(self.on_box_finished)

    def on_box_finished(self, _result: int) -> None:
        if self.clickedButton() is self.accept_button:
            self.confirmed.emit()
