"""«Firma física (a)»: the acta printed, signed by hand and scanned, attached as the signed
acta (a PDF or several images).

Rules: offered only while the acta is «aprobada»; attaching asks first, because the acta
becomes «firmada» and that cannot be undone. Announces the first stored file with
``file_written`` so that the tab shows it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from desktop.session_editor.signing.context import (
    FAILED,
    FILE_FILTER,
    SigningContext,
    acta_signing,
    tr,
)
from desktop.session_editor.signing.dialogs import SIGNING_TABLES
from desktop.session_editor.signing.widgets import named_button, wrapped_label
from desktop.widgets.list_panel import button_row


class WetSignaturePanel(QGroupBox):
    #: The id of a file written (the first scan), to be selected among the signed files.
    file_written = Signal(str)

    def __init__(self, context: SigningContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Firma física (a)"))
        self.context = context
        hint = wrapped_label("wet_hint", self.tr(
            "Imprima el acta aprobada, recoja las firmas a mano y adjunte el escaneo: un PDF "
            "o varias imágenes (PNG, JPEG o TIFF). El acta quedará firmada y ya no se podrá "
            "modificar."))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(button_row(named_button(
            self, "attach_scans", self.tr("Adjuntar acta firmada escaneada…"))))

    def update_enabled(self) -> None:
        self.attach_scans_button.setEnabled(self.context.state() == "acta_aprobada")

    def on_attach_scans_button_clicked(self) -> None:
        paths = self.context.choose_open_files(self.tr("Adjuntar acta firmada escaneada"),
                                               tr(FILE_FILTER))
        if not paths:
            return
        names = ", ".join(f"«{Path(p).name}»" for p in paths)
        self.context.confirm(
            self.tr("Marcar el acta como firmada"),
            self.tr("Se adjuntará {0} como el acta firmada a mano y escaneada. El acta quedará "
                    "firmada (firma física) y ya no se podrá modificar. Esta acción no se "
                    "puede deshacer.").format(names),
            self.tr("Adjuntar y marcar como firmada"), partial(self._attach_scans, paths))

    def _attach_scans(self, paths: list[str]) -> None:
        context = self.context
        ids = context.attempt(
            lambda: context.ops.call(acta_signing().attach_scans, context.session_id, paths,
                                     tables=SIGNING_TABLES),
            self.tr("El acta quedó firmada (firma física)."))
        if ids is not FAILED and ids:
            self.file_written.emit(ids[0])
