"""The session list of a committee."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from db.domain import sessions
from db.domain.rules.numbering import KIND_ABBREVIATIONS
from db.locale_pe import short_date
from desktop.models.lazy_table import MUTED_BRUSH, Column, LazyTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("SessionsModel", text)


def _quorum(row: dict[str, Any]) -> str:
    present, members = row.get("quorum_present"), row.get("quorum_members")
    required = row.get("quorum_required")
    if present is None or members is None or required is None:
        return ""
    reached = members > 0 and present >= required
    mark = "✓" if reached else "✗"
    return f"{row['quorum_present']}/{row['quorum_members']} {mark}"


COLUMNS = [
    Column("ref", _tr("N°"), lambda r: f"{KIND_ABBREVIATIONS[r['kind']]}-{r['number']}"),
    Column("date", _tr("Fecha"), lambda r: short_date(r["date"])),
    Column("kind", _tr("Tipo"), lambda r: sessions.KINDS[r["kind"]]),
    Column("modality", _tr("Modalidad"), lambda r: sessions.MODALITIES.get(r["modality"], "")),
    Column("state", _tr("Estado"), lambda r: sessions.STATES[r["state"]]),
    Column("quorum", _tr("Quórum"), _quorum),
    Column("agreement_count", _tr("Acuerdos")),
]


class SessionsModel(LazyTableModel):
    def __init__(self, fetch_ids, fetch_rows, parent=None):
        super().__init__(COLUMNS, fetch_ids, fetch_rows, parent)

    def foreground(self, row: dict[str, Any]):
        return MUTED_BRUSH if row["state"] == "sin_quorum" else None
