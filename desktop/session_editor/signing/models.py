"""The two tables of the «Firmas» tab: the signed files of a session and the validation
of the signatures stored with one of them.

Nothing here imports ``forms`` (pyHanko and reportlab take most of a second to load): the
tab must not slow down opening the main window. The signing code is loaded on first use.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QBrush, QColor

from db.domain import attachments
from db.locale_pe import lima_moment, moment_text, short_date
from desktop.models.rows_model import RIGHT, Column, RowsTableModel

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


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _validated(row: dict[str, Any]) -> str:
    moment = lima_moment(row["validated_at"])
    return short_date(moment.date()) if moment else "—"


def _validated_tooltip(row: dict[str, Any]) -> str:
    if not row["validated_at"]:
        return _validated(row)
    return _tr("SignedFilesModel", "Firmas verificadas el {0}").format(
        moment_text(lima_moment(row["validated_at"])))


class SignedFilesModel(RowsTableModel):
    """``signatures.signed_files``: Archivo, Tipo, Tamaño, SHA-256, Validado."""

    def __init__(self, parent=None):
        header = partial(_tr, "SignedFilesModel")
        super().__init__([
            Column("file_name", header(FILE_COLUMNS[0])),
            Column("purpose", header(FILE_COLUMNS[1]),
                   lambda r: attachments.PURPOSES.get(r["purpose"], r["purpose"])),
            Column("size", header(FILE_COLUMNS[2]), lambda r: size_text(r["size"]), RIGHT),
            Column("sha256", header(FILE_COLUMNS[3]), lambda r: r["sha256"][:SHORT_DIGEST],
                   tooltip=lambda r: r["sha256"]),
            Column("validated_at", header(FILE_COLUMNS[4]), _validated,
                   tooltip=_validated_tooltip),
        ], parent=parent)


def is_broken(report: dict[str, Any]) -> bool:
    if "broken" in report:
        return bool(report["broken"])
    return not report["intact"] or not report["valid"] or report["modified_after"]


class SignatureReportsModel(RowsTableModel):
    """The validation stored with a file (``db.domain.signatures.stored_reports``), one row per
    signature; a broken signature's row has a red background."""

    def __init__(self, parent=None):
        header = partial(_tr, "SignatureReportsModel")
        yes_no = {True: header("Sí"), False: header("No")}
        super().__init__([
            Column("field_name", header(REPORT_COLUMNS[0])),
            Column("signer_name", header(REPORT_COLUMNS[1]), self.signer_text),
            Column("signing_time", header(REPORT_COLUMNS[2]), self.time_text),
            Column("intact", header(REPORT_COLUMNS[3]), lambda r: yes_no[bool(r["intact"])]),
            Column("modified_after", header(REPORT_COLUMNS[4]),
                   lambda r: yes_no[bool(r["modified_after"])]),
            Column("trusted", header(REPORT_COLUMNS[5]),
                   lambda r: header("Verificada") if r["trusted"] else header("No verificada")),
            Column("summary", header(REPORT_COLUMNS[6])),
        ], key=lambda r: r["field_name"], parent=parent)

    def signer_text(self, row: dict[str, Any]) -> str:
        name = row["signer_name"] or _tr("SignatureReportsModel", "Firmante desconocido")
        return f"{name} ({row['organisation']})" if row["organisation"] else name

    @staticmethod
    def time_text(row: dict[str, Any]) -> str:
        moment = lima_moment(row["signing_time"])
        return moment_text(moment) if moment else "—"

    def background(self, row: dict[str, Any]) -> QBrush | None:
        return BROKEN_BRUSH if is_broken(row) else None
