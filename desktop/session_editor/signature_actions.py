"""What the buttons of the «Firmas» tab do (mixed into ``SignaturesTab``).

Every write goes through the operations. Signing cannot be undone: each step that makes
the acta «firmada», or that discards signatures, asks first in a non-blocking box. Adding
and removing annexes are undoable. File choosers are small methods that tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFileDialog

from db import attachments, blobs, sessions, signatures
from db.errors import SesionaError
from desktop.session_editor.signature_dialogs import (
    SIGNING_TABLES,
    ConfirmBox,
    ErrataDialog,
    SignFieldDialog,
)
from forms.documents import Kind, build
from forms.files import safe_name

if TYPE_CHECKING:
    from forms.signature_validation import SignatureReport

#: What ``_attempt`` returns when the action was refused.
FAILED = object()
FILE_FILTER = QT_TRANSLATE_NOOP(
    "SignaturesTab", "PDF o imágenes (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;"
    "Todos los archivos (*)")
PDF_FILTER = QT_TRANSLATE_NOOP("SignaturesTab", "Documentos PDF (*.pdf)")
SIGNED_PURPOSES = ("acta_firmada_digital", "acta_para_firma")


def acta_signing() -> ModuleType:
    """``forms.acta_signing``, imported on first use: pyHanko and reportlab take most of a
    second to load and must not slow down opening the main window."""
    from forms import acta_signing as module

    return module


class SignatureActions:
    """The tab's button slots. Expects the widgets of ``SignaturesLayout`` and the reading
    helpers of ``SignaturesTab`` (``_selected_file``, ``_refresh_files``, …)."""

    # File choosers (tests replace these) ---------------------------------------------

    def choose_open_files(self, title: str, filters: str, *, multiple: bool = True) -> list[str]:
        if multiple:
            paths, _filter = QFileDialog.getOpenFileNames(self, title, "", filters)
            return paths
        path, _filter = QFileDialog.getOpenFileName(self, title, "", filters)
        return [path] if path else []

    def choose_save_path(self, title: str, suggested: str, filters: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(self, title, suggested, filters)
        return path

    # Running an action ---------------------------------------------------------------

    def _clear_messages(self) -> None:
        self.error.clear_error()
        self.notice.hide()

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _attempt(self, action: Callable[[], Any], done: str | None = None) -> Any:
        """Run an action; a refusal is shown in red (returning FAILED), never raised."""
        self._clear_messages()
        try:
            result = action()
        except SesionaError as exc:
            self.error.show_error(exc.message)
            return FAILED
        except OSError as exc:
            self.error.show_error(self.tr(
                "No se pudo leer o guardar el archivo «{0}». Compruebe que exista y que tenga "
                "permiso para usar esa carpeta.").format(exc.filename or ""))
            return FAILED
        if done:
            self._say(done)
        return result

    def _confirm(self, title: str, text: str, accept_text: str,
                 on_confirmed: Callable[[], Any]) -> None:
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = ConfirmBox(title, text, accept_text, self)
        self.confirm_box.confirmed.connect(on_confirmed)
        self.confirm_box.open()

    def _select_signed_file(self) -> None:
        """Show the signatures of the digitally signed file (or the one being signed)."""
        rows = self.files_model.rows()
        chosen = next((r["id"] for purpose in SIGNED_PURPOSES for r in rows
                       if r["purpose"] == purpose), None)
        self._refresh_files(select=chosen)

    # 1. Approval -----------------------------------------------------------------------

    def on_approve_button_clicked(self) -> None:
        target = self.approval_combo.currentData()
        self._attempt(lambda: self.ops.call(signatures.approve, self.session_id, target,
                                            tables={"sessions"}),
                      self.tr("Se registró la aprobación del acta."))

    # 2. Signed files -------------------------------------------------------------------

    def on_save_copy_button_clicked(self) -> None:
        row = self._selected_file()
        if row is None:
            return
        extension = blobs.EXTENSIONS.get(row["mime_type"], "")
        path = self.choose_save_path(
            self.tr("Guardar una copia de «{0}»").format(row["file_name"]), row["file_name"],
            self.tr("Archivos {0} (*{0});;Todos los archivos (*)").format(extension))
        if path:
            self._attempt(lambda: Path(path).write_bytes(
                self.ops.read(attachments.content, row["id"])),
                self.tr("Se guardó una copia en «{0}».").format(path))

    def on_revalidate_button_clicked(self) -> None:
        row = self._selected_file()
        if row is None:
            return
        reports = self._attempt(lambda: self.ops.call(
            acta_signing().revalidate, row["id"], self.trust, tables={"attachments"}))
        if reports is not FAILED:
            self._say(self._validation_text(row["file_name"], reports))

    def _validation_text(self, name: str, reports: list[SignatureReport]) -> str:
        if not reports:
            return self.tr("«{0}» no contiene firmas digitales.").format(name)
        broken = sum(1 for r in reports if r.broken)
        if broken:
            return self.tr("¡Atención! {0} de {1} firmas de «{2}» no son válidas.").format(
                broken, len(reports), name)
        text = self.tr("Se verificaron de nuevo las firmas de «{0}»: todas están íntegras.") \
            .format(name)
        untrusted = sum(1 for r in reports if not r.trusted)
        if untrusted:
            text += " " + self.tr("{0} de {1} no se pudieron verificar con una autoridad "
                                  "certificadora registrada.").format(untrusted, len(reports))
        return text

    # 4. Wet signature ------------------------------------------------------------------

    def on_attach_scans_button_clicked(self) -> None:
        paths = self.choose_open_files(self.tr("Adjuntar acta firmada escaneada"),
                                       self.tr(FILE_FILTER))
        if not paths:
            return
        names = ", ".join(f"«{Path(p).name}»" for p in paths)
        self._confirm(
            self.tr("Marcar el acta como firmada"),
            self.tr("Se adjuntará {0} como el acta firmada a mano y escaneada. El acta quedará "
                    "firmada (firma física) y ya no se podrá modificar. Esta acción no se "
                    "puede deshacer.").format(names),
            self.tr("Adjuntar y marcar como firmada"), partial(self._attach_scans, paths))

    def _attach_scans(self, paths: list[str]) -> None:
        ids = self._attempt(
            lambda: self.ops.call(acta_signing().attach_scans, self.session_id, paths,
                                  tables=SIGNING_TABLES),
            self.tr("El acta quedó firmada (firma física)."))
        if ids is not FAILED and ids:
            self._refresh_files(select=ids[0])

    # 5. Digital signature --------------------------------------------------------------

    def on_prepare_button_clicked(self) -> None:
        signed = sum(self._field_states())
        if not signed:
            self._prepare()
            return
        self._confirm(
            self.tr("Preparar de nuevo el PDF"),
            self.tr("El PDF preparado ya tiene {0} firma(s). Prepararlo de nuevo crea un PDF "
                    "sin firmas: las firmas registradas se descartan y se deberá firmar otra "
                    "vez.").format(signed),
            self.tr("Preparar de nuevo"), self._prepare)

    def _prepare(self) -> None:
        copy_id = self._attempt(lambda: self.ops.call(
            acta_signing().prepare_for_signature, self.session_id, tables={"attachments"}))
        if copy_id is FAILED:
            return
        self._refresh_files(select=copy_id)
        self._say(self.tr(
            "Se preparó el PDF con {0} campos de firma. Si alguien firmará con otra "
            "herramienta, guarde una copia con «Guardar copia…».").format(
                self.fields_list.count()))

    def on_sign_button_clicked(self) -> None:
        field = self._selected_field()
        if field is None or field[1]:
            return
        self._clear_messages()
        last = self._field_states().count(False) == 1
        if self.sign_dialog is not None:
            self.sign_dialog.deleteLater()
        self.sign_dialog = SignFieldDialog(self.ops, self.session_id, field[0], self.trust,
                                           last=last, parent=self)
        self.sign_dialog.field_signed.connect(self.on_sign_dialog_field_signed)
        self.sign_dialog.open()

    def on_sign_dialog_field_signed(self, field_name: str,
                                    reports: list[SignatureReport]) -> None:
        self._select_signed_file()
        if self._state() == "acta_firmada":
            text = self.tr("Se firmó «{0}», el último campo pendiente: el acta quedó firmada "
                           "(firma digital).").format(field_name)
        else:
            text = self.tr("Se firmó el campo «{0}».").format(field_name)
        if any(not r.trusted for r in reports):
            text += " " + self.tr("Alguna firma no se pudo verificar con una autoridad "
                                  "certificadora registrada (ver «Validación de firmas»).")
        self._say(text)

    def on_finish_button_clicked(self) -> None:
        states = self._field_states()
        self._confirm(
            self.tr("Concluir la firma digital"),
            self.tr("Se concluirá la firma digital con {0} de {1} campos firmados; los demás "
                    "quedarán sin firmar. El acta quedará firmada y ya no se podrá modificar. "
                    "Esta acción no se puede deshacer.").format(sum(states), len(states)),
            self.tr("Concluir y marcar como firmada"), self._finish)

    def _finish(self) -> None:
        done = self._attempt(
            lambda: self.ops.call(acta_signing().finish_with_signatures_so_far, self.session_id,
                                  self.trust, tables=SIGNING_TABLES),
            self.tr("El acta quedó firmada (firma digital)."))
        if done is not FAILED:
            self._refresh_files(select=done)

    def on_attach_signed_button_clicked(self) -> None:
        paths = self.choose_open_files(self.tr("Adjuntar PDF firmado externamente"),
                                       self.tr(PDF_FILTER), multiple=False)
        if not paths:
            return
        self._confirm(
            self.tr("Adjuntar PDF firmado"),
            self.tr("Se verificarán las firmas de «{0}» y, si son válidas y corresponden a esta "
                    "acta, quedará como el acta firmada (firma digital). El acta ya no se "
                    "podrá modificar. Esta acción no se puede deshacer.").format(
                        Path(paths[0]).name),
            self.tr("Verificar y adjuntar"), partial(self._attach_signed, paths[0]))

    def _attach_signed(self, path: str) -> None:
        reports = self._attempt(lambda: self.ops.call(
            acta_signing().attach_signed_pdf, self.session_id, path, self.trust,
            tables=SIGNING_TABLES))
        if reports is FAILED:
            return
        self._select_signed_file()
        self._say(self.tr("El acta quedó firmada (firma digital): {0} firma(s) íntegra(s) en "
                          "«{1}».").format(len(reports), Path(path).name))

    # 6. Fe de erratas ------------------------------------------------------------------

    def on_add_errata_button_clicked(self) -> None:
        self._clear_messages()
        if self.errata_dialog is not None:
            self.errata_dialog.deleteLater()
        self.errata_dialog = ErrataDialog(self.ops, self.session_id, self)
        self.errata_dialog.errata_saved.connect(self.on_errata_dialog_errata_saved)
        self.errata_dialog.open()

    def on_errata_dialog_errata_saved(self, errata_id: str) -> None:
        self._refresh_errata(select=errata_id)
        self._update_enabled()
        self._say(self.tr("Se registró la fe de erratas."))

    def on_save_errata_button_clicked(self) -> None:
        item = self.errata_list.currentItem()
        if item is None:
            return
        errata_id, number = self._selected_errata_id(), item.text(0)
        reference = self.ops.read(sessions.reference, self.session)
        path = self.choose_save_path(
            self.tr("Guardar PDF de la fe de erratas"),
            f"{safe_name(reference)}-fe-de-erratas-{number}.pdf", self.tr(PDF_FILTER))
        if not path:
            return
        if Path(path).suffix.lower() != ".pdf":
            path += ".pdf"
        self._attempt(lambda: self.ops.read(build, Kind.ERRATA, errata_id, Path(path)),
                      self.tr("Se guardó la fe de erratas en «{0}».").format(path))

    # 7. Annexes (undoable) -------------------------------------------------------------

    def on_add_annex_button_clicked(self) -> None:
        paths = self.choose_open_files(self.tr("Adjuntar anexo"), self.tr(FILE_FILTER))
        if paths:
            self._attempt(partial(self._add_annexes, paths))

    def _add_annexes(self, paths: list[str]) -> None:
        files = []
        for path in paths:  # every file is checked before any is stored
            name, data = Path(path).name, blobs.read_file(path)
            attachments.file_type(name, data)
            files.append((name, data))
        db, session_id, stack = self.ops.db, self.session_id, self.ops.undo_stack
        if len(files) > 1:
            stack.beginMacro(self.tr("Adjuntar {0} anexos").format(len(files)))
        try:
            for name, data in files:
                self.ops.create(self.tr("Adjuntar el anexo «{0}»").format(name),
                                partial(attachments.add_annex, db, session_id, name, data),
                                "attachments", tables={"attachments"},
                                delete=partial(attachments.remove_annex, db),
                                restore=partial(attachments.restore_annex, db))
        finally:
            if len(files) > 1:
                stack.endMacro()
        self._say(self.tr("Se adjuntó {0}. Puede deshacerlo con Editar › Deshacer.").format(
            ", ".join(f"«{name}»" for name, _data in files)))

    def on_remove_annex_button_clicked(self) -> None:
        item = self.annex_list.currentItem()
        if item is None:
            return
        db, annex_id, name = self.ops.db, self._selected_annex_id(), self._selected_annex_name()
        self._attempt(lambda: self.ops.perform(
            self.tr("Quitar el anexo «{0}»").format(name),
            partial(attachments.remove_annex, db, annex_id),
            partial(attachments.restore_annex, db, annex_id), {"attachments"}),
            self.tr("Se quitó el anexo «{0}». Puede deshacerlo con Editar › Deshacer.")
            .format(name))
