"""Combos of a committee's sessions and agreements, for the approval of a plan and for the
session or agreement an execution entry fulfils."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox

from db.domain import agreements
from db.domain.agreements import TrackerFilter
from db.domain.rules.numbering import KIND_ABBREVIATIONS
from db.domain.session_queries import session_ids, session_rows
from db.locale_pe import lima_today, short_date
from desktop.operations import Operations

AGREEMENT_LABEL_LENGTH = 90


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanLinks", text)


def fill_sessions(combo: QComboBox, ops: Operations, committee_id: str) -> QComboBox:
    """«SO-12 del 16/01/2025», newest first, after «— Ninguna —»."""
    combo.clear()
    combo.addItem(_tr("— Ninguna —"), None)
    for s in ops.read(session_rows, ops.read(session_ids, committee_id)):
        combo.addItem(_tr("{0}-{1} del {2}").format(KIND_ABBREVIATIONS.get(s["kind"], "S"),
                                                     s["number"], short_date(s["date"])),
                      s["id"])
    return combo


def fill_agreements(combo: QComboBox, ops: Operations, committee_id: str) -> QComboBox:
    """«SO-3 N° 2: Aprobar el plan…», the full text as tooltip, after «— Ninguno —»."""
    combo.clear()
    combo.addItem(_tr("— Ninguno —"), None)
    flt = TrackerFilter(committee_id=committee_id)
    for a in ops.read(agreements.tracker_rows, ops.read(agreements.tracker_ids, flt),
                      lima_today()):
        text = " ".join(a["text"].split())
        if len(text) > AGREEMENT_LABEL_LENGTH:
            text = text[:AGREEMENT_LABEL_LENGTH - 1].rstrip() + "…"
        code = f"{KIND_ABBREVIATIONS.get(a['session_kind'], 'S')}-{a['session_number']}"
        combo.addItem(_tr("{0} N° {1}: {2}").format(code, a["number"], text), a["id"])
        combo.setItemData(combo.count() - 1, a["text"], Qt.ItemDataRole.ToolTipRole)
    combo.setMaximumWidth(520)
    return combo
