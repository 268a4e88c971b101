"""The indicators of the selected objective or line of action, with their execution in the
year, coloured by state; and, below, the selected indicator's entries and observations."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from db.domain import indicators
from db.domain.plans import LEVELS, MEASURED_LEVELS
from desktop.operations import Operations
from desktop.plans.indicator_dialog import IndicatorDialog
from desktop.plans.table_models import IndicatorsModel
from desktop.widgets.list_panel import ListPanel

TABLES = {"indicators", "indicator_targets"}


class IndicatorPanel(ListPanel):
    #: The indicator now selected (a row of ``indicators.for_node``) or None.
    current_indicator_changed = Signal(object)

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, IndicatorsModel(), noun="indicator", plural="indicators",
                         stretch=0, parent=parent)
        self.add_button.setText(self.tr("Añadir indicador…"))
        self.node: dict[str, Any] | None = None
        self.results: dict[str, Any] = {}
        self.title.setWordWrap(True)
        # The name matters most: the schedule column gives way (its tooltip has it all).
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(3, 95)
        self.view.selectionModel().currentRowChanged.connect(self.on_view_current_changed)
        self.set_node(None, {})

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

    def current_indicator(self) -> dict[str, Any] | None:
        row = self.current_row()
        return row["indicator"] if row else None

    def select(self, indicator_id: str | None, emit: bool = True) -> None:
        self.set_current(indicator_id)
        self.update_buttons()
        if emit:
            self.current_indicator_changed.emit(self.current_indicator())

    def on_view_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_buttons()
        self.current_indicator_changed.emit(self.current_indicator())

    def can_add(self) -> bool:
        return self.measured

    # Actions -----------------------------------------------------------------------------

    def on_add_button_clicked(self) -> IndicatorDialog | None:
        if not self.measured:
            return None
        dialog = IndicatorDialog(self.ops, self.node, parent=self)
        dialog.accepted.connect(lambda: self.select(dialog.created_id))
        self.open_dialog(dialog)
        return dialog

    def on_edit_button_clicked(self) -> IndicatorDialog | None:
        indicator = self.current_indicator()
        if indicator is None or self.node is None:
            return None
        dialog = IndicatorDialog(self.ops, self.node, indicator, parent=self)
        self.open_dialog(dialog)
        return dialog

    def on_remove_button_clicked(self) -> None:
        indicator = self.current_indicator()
        if indicator is None:
            return
        db, indicator_id = self.ops.db, indicator["id"]
        self.remove_undoably(self.tr("Quitar indicador «{0}»").format(indicator["name"]),
                             lambda: indicators.remove_indicator(db, indicator_id),
                             lambda: indicators.restore_indicator(db, indicator_id), TABLES)
