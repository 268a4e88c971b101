"""The plan tree as a Qt item model: objetivo → eje → estrategia → línea de acción.

Codes, texts, tags and alignment are edited in place; the model does not write: it hands
each edit to ``editor(node_id, field, value)``, which returns a Spanish refusal or None,
and each drag within a level to ``mover(node_id, offset)``. The page re-reads the plan
from ``ops.changed`` and calls ``set_nodes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from db.domain.plans import LEVELS, TAGS

Index = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-sesiona-plan-node"
CODE, TEXT, LEVEL, TAG, RESPONSIBLES, ALIGNMENT = range(6)
FIELDS = {CODE: "code", TEXT: "text", TAG: "tag", ALIGNMENT: "alignment"}
SHORT_LEVELS = {"objetivo": "Objetivo", "eje": "Eje", "estrategia": "Estrategia",
                "linea": "Línea de acción"}
LEVEL_BRUSHES = {"objetivo": QBrush(QColor("#e8eef7")), "eje": QBrush(QColor("#f3f0f8"))}

Editor = Callable[[str, str, Any], str | None]
Mover = Callable[[str, int], bool]


class PlanTreeModel(QAbstractItemModel):
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2

    #: node id, field, Spanish message: an edit the data layer refused.
    edit_refused = Signal(str, str, str)

    def __init__(self, editor: Editor | None = None, mover: Mover | None = None, parent=None):
        super().__init__(parent)
        self.editor, self.mover = editor, mover
        self.headers = [self.tr("Código"), self.tr("Texto"), self.tr("Nivel"),
                        self.tr("Etiqueta"), self.tr("Responsables"),
                        self.tr("Alineación (PDRC/PEI/POI)")]
        self.levels = {k: self.tr(v) for k, v in SHORT_LEVELS.items()}
        self._nodes: dict[str, dict[str, Any]] = {}
        self._children: dict[str | None, list[str]] = {None: []}
        self._institutions: dict[str, list[dict[str, Any]]] = {}
        self._serial: dict[str, int] = {}  # node id ↔ the internal id of its indexes
        self._by_serial: dict[int, str] = {}

    # Loading -----------------------------------------------------------------------------

    def set_nodes(self, rows: list[dict[str, Any]],
                  institutions: dict[str, list[dict[str, Any]]] | None = None) -> None:
        """``rows`` in ``plans.nodes`` order. Same shape → cells refresh in place (the view
        keeps its selection and editors); otherwise the model resets."""
        children: dict[str | None, list[str]] = {None: []}
        for row in rows:
            children.setdefault(row["parent_id"], []).append(row["id"])
        same_shape = children == self._children
        if same_shape:
            self._nodes = {row["id"]: row for row in rows}
            self._institutions = institutions or {}
            for parent_id, ids in children.items():
                if ids:
                    parent = self.index_of(parent_id) if parent_id else QModelIndex()
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(len(ids) - 1, ALIGNMENT, parent))
            return
        self.beginResetModel()
        self._nodes = {row["id"]: row for row in rows}
        self._children = children
        self._institutions = institutions or {}
        for row in rows:
            if row["id"] not in self._serial:
                serial = len(self._serial) + 1
                self._serial[row["id"]] = serial
                self._by_serial[serial] = row["id"]
        self.endResetModel()

    # Public helpers --------------------------------------------------------------------

    def node(self, node_id: str | None) -> dict[str, Any] | None:
        return self._nodes.get(node_id) if node_id else None

    def node_at(self, index: Index) -> dict[str, Any] | None:
        return self._nodes.get(self.id_at(index)) if index.isValid() else None

    def id_at(self, index: Index) -> str | None:
        return self._by_serial.get(index.internalId()) if index.isValid() else None

    def siblings(self, node_id: str) -> list[str]:
        return list(self._children.get(self._nodes[node_id]["parent_id"], []))

    def children_of(self, node_id: str | None) -> list[str]:
        return list(self._children.get(node_id, []))

    def index_of(self, node_id: str | None, column: int = 0) -> QModelIndex:
        node = self._nodes.get(node_id) if node_id else None
        if node is None:
            return QModelIndex()
        row = self._children[node["parent_id"]].index(node_id)
        return self.createIndex(row, column, self._serial[node_id])

    def all_ids(self) -> list[str]:
        out: list[str] = []

        def walk(parent: str | None) -> None:
            for child in self._children.get(parent, []):
                out.append(child)
                walk(child)

        walk(None)
        return out

    def responsibles_text(self, node_id: str) -> str:
        chosen = self._institutions.get(node_id, [])
        responsible = [i["acronym"] for i in chosen if i["is_responsible"]]
        involved = len(chosen) - len(responsible)
        text = ", ".join(responsible)
        if involved:
            more = (self.tr("+1 involucrada") if involved == 1
                    else self.tr("+{0} involucradas").format(involved))
            text = f"{text} ({more})" if text else more
        return text

    def institutions_tooltip(self, node_id: str) -> str:
        chosen = self._institutions.get(node_id, [])
        if not chosen:
            return self.tr("Sin instituciones asignadas")
        responsible, involved = self.tr("responsable"), self.tr("involucrada")
        return "\n".join(f"{i['acronym']} — {responsible if i['is_responsible'] else involved}"
                         for i in chosen)

    # Structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        ids = self._children.get(self.id_at(parent) if parent.isValid() else None, [])
        return self.createIndex(row, column, self._serial[ids[row]])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node_at(child)
        if node is None or not node["parent_id"]:
            return QModelIndex()
        return self.index_of(node["parent_id"])

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self.id_at(parent) if parent.isValid() else None, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    # Cells -----------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node_at(index)
        if node is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == LEVEL:
                return self.levels[node["level"]]
            if column == TAG:
                return node["tag"] if role == Qt.ItemDataRole.EditRole \
                    else (TAGS.get(node["tag"], "") if node["tag"] else "")
            if column == RESPONSIBLES:
                return self.responsibles_text(node["id"])
            return node[FIELDS[column]]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == RESPONSIBLES:
                return self.institutions_tooltip(node["id"])
            if column == TEXT:
                return node["text"]
            if column == LEVEL:
                return LEVELS[node["level"]]
            return None
        if role == Qt.ItemDataRole.FontRole and node["level"] == "objetivo" and column == CODE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return LEVEL_BRUSHES.get(node["level"])
        if role == self.ID_ROLE:
            return node["id"]
        if role == self.LEVEL_ROLE:
            return node["level"]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable \
            | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in FIELDS and self.editor is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node_at(index)
        if node is None or role != Qt.ItemDataRole.EditRole or index.column() not in FIELDS \
                or self.editor is None:
            return False
        field = FIELDS[index.column()]
        value = value.strip() if isinstance(value, str) else value
        if value == node[field]:
            return True
        refusal = self.editor(node["id"], field, value)
        if refusal:
            self.edit_refused.emit(node["id"], field, refusal)
            return False
        return True

    # Drag and drop: reorder within a level ----------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = [self.id_at(i) for i in indexes if i.isValid()]
        if ids:
            data.setData(MIME_TYPE, ids[0].encode())
        return data

    def drop_offset(self, data: QMimeData, row: int, parent: Index) -> tuple[str, int] | None:
        """Where a drop lands, as (node id, places to move); None if not in its level.

        Dropping between two siblings puts the node there; dropping on a sibling takes
        that sibling's place."""
        if data is None or not data.hasFormat(MIME_TYPE):
            return None
        node_id = bytes(data.data(MIME_TYPE).data()).decode()
        node = self._nodes.get(node_id)
        if node is None:
            return None
        siblings = self._children[node["parent_id"]]
        source = siblings.index(node_id)
        target_parent = self.id_at(parent) if parent.isValid() else None
        if row < 0 and target_parent is not None:
            on = self._nodes[target_parent]
            if on["parent_id"] != node["parent_id"]:
                return None
            return node_id, siblings.index(target_parent) - source
        if target_parent != node["parent_id"]:
            return None
        row = len(siblings) if row < 0 else row
        return node_id, (row - 1 - source) if row > source else row - source

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return action == Qt.DropAction.MoveAction and self.drop_offset(data, row, parent) \
            is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        found = self.drop_offset(data, row, parent) if action == Qt.DropAction.MoveAction \
            else None
        if found is None or self.mover is None:
            return False
        node_id, offset = found
        # Never report success: the view would then remove the dragged rows itself. The
        # move is done; the page re-reads the tree from ``ops.changed``.
        if offset:
            self.mover(node_id, offset)
        return False
