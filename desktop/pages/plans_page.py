"""«Planes»: the committee's annual work plans — the tree, its indicators and their
execution, the dashboard, and export/import. Every write goes through ``ops`` with undo;
the page re-reads what it shows from ``ops.changed``.

The execution is computed with pandas (``db.domain.plan_execution``), imported on first use: the
page reads nothing until it is first shown, so the main window opens as fast as before.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.domain import plans
from db.errors import NotFoundError
from db.locale_pe import lima_today, short_date
from db.storage import records
from desktop.operations import Operations
from desktop.pages.base import Page
from desktop.plans.dashboard import Dashboard
from desktop.plans.entries_panel import EntriesPanel
from desktop.plans.indicator_panel import IndicatorPanel
from desktop.plans.institutions_editor import NodeInstitutionsEditor
from desktop.plans.plan_dialogs import PlanDialog
from desktop.plans.plan_io import PlanIO
from desktop.plans.tree_panel import PlanTreePanel
from desktop.widgets.list_panel import open_replacing


class PlansPage(Page):
    title = "Planes"
    watches = frozenset({"work_plans", "plan_nodes", "plan_node_institutions", "indicators",
                         "indicator_targets", "execution_entries", "execution_evidence",
                         "units", "institutions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        self.setObjectName("plans_page")
        self.title = self.tr("Planes")
        self.plan_id: str | None = None
        self.plan: dict[str, Any] | None = None
        self.results: dict[str, Any] = {}
        self.dialog: QDialog | None = None
        self.stale = True

        self.plan_combo = QComboBox()
        self.plan_combo.setObjectName("plan_combo")
        self.plan_combo.setMinimumContentsLength(34)
        self.new_plan_button = QPushButton(self.tr("Nuevo plan…"))
        self.new_plan_button.setObjectName("new_plan_button")
        self.edit_plan_button = QPushButton(self.tr("Datos del plan…"))
        self.edit_plan_button.setObjectName("edit_plan_button")
        self.approval_label = QLabel()
        self.approval_label.setObjectName("approval_label")
        self.approval_label.setStyleSheet("color: #6b6b6b;")
        self.dashboard = Dashboard(ops)
        self.io = PlanIO(ops, self.dashboard.current_matrix)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Plan:")))
        bar.addWidget(self.plan_combo)
        bar.addWidget(self.new_plan_button)
        bar.addWidget(self.edit_plan_button)
        bar.addWidget(self.approval_label, 1)
        bar.addWidget(self.io)

        self.tree = PlanTreePanel(ops)
        self.institutions = NodeInstitutionsEditor(ops)
        self.indicators = IndicatorPanel(ops)
        self.entries = EntriesPanel(ops)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.tree)
        left.addWidget(self.institutions)
        left.setSizes([470, 290])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.indicators)
        right.addWidget(self.entries)
        right.setSizes([300, 460])
        editor = QSplitter(Qt.Orientation.Horizontal)
        editor.setObjectName("plan_editor")
        editor.addWidget(left)
        editor.addWidget(right)
        editor.setSizes([700, 640])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("plan_tabs")
        self.tabs.addTab(editor, self.tr("Plan y ejecución"))
        self.tabs.addTab(self.dashboard, self.tr("Tablero"))

        self.empty_label = QLabel()
        self.empty_label.setObjectName("plans_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.io.message)

        self.plan_combo.currentIndexChanged.connect(self.on_plan_combo_changed)
        self.new_plan_button.clicked.connect(self.on_new_plan_button_clicked)
        self.edit_plan_button.clicked.connect(self.on_edit_plan_button_clicked)
        self.tree.current_node_changed.connect(self.on_tree_current_node_changed)
        self.indicators.current_indicator_changed.connect(
            self.on_indicators_current_indicator_changed)
        self.io.imported.connect(self.select_plan)

    # Page contract -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read everything shown; while hidden, only remember to do it when shown."""
        if not self.isVisible():
            self.stale = True
            return
        self.stale = False
        self.reload_plans()
        self.tree.set_plan(self.plan_id)
        self.show_plan_contents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def flush(self) -> None:
        self.entries.flush()

    def _on_ops_changed(self, tables: frozenset[str]) -> None:
        if "institutions" in tables:
            self.institutions.reload_catalogue()
        super()._on_ops_changed(tables)

    # Plans -------------------------------------------------------------------------------

    def committee_exists(self) -> bool:
        if not self.committee_id:
            return False
        try:
            return not self.ops.read(records.get, "committees", self.committee_id)["deleted_at"]
        except NotFoundError:
            return False

    def reload_plans(self) -> None:
        rows = self.ops.read(plans.plans_for, self.committee_id) \
            if self.committee_exists() else []
        ids = [row["id"] for row in rows]
        if self.plan_id not in ids:  # this year's plan, else the newest
            this_year = [row["id"] for row in rows if row["year"] == lima_today().year]
            self.plan_id = (this_year or ids or [None])[0]
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for row in rows:
            self.plan_combo.addItem(f"{row['year']} — {row['title']}", row["id"])
        self.plan_combo.setCurrentIndex(self.plan_combo.findData(self.plan_id))
        self.plan_combo.blockSignals(False)
        self.plan = next((row for row in rows if row["id"] == self.plan_id), None)
        has_committee = self.committee_exists()
        self.new_plan_button.setEnabled(has_committee)
        self.edit_plan_button.setEnabled(self.plan is not None)
        self.plan_combo.setEnabled(bool(rows))
        self.io.set_context(self.committee_id if has_committee else None, self.plan is not None)
        self.approval_label.setText(self.approval_text())
        self.empty_label.setText(self.tr(
            "Este comité aún no tiene un plan de trabajo anual.\n\nCree uno con «Nuevo plan…» "
            "(puede copiar el del año anterior) o tráigalo de su Excel con «Importar plan "
            "desde Excel…».") if has_committee else "")
        self.stack.setCurrentWidget(self.tabs if self.plan else self.empty_label)

    def approval_text(self) -> str:
        if self.plan is None:
            return ""
        session_id = self.plan.get("approved_in_session_id")
        if not session_id:
            return self.tr("Aprobación: sin registrar (use «Datos del plan…»)")
        session = self.ops.read(records.get, "sessions", session_id)
        return self.tr("Aprobado en la sesión del {0}").format(short_date(session["date"]))

    def select_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        self.refresh()

    def on_plan_combo_changed(self, _index: int) -> None:
        self.select_plan(self.plan_combo.currentData())

    def on_new_plan_button_clicked(self) -> PlanDialog | None:
        if not self.committee_exists():
            return None
        dialog = PlanDialog(self.ops, self.committee_id, parent=self)
        dialog.accepted.connect(lambda: self.select_plan(dialog.created_id))
        return self._open(dialog)

    def on_edit_plan_button_clicked(self) -> PlanDialog | None:
        if self.plan is None:
            return None
        return self._open(PlanDialog(self.ops, self.committee_id, self.plan, parent=self))

    def _open(self, dialog: QDialog) -> Any:
        self.dialog = open_replacing(self.dialog, dialog)
        return dialog

    # The plan's contents -----------------------------------------------------------------

    def show_plan_contents(self) -> None:
        from db.domain.plan_execution import compute

        matrix = self.ops.read(compute, self.plan_id) if self.plan_id else None
        self.results = {r.indicator_id: r for r in matrix.results} if matrix else {}
        self.show_node(self.tree.current_node())
        self.dashboard.set_plan(self.plan_id, matrix)

    def show_node(self, node: dict[str, Any] | None) -> None:
        self.institutions.load(node)
        self.indicators.set_node(node, self.results)
        self.entries.set_indicator(self.indicators.current_indicator(), self.plan)

    def on_tree_current_node_changed(self, node: dict[str, Any] | None) -> None:
        self.show_node(node)

    def on_indicators_current_indicator_changed(self, indicator: dict[str, Any] | None):
        self.entries.set_indicator(indicator, self.plan)
