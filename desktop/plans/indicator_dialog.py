"""«Añadir indicador» / «Editar indicador»: name, unit (with «Nueva unidad…»), annual
target typed as in Excel («1,5», «2.000») and an optional schedule by month or quarter
whose live «Suma: X de Y» tells when it adds up. The data layer validates; its Spanish
messages appear at the fields and nothing is written."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalog, indicators
from db.domain.indicators import PERIODS, SCHEDULES, format_number
from db.domain.validation import Checker
from db.errors import ValidationError
from db.locale_pe import MONTHS
from db.storage.connection import transaction
from desktop.dialogs.committee_dialog import INVALID_STYLE, FormDialog
from desktop.operations import Operations
from desktop.widgets.choosers import fill

TABLES = {"indicators", "indicator_targets"}
OK_STYLE = "color: #2e7d32;"
BAD_STYLE = "color: #b3261e;"


def read_number(text: str) -> float | None:
    """What the data layer would read from a typed quantity (None if it would refuse)."""
    check = Checker()
    value = indicators.number(text, "value", "valor", check, required=False)
    return None if check.errors else value


class ScheduleGrid(QWidget):
    """One box per month or quarter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edits: dict[int, QLineEdit] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("schedule_sum")
        self.schedule = "ninguno"

    def set_schedule(self, schedule: str, values: dict[int, float] | None = None) -> None:
        for edit in self.edits.values():
            edit.deleteLater()
        for label in self.findChildren(QLabel, "period_label"):
            label.deleteLater()
        self.edits = {}
        self.schedule = schedule
        count = PERIODS.get(schedule, 0)
        columns = 6 if count == 12 else 4
        for period in range(1, count + 1):
            name = MONTHS[period - 1][:3].capitalize() if count == 12 else \
                ("I", "II", "III", "IV")[period - 1] + self.tr(" trim.")
            label = QLabel(name)
            label.setObjectName("period_label")
            edit = QLineEdit(format_number(values.get(period)) if values else "")
            edit.setObjectName(f"target_{period}")
            edit.setPlaceholderText("0")
            edit.setMaximumWidth(70)
            row, column = divmod(period - 1, columns)
            self.grid.addWidget(label, row * 2, column)
            self.grid.addWidget(edit, row * 2 + 1, column)
            self.edits[period] = edit
        self.setVisible(bool(count))

    def texts(self) -> dict[int, str]:
        """Blank boxes count as 0, as in a spreadsheet."""
        return {p: e.text().strip() or "0" for p, e in self.edits.items()}


