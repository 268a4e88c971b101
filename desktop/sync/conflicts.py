"""«Conflictos de sincronización»: the inbox of what sync could not settle by itself.

Conflicts show this device's value and headquarters' side by side, with «Quedarse con el
mío» (the device's value travels again as a new edit) and «Aceptar el de la sede». Rejected
changes show headquarters' reason and can be dismissed once read.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.errors import SesionaError
from db.locale_pe import lima_moment, moment_text
from desktop.models.rows_model import Column, RowsTableModel
from desktop.operations import Operations
from desktop.widgets.fields import ErrorLabel
from desktop.widgets.list_panel import STRETCH_ALL, table_view
from devicesync import inbox


def local_time(stamp: str | None) -> str:
    """«16/01/2025 09:22 a.m.» in Lima time, from a stored UTC stamp."""
    moment = lima_moment(stamp)
    return moment_text(moment) if moment else ""


class ConflictsModel(RowsTableModel):
    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.columns = [
            Column("record", self.tr("Registro")),
            Column("field_label", self.tr("Campo")),
            Column("local_value", self.tr("Su valor (este equipo)"),
                   lambda r: inbox.show_value(r["local_value"])),
            Column("server_value", self.tr("Valor de la sede"),
                   lambda r: inbox.show_value(r["server_value"])),
            Column("detected_at", self.tr("Detectado"), lambda r: local_time(r["detected_at"])),
        ]


class RejectionsModel(RowsTableModel):
    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.columns = [
            Column("record", self.tr("Registro")),
            Column("op_label", self.tr("Cambio")),
            Column("reason", self.tr("Motivo de la sede")),
            Column("rejected_at", self.tr("Fecha"), lambda r: local_time(r["rejected_at"])),
        ]


def _readonly() -> QPlainTextEdit:
    text = QPlainTextEdit()
    text.setReadOnly(True)
    return text


class ConflictsDialog(QDialog):
    WATCHES = frozenset({"sync_conflicts", "sync_rejections"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Conflictos de sincronización"))
        self.resize(980, 600)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)

        # Conflicts: the list, both values in full, the two choices.
        page = QWidget()
        grid = QGridLayout(page)
        intro = QLabel(self.tr(
            "Otro equipo de su secretaría cambió el mismo dato antes que este. La sede "
            "conservó el valor que llegó primero; el suyo espera aquí. Elija cuál queda."))
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 2)
        self.conflicts_model = ConflictsModel(self)
        self.conflicts_view = table_view("conflicts_view", self.conflicts_model, STRETCH_ALL)
        grid.addWidget(self.conflicts_view, 1, 0, 1, 2)
        self.reason = QLabel()
        self.reason.setObjectName("conflict_reason")
        self.reason.setWordWrap(True)
        grid.addWidget(self.reason, 5, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("<b>Su valor (este equipo)</b>")), 2, 0)
        grid.addWidget(QLabel(self.tr("<b>Valor de la sede</b>")), 2, 1)
        self.local_text, self.server_text = _readonly(), _readonly()
        self.local_text.setObjectName("local_value_text")
        self.server_text.setObjectName("server_value_text")
        grid.addWidget(self.local_text, 3, 0)
        grid.addWidget(self.server_text, 3, 1)
        self.mine_button = QPushButton(self.tr("Quedarse con el mío"))
        self.mine_button.setObjectName("keep_mine_button")
        self.server_button = QPushButton(self.tr("Aceptar el de la sede"))
        self.server_button.setObjectName("accept_server_button")
        self.mine_button.clicked.connect(lambda: self.resolve("mine"))
        self.server_button.clicked.connect(lambda: self.resolve("server"))
        grid.addWidget(self.mine_button, 4, 0)
        grid.addWidget(self.server_button, 4, 1)
        self.tabs.addTab(page, "")
        self.conflicts_view.selectionModel().selectionChanged.connect(self.on_conflict_selected)

        # Rejections: what headquarters refused and why.
        page = QWidget()
        column = QVBoxLayout(page)
        self.rejections_model = RejectionsModel(self)
        self.rejections_view = table_view("rejections_view", self.rejections_model, STRETCH_ALL)
        column.addWidget(self.rejections_view)
        self.rejection_text = _readonly()
        self.rejection_text.setObjectName("rejection_text")
        column.addWidget(self.rejection_text)
        row = QHBoxLayout()
        row.addStretch()
        self.retry_button = QPushButton(self.tr("Reintentar"))
        self.retry_button.setObjectName("retry_button")
        self.retry_button.setToolTip(self.tr(
            "Envía de nuevo el cambio con los datos que el registro tiene ahora en este "
            "equipo."))
        self.retry_button.clicked.connect(self.retry)
        row.addWidget(self.retry_button)
        self.dismiss_button = QPushButton(self.tr("Descartar"))
        self.dismiss_button.setObjectName("dismiss_button")
        self.dismiss_button.clicked.connect(self.dismiss)
        row.addWidget(self.dismiss_button)
        column.addLayout(row)
        self.tabs.addTab(page, "")
        self.rejections_view.selectionModel().selectionChanged.connect(
            self.on_rejection_selected)

        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        ops.changed.connect(self.on_ops_changed)
        self.refresh()

    # Reading -----------------------------------------------------------------------------

    def on_ops_changed(self, tables: frozenset[str]) -> None:
        self.refresh()

    def refresh(self) -> None:
        conflicts = self.ops.read(inbox.conflicts)
        rejections = self.ops.read(inbox.rejections)
        self.conflicts_model.set_rows(conflicts)
        self.rejections_model.set_rows(rejections)
        self.tabs.setTabText(0, self.tr("Conflictos ({0})").format(len(conflicts)))
        self.tabs.setTabText(1, self.tr("Cambios rechazados ({0})").format(len(rejections)))
        if conflicts:
            self.conflicts_view.selectRow(0)
        if rejections:
            self.rejections_view.selectRow(0)
        self.on_conflict_selected()
        self.on_rejection_selected()

    def _selected(self, view: QTableView, model: RowsTableModel) -> dict[str, Any] | None:
        rows = view.selectionModel().selectedRows()
        return model.row_at(rows[0].row()) if rows else None

    def on_conflict_selected(self, *_args: object) -> None:
        row = self._selected(self.conflicts_view, self.conflicts_model)
        self.local_text.setPlainText(inbox.show_value(row["local_value"]) if row else "")
        self.server_text.setPlainText(inbox.show_value(row["server_value"]) if row else "")
        self.reason.setText(row["reason"] if row else "")
        self.mine_button.setEnabled(row is not None)
        self.server_button.setEnabled(row is not None)

    def on_rejection_selected(self, *_args: object) -> None:
        row = self._selected(self.rejections_view, self.rejections_model)
        text = ""
        if row:
            fields = json.dumps(row["fields"], ensure_ascii=False, indent=2)
            text = self.tr("{0}\n\nMotivo: {1}\n\n{2}\n\nDatos que no se aplicaron en la "
                           "sede:\n{3}").format(row["record"], row["reason"], row["hint"],
                                                fields)
        self.rejection_text.setPlainText(text)
        self.dismiss_button.setEnabled(row is not None)
        self.retry_button.setEnabled(row is not None)

    # Choices -----------------------------------------------------------------------------

    def resolve(self, choice: str) -> None:
        row = self._selected(self.conflicts_view, self.conflicts_model)
        if row is None:
            return
        self.error.clear_error()
        try:
            self.ops.call(inbox.resolve_conflict, row["id"], choice,
                          tables={row["table_name"], "sync_conflicts"})
        except SesionaError as exc:
            self.error.show_error(exc.message)

    def retry(self) -> None:
        row = self._selected(self.rejections_view, self.rejections_model)
        if row is None:
            return
        self.error.clear_error()
        try:
            self.ops.call(inbox.retry_rejected, row["id"],
                          tables={row["table_name"], "sync_rejections"})
        except SesionaError as exc:
            self.error.show_error(exc.message)

    def dismiss(self) -> None:
        row = self._selected(self.rejections_view, self.rejections_model)
        if row is None:
            return
        try:
            self.ops.call(inbox.dismiss_rejection, row["id"], tables={"sync_rejections"})
        except SesionaError as exc:
            self.error.show_error(exc.message)
