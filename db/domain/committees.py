"""Committees, their legal instruments and their quorum rule."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db.domain.rules.quorum import QuorumRule
from db.domain.validation import Checker
from db.storage import records
from db.storage.connection import transaction

KINDS = {
    "cdrpeti": "CDRPETI (trabajo infantil)",
    "trabajo_forzoso": "Comisión Regional contra el Trabajo Forzoso",
    "trata": "Red / Mesa / Comisión contra la Trata de Personas",
    "otro": "Otro (mesa temática, grupo de trabajo…)",
}
STATES = {
    "creado": "Creado",
    "instalado": "Instalado",
    "activo": "Activo",
    "inactivo": "Inactivo",
    "reactivado": "Reactivado",
}
INSTRUMENT_TYPES = {
    "ordenanza_regional": "Ordenanza Regional (O.R.)",
    "resolucion_ejecutiva_regional": "Resolución Ejecutiva Regional (R.E.R.)",
    "otro": "Otro",
}
INSTRUMENT_PURPOSES = {
    "creacion": "Creación",
    "modificacion": "Modificación",
    "reactivacion": "Reactivación",
    "otro": "Otro",
}


def validate(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    check = Checker()
    check.choice(row, "kind", "Tipo de comité", KINDS)
    check.required(row, "name", "Nombre oficial")
    check.required(row, "acronym", "Siglas")
    check.required(row, "region_code", "Región")
    if row.get("region_code") and not db.execute(
        "SELECT 1 FROM regions WHERE iso_code = ?", [row["region_code"]]
    ).fetchone():
        check.fail("region_code", "La región indicada no existe en el catálogo.")
    check.choice(row, "state", "Estado", STATES)
    created = check.iso_date(row, "created_on", "Fecha de creación")
    installed = check.iso_date(row, "installed_on", "Fecha de instalación")
    check.iso_date(row, "inactive_since", "Inactivo desde")
    check.iso_date(row, "reactivated_on", "Fecha de reactivación")
    if created and installed and installed < created:
        check.fail("installed_on", "La instalación no puede ser anterior a la creación.")
    check.count(row, "quorum_first_call", "Quórum en primera convocatoria", 1)
    check.count(row, "quorum_second_call", "Quórum en segunda convocatoria", 1)
    check.count(row, "quorum_second_call_minimum", "Mínimo en segunda convocatoria", 1)
    check.count(row, "min_notice_days", "Días mínimos de anticipación", 0)
    check.raise_if_any()


def create_committee(db: sqlite_utils.Database, **values: Any) -> str:
    row = {"state": "creado", "quorum_second_call_minimum": 3, "min_notice_days": 3, **values}
    for key in ("name", "acronym"):
        if isinstance(row.get(key), str):
            row[key] = row[key].strip()
    validate(db, row)
    return records.insert(db, "committees", row)


def update_committee(db: sqlite_utils.Database, committee_id: str, changes: dict) -> dict:
    with transaction(db):
        current = records.get(db, "committees", committee_id)
        validate(db, {**current, **changes})
        return records.update(db, "committees", committee_id, changes)


def get_committee(db: sqlite_utils.Database, committee_id: str) -> dict[str, Any]:
    return records.get(db, "committees", committee_id)


def list_committees(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT c.*, r.name AS region_name FROM committees c"
            " JOIN regions r ON r.iso_code = c.region_code"
            " WHERE c.deleted_at IS NULL ORDER BY r.name, c.acronym"
        )
    )


def find_committee(db: sqlite_utils.Database, ref: str) -> dict[str, Any] | None:
    """By UUID or by acronym (case-insensitive)."""
    rows = list(
        db.query(
            "SELECT * FROM committees WHERE deleted_at IS NULL AND"
            " (id = ? OR acronym = ? COLLATE NOCASE)",
            [ref, ref],
        )
    )
    return rows[0] if len(rows) == 1 else None


def quorum_rule(committee: dict[str, Any]) -> QuorumRule:
    return QuorumRule(
        first_call=committee.get("quorum_first_call") or None,
        second_call=committee.get("quorum_second_call") or None,
        second_call_minimum=committee.get("quorum_second_call_minimum") or 3,
    )


# Legal instruments ---------------------------------------------------------------------

def validate_instrument(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    check = Checker()
    check.choice(row, "purpose", "Finalidad", INSTRUMENT_PURPOSES)
    check.choice(row, "instrument_type", "Tipo de instrumento", INSTRUMENT_TYPES)
    check.required(row, "number", "Número")
    check.iso_date(row, "issued_on", "Fecha")
    check.raise_if_any()


def add_instrument(db: sqlite_utils.Database, committee_id: str, **values: Any) -> str:
    row = {"committee_id": committee_id, "purpose": "creacion",
           "instrument_type": "ordenanza_regional", "issuing_body": "", **values}
    if isinstance(row.get("number"), str):
        row["number"] = row["number"].strip()
    validate_instrument(db, row)
    return records.insert(db, "legal_instruments", row)


def update_instrument(db: sqlite_utils.Database, instrument_id: str, changes: dict) -> dict:
    with transaction(db):
        current = records.get(db, "legal_instruments", instrument_id)
        validate_instrument(db, {**current, **changes})
        return records.update(db, "legal_instruments", instrument_id, changes)


def instruments(db: sqlite_utils.Database, committee_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM legal_instruments WHERE committee_id = ? AND deleted_at IS NULL"
            " ORDER BY issued_on, created_at",
            [committee_id],
        )
    )
