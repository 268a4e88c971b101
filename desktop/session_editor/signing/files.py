"""«Archivos firmados» and «Validación de firmas»: the files of the signed acta, a copy of
one saved elsewhere, and the validation of the signatures stored with the selected file.

Rules: the selection survives a refresh; when nothing was selected, the file whose
signatures are worth seeing first is. Saving a copy writes no row; validating again
stores the new validation through the operations.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from db.domain import attachments, signatures
from db.locale_pe import lima_moment, moment_text
from db.storage import blobs
from desktop.session_editor.signing.context import FAILED, SigningContext, acta_signing
from desktop.session_editor.signing.models import (
    SignatureReportsModel,
    SignedFilesModel,
    is_broken,
)
from desktop.session_editor.signing.widgets import named_button, wrapped_label
from desktop.widgets.list_panel import button_row, table_view

if TYPE_CHECKING:
    from forms.signature_validation import SignatureReport

#: The file whose signatures are worth seeing first.
PREFERRED_PURPOSES = ("acta_firmada_digital", "acta_para_firma", "acta_firmada_fisica")
#: The files that carry digital signatures (the signed one, or the one being signed).
DIGITAL_PURPOSES = ("acta_firmada_digital", "acta_para_firma")


class SignedFilesPanel(QWidget):
    def __init__(self, context: SigningContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.files_model = SignedFilesModel(self)
        self.reports_model = SignatureReportsModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._files_box())
        layout.addWidget(self._reports_box())
        self.files_view.selectionModel().selectionChanged.connect(
            self.on_files_view_selection_changed)
        self.reports_view.selectionModel().selectionChanged.connect(
            self.on_reports_view_selection_changed)

    def _files_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Archivos firmados"))
        self.files_view = table_view("files_view", self.files_model, 0)
        self.files_view.setMinimumHeight(90)
        self.files_view.setMaximumHeight(150)
        self.files_empty = wrapped_label(
            "files_empty", self.tr("Todavía no hay archivos del acta firmada."))
        layout = QVBoxLayout(box)
        layout.addWidget(self.files_empty)
        layout.addWidget(self.files_view)
        layout.addLayout(button_row(
            named_button(self, "save_copy", self.tr("Guardar copia…")),
            named_button(self, "revalidate", self.tr("Validar de nuevo"))))
        return box

    def _reports_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Validación de firmas"))
        self.reports_caption = wrapped_label("reports_caption")
        self.reports_view = table_view("reports_view", self.reports_model, 6, word_wrap=False)
        self.reports_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.reports_view.setMinimumHeight(90)
        self.reports_view.setMaximumHeight(150)
        signer = self.reports_view.horizontalHeader()  # long names elide; the tooltip has all
        signer.setSectionResizeMode(1, signer.ResizeMode.Interactive)
        signer.resizeSection(1, 220)
        self.report_detail = wrapped_label("report_detail", selectable=True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.reports_caption)
        layout.addWidget(self.reports_view)
        layout.addWidget(self.report_detail)
        return box

    # Reading -------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        context = self.context
        rows = context.ops.read(signatures.signed_files, context.session_id) \
            if context.session else []
        keep = select or self._selected_file_id()
        self.files_model.set_rows(rows)
        self.files_empty.setVisible(not rows)
        self.files_view.setVisible(bool(rows))
        if self.files_model.row_of(keep) < 0:
            keep = next((r["id"] for purpose in PREFERRED_PURPOSES for r in rows
                         if r["purpose"] == purpose), None)
        self._select_file(keep)

    def show_signed_file(self) -> None:
        """Show the signatures of the digitally signed file (or the one being signed)."""
        rows = self.files_model.rows()
        self.refresh(select=next((r["id"] for purpose in DIGITAL_PURPOSES for r in rows
                                  if r["purpose"] == purpose), None))

    def _select_file(self, attachment_id: str | None) -> None:
        row = self.files_model.row_of(attachment_id)
        selection = self.files_view.selectionModel()
        if row < 0:
            selection.clearSelection()
        else:
            selection.select(self.files_model.index(row, 0),
                             QItemSelectionModel.SelectionFlag.ClearAndSelect
                             | QItemSelectionModel.SelectionFlag.Rows)
        self._show_reports()

    def _selected_file(self) -> dict[str, Any] | None:
        rows = self.files_view.selectionModel().selectedRows()
        return self.files_model.row_at(rows[0].row()) if rows else None

    def _selected_file_id(self) -> str | None:
        row = self._selected_file()
        return row["id"] if row else None

    def _show_reports(self) -> None:
        row = self._selected_file()
        reports = signatures.stored_reports(row) if row else []
        self.reports_model.set_rows(reports)
        self.reports_caption.setText(self._reports_caption(row, reports))
        if reports:  # the first broken signature, else the first one
            first = next((i for i, r in enumerate(reports) if is_broken(r)), 0)
            self.reports_view.selectRow(first)
        self.on_reports_view_selection_changed()

    def _reports_caption(self, row: dict[str, Any] | None, reports: list[dict]) -> str:
        if row is None:
            return self.tr("Seleccione un archivo firmado para ver la validación de sus firmas.")
        name = row["file_name"]
        if row["purpose"] == "acta_firmada_fisica":
            return self.tr("«{0}» es la copia escaneada del acta firmada a mano: no lleva "
                           "firmas digitales.").format(name)
        if not reports:
            return self.tr("«{0}» todavía no tiene firmas digitales.").format(name)
        when = lima_moment(row["validated_at"])
        text = self.tr("Firmas de «{0}» (verificadas el {1}).").format(
            name, moment_text(when) if when else "—")
        broken = sum(1 for r in reports if is_broken(r))
        if broken:
            text += " " + self.tr("¡Atención! {0} de {1} firmas no son válidas.").format(
                broken, len(reports))
        return text

    def update_enabled(self) -> None:
        row = self._selected_file()
        self.save_copy_button.setEnabled(row is not None)
        self.revalidate_button.setEnabled(row is not None and row["purpose"] in DIGITAL_PURPOSES)

    # Slots ---------------------------------------------------------------------------

    def on_files_view_selection_changed(self, *_args: Any) -> None:
        self._show_reports()
        self.update_enabled()

    def on_reports_view_selection_changed(self, *_args: Any) -> None:
        """The selected signature's summary in full, under the table."""
        rows = self.reports_view.selectionModel().selectedRows()
        chosen = self.reports_model.row_at(rows[0].row()) if rows else None
        self.report_detail.setText(chosen["summary"] if chosen else "")
        self.report_detail.setStyleSheet(
            "color: #b3261e;" if chosen and is_broken(chosen) else "")

    def on_save_copy_button_clicked(self) -> None:
        row, context = self._selected_file(), self.context
        if row is None:
            return
        extension = blobs.EXTENSIONS.get(row["mime_type"], "")
        path = context.choose_save_path(
            self.tr("Guardar una copia de «{0}»").format(row["file_name"]), row["file_name"],
            self.tr("Archivos {0} (*{0});;Todos los archivos (*)").format(extension))
        if path:
            context.attempt(lambda: Path(path).write_bytes(
                context.ops.read(attachments.content, row["id"])),
                self.tr("Se guardó una copia en «{0}».").format(path))

    def on_revalidate_button_clicked(self) -> None:
        row, context = self._selected_file(), self.context
        if row is None:
            return
        reports = context.attempt(lambda: context.ops.call(
            acta_signing().revalidate, row["id"], context.trust, tables={"attachments"}))
        if reports is not FAILED:
            context.say(self._validation_text(row["file_name"], reports))

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
