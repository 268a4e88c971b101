"""Table models of the «Miembros» page: seats, a seat's designations and the catalogue."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush

from db.domain import catalog, membership
from db.locale_pe import short_date
from desktop.models.lazy_table import MUTED_BRUSH
from desktop.models.rows_model import Column, RowsTableModel


class SeatsModel(RowsTableModel):
    """One row per seat, as ``membership.seats`` returns them (presidency first)."""

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.columns = [
            Column("acronym", self.tr("Siglas")),
            Column("institution_name", self.tr("Institución")),
            Column("role", self.tr("Rol"),
                   lambda r: membership.ROLES.get(r["role"], r["role"])),
            Column("charge", self.tr("Cargo en el comité"), self.charge_text),
            Column("titular", self.tr("Titular vigente")),
            Column("alterno", self.tr("Alterno vigente")),
        ]

    def charge_text(self, row: dict[str, Any]) -> str:
        marks = []
        if row.get("is_presidency"):
            marks.append(self.tr("Presidencia"))
        if row.get("is_secretariat"):
            marks.append(self.tr("Secretaría técnica"))
        return " · ".join(marks)

    def foreground(self, row: dict[str, Any]) -> QBrush | None:
        return None if row.get("role") == "miembro" else MUTED_BRUSH


class DesignationsModel(RowsTableModel):
    """A seat's designations, newest first; closed ones are greyed."""

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.columns = [
            Column("position", self.tr("Cargo"),
                   lambda r: membership.POSITIONS.get(r["position"], r["position"])),
            Column("person_name", self.tr("Nombres y apellidos")),
            Column("job_title", self.tr("Cargo en su institución")),
            Column("document", self.tr("Documento de designación")),
            Column("designated_on", self.tr("Desde"), lambda r: short_date(r["designated_on"])),
            Column("ended_on", self.tr("Hasta"), self.until_text),
        ]

    def until_text(self, row: dict[str, Any]) -> str:
        return short_date(row["ended_on"]) if row.get("ended_on") else self.tr("vigente")

    def foreground(self, row: dict[str, Any]) -> QBrush | None:
        return MUTED_BRUSH if row.get("ended_on") else None


class InstitutionsModel(RowsTableModel):
    """The institutions catalogue (shipped and added by the secretariat)."""

    def __init__(self, parent=None):
        super().__init__(parent=parent)
        self.columns = [
            Column("acronym", self.tr("Siglas")),
            Column("name", self.tr("Nombre")),
            Column("sector", self.tr("Sector"),
                   lambda r: catalog.SECTORS.get(r["sector"], r["sector"])),
            Column("former_acronyms", self.tr("Siglas anteriores"),
                   lambda r: ", ".join(a for a in r["former_acronyms"].split("|") if a)),
            Column("is_custom", self.tr("Origen"), self.origin_text),
        ]

    def origin_text(self, row: dict[str, Any]) -> str:
        return self.tr("Añadida aquí") if row.get("is_custom") else self.tr("Catálogo oficial")
