"""Attendance by seat: tick the titular or the alterno (never both), or nobody."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from db.domain import membership

Index = QModelIndex | QPersistentModelIndex
INSTITUTION, ROLE, TITULAR, ALTERNO, JUSTIFICATION = range(5)
HEADERS = ["Institución", "Rol", "Titular", "Alterno", "Justificación de inasistencia"]


class AttendanceModel(QAbstractTableModel):
    #: (seat_id, attendee) when a box is ticked or unticked.
    attendance_toggled = Signal(str, str)
    #: (seat_id, text) when a justification is typed.
    justification_edited = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.editable = True

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace the rows; when the seats are the same, update in place to keep the
        selection and scroll position while the secretary ticks boxes."""
        same_seats = [r["seat_id"] for r in rows] == [r["seat_id"] for r in self.rows]
        if same_seats and rows:
            self.rows = rows
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(rows) - 1, len(HEADERS) - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.editable:
            return flags
        row = self.rows[index.row()]
        if index.column() == TITULAR or index.column() == ALTERNO:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == JUSTIFICATION and row["attendee"] == "ninguno":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == INSTITUTION:
                return f"{row['acronym']} — {row['institution_name']}"
            if column == ROLE:
                marks = [membership.ROLES[row["role"]]]
                if row["is_presidency"]:
                    marks.append("Presidencia")
                if row["is_secretariat"]:
                    marks.append("Secretaría técnica")
                return " · ".join(marks)
            if column == TITULAR:
                return row["titular"] or "(sin designar)"
            if column == ALTERNO:
                return row["alterno"] or "(sin designar)"
            if column == JUSTIFICATION:
                return row["justification"]
        if role == Qt.ItemDataRole.EditRole and column == JUSTIFICATION:
            return row["justification"]
        if role == Qt.ItemDataRole.CheckStateRole and column in (TITULAR, ALTERNO):
            wanted = "titular" if column == TITULAR else "alterno"
            checked = row["attendee"] == wanted
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.editable:
            return False
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column in (TITULAR, ALTERNO):
            wanted = "titular" if column == TITULAR else "alterno"
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(
                value, bool) else value
            self.attendance_toggled.emit(row["seat_id"], wanted if checked else "ninguno")
            return True
        if role == Qt.ItemDataRole.EditRole and column == JUSTIFICATION:
            self.justification_edited.emit(row["seat_id"], str(value))
            return True
        return False
