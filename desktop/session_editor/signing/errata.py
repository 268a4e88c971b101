"""«Fe de erratas»: the corrections registered for a signed acta, and the PDF of one.

Rules: offered only once the acta is «firmada» (a signed acta is corrected this way, never
edited). Registering goes through ``ErrataDialog``; saving a PDF writes no row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from db.domain import sessions, signatures
from db.locale_pe import short_date
from desktop.session_editor.signing.context import PDF_FILTER, SigningContext, tr
from desktop.session_editor.signing.dialogs import ErrataDialog
from desktop.session_editor.signing.widgets import named_button
from desktop.widgets.list_panel import button_row
from forms.documents import Kind, build
from forms.files import safe_name

ID_ROLE = Qt.ItemDataRole.UserRole


class ErrataPanel(QGroupBox):
    def __init__(self, context: SigningContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Fe de erratas"))
        self.setObjectName("errata_box")
        self.context = context
        self.errata_dialog: ErrataDialog | None = None
        self.errata_list = QTreeWidget()
        self.errata_list.setObjectName("errata_list")
        self.errata_list.setHeaderLabels([self.tr("N°"), self.tr("Fecha"), self.tr("Texto")])
        self.errata_list.setRootIsDecorated(False)
        self.errata_list.setMaximumHeight(120)
        self.errata_list.currentItemChanged.connect(self.on_errata_list_current_item_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errata_list)
        layout.addLayout(button_row(
            named_button(self, "add_errata", self.tr("Registrar fe de erratas…")),
            named_button(self, "save_errata", self.tr("Guardar PDF de la fe de erratas…"))))

    def refresh(self, select: str | None = None) -> None:
        context = self.context
        rows = context.ops.read(signatures.errata_for, context.session_id) \
            if context.session else []
        keep = select or self._selected_errata_id()
        self.errata_list.clear()
        for row in rows:
            body = " ".join(row["body"].split())
            item = QTreeWidgetItem([str(row["number"]), short_date(row["noted_on"]), body])
            item.setData(0, ID_ROLE, row["id"])
            item.setToolTip(2, row["body"])
            self.errata_list.addTopLevelItem(item)
            if row["id"] == keep or (keep is None and row is rows[-1]):
                self.errata_list.setCurrentItem(item)

    def _selected_errata_id(self) -> str | None:
        item = self.errata_list.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def update_enabled(self) -> None:
        signed = self.context.state() == "acta_firmada"
        self.setEnabled(signed)
        self.add_errata_button.setEnabled(signed)
        self.save_errata_button.setEnabled(signed and self._selected_errata_id() is not None)

    # Slots ---------------------------------------------------------------------------

    def on_errata_list_current_item_changed(self, *_args: Any) -> None:
        self.update_enabled()

    def on_add_errata_button_clicked(self) -> None:
        context = self.context
        context.clear_messages()
        if self.errata_dialog is not None:
            self.errata_dialog.deleteLater()
        self.errata_dialog = ErrataDialog(context.ops, context.session_id, context.window)
        self.errata_dialog.errata_saved.connect(self.on_errata_dialog_errata_saved)
        self.errata_dialog.open()

    def on_errata_dialog_errata_saved(self, errata_id: str) -> None:
        self.refresh(select=errata_id)
        self.update_enabled()
        self.context.say(self.tr("Se registró la fe de erratas."))

    def on_save_errata_button_clicked(self) -> None:
        item, context = self.errata_list.currentItem(), self.context
        if item is None:
            return
        errata_id, number = self._selected_errata_id(), item.text(0)
        reference = context.ops.read(sessions.reference, context.session)
        path = context.choose_save_path(
            self.tr("Guardar PDF de la fe de erratas"),
            f"{safe_name(reference)}-fe-de-erratas-{number}.pdf", tr(PDF_FILTER))
        if not path:
            return
        if Path(path).suffix.lower() != ".pdf":
            path += ".pdf"
        context.attempt(lambda: context.ops.read(build, Kind.ERRATA, errata_id, Path(path)),
                        self.tr("Se guardó la fe de erratas en «{0}».").format(path))
