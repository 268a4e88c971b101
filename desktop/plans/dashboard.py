"""«Tablero»: the plan's execution in a period — each indicator with its state colour
(and an explicit «No reportado»), roll-ups by objective, axis, responsible institution or
quarter, and a chart of execution % per objective or line of action."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.domain.rules.execution import COLOURS, STATES
from desktop.operations import Operations
from desktop.plans.chart import Bar, ExecutionChart
from desktop.plans.table_models import ResultsModel, RollUpModel, rollup_state
from desktop.widgets.fields import RequiredDateEdit
from desktop.widgets.list_panel import table_view

UNTIL = "until"
ROLLUPS = ("by_objective", "by_axis", "by_institution", "by_quarter")


class Dashboard(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.plan_id: str | None = None
        self.matrix: Any = None  # db.domain.plan_execution.PlanMatrix of the chosen period
        self.stale = False
        self.year_matrix: Any = None  # the whole year, when the page computed it

        self.period_combo = QComboBox()
        self.period_combo.setObjectName("period_combo")
        self.period_combo.addItem(self.tr("Todo el año"), None)
        self.period_combo.addItem(self.tr("Hasta fecha…"), UNTIL)
        for quarter, roman in enumerate(("I", "II", "III", "IV"), start=1):
            self.period_combo.addItem(self.tr("{0} trimestre").format(roman), quarter)
        self.until_edit = RequiredDateEdit()
        self.until_edit.setObjectName("until_edit")
        self.until_edit.hide()
        self.period_label = QLabel()
        self.period_label.setObjectName("period_label")
        self.period_label.setStyleSheet("font-weight: bold;")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary_label")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Periodo:")))
        bar.addWidget(self.period_combo)
        bar.addWidget(self.until_edit)
        bar.addSpacing(12)
        bar.addWidget(self.period_label)
        bar.addStretch()
        bar.addWidget(self.summary_label)

        self.results_model = ResultsModel(self)
        self.results_view = table_view("results_table", self.results_model, stretch=1,
                                       word_wrap=False)
        self.results_view.horizontalHeader().setSectionResizeMode(
            10, self.results_view.horizontalHeader().ResizeMode.Interactive)
        self.results_view.horizontalHeader().setStretchLastSection(True)
        legend = QHBoxLayout()
        legend.setContentsMargins(0, 0, 0, 0)
        for state, label in STATES.items():
            chip = QLabel(label)
            chip.setObjectName(f"legend_{state}")
            chip.setStyleSheet(f"background: {COLOURS[state]}; color: #1a1a1a; "
                               "padding: 2px 6px; border-radius: 3px;")
            legend.addWidget(chip)
        legend.addStretch()

        self.rollup_combo = QComboBox()
        self.rollup_combo.setObjectName("rollup_combo")
        for key, label in zip(ROLLUPS, (self.tr("Por objetivo"), self.tr("Por eje estratégico"),
                                        self.tr("Por institución responsable"),
                                        self.tr("Por trimestre")), strict=True):
            self.rollup_combo.addItem(label, key)
        self.rollup_model = RollUpModel(self)
        self.rollup_view = table_view("rollup_table", self.rollup_model, stretch=0,
                                      word_wrap=False)
        self.rollup_hint = QLabel(self.tr(
            "Avance: promedio de la ejecución de cada indicador con meta, hasta 100 % cada uno."))
        self.rollup_hint.setWordWrap(True)
        self.rollup_hint.setStyleSheet("color: #6b6b6b;")
        rollups = QWidget()
        rollup_layout = QVBoxLayout(rollups)
        rollup_layout.setContentsMargins(0, 0, 0, 0)
        rollup_layout.addWidget(self.rollup_combo)
        rollup_layout.addWidget(self.rollup_view, 1)
        rollup_layout.addWidget(self.rollup_hint)

        self.chart_combo = QComboBox()
        self.chart_combo.setObjectName("chart_combo")
        self.chart_combo.addItem(self.tr("Gráfico por objetivo"), "objetivo")
        self.chart_combo.addItem(self.tr("Gráfico por línea de acción"), "linea")
        self.chart = ExecutionChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        charts = QWidget()
        chart_layout = QVBoxLayout(charts)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.chart_combo)
        chart_layout.addWidget(scroll, 1)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.results_view, 1)
        top_layout.addLayout(legend)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(rollups)
        bottom.addWidget(charts)
        bottom.setSizes([520, 520])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.period_combo.currentIndexChanged.connect(self.on_period_combo_changed)
        self.until_edit.dateChanged.connect(self.refresh)
        self.rollup_combo.currentIndexChanged.connect(self.show_rollup)
        self.chart_combo.currentIndexChanged.connect(self.show_chart)

    # The period --------------------------------------------------------------------------

    def period(self):
        from db.domain.plan_execution import Period

        choice = self.period_combo.currentData()
        if choice == UNTIL:
            return Period(until=date.fromisoformat(self.until_edit.value()))
        return Period(quarter=choice) if choice else Period()

    def on_period_combo_changed(self, _index: int) -> None:
        self.until_edit.setVisible(self.period_combo.currentData() == UNTIL)
        self.refresh()

    # Loading -----------------------------------------------------------------------------

    def set_plan(self, plan_id: str | None, year_matrix: Any = None) -> None:
        """Show ``plan_id``; ``year_matrix``, its execution of the whole year if the caller
        has it, saves computing it again while «Todo el año» is chosen."""
        self.plan_id, self.year_matrix = plan_id, year_matrix
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Recompute now if shown; otherwise when next shown (or asked for the matrix)."""
        if not self.isVisible():
            self.stale = True
            return
        self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.load()

    def current_matrix(self) -> Any:
        """The execution in the chosen period, for the exports."""
        if self.stale or (self.matrix is None and self.plan_id):
            self.load()
        return self.matrix

    def load(self) -> None:
        from db.domain.plan_execution import compute

        self.stale = False

        if not self.plan_id:
            self.matrix = None
        elif self.period_combo.currentData() is None and self.year_matrix is not None:
            self.matrix = self.year_matrix
        else:
            self.matrix = self.ops.read(compute, self.plan_id, self.period())
        results = self.matrix.results if self.matrix else []
        self.results_model.set_rows(results)
        self.period_label.setText(self.matrix.period_label if self.matrix else "")
        counts = {s: sum(1 for r in results if r.state == s) for s in STATES}
        self.summary_label.setText(self.tr(
            "{0} indicadores · {1} alcanzados · {2} en avance · {3} no realizados · "
            "{4} no reportados").format(len(results), *counts.values()) if results else "")
        self.show_rollup()
        self.show_chart()

    def show_rollup(self, *_args: object) -> None:
        key = self.rollup_combo.currentData()
        self.rollup_model.set_rows(getattr(self.matrix, key) if self.matrix else [])

    def chart_bars(self, level: str) -> list[Bar]:
        if self.matrix is None:
            return []
        if level == "objetivo":
            groups = self.matrix.by_objective
        else:
            from db.domain.plan_execution import rollup

            texts = {row.line_code: row.line_text for row in self.matrix.rows if row.line_code}
            lines = [r for r in self.matrix.results if r.node_code in texts]
            groups = rollup(lines, lambda r: r.node_code, texts)
        return [Bar(g.key, g.label, g.progress, rollup_state(g.progress, g.states))
                for g in groups]

    def show_chart(self, *_args: object) -> None:
        level = self.chart_combo.currentData()
        title = self.tr("Avance por objetivo") if level == "objetivo" \
            else self.tr("Avance por línea de acción")
        self.chart.set_bars(self.chart_bars(level), title)
