"""«Anexos del acta»: files that are part of the acta, attached or removed while it is not
signed.

Rules: both steps are undoable (Editar › Deshacer); several files attached at once are one
undo step, and every file is checked before any is stored, so one bad file stores none.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from db.domain import attachments
from db.storage import blobs
from desktop.session_editor.signing.context import FILE_FILTER, SigningContext, tr
from desktop.session_editor.signing.models import size_text
from desktop.session_editor.signing.widgets import named_button, wrapped_label
from desktop.widgets.list_panel import button_row

ID_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # an annex: its file name


class AnnexesPanel(QGroupBox):
    def __init__(self, context: SigningContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Anexos del acta"))
        self.context = context
        hint = wrapped_label("annex_hint", self.tr(
            "Los anexos forman parte del acta: se pueden adjuntar o quitar mientras no esté "
            "firmada."))
        self.annex_list = QListWidget()
        self.annex_list.setObjectName("annex_list")
        self.annex_list.setMaximumHeight(110)
        self.annex_list.currentRowChanged.connect(self.on_annex_list_current_row_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.annex_list)
        layout.addLayout(button_row(named_button(self, "add_annex", self.tr("Adjuntar anexo…")),
                                    named_button(self, "remove_annex", self.tr("Quitar"))))

    def refresh(self) -> None:
        context = self.context
        rows = context.ops.read(attachments.for_session, context.session_id, ("anexo",)) \
            if context.session else []
        keep = self._selected_annex_id()
        self.annex_list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['file_name']} ({size_text(row['size'])})")
            item.setData(ID_ROLE, row["id"])
            item.setData(NAME_ROLE, row["file_name"])
            self.annex_list.addItem(item)
            if row["id"] == keep:
                self.annex_list.setCurrentItem(item)

    def _selected_annex_id(self) -> str | None:
        item = self.annex_list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _selected_annex_name(self) -> str:
        item = self.annex_list.currentItem()
        return item.data(NAME_ROLE) if item else ""

    def update_enabled(self) -> None:
        context = self.context
        editable = context.session is not None and not context.locked \
            and context.state() != "acta_firmada"
        self.add_annex_button.setEnabled(editable)
        self.remove_annex_button.setEnabled(editable and self._selected_annex_id() is not None)

    # Slots ---------------------------------------------------------------------------

    def on_annex_list_current_row_changed(self, _row: int) -> None:
        self.update_enabled()

    def on_add_annex_button_clicked(self) -> None:
        paths = self.context.choose_open_files(self.tr("Adjuntar anexo"), tr(FILE_FILTER))
        if paths:
            self.context.attempt(partial(self._add_annexes, paths))

    def _add_annexes(self, paths: list[str]) -> None:
        files = []
        for path in paths:  # every file is checked before any is stored
            name, data = Path(path).name, blobs.read_file(path)
            attachments.file_type(name, data)
            files.append((name, data))
        ops, session_id = self.context.ops, self.context.session_id
        db, stack = ops.db, ops.undo_stack
        if len(files) > 1:
            stack.beginMacro(self.tr("Adjuntar {0} anexos").format(len(files)))
        try:
            for name, data in files:
                ops.create(self.tr("Adjuntar el anexo «{0}»").format(name),
                           partial(attachments.add_annex, db, session_id, name, data),
                           "attachments", tables={"attachments"},
                           delete=partial(attachments.remove_annex, db),
                           restore=partial(attachments.restore_annex, db))
        finally:
            if len(files) > 1:
                stack.endMacro()
        self.context.say(self.tr("Se adjuntó {0}. Puede deshacerlo con Editar › Deshacer.")
                         .format(", ".join(f"«{name}»" for name, _data in files)))

    def on_remove_annex_button_clicked(self) -> None:
        item, ops = self.annex_list.currentItem(), self.context.ops
        if item is None:
            return
        db, annex_id, name = ops.db, self._selected_annex_id(), self._selected_annex_name()
        self.context.attempt(lambda: ops.perform(
            self.tr("Quitar el anexo «{0}»").format(name),
            partial(attachments.remove_annex, db, annex_id),
            partial(attachments.restore_annex, db, annex_id), {"attachments"}),
            self.tr("Se quitó el anexo «{0}». Puede deshacerlo con Editar › Deshacer.")
            .format(name))
