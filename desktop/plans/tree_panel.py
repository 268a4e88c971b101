"""The plan tree editor: add, edit in place, remove and reorder nodes, each an undoable
operation. Dragging reorders within a level; «Subir»/«Bajar» do the same by keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.domain import indicators, plans
from db.domain.plans import LEVEL_RANK, TAGS
from db.errors import SesionaError, ValidationError
from desktop.operations import Operations
from desktop.plans.tree_model import CODE, RESPONSIBLES, TAG, TEXT, PlanTreeModel
from desktop.widgets.fields import ErrorLabel
from desktop.widgets.list_panel import push_button

#: Everything a node's removal (and its undo) can touch.
BRANCH_TABLES = {"plan_nodes", "plan_node_institutions", "indicators", "indicator_targets",
                 "execution_entries", "execution_evidence"}


class TagDelegate(QStyledItemDelegate):
    """«Etiqueta»: a combo of the plan tags; choosing saves at once."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("tag_editor")
        for value, label in TAGS.items():
            combo.addItem(label, value)
        combo.activated.connect(lambda _i: (self.commitData.emit(combo),
                                            self.closeEditor.emit(combo)))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PlanTreePanel(QWidget):
    #: The node now selected (a row of ``plans.nodes``) or None.
    current_node_changed = Signal(object)

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.plan_id: str | None = None
        self.collapsed: set[str] = set()
        self.confirm_box: QMessageBox | None = None
        self._reloading = False
        self.model = PlanTreeModel(self.edit_node, self.move_node, self)
        self.model.edit_refused.connect(self.on_model_edit_refused)

        self.view = QTreeView()
        self.view.setObjectName("plan_tree")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed
                                  | triggers.SelectedClicked)
        self.view.setItemDelegateForColumn(TAG, TagDelegate(self.view))
        self.view.setUniformRowHeights(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column, width in ((CODE, 140), (2, 95), (TAG, 95), (RESPONSIBLES, 120), (5, 60)):
            self.view.setColumnWidth(column, width)
        self.view.collapsed.connect(self.on_view_collapsed)
        self.view.expanded.connect(self.on_view_expanded)
        self.view.selectionModel().currentRowChanged.connect(self.on_view_current_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view,
                  self.on_remove_button_clicked, context=Qt.ShortcutContext.WidgetShortcut)

        self.add_buttons: dict[str, QPushButton] = {}
        adding = QHBoxLayout()
        adding.addWidget(QLabel(self.tr("Añadir:")))
        for level, text, tip in (
                ("objetivo", self.tr("Objetivo"), self.tr("Añadir un objetivo específico")),
                ("eje", self.tr("Eje"), self.tr("Añadir un eje estratégico dentro del "
                                                "objetivo seleccionado")),
                ("estrategia", self.tr("Estrategia"), self.tr("Añadir una estrategia dentro "
                                                              "del elemento seleccionado")),
                ("linea", self.tr("Línea de acción"), self.tr(
                    "Añadir una línea de acción dentro del elemento seleccionado (o junto a "
                    "la línea seleccionada)"))):
            button = QPushButton(text)
            button.setObjectName(f"add_{level}_button")
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, lv=level: self.add_node(lv))
            self.add_buttons[level] = button
            adding.addWidget(button)
        adding.addStretch()
        self.up_button = push_button("up_button", self.tr("Subir"),
                                     lambda: self.on_move_clicked(-1))
        self.down_button = push_button("down_button", self.tr("Bajar"),
                                       lambda: self.on_move_clicked(1))
        self.remove_button = push_button("remove_node_button", self.tr("Quitar"),
                                         self.on_remove_button_clicked)
        self.error = ErrorLabel()
        self.error.setObjectName("tree_error")
        hint = QLabel(self.tr("Doble clic para editar el código, el texto o la etiqueta; "
                              "arrastre para reordenar dentro del mismo nivel."))
        hint.setObjectName("tree_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b6b6b;")
        below = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            below.addWidget(button)
        below.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(adding)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addLayout(below)
        self.update_buttons()

    # Loading -----------------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        if plan_id != self.plan_id:
            self.collapsed.clear()
            self.plan_id = plan_id
            self.error.clear_error()
            self.view.selectionModel().clearCurrentIndex()
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Re-read the tree, keeping the selection and what the user collapsed."""
        current = select or self.current_id()
        rows = self.ops.read(plans.nodes, self.plan_id) if self.plan_id else []
        institutions = {row["id"]: self.ops.read(plans.node_institutions, row["id"])
                        for row in rows}
        self._reloading = True
        try:
            self.model.set_nodes(rows, institutions)
            for node_id in self.model.all_ids():
                if self.model.children_of(node_id):
                    self.view.setExpanded(self.model.index_of(node_id),
                                          node_id not in self.collapsed)
            index = self.model.index_of(current)
            if index.isValid():
                self.view.setCurrentIndex(index)
            else:
                self.view.selectionModel().clearCurrentIndex()
                self.view.clearSelection()
        finally:
            self._reloading = False
        self.update_buttons()

    def current_id(self) -> str | None:
        return self.model.id_at(self.view.currentIndex())

    def current_node(self) -> dict[str, Any] | None:
        return self.model.node(self.current_id())

    def select(self, node_id: str | None) -> None:
        index = self.model.index_of(node_id)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def on_view_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_buttons()
        if not self._reloading:
            self.error.clear_error()
            self.current_node_changed.emit(self.current_node())

    def on_view_collapsed(self, index: QModelIndex) -> None:
        if not self._reloading and (node_id := self.model.id_at(index)):
            self.collapsed.add(node_id)

    def on_view_expanded(self, index: QModelIndex) -> None:
        if not self._reloading:
            self.collapsed.discard(self.model.id_at(index))

    def parent_for(self, level: str) -> str | None:
        """Where a new node of ``level`` goes: under the selected node or the nearest of its
        ancestors that may contain it (a line of action selected → a sibling line)."""
        node = self.current_node()
        while node is not None and LEVEL_RANK[node["level"]] >= LEVEL_RANK[level]:
            node = self.model.node(node["parent_id"])
        return node["id"] if node else None

    def update_buttons(self) -> None:
        has_plan = self.plan_id is not None
        for level, button in self.add_buttons.items():
            button.setEnabled(has_plan and (level == "objetivo"
                                            or self.parent_for(level) is not None))
        node_id = self.current_id()
        siblings = self.model.siblings(node_id) if node_id else []
        self.remove_button.setEnabled(node_id is not None)
        self.up_button.setEnabled(bool(siblings) and siblings[0] != node_id)
        self.down_button.setEnabled(bool(siblings) and siblings[-1] != node_id)

    # Writing -----------------------------------------------------------------------------

    def add_node(self, level: str) -> str | None:
        """Add a node with the next free code and open its text for typing."""
        if self.plan_id is None:
            return None
        parent_id = None if level == "objetivo" else self.parent_for(level)
        if level != "objetivo" and parent_id is None:
            return None
        db, plan_id = self.ops.db, self.plan_id
        code = self.ops.read(plans.suggest_code, plan_id, level, parent_id)
        self.error.clear_error()
        try:
            node_id = self.ops.create(
                self.tr("Añadir «{0}»").format(code),
                lambda: plans.add_node(db, plan_id, level, code, "", parent_id=parent_id),
                "plan_nodes")
        except SesionaError as exc:
            self.error.show_error(exc.message)
            return None
        if parent_id:
            self.collapsed.discard(parent_id)
            self.view.expand(self.model.index_of(parent_id))
        self.reload(select=node_id)
        self.current_node_changed.emit(self.current_node())
        self.view.edit(self.model.index_of(node_id, TEXT))
        return node_id

    def edit_node(self, node_id: str, field: str, value: Any) -> str | None:
        """The model's editor: one undoable step per edited cell, or the Spanish refusal."""
        node = self.model.node(node_id)
        labels = {"code": self.tr("Código"), "text": self.tr("Texto"),
                  "tag": self.tr("Etiqueta"), "alignment": self.tr("Alineación")}
        try:
            self.ops.edit(plans.update_node, "plan_nodes", node_id, field, value,
                          self.tr("{0} de {1}").format(labels[field], node["code"] if node
                                                       else ""),
                          tables={"plan_nodes"})
        except ValidationError as exc:
            return exc.errors.get(field) or exc.message
        except SesionaError as exc:
            return exc.message
        self.error.clear_error()
        return None

    def on_model_edit_refused(self, _node_id: str, _field: str, message: str) -> None:
        self.error.show_error(message)

    def move_node(self, node_id: str, offset: int) -> bool:
        """Reorder among siblings (the model's mover and the two buttons)."""
        siblings = self.model.siblings(node_id)
        index = siblings.index(node_id)
        offset = min(max(index + offset, 0), len(siblings) - 1) - index
        if not offset:
            return False
        db, node = self.ops.db, self.model.node(node_id)
        moved = [offset]

        def do() -> None:
            moved[0] = plans.move_node(db, node_id, offset)

        def undo() -> None:
            plans.move_node(db, node_id, -moved[0])

        self.ops.perform(self.tr("Mover «{0}»").format(node["code"]), do, undo, {"plan_nodes"})
        self.reload(select=node_id)
        return True

    def on_move_clicked(self, offset: int) -> None:
        if node_id := self.current_id():
            self.move_node(node_id, offset)

    def on_remove_button_clicked(self) -> None:
        """Remove at once a node with nothing under it; ask first for a whole branch."""
        node = self.current_node()
        if node is None:
            return
        branch = [node["id"]]
        for branch_id in branch:
            branch.extend(self.model.children_of(branch_id))
        measured = sum(len(self.ops.read(indicators.for_node, n)) for n in branch)
        if len(branch) == 1 and not measured:
            self.remove(node)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Quitar del plan"), self.tr(
            "¿Quitar «{0}» con {1} elemento(s) debajo y {2} indicador(es), con su ejecución? "
            "Puede deshacerlo con Editar › Deshacer.").format(
                node["code"], len(branch) - 1, measured),
            QMessageBox.StandardButton.NoButton, self)
        remove = box.addButton(self.tr("Quitar"), QMessageBox.ButtonRole.AcceptRole)
        remove.setObjectName("confirm_remove_button")
        cancel = box.addButton(self.tr("Cancelar"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.finished.connect(lambda _r: box.clickedButton() is remove and self.remove(node))
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = box
        box.open()

    def remove(self, node: dict[str, Any]) -> None:
        db, node_id = self.ops.db, node["id"]
        removed: list[plans.DeletedRows] = [[]]

        def do() -> None:
            removed[0] = plans.remove_node(db, node_id)

        def undo() -> None:
            plans.restore_rows(db, removed[0])

        self.error.clear_error()
        try:
            self.ops.perform(self.tr("Quitar «{0}»").format(node["code"]), do, undo,
                             BRANCH_TABLES)
        except SesionaError as exc:
            self.error.show_error(exc.message)
