"""The two tables of the «Firmas» tab: the signed files of a session and the validation
of the signatures stored with one of them.

Nothing here imports ``forms`` (pyHanko and reportlab take most of a second to load): the
tab must not slow down opening the main window. The signing code is loaded on first use.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from db import attachments
from db.locale_pe import lima_moment, moment_text, short_date

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
BROKEN_BRUSH = QBrush(QColor("#f9d6d3"))
#: How many hex digits of a SHA-256 fit in the table; the tooltip has them all.
SHORT_DIGEST = 16

FILE_COLUMNS = (
    QT_TRANSLATE_NOOP("SignedFilesModel", "Archivo"),
    QT_TRANSLATE_NOOP("SignedFilesModel", "Tipo"),
    QT_TRANSLATE_NOOP("SignedFilesModel", "Tamaño"),
    QT_TRANSLATE_NOOP("SignedFilesModel", "SHA-256"),
    QT_TRANSLATE_NOOP("SignedFilesModel", "Validado"),
)
REPORT_COLUMNS = (
    QT_TRANSLATE_NOOP("SignatureReportsModel", "Campo"),
    QT_TRANSLATE_NOOP("SignatureReportsModel", "Firmante"),
    QT_TRANSLATE_NOOP("SignatureReportsModel", "Fecha"),
    QT_TRANSLATE_NOOP("SignatureReportsModel", "Íntegra"),
    QT_TRANSLATE_NOOP("SignatureReportsModel", "Modificado después"),
    QT_TRANSLATE_NOOP("SignatureReportsModel", "Confianza"),
    QT_TRANSLATE_NOOP("SignatureReportsModel", "Resumen"),
)


def size_text(size: int) -> str:
    """«12,5 KB»: kilobytes with the decimal comma used in Peru."""
    return f"{size / 1024:,.1f} KB".replace(",", " ").replace(".", ",")


class _RowsModel(QAbstractTableModel):
    """Read-only rows of plain dicts under translated headers."""

    context = ""
    columns: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def row_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return QCoreApplication.translate(self.context, self.columns[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.columns):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        """What a subclass shows for ``role`` in ``column``; the base shows nothing."""
        return None

    def tr_(self, text: str) -> str:
        return QCoreApplication.translate(self.context, text)


class SignedFilesModel(_RowsModel):
    """``signatures.signed_files``: Archivo, Tipo, Tamaño, SHA-256, Validado."""

    context = "SignedFilesModel"
    columns = FILE_COLUMNS
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def row_of(self, attachment_id: str | None) -> int:
        return next((i for i, r in enumerate(self._rows) if r["id"] == attachment_id), -1)

    def cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        if role == self.ID_ROLE:
            return row["id"]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 3:
                return row["sha256"]
            if column == 4 and row["validated_at"]:
                return self.tr_("Firmas verificadas el {0}").format(
                    moment_text(lima_moment(row["validated_at"])))
            return self.display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            return row["file_name"]
        if column == 1:
            return attachments.PURPOSES.get(row["purpose"], row["purpose"])
        if column == 2:
            return size_text(row["size"])
        if column == 3:
            return row["sha256"][:SHORT_DIGEST]
        moment = lima_moment(row["validated_at"])
        return short_date(moment.date()) if moment else "—"


def is_broken(report: dict[str, Any]) -> bool:
    if "broken" in report:
        return bool(report["broken"])
    return not report["intact"] or not report["valid"] or report["modified_after"]


class SignatureReportsModel(_RowsModel):
    """The validation stored with a file (``db.signatures.stored_reports``), one row per
    signature; a broken signature's row has a red background."""

    context = "SignatureReportsModel"
    columns = REPORT_COLUMNS

    def cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and is_broken(row):
            return BROKEN_BRUSH
        return None

    def display(self, row: dict[str, Any], column: int) -> str:
        if column == 0:
            return row["field_name"]
        if column == 1:
            name = row["signer_name"] or self.tr_("Firmante desconocido")
            return f"{name} ({row['organisation']})" if row["organisation"] else name
        if column == 2:
            moment = lima_moment(row["signing_time"])
            return moment_text(moment) if moment else "—"
        if column == 3:
            return self.tr_("Sí") if row["intact"] else self.tr_("No")
        if column == 4:
            return self.tr_("Sí") if row["modified_after"] else self.tr_("No")
        if column == 5:
            return self.tr_("Verificada") if row["trusted"] else self.tr_("No verificada")
        return row["summary"]
