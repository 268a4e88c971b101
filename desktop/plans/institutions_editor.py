"""The institutions of one plan node: the catalogue with two checkboxes each,
«Involucrada» and «Responsable» (bold in the ministry's matrix). Each click is one
undoable ``plans.set_institutions``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalog, plans
from db.errors import SesionaError
from desktop.operations import Operations
from desktop.widgets.fields import ErrorLabel

NAME, INVOLVED, RESPONSIBLE = range(3)
TABLES = {"plan_node_institutions"}


class NodeInstitutionsEditor(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.node: dict[str, Any] | None = None
        self.title = QLabel()
        self.title.setObjectName("institutions_title")
        self.title.setStyleSheet("font-weight: bold;")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("institutions_filter")
        self.filter_edit.setPlaceholderText(self.tr("Buscar institución…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.only_chosen = QCheckBox(self.tr("Solo las marcadas"))
        self.only_chosen.setObjectName("institutions_only_chosen")
        self.list = QTreeWidget()
        self.list.setObjectName("institutions_list")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Institución"), self.tr("Involucrada"),
                                   self.tr("Responsable")])
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(INVOLVED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RESPONSIBLE, QHeaderView.ResizeMode.ResizeToContents)
        self.error = ErrorLabel()
        self.error.setObjectName("institutions_error")
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.only_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        self.filter_edit.textChanged.connect(self.on_filter_edit_text_changed)
        self.only_chosen.toggled.connect(self.on_filter_edit_text_changed)
        self.list.itemChanged.connect(self.on_list_item_changed)
        self.reload_catalogue()
        self.load(None)

    def reload_catalogue(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for institution in self.ops.read(catalog.institutions):
            item = QTreeWidgetItem([f"{institution['acronym']} — {institution['name']}"])
            item.setData(NAME, Qt.ItemDataRole.UserRole, institution["id"])
            item.setToolTip(NAME, institution["name"])
            for column in (INVOLVED, RESPONSIBLE):
                item.setCheckState(column, Qt.CheckState.Unchecked)
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)

    def item_for(self, institution_id: str) -> QTreeWidgetItem | None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(NAME, Qt.ItemDataRole.UserRole) == institution_id:
                return item
        return None

    def load(self, node: dict[str, Any] | None) -> None:
        """Show the node's institutions (None: nothing selected). Another node's list
        starts with its marked institutions; re-reading the same node keeps the order, so
        a ticked row stays under the pointer."""
        another = (node or {}).get("id") != (self.node or {}).get("id")
        self.node = node
        self.error.clear_error()
        chosen: dict[str, bool] = {}
        if node is not None:
            chosen = {r["institution_id"]: bool(r["is_responsible"])
                      for r in self.ops.read(plans.node_institutions, node["id"])}
            self.title.setText(self.tr("Instituciones de {0}").format(node["code"]))
        else:
            self.title.setText(self.tr("Instituciones (seleccione un elemento del plan)"))
        self.list.blockSignals(True)
        if another:
            self.order(chosen)
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            institution_id = item.data(NAME, Qt.ItemDataRole.UserRole)
            involved = institution_id in chosen
            item.setCheckState(INVOLVED, _check(involved))
            item.setCheckState(RESPONSIBLE, _check(chosen.get(institution_id, False)))
            font = item.font(NAME)
            font.setBold(chosen.get(institution_id, False))
            item.setFont(NAME, font)
        self.list.blockSignals(False)
        self.list.setEnabled(node is not None)
        self.on_filter_edit_text_changed()

    def order(self, chosen: dict[str, bool]) -> None:
        """Responsables first, then involucradas, then the rest of the catalogue."""
        items = [self.list.takeTopLevelItem(0) for _ in range(self.list.topLevelItemCount())]

        def rank(item: QTreeWidgetItem) -> tuple[int, str]:
            institution_id = item.data(NAME, Qt.ItemDataRole.UserRole)
            marked = 0 if chosen.get(institution_id) else 1 if institution_id in chosen else 2
            return marked, item.text(NAME).casefold()

        self.list.addTopLevelItems(sorted(items, key=rank))
        self.list.scrollToTop()

    def chosen(self) -> list[tuple[str, bool]]:
        out = []
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.checkState(INVOLVED) == Qt.CheckState.Checked:
                out.append((item.data(NAME, Qt.ItemDataRole.UserRole),
                            item.checkState(RESPONSIBLE) == Qt.CheckState.Checked))
        return out

    def set_marks(self, institution_id: str, *, involved: bool, responsible: bool) -> None:
        """Tick the boxes as a click would (tests and keyboard users)."""
        item = self.item_for(institution_id)
        if item is None:
            return
        self.list.blockSignals(True)
        item.setCheckState(INVOLVED, _check(involved or responsible))
        item.setCheckState(RESPONSIBLE, _check(responsible))
        self.list.blockSignals(False)
        self.save()

    def on_filter_edit_text_changed(self, *_args: object) -> None:
        text = self.filter_edit.text().strip().casefold()
        only = self.only_chosen.isChecked()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            marked = item.checkState(INVOLVED) == Qt.CheckState.Checked
            item.setHidden((bool(text) and text not in item.text(NAME).casefold())
                           or (only and not marked))

    def on_list_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        """A responsible institution is also involved; an uninvolved one is not responsible."""
        if self.node is None:
            return
        self.list.blockSignals(True)
        if column == RESPONSIBLE and item.checkState(RESPONSIBLE) == Qt.CheckState.Checked:
            item.setCheckState(INVOLVED, Qt.CheckState.Checked)
        if column == INVOLVED and item.checkState(INVOLVED) == Qt.CheckState.Unchecked:
            item.setCheckState(RESPONSIBLE, Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.save()

    def save(self) -> None:
        node = self.node
        if node is None:
            return
        db, node_id, chosen = self.ops.db, node["id"], self.chosen()
        previous: list[list[tuple[str, bool]]] = []

        def do() -> None:
            previous[:] = [plans.set_institutions(db, node_id, chosen)]

        def undo() -> None:
            plans.set_institutions(db, node_id, previous[0])

        self.error.clear_error()
        try:
            self.ops.perform(self.tr("Instituciones de «{0}»").format(node["code"]), do, undo,
                             TABLES)
        except SesionaError as exc:
            self.error.show_error(exc.message)
            self.load(node)


def _check(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
