"""When an agreement becomes «cumplido», offer to record the matching execution entry in
the committee's plan of the year: a non-blocking question, then a list of the plan's
indicators, then «Registrar ejecución» pre-filled with today's date, the agreement's text
and the link to the agreement."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.domain import indicators, plans
from db.domain.indicators import format_number
from db.domain.plans import MEASURED_LEVELS
from db.locale_pe import lima_today
from db.storage import records
from desktop.operations import Operations
from desktop.plans.entry_dialog import EntryDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExecutionOffer", text)


def plan_of_year(ops: Operations, committee_id: str, year: int) -> dict[str, Any] | None:
    return next((p for p in ops.read(plans.plans_for, committee_id) if p["year"] == year), None)


def measured_indicators(ops: Operations, plan_id: str) -> list[tuple[dict, dict]]:
    """(node, indicator) for every indicator of the plan, in the plan's order."""
    out = []
    for node in ops.read(plans.nodes, plan_id):
        if node["level"] in MEASURED_LEVELS:
            out += [(node, i) for i in ops.read(indicators.for_node, node["id"])]
    return out


class IndicatorChooser(QDialog):
    """Which indicator of the plan the fulfilled agreement advances."""

    def __init__(self, ops: Operations, agreement: dict[str, Any], plan: dict[str, Any],
                 choices: list[tuple[dict, dict]], today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.agreement, self.plan, self.today = ops, agreement, plan, today
        self.entry_dialog: EntryDialog | None = None
        self.setObjectName("indicator_chooser")
        self.setWindowTitle(self.tr("Registrar ejecución del acuerdo"))
        self.resize(640, 420)
        intro = QLabel(self.tr("¿A qué indicador del {0} corresponde lo cumplido?").format(
            plan["title"]))
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("chooser_list")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Código"), self.tr("Indicador"), self.tr("Meta")])
        for node, indicator in choices:
            item = QTreeWidgetItem([node["code"], indicator["name"], self.tr("{0} {1}").format(
                format_number(indicator["annual_target"]), indicator["unit_name"])])
            item.setData(0, Qt.ItemDataRole.UserRole, indicator["id"])
            item.setToolTip(1, f"{node['code']} {node['text']}")
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        self.list.setColumnWidth(1, 400)
        self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        self.choices = {i["id"]: i for _, i in choices}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Continuar…"))
        self.ok_button.setObjectName("chooser_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> dict[str, Any] | None:
        item = self.list.currentItem()
        return self.choices.get(item.data(0, Qt.ItemDataRole.UserRole)) if item else None

    def accept(self) -> None:
        indicator = self.chosen()
        if indicator is None:
            return
        super().accept()
        prefill = {"entry_date": self.today.isoformat(),
                   "description": " ".join(self.agreement["text"].split()),
                   "agreement_id": self.agreement["id"]}
        dialog = EntryDialog(self.ops, indicator, self.plan, prefill=prefill,
                             parent=self.parentWidget())
        dialog.finished.connect(dialog.deleteLater)
        self.entry_dialog = dialog
        dialog.open()


def offer_execution_entry(parent: QWidget, ops: Operations, agreement_id: str, *,
                          today: date | None = None) -> IndicatorChooser | None:
    """List the indicators of the committee's plan of this year; the chosen one opens
    «Registrar ejecución» pre-filled. None when there is no such plan or indicator."""
    today = today or lima_today()
    agreement = ops.read(records.get, "agreements", agreement_id)
    plan = plan_of_year(ops, agreement["committee_id"], today.year)
    choices = measured_indicators(ops, plan["id"]) if plan else []
    if not choices:
        return None
    chooser = IndicatorChooser(ops, agreement, plan, choices, today, parent)
    chooser.finished.connect(chooser.deleteLater)
    chooser.open()
    return chooser


def offer_if_planned(parent: QWidget, ops: Operations, agreement_id: str, *,
                     today: date | None = None) -> QMessageBox | None:
    """Ask «¿Registrar la ejecución…?» without blocking, only when the committee has a
    plan of this year with indicators. Returns the question box (or None); the caller
    keeps it (and deletes the previous one)."""
    today = today or lima_today()
    agreement = ops.read(records.get, "agreements", agreement_id)
    plan = plan_of_year(ops, agreement["committee_id"], today.year)
    if plan is None or not measured_indicators(ops, plan["id"]):
        return None
    box = QMessageBox(QMessageBox.Icon.Question, _tr("Acuerdo cumplido"), _tr(
        "El acuerdo quedó cumplido. ¿Desea registrar la ejecución correspondiente en el "
        "{0}?").format(plan["title"]), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("execution_offer")
    register = box.addButton(_tr("Registrar ejecución…"), QMessageBox.ButtonRole.AcceptRole)
    register.setObjectName("offer_register_button")
    later = box.addButton(_tr("Ahora no"), QMessageBox.ButtonRole.RejectRole)
    later.setObjectName("offer_later_button")
    box.setDefaultButton(register)
    box.chooser = None  # type: ignore[attr-defined]

    def on_finished(_result: int) -> None:
        if box.clickedButton() is register:
            box.chooser = offer_execution_entry(parent, ops, agreement_id, today=today)

    box.finished.connect(on_finished)
    box.open()
    return box