class IndicatorDialog(FormDialog):
    """Adds an indicator to ``node_id`` or edits ``indicator`` (a row of ``for_node``)."""

    def __init__(self, ops: Operations, node: dict[str, Any],
                 indicator: dict[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(ops, "", parent)
        self.node, self.indicator = node, indicator
        self.created_id: str | None = None
        self.unit_prompt: QInputDialog | None = None
        self.setWindowTitle(self.tr("Editar indicador") if indicator
                            else self.tr("Añadir indicador a {0}").format(node["code"]))
        self.ok_button.setText(self.tr("Guardar") if indicator else self.tr("Añadir indicador"))
        self.name = self.add_field("name", self.tr("Indicador"), QLineEdit())
        self.name.setPlaceholderText(self.tr("p. ej. Talleres de sensibilización realizados"))
        self.name.setMinimumWidth(420)
        unit_row = QWidget()
        row = QHBoxLayout(unit_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.unit = QComboBox()
        self.unit.setObjectName("unit_combo")
        self.new_unit_button = QPushButton(self.tr("Nueva unidad…"))
        self.new_unit_button.setObjectName("new_unit_button")
        self.new_unit_button.clicked.connect(self.on_new_unit_button_clicked)
        row.addWidget(self.unit, 1)
        row.addWidget(self.new_unit_button)
        self.add_field("unit_id", self.tr("Unidad de medida"), unit_row)
        self.target = self.add_field("annual_target", self.tr("Meta física anual"), QLineEdit())
        self.target.setPlaceholderText(self.tr("p. ej. 4 o 1,5"))
        self.schedule = self.add_field("schedule", self.tr("Programación"), QComboBox())
        fill(self.schedule, SCHEDULES)
        schedule_box = QWidget()
        box = QVBoxLayout(schedule_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.grid = ScheduleGrid()
        box.addWidget(self.grid)
        box.addWidget(self.grid.sum_label)
        self.add_field("targets", self.tr("Meta por periodo"), schedule_box)
        self.schedule_row = schedule_box.parentWidget()  # with its error label
        self.schedule_label = self.form.labelForField(self.schedule_row)

        self.reload_units(indicator["unit_id"] if indicator else None)
        targets: dict[int, float] = {}
        if indicator:
            self.name.setText(indicator["name"])
            self.target.setText(format_number(indicator["annual_target"]))
            self.schedule.setCurrentIndex(max(self.schedule.findData(indicator["schedule"]), 0))
            targets = ops.read(indicators.schedule_targets, indicator["id"])
        self.schedule.currentIndexChanged.connect(self.on_schedule_changed)
        self.target.textChanged.connect(self.update_sum)
        self.on_schedule_changed(values=targets)

    # Units -------------------------------------------------------------------------------

    def reload_units(self, select: str | None = None) -> None:
        current = select or self.unit.currentData()
        fill(self.unit, {u["id"]: u["name"] for u in self.ops.read(catalog.units)},
             blank=self.tr("— Elija la unidad —"))
        self.unit.setCurrentIndex(max(self.unit.findData(current), 0))

    def on_new_unit_button_clicked(self) -> QInputDialog:
        prompt = QInputDialog(self)
        prompt.setObjectName("new_unit_prompt")
        prompt.setWindowTitle(self.tr("Nueva unidad de medida"))
        prompt.setLabelText(self.tr("Nombre de la unidad (p. ej. «Módulo», «Spot radial»):"))
        prompt.setOkButtonText(self.tr("Añadir"))
        prompt.setCancelButtonText(self.tr("Cancelar"))
        prompt.textValueSelected.connect(self.add_unit)
        prompt.finished.connect(prompt.deleteLater)
        self.unit_prompt = prompt
        prompt.open()
        return prompt

    def add_unit(self, name: str) -> str | None:
        self.errors["unit_id"].clear_error()
        db = self.ops.db
        try:
            unit_id = self.ops.create(self.tr("Añadir unidad «{0}»").format(name.strip()),
                                      lambda: catalog.add_unit(db, name), "units")
        except ValidationError as exc:
            self.show_errors({"unit_id": exc.message})
            return None
        self.reload_units(unit_id)
        return unit_id

    # Schedule ----------------------------------------------------------------------------

    def on_schedule_changed(self, _index: int = 0, values: dict[int, float] | None = None):
        schedule = self.schedule.currentData()
        self.grid.set_schedule(schedule, values)
        for edit in self.grid.edits.values():
            edit.textChanged.connect(self.update_sum)
        scheduled = schedule in PERIODS
        self.schedule_row.setVisible(scheduled)
        if self.schedule_label is not None:
            self.schedule_label.setVisible(scheduled)
        self.errors["targets"].clear_error()
        self.update_sum()

    def update_sum(self, *_args: object) -> None:
        if not self.grid.edits:
            self.grid.sum_label.setText("")
            return
        values = [read_number(t) for t in self.grid.texts().values()]
        annual = read_number(self.target.text())
        if any(v is None for v in values):
            self.grid.sum_label.setText(self.tr("Suma: hay valores que no son números"))
            self.grid.sum_label.setStyleSheet(BAD_STYLE)
            return
        total = sum(v for v in values if v is not None)
        self.grid.sum_label.setText(self.tr("Suma: {0} de {1}").format(
            format_number(total), format_number(annual) if annual is not None else "—"))
        matches = annual is not None and abs(total - annual) < 1e-9
        self.grid.sum_label.setStyleSheet(OK_STYLE if matches else BAD_STYLE)

    # Saving ------------------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        """Period boxes report under the grid, and the wrong boxes are outlined."""
        merged: dict[str, str] = {}
        for field, message in errors.items():
            if field.startswith("target_"):
                edit = self.grid.edits.get(int(field.split("_")[1]))
                if edit is not None:
                    edit.setStyleSheet(INVALID_STYLE)
                field = "targets"
            merged[field] = f"{merged[field]} {message}" if field in merged else message
        super().show_errors(merged)

    def clear_errors(self) -> None:
        super().clear_errors()
        for edit in self.grid.edits.values():
            edit.setStyleSheet("")

    def apply(self) -> None:
        db, node_id = self.ops.db, self.node["id"]
        name, unit_id, target = self.name.text(), self.unit.currentData(), self.target.text()
        schedule = self.schedule.currentData()
        targets = self.grid.texts()
        if self.indicator is None:
            self.created_id = self.ops.create(
                self.tr("Añadir indicador «{0}»").format(name.strip()),
                lambda: indicators.add_indicator(db, node_id, name, unit_id, target,
                                                 schedule=schedule, targets=targets),
                "indicators", TABLES,
                delete=lambda rid: indicators.remove_indicator(db, rid),
                restore=lambda rid: indicators.restore_indicator(db, rid))
            return
        self.edit_indicator(name, unit_id, target, schedule, targets)

    def edit_indicator(self, name: str, unit_id: str | None, target: str, schedule: str,
                       targets: dict[int, str]) -> None:
        db, indicator_id = self.ops.db, self.indicator["id"]
        old = {k: self.indicator[k] for k in ("name", "unit_id", "annual_target")}
        old_schedule = self.indicator["schedule"]
        old_targets = self.ops.read(indicators.schedule_targets, indicator_id)
        new = {"name": name, "unit_id": unit_id, "annual_target": target}

        def write(values: dict, schedule_to: str, targets_to: dict) -> None:
            # Unscheduled first, so a new target is not checked against the old schedule.
            with transaction(db):
                indicators.set_schedule(db, indicator_id, "ninguno", {})
                indicators.update_indicator(db, indicator_id, values)
                indicators.set_schedule(db, indicator_id, schedule_to, targets_to)

        unchanged = (name.strip() == old["name"] and unit_id == old["unit_id"]
                     and read_number(target) == old["annual_target"]
                     and schedule == old_schedule
                     and {p: read_number(t) for p, t in targets.items()} == old_targets)
        if unchanged:
            return
        self.ops.perform(self.tr("Editar indicador «{0}»").format(name.strip()),
                         lambda: write(new, schedule, targets),
                         lambda: write(old, old_schedule, old_targets), TABLES)
