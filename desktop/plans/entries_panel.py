"""The selected indicator's execution entries («Registrar ejecución…», edit, remove) and its
observations: the text generated from the entries and the secretary's own version."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPlainTextEdit, QWidget

from db.domain import indicators
from db.locale_pe import short_date
from desktop.operations import Operations
from desktop.plans.entry_dialog import TABLES, EntryDialog
from desktop.plans.table_models import EntriesModel
from desktop.widgets.form import BoundForm
from desktop.widgets.list_panel import ListPanel


def generated_observations(entries: list[dict[str, Any]]) -> str:
    """The text the matrix prints when the secretary wrote none (``plan_execution``)."""
    if not entries:  # the usual case at start (no indicator chosen): no need for pandas
        return ""
    from db.domain.plan_execution import observations  # loads pandas: only when first needed

    return observations(sorted(entries, key=lambda e: e["entry_date"]))


class EntriesPanel(ListPanel):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, EntriesModel(), noun="entry", plural="entries", stretch=2,
                         parent=parent)
        self.add_button.setText(self.tr("Registrar ejecución…"))
        self.plan: dict[str, Any] | None = None
        self.indicator: dict[str, Any] | None = None
        self.view.horizontalHeader().setSectionResizeMode(
            3, self.view.horizontalHeader().ResizeMode.Interactive)
        self.view.setColumnWidth(3, 150)
        self.view.selectionModel().currentRowChanged.connect(self.update_buttons)

        self.observations_box = QGroupBox(self.tr("Observaciones"))
        self.generated = QLabel()
        self.generated.setObjectName("generated_observations")
        self.generated.setWordWrap(True)
        self.generated.setStyleSheet("color: #444;")
        self.form = BoundForm(ops, indicators.update_indicator, "indicators", {"indicators"},
                              self)
        self.observations_edit = QPlainTextEdit()
        self.observations_edit.setMaximumHeight(70)
        self.observations_edit.setTabChangesFocus(True)
        self.observations_edit.setPlaceholderText(self.tr(
            "Vacío: la matriz usa el texto generado. Escriba aquí para reemplazarlo."))
        form_layout = QFormLayout()
        form_layout.addRow(self.tr("Generadas:"), self.generated)
        self.form.add_row(form_layout, "observations", self.tr("Editar observaciones:"),
                          self.observations_edit)
        self.observations_box.setLayout(form_layout)

        self.layout().addWidget(self.observations_box)
        self.set_indicator(None, None)

    # Loading -----------------------------------------------------------------------------

    def set_indicator(self, indicator: dict[str, Any] | None,
                      plan: dict[str, Any] | None) -> None:
        if (indicator or {}).get("id") != (self.indicator or {}).get("id"):
            self.error.clear_error()
        self.indicator, self.plan = indicator, plan
        selected = self.current_id()
        rows: list[dict[str, Any]] = []
        if indicator is not None:
            self.title.setText(self.tr("Ejecución de «{0}»").format(indicator["name"]))
            for entry in self.ops.read(indicators.entries, indicator["id"]):
                rows.append({**entry,
                             "evidence": len(self.ops.read(indicators.evidence, entry["id"]))})
        else:
            self.title.setText(self.tr("Ejecución (seleccione un indicador)"))
        self.model.set_rows(rows)
        row = self.model.row_of(selected)
        if row >= 0:
            self.view.selectRow(row)
        self.generated.setText(generated_observations(rows) or self.tr(
            "Sin ejecución registrada: la matriz dirá «No reportado»."))
        self.form.load({"id": indicator["id"], "observations": indicator["observations"]}
                       if indicator else None)
        self.observations_box.setEnabled(indicator is not None)
        self.update_buttons()

    def current_entry(self) -> dict[str, Any] | None:
        return self.current_row()

    def can_add(self) -> bool:
        return self.indicator is not None

    def flush(self) -> None:
        self.form.flush()

    # Actions -----------------------------------------------------------------------------

    def on_add_button_clicked(self) -> EntryDialog | None:
        if self.indicator is None or self.plan is None:
            return None
        dialog = EntryDialog(self.ops, self.indicator, self.plan, parent=self)
        self.open_dialog(dialog)
        return dialog

    def on_edit_button_clicked(self) -> EntryDialog | None:
        entry = self.current_entry()
        if entry is None or self.indicator is None or self.plan is None:
            return None
        dialog = EntryDialog(self.ops, self.indicator, self.plan, entry, parent=self)
        self.open_dialog(dialog)
        return dialog

    def on_remove_button_clicked(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        db, entry_id = self.ops.db, entry["id"]
        self.remove_undoably(
            self.tr("Quitar ejecución del {0}").format(short_date(entry["entry_date"])),
            lambda: indicators.remove_entry(db, entry_id),
            lambda: indicators.restore_entry(db, entry_id), TABLES)
