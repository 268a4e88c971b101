"""The indicators of the selected objective or line of action, with their execution in the
year, coloured by state; and, below, the selected indicator's entries and observations."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db import indicators
from db.errors import SesionaError
from db.plans import LEVELS, MEASURED_LEVELS
from desktop.operations import Operations
from desktop.plans.indicator_dialog import IndicatorDialog
from desktop.plans.table_models import IndicatorsModel
from desktop.widgets.fields import ErrorLabel

TABLES = {"indicators", "indicator_targets"}


def table_view(name: str, model, stretch: int) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class IndicatorPanel(QWidget):
    #: The indicator now selected (a row of ``indicators.for_node``) or None.
    current_indicator_changed = Signal(object)

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.node: dict[str, Any] | None = None
        self.results: dict[str, Any] = {}
        self.dialog: QDialog | None = None
        self.title = QLabel()
        self.title.setObjectName("indicators_title")
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.model = IndicatorsModel(self)
        self.view = table_view("indicators_table", self.model, stretch=0)
        # The name matters most: the schedule column gives way (its tooltip has it all).
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(3, 95)
        self.view.selectionModel().currentRowChanged.connect(self.on_view_current_changed)
        self.view.doubleClicked.connect(self.on_view_double_clicked)
        self.add_button = self._button("add_indicator_button", self.tr("Añadir indicador…"),
                                       self.on_add_button_clicked)
        self.edit_button = self._button("edit_indicator_button", self.tr("Editar…"),
                                        self.on_edit_button_clicked)
        self.remove_button = self._button("remove_indicator_button", self.tr("Quitar"),
                                          self.on_remove_button_clicked)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.error = ErrorLabel()
        self.error.setObjectName("indicators_error")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.set_node(None, {})

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # Loading -----------------------------------------------------------------------------

    @property
    def measured(self) -> bool:
        return self.node is not None and self.node["level"] in MEASURED_LEVELS

    def set_node(self, node: dict[str, Any] | None, results: dict[str, Any]) -> None:
        """Show ``node``'s indicators; ``results`` maps indicator ids to IndicatorResult.
        The selection stays on the same indicator, else goes to the first one."""
        previous = self.current_id()
        changed_node = (node or {}).get("id") != (self.node or {}).get("id")
        self.node, self.results = node, results
        if changed_node:
            self.error.clear_error()
        if node is None:
            self.title.setText(self.tr("Seleccione un objetivo o una línea de acción del plan "
                                       "para ver sus indicadores."))
        elif not self.measured:
            self.title.setText(self.tr(
                "{0} es un «{1}»: los indicadores van en los objetivos y en las líneas de "
                "acción.").format(node["code"], LEVELS[node["level"]]))
        else:
            self.title.setText(self.tr("Indicadores de {0} — {1}").format(
                node["code"], node["text"] or self.tr("(sin texto)")))
        rows = []
        if self.measured:
            for row in self.ops.read(indicators.for_node, node["id"]):
                rows.append({"indicator": row, "result": results.get(row["id"]),
                             "targets": self.ops.read(indicators.schedule_targets, row["id"])})
        self.model.set_rows(rows)
        self.view.setVisible(self.measured)
        keep = not changed_node and self.model.row_of(previous) >= 0
        # The page shows the entries of the indicator selected here; no signal needed.
        self.select(previous if keep else self.model.id_at(0), emit=False)

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def current_indicator(self) -> dict[str, Any] | None:
        row = self.model.row_at(self.view.currentIndex().row()) \
            if self.view.currentIndex().isValid() else None
        return row["indicator"] if row else None

    def select(self, indicator_id: str | None, emit: bool = True) -> None:
        row = self.model.row_of(indicator_id)
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            selection.setCurrentIndex(self.model.index(row, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        else:
            selection.clearCurrentIndex()
            selection.clearSelection()
        selection.blockSignals(False)
        self.view.viewport().update()
        self.update_buttons()
        if emit:
            self.current_indicator_changed.emit(self.current_indicator())

    def on_view_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_buttons()
        self.current_indicator_changed.emit(self.current_indicator())

    def update_buttons(self) -> None:
        self.add_button.setEnabled(self.measured)
        selected = self.current_id() is not None
        self.edit_button.setEnabled(self.measured and selected)
        self.remove_button.setEnabled(self.measured and selected)

    # Actions -----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def on_add_button_clicked(self) -> IndicatorDialog | None:
        if not self.measured:
            return None
        dialog = IndicatorDialog(self.ops, self.node, parent=self)
        dialog.accepted.connect(lambda: self.select(dialog.created_id))
        self._open(dialog)
        return dialog

    def on_edit_button_clicked(self) -> IndicatorDialog | None:
        indicator = self.current_indicator()
        if indicator is None or self.node is None:
            return None
        dialog = IndicatorDialog(self.ops, self.node, indicator, parent=self)
        self._open(dialog)
        return dialog

    def on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.on_edit_button_clicked()

    def on_remove_button_clicked(self) -> None:
        indicator = self.current_indicator()
        if indicator is None:
            return
        db, indicator_id = self.ops.db, indicator["id"]
        self.error.clear_error()
        try:
            self.ops.perform(self.tr("Quitar indicador «{0}»").format(indicator["name"]),
                             lambda: indicators.remove_indicator(db, indicator_id),
                             lambda: indicators.restore_indicator(db, indicator_id), TABLES)
        except SesionaError as exc:
            self.error.show_error(exc.message)
