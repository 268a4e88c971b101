"""The agreements tracker: every agreement matching a filter, over ids with a lazy cache.

Changing the filter only re-queries the ids (``agreements.tracker_ids``); the visible rows
are read a page at a time (``agreements.tracker_rows``), so 30,000 agreements stay fast.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QBrush

from db.domain import agreements
from db.domain.agreements import STATES, TrackerFilter
from db.domain.rules.numbering import KIND_ABBREVIATIONS
from db.locale_pe import short_date
from desktop.models.lazy_table import OVERDUE_BRUSH, Column, LazyTableModel
from desktop.operations import Operations


def one_line(text: str | None) -> str:
    """Collapse line breaks and runs of spaces so a cell shows a single line."""
    return " ".join((text or "").split())


def agreement_reference(row: dict[str, Any]) -> str:
    """«SO-12 / 3»: the session's kind abbreviation and number, then the agreement number."""
    kind = KIND_ABBREVIATIONS.get(row.get("session_kind") or "", "S")
    return f"{kind}-{row.get('session_number')} / {row.get('number')}"


class AgreementsTrackerModel(LazyTableModel):
    """Read-only tracker rows. The filter (committee, states, institution, overdue, text,
    and the day that decides *vencido*) lives in ``self.filter``."""

    def __init__(
        self, ops: Operations, parent: QObject | None = None, flt: TrackerFilter | None = None
    ):
        self.ops = ops
        self.filter = flt or TrackerFilter()
        super().__init__([], self._fetch_tracker_ids, self._fetch_tracker_rows, parent)
        self.columns = [
            Column("reference", self.tr("N°"), agreement_reference),
            Column("text", self.tr("Acuerdo"), lambda r: one_line(r.get("text"))),
            Column("responsible_acronyms", self.tr("Responsables")),
            Column("deadline_text", self.tr("Plazo")),
            Column("state", self.tr("Estado"), self.state_text),
            Column(
                "last_followup",
                self.tr("Último seguimiento"),
                lambda r: one_line(r.get("last_followup")),
            ),
            Column("session_date", self.tr("Sesión"), lambda r: short_date(r.get("session_date"))),
        ]

    # Loading -----------------------------------------------------------------------------

    def _fetch_tracker_ids(self) -> list[str]:
        return self.ops.read(agreements.tracker_ids, self.filter)

    def _fetch_tracker_rows(self, ids: list[str]) -> list[dict[str, Any]]:
        return self.ops.read(agreements.tracker_rows, ids, self.filter.today)

    def set_filter(self, flt: TrackerFilter) -> None:
        self.filter = flt
        self.reload()

    def requery(self) -> None:
        """Re-read after a change in the database.

        When the matching ids are the same, only the cached rows are dropped, so the view
        keeps its selection and scroll position; otherwise the model is reset.
        """
        ids = list(self._fetch_ids())
        if ids == self._ids:
            self.refresh_rows()
            return
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self.endResetModel()

    # Display -----------------------------------------------------------------------------

    def state_text(self, row: dict[str, Any]) -> str:
        """«Pendiente», or «Pendiente · Vencido» when the deadline has passed."""
        label = STATES.get(row.get("state") or "", row.get("state") or "")
        return self.tr("{state} · Vencido").format(state=label) if row.get("overdue") else label

    def foreground(self, row: dict[str, Any]) -> QBrush | None:
        return OVERDUE_BRUSH if row.get("overdue") else None
