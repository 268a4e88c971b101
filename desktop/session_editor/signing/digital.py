"""«Firma digital (b)»: the acta prepared as a PDF with one signature field per signer,
each field signed in turn with a certificate file, the signing concluded with the
signatures so far, or a PDF signed with another tool attached.

Rules: offered only while the acta is «aprobada». Preparing again when a field is signed
discards signatures, and concluding or attaching makes the acta «firmada»: each asks
first. Announces with ``file_written`` the file to select among the signed files, or with
``signatures_added`` that the digitally signed file should be shown.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from db.domain import signatures
from desktop.session_editor.signing.context import (
    FAILED,
    PDF_FILTER,
    SigningContext,
    acta_signing,
    tr,
)
from desktop.session_editor.signing.dialogs import SIGNING_TABLES, SignFieldDialog
from desktop.session_editor.signing.widgets import named_button, wrapped_label
from desktop.widgets.list_panel import button_row

if TYPE_CHECKING:
    from forms.signature_validation import SignatureReport

NAME_ROLE = Qt.ItemDataRole.UserRole
SIGNED_ROLE = Qt.ItemDataRole.UserRole + 1  # a signature field: signed or not


class DigitalSignaturePanel(QGroupBox):
    #: The id of a file written (the prepared or the signed PDF).
    file_written = Signal(str)
    #: A field was signed or a signed PDF attached: show the digitally signed file.
    signatures_added = Signal()

    def __init__(self, context: SigningContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Firma digital (b)"))
        self.context = context
        self.sign_dialog: SignFieldDialog | None = None
        hint = wrapped_label("digital_hint", self.tr(
            "Sesiona prepara el PDF del acta con un campo de firma por cada firmante; cada uno "
            "firma su campo con su certificado digital (.p12 o .pfx). Al firmarse el último "
            "campo, el acta queda firmada."))
        self.fields_status = wrapped_label("fields_status")
        self.fields_list = QListWidget()
        self.fields_list.setObjectName("fields_list")
        self.fields_list.setMaximumHeight(130)
        self.fields_list.currentRowChanged.connect(self.on_fields_list_current_row_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(button_row(named_button(
            self, "prepare", self.tr("Preparar PDF para firma digital"))))
        layout.addWidget(self.fields_status)
        layout.addWidget(self.fields_list)
        layout.addLayout(button_row(
            named_button(self, "sign", self.tr("Firmar el campo seleccionado…")),
            named_button(self, "finish", self.tr("Concluir con las firmas registradas"))))
        layout.addLayout(button_row(named_button(
            self, "attach_signed", self.tr("Adjuntar PDF firmado externamente…"))))

    # Reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        context = self.context
        fields: list[tuple[str, bool]] = []
        has_copy = False
        if context.state() == "acta_aprobada":
            has_copy = context.ops.read(signatures.working_copy, context.session_id) is not None
        if has_copy:
            from forms.acta_signing import pending_fields  # pyHanko: loaded on first use

            fields = context.ops.read(pending_fields, context.session_id)
        current = self._selected_field()
        self.fields_list.clear()
        for name, signed in fields:
            text = f"✔ {name}" if signed else self.tr("○ {0} — pendiente").format(name)
            item = QListWidgetItem(text)
            item.setData(NAME_ROLE, name)
            item.setData(SIGNED_ROLE, signed)
            self.fields_list.addItem(item)
            if current and current[0] == name:
                self.fields_list.setCurrentItem(item)
        done = sum(1 for _name, signed in fields if signed)
        if not has_copy:
            self.fields_status.setText(self.tr(
                "Todavía no se ha preparado el PDF para la firma digital.")
                if context.state() == "acta_aprobada" else "")
        else:
            self.fields_status.setText(self.tr("PDF preparado: {0} de {1} campos firmados.")
                                       .format(done, len(fields)))

    def _selected_field(self) -> tuple[str, bool] | None:
        item = self.fields_list.currentItem()
        return (item.data(NAME_ROLE), bool(item.data(SIGNED_ROLE))) if item else None

    def _field_states(self) -> list[bool]:
        return [bool(self.fields_list.item(i).data(SIGNED_ROLE))
                for i in range(self.fields_list.count())]

    def update_enabled(self) -> None:
        approved = self.context.state() == "acta_aprobada"
        field = self._selected_field()
        self.prepare_button.setEnabled(approved)
        self.sign_button.setEnabled(approved and field is not None and not field[1])
        self.finish_button.setEnabled(approved and any(self._field_states()))
        self.attach_signed_button.setEnabled(approved)

    # Slots ---------------------------------------------------------------------------

    def on_fields_list_current_row_changed(self, _row: int) -> None:
        self.update_enabled()

    def on_prepare_button_clicked(self) -> None:
        signed = sum(self._field_states())
        if not signed:
            self._prepare()
            return
        self.context.confirm(
            self.tr("Preparar de nuevo el PDF"),
            self.tr("El PDF preparado ya tiene {0} firma(s). Prepararlo de nuevo crea un PDF "
                    "sin firmas: las firmas registradas se descartan y se deberá firmar otra "
                    "vez.").format(signed),
            self.tr("Preparar de nuevo"), self._prepare)

    def _prepare(self) -> None:
        context = self.context
        copy_id = context.attempt(lambda: context.ops.call(
            acta_signing().prepare_for_signature, context.session_id, tables={"attachments"}))
        if copy_id is FAILED:
            return
        self.file_written.emit(copy_id)
        context.say(self.tr(
            "Se preparó el PDF con {0} campos de firma. Si alguien firmará con otra "
            "herramienta, guarde una copia con «Guardar copia…».").format(
                self.fields_list.count()))

    def on_sign_button_clicked(self) -> None:
        field, context = self._selected_field(), self.context
        if field is None or field[1]:
            return
        context.clear_messages()
        last = self._field_states().count(False) == 1
        if self.sign_dialog is not None:
            self.sign_dialog.deleteLater()
        self.sign_dialog = SignFieldDialog(context.ops, context.session_id, field[0],
                                           context.trust, last=last, parent=context.window)
        self.sign_dialog.field_signed.connect(self.on_sign_dialog_field_signed)
        self.sign_dialog.open()

    def on_sign_dialog_field_signed(self, field_name: str,
                                    reports: list[SignatureReport]) -> None:
        self.signatures_added.emit()
        if self.context.state() == "acta_firmada":
            text = self.tr("Se firmó «{0}», el último campo pendiente: el acta quedó firmada "
                           "(firma digital).").format(field_name)
        else:
            text = self.tr("Se firmó el campo «{0}».").format(field_name)
        if any(not r.trusted for r in reports):
            text += " " + self.tr("Alguna firma no se pudo verificar con una autoridad "
                                  "certificadora registrada (ver «Validación de firmas»).")
        self.context.say(text)

    def on_finish_button_clicked(self) -> None:
        states = self._field_states()
        self.context.confirm(
            self.tr("Concluir la firma digital"),
            self.tr("Se concluirá la firma digital con {0} de {1} campos firmados; los demás "
                    "quedarán sin firmar. El acta quedará firmada y ya no se podrá modificar. "
                    "Esta acción no se puede deshacer.").format(sum(states), len(states)),
            self.tr("Concluir y marcar como firmada"), self._finish)

    def _finish(self) -> None:
        context = self.context
        done = context.attempt(
            lambda: context.ops.call(acta_signing().finish_with_signatures_so_far,
                                     context.session_id, context.trust, tables=SIGNING_TABLES),
            self.tr("El acta quedó firmada (firma digital)."))
        if done is not FAILED:
            self.file_written.emit(done)

    def on_attach_signed_button_clicked(self) -> None:
        paths = self.context.choose_open_files(self.tr("Adjuntar PDF firmado externamente"),
                                               tr(PDF_FILTER), multiple=False)
        if not paths:
            return
        self.context.confirm(
            self.tr("Adjuntar PDF firmado"),
            self.tr("Se verificarán las firmas de «{0}» y, si son válidas y corresponden a esta "
                    "acta, quedará como el acta firmada (firma digital). El acta ya no se "
                    "podrá modificar. Esta acción no se puede deshacer.").format(
                        Path(paths[0]).name),
            self.tr("Verificar y adjuntar"), partial(self._attach_signed, paths[0]))

    def _attach_signed(self, path: str) -> None:
        context = self.context
        reports = context.attempt(lambda: context.ops.call(
            acta_signing().attach_signed_pdf, context.session_id, path, context.trust,
            tables=SIGNING_TABLES))
        if reports is FAILED:
            return
        self.signatures_added.emit()
        context.say(self.tr("El acta quedó firmada (firma digital): {0} firma(s) íntegra(s) en "
                            "«{1}».").format(len(reports), Path(path).name))

