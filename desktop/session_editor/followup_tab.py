"""The «Seguimiento de acuerdos anteriores» tab.

When a session is created the open agreements of earlier sessions are carried into it
(``agreements.carry_over``). Here the secretary records, row by row, what each
responsible reported and, when it applies, the agreement's new state. Both columns are
edited in the table itself; every change is undoable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.domain import agreements, sessions
from db.domain.rules.deadlines import is_overdue
from db.domain.rules.numbering import KIND_ABBREVIATIONS
from db.errors import SesionaError
from db.locale_pe import lima_today
from db.storage.connection import transaction
from desktop.models.lazy_table import OVERDUE_BRUSH
from desktop.operations import Operations
from desktop.session_editor.base import SessionTab
from desktop.widgets.fields import ErrorLabel

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
#: (key, header) of each column, in order.
COLUMNS = (
    ("agreement", QT_TRANSLATE_NOOP("FollowupModel", "Acuerdo")),
    ("responsibles", QT_TRANSLATE_NOOP("FollowupModel", "Responsables")),
    ("deadline", QT_TRANSLATE_NOOP("FollowupModel", "Plazo")),
    ("state", QT_TRANSLATE_NOOP("FollowupModel", "Estado")),
    ("body", QT_TRANSLATE_NOOP("FollowupModel", "Lo informado")),
    ("state_after", QT_TRANSLATE_NOOP("FollowupModel", "Nuevo estado")),
)
KEYS = tuple(key for key, _header in COLUMNS)
EDITABLE = frozenset({"body", "state_after"})


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowupModel", text)


def origin(row: dict[str, Any]) -> str:
    """«SO-3 / 2»: agreement 2 of the third ordinary session."""
    kind = KIND_ABBREVIATIONS.get(row["origin_kind"], "S")
    return f"{kind}-{row['origin_number']} / {row['number']}"


class FollowupModel(QAbstractTableModel):
    """The carried-over agreements of one session. Edits go to ``edit(row, key, value)``,
    which writes through the operations and returns whether the value was accepted."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, edit: Callable[[dict[str, Any], str, Any], bool], parent=None):
        super().__init__(parent)
        self._edit = edit
        self._rows: list[dict[str, Any]] = []
        self.reference = lima_today()
        self.editable = True

    def set_rows(self, rows: list[dict[str, Any]], reference: date) -> None:
        self.reference = reference
        if [r["followup_id"] for r in rows] == [r["followup_id"] for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable

    def row_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def is_overdue(self, row: dict[str, Any]) -> bool:
        return is_overdue(row["state"], row["deadline_end"], self.reference)

    # Qt interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _tr(COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and KEYS[index.column()] in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, key = self._rows[index.row()], KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key)
        if role == Qt.ItemDataRole.EditRole:
            if key == "body":
                return row["body"] or ""
            if key == "state_after":
                return row["state_after"] or ""
            return self.display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "agreement":
                return f"{origin(row)} — {row['text']}"
            return self.display(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "state" and self.is_overdue(row):
            return OVERDUE_BRUSH
        if role == self.ID_ROLE:
            return row["followup_id"]
        return None

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "agreement":
            return f"{origin(row)} — {row['text']}"
        if key == "responsibles":
            return row["responsible_acronyms"] or _tr("Sin responsable")
        if key == "deadline":
            return row["deadline_text"] or _tr("Sin plazo")
        if key == "state":
            state = agreements.STATES.get(row["state"], row["state"])
            return f"{state} · {_tr('Vencido')}" if self.is_overdue(row) else state
        if key == "body":
            return row["body"] or ""
        if key == "state_after":
            after = row["state_after"]
            return agreements.STATES.get(after, after) if after else _tr("Sin cambio")
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable
                or not 0 <= index.row() < len(self._rows)
                or KEYS[index.column()] not in EDITABLE):
            return False
        # The write refreshes this model through ``ops.changed`` (dataChanged is emitted).
        return self._edit(self._rows[index.row()], KEYS[index.column()], value)


class ReportDelegate(QStyledItemDelegate):
    """A roomy editor for «Lo informado». Enter saves; Shift+Enter starts a new line."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setObjectName("followup_body_editor")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option, index: Index) -> None:
        rect = option.rect
        rect.setHeight(max(rect.height(), 90))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(editor, QPlainTextEdit)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


class StateDelegate(QStyledItemDelegate):
    """«Nuevo estado»: sin cambio or one of the agreement states; a choice saves at once."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("followup_state_editor")
        combo.addItem(_tr("Sin cambio"), "")
        for value, label in agreements.STATES.items():
            combo.addItem(label, value)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class FollowupTab(SessionTab):
    title = QT_TRANSLATE_NOOP("FollowupTab", "Seguimiento de acuerdos anteriores")
    watches = frozenset({"agreement_followups", "agreements", "agreement_responsibles",
                         "sessions"})

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(ops, parent)
        intro = QLabel(self.tr(
            "Acuerdos abiertos de sesiones anteriores. Registre lo que informó cada "
            "responsable."))
        intro.setWordWrap(True)
        self.hint = QLabel(self.tr(
            "Haga doble clic en «Lo informado» para escribir (Enter guarda, Mayús+Enter "
            "agrega una línea) y en «Nuevo estado» para actualizar el acuerdo."))
        self.hint.setWordWrap(True)
        self.error = ErrorLabel()
        self._state_on_arrival: dict[str, str] = {}
        #: «¿Registrar la ejecución…?», asked when an agreement becomes «cumplido».
        self.execution_offer: QWidget | None = None

        self.model = FollowupModel(self._edit, self)
        self.view = QTableView()
        self.view.setObjectName("followup_table")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setItemDelegateForColumn(KEYS.index("body"), ReportDelegate(self.view))
        self.view.setItemDelegateForColumn(KEYS.index("state_after"), StateDelegate(self.view))
        header = self.view.horizontalHeader()
        for column, key in enumerate(KEYS):
            mode = (QHeaderView.ResizeMode.Stretch if key in ("agreement", "body")
                    else QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(column, mode)

        self.empty_label = QLabel(self.tr("No hay acuerdos anteriores pendientes."))
        self.empty_label.setObjectName("followup_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.stack)
        self.set_locked(False)
        self.refresh()

    # SessionTab contract -------------------------------------------------------------

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self.model.set_editable(not locked)
        self.hint.setVisible(not locked)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(
            triggers.NoEditTriggers if locked
            else triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)

    def flush(self) -> None:
        """Commit a cell being edited (e.g. before the session editor closes)."""
        for column, name in ((KEYS.index("body"), "followup_body_editor"),
                             (KEYS.index("state_after"), "followup_state_editor")):
            for editor in self.view.viewport().findChildren(QWidget, name):
                if editor.isVisible():
                    self.view.itemDelegateForColumn(column).commitData.emit(editor)

    def refresh(self) -> None:
        if self.session_id:
            session = self.ops.read(sessions.get_session, self.session_id)
            reference = date.fromisoformat(session["date"]) if session.get("date") \
                else lima_today()
            rows = self.ops.read(agreements.session_followups, self.session_id)
        else:
            reference, rows = lima_today(), []
        # Before its «Nuevo estado» is chosen, an agreement's state is the one it brought
        # into this session: remembered so that «Sin cambio» can put it back exactly.
        self._state_on_arrival.update({r["followup_id"]: r["state"] for r in rows
                                       if not r["state_after"]})
        self.model.set_rows(rows, reference)
        self.stack.setCurrentWidget(self.view if rows else self.empty_label)
        self.view.resizeRowsToContents()

    # Writing -------------------------------------------------------------------------

    def _edit(self, row: dict[str, Any], key: str, value: Any) -> bool:
        if self.locked:
            return False
        self.error.clear_error()
        try:
            if key == "body":
                body = (value or "").strip()
                if body == (row["body"] or ""):
                    return True
                self.ops.edit(agreements.update_followup, "agreement_followups",
                              row["followup_id"], "body", body, self.tr("Lo informado"),
                              tables={"agreement_followups"})
            else:
                self._change_state_after(row, value or None)
        except SesionaError as exc:
            self.error.show_error(exc.message)
            return False
        return True

    def _change_state_after(self, row: dict[str, Any], new: str | None) -> None:
        """Set «Nuevo estado» and the agreement's state with it, as one undoable step.

        Undo puts back both the follow-up's choice and the agreement's exact previous
        state (``update_followup`` alone cannot: clearing ``state_after`` leaves the
        agreement as it was set).
        """
        old_after, old_state = row["state_after"], row["state"]
        if new == old_after:
            return
        db, followup_id, agreement_id = self.ops.db, row["followup_id"], row["agreement_id"]
        back_to = new or self._state_before(row)

        def do() -> None:
            with transaction(db):
                agreements.update_followup(db, followup_id, {"state_after": new})
                agreements.update_agreement(db, agreement_id, {"state": back_to})

        def undo() -> None:
            with transaction(db):
                agreements.update_followup(db, followup_id, {"state_after": old_after})
                agreements.update_agreement(db, agreement_id, {"state": old_state})

        label = agreements.STATES.get(new, "") if new else self.tr("Sin cambio")
        self.ops.perform(self.tr("Nuevo estado del acuerdo {0}: {1}").format(origin(row), label),
                         do, undo, {"agreement_followups", "agreements"})
        if new == "cumplido":
            self.offer_execution_entry(agreement_id)

    def offer_execution_entry(self, agreement_id: str) -> None:
        """If the committee has this year's plan, offer to record what the agreement did."""
        from desktop.plans.agreement_offer import offer_if_planned

        if self.execution_offer is not None:
            self.execution_offer.deleteLater()
        self.execution_offer = offer_if_planned(self, self.ops, agreement_id)

    def _state_before(self, row: dict[str, Any]) -> str:
        """The state the agreement had before this session's follow-up changed it. Seen
        here before the change, it is known; otherwise it is the last state recorded by an
        earlier follow-up, else «pendiente» (it was open when it was carried over)."""
        if row["followup_id"] in self._state_on_arrival:
            return self._state_on_arrival[row["followup_id"]]
        session_date = self.ops.read(sessions.get_session, self.session_id)["date"]
        earlier = [f for f in self.ops.read(agreements.followups, row["agreement_id"])
                   if f["session_id"] != self.session_id and f["state_after"]
                   and f["noted_on"] <= session_date]
        state = earlier[-1]["state_after"] if earlier else "pendiente"
        return state if state in ("pendiente", "en_proceso") else "pendiente"
