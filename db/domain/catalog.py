"""Central catalogues: the 26 regions and the institutions that sit on committees.

They ship as CSV files in ``resources/catalogs``. Seeded institutions get deterministic
UUIDs (uuid5 of the acronym) so that every device and headquarters share the same ids.
"""

from __future__ import annotations

import csv
import hashlib
import uuid
from typing import Any

import sqlite_utils

from db.domain.validation import Checker
from db.storage import records
from db.storage.connection import transaction
from resources import resource_path

CATALOG_NAMESPACE = uuid.UUID("6f3b0c9e-3f43-4c55-9a52-6c1d2f0e5a11")
SECTORS = {
    "estado_nacional": "Estado (nacional)",
    "estado_regional": "Estado (regional)",
    "estado_local": "Estado (local)",
    "empleadores": "Empleadores",
    "trabajadores": "Trabajadores",
    "sociedad_civil": "Sociedad civil",
    "cooperacion_internacional": "Cooperación internacional",
    "otro": "Otro",
}


def institution_id(acronym: str) -> str:
    return str(uuid.uuid5(CATALOG_NAMESPACE, f"institution:{acronym.upper()}"))


def unit_id(name: str) -> str:
    return str(uuid.uuid5(CATALOG_NAMESPACE, f"unit:{name.casefold()}"))


def _read_csv(name: str) -> list[dict[str, str]]:
    with resource_path("catalogs", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _catalog_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("regions.csv", "institutions.csv", "units.csv"):
        digest.update(resource_path("catalogs", name).read_bytes())
    return digest.hexdigest()


def seed(db: sqlite_utils.Database) -> bool:
    """Load or refresh the shipped catalogues when their files changed. Returns True if it ran.

    Seeded rows are central data: they are not written to the change log.
    """
    fingerprint = _catalog_fingerprint()
    row = db.execute("SELECT value FROM meta WHERE key = 'catalog_fingerprint'").fetchone()
    if row and row[0] == fingerprint:
        return False
    now = records.utc_now()
    with transaction(db):
        for region in _read_csv("regions.csv"):
            db.execute(
                "INSERT INTO regions (iso_code, ubigeo_department, name, capital, aliases)"
                " VALUES (:iso_code, :ubigeo_department, :name, :capital, :aliases)"
                " ON CONFLICT (iso_code) DO UPDATE SET name = excluded.name,"
                " capital = excluded.capital, aliases = excluded.aliases",
                region,
            )
        for inst in _read_csv("institutions.csv"):
            db.execute(
                "INSERT INTO institutions (id, created_at, updated_at, acronym, name, sector,"
                " former_acronyms, is_custom) VALUES (?, ?, ?, ?, ?, ?, ?, 0)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " sector = excluded.sector, former_acronyms = excluded.former_acronyms",
                [institution_id(inst["acronym"]), now, now, inst["acronym"], inst["name"],
                 inst["sector"], inst["former_acronyms"] or ""],
            )
        for unit in _read_csv("units.csv"):
            db.execute(
                "INSERT INTO units (id, created_at, updated_at, name, is_custom)"
                " VALUES (?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING",
                [unit_id(unit["name"]), now, now, unit["name"]])
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('catalog_fingerprint', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [fingerprint],
        )
    return True


def regions(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM regions ORDER BY name"))


def region_name(db: sqlite_utils.Database, iso_code: str) -> str:
    row = db.execute("SELECT name FROM regions WHERE iso_code = ?", [iso_code]).fetchone()
    return row[0] if row else iso_code


def institutions(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(
        db.query("SELECT * FROM institutions WHERE deleted_at IS NULL ORDER BY acronym")
    )


def units(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM units WHERE deleted_at IS NULL ORDER BY name"))


def find_unit(db: sqlite_utils.Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM units WHERE deleted_at IS NULL AND"
                         " name = ? COLLATE NOCASE", [name.strip()]))
    return rows[0] if rows else None


def add_unit(db: sqlite_utils.Database, name: str) -> str:
    """A unit of measure the catalogue lacks («Módulo», «Spot radial»…)."""
    clean = (name or "").strip()
    row = {"name": clean, "is_custom": 1}
    check = Checker()
    check.required(row, "name", "Unidad de medida")
    if clean and find_unit(db, clean):
        check.fail("name", f"La unidad «{clean}» ya existe.")
    check.raise_if_any()
    return records.insert(db, "units", row)


def find_institution(db: sqlite_utils.Database, text: str) -> dict[str, Any] | None:
    """Resolve an acronym, a former acronym (MIMDES → MIMP) or a full name."""
    key = text.strip().upper()
    for inst in institutions(db):
        former = {a.strip().upper() for a in inst["former_acronyms"].split("|") if a.strip()}
        if key == inst["acronym"].upper() or key in former or key == inst["name"].upper():
            return inst
    return None


def add_institution(
    db: sqlite_utils.Database, acronym: str, name: str, sector: str = "otro"
) -> str:
    """Extend the catalogue from the UI. Refuses an acronym already known, even a former one."""
    row = {"acronym": acronym.strip(), "name": name.strip(), "sector": sector}
    check = Checker()
    check.required(row, "acronym", "Siglas")
    check.required(row, "name", "Nombre")
    check.choice(row, "sector", "Sector", SECTORS)
    if row["acronym"] and (known := find_institution(db, row["acronym"])):
        check.fail("acronym", f"Las siglas «{row['acronym']}» ya corresponden a "
                              f"{known['name']} ({known['acronym']}).")
    check.raise_if_any()
    return records.insert(db, "institutions", {**row, "is_custom": 1})
