"""Headquarters writes the central catalogues: institutions and units of measure.

Every device ships the same catalogue (``resources/catalogs``, seeded with ids derived from
the acronym or the name: ``db.domain.catalog.institution_id`` / ``unit_id``). Headquarters adds an
entry, or corrects a shipped one, by publishing a central row (``is_custom`` 0) under that
same id through ``server.sync.apply.publish``: every device receives it on its next pull, as a new
row or as a correction of the row it already has, and none can change it. An acronym or a
name another entry already holds (shipped, published, or added by a device) is refused,
so that no device meets two live entries with the same acronym.

A correction of a shipped entry should also go into ``resources/catalogs`` for the next
release: a device that installs a version whose shipped row differs re-seeds it.
"""

from __future__ import annotations

import csv
from typing import Any

from sqlalchemy import Engine, func, select

from db.domain.catalog import SECTORS, institution_id, unit_id
from resources import resource_path
from server.core.db import read_transaction, write_lock, write_transaction
from server.core.models import records
from server.sync.apply import publish


class CatalogueError(ValueError):
    """Said in Spanish; nothing was published."""


def _shipped(name: str) -> list[dict[str, str]]:
    with resource_path("catalogs", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _published(conn: Any, table: str) -> dict[str, dict[str, Any]]:
    rows = conn.execute(select(records.c.row_id, records.c.data).where(
        records.c.table_name == table, records.c.deleted_at.is_(None))).all()
    return {row.row_id: dict(row.data) for row in rows}


def institutions(engine: Engine) -> list[dict[str, Any]]:
    """The catalogue as devices hold it after their next pull: shipped entries, corrected
    by what headquarters published, plus the rows published or added by devices."""
    found = {institution_id(row["acronym"]): {**row, "origin": "incluida"}
             for row in _shipped("institutions.csv")}
    with read_transaction(engine) as conn:
        for row_id, data in _published(conn, "institutions").items():
            origin = "propia de un equipo" if data.get("is_custom") else "sede central"
            found[row_id] = {**found.get(row_id, {}), **data, "origin": origin}
    return sorted(found.values(), key=lambda row: str(row.get("acronym", "")).casefold())


def publish_institution(engine: Engine, acronym: str, name: str,
                        sector: str = "otro") -> tuple[str, str]:
    """Add a central institution, or correct a shipped or published one (same acronym).
    Returns (row id, «agregada» or «corregida»)."""
    acronym, name = acronym.strip(), name.strip()
    if not acronym or not name:
        raise CatalogueError("Indique las siglas y el nombre de la institución.")
    if sector not in SECTORS:
        raise CatalogueError(f"«{sector}» no es un sector: use {', '.join(SECTORS)}.")
    row_id = institution_id(acronym)
    shipped = {institution_id(r["acronym"]): r for r in _shipped("institutions.csv")}
    former = {a.strip().upper(): r["acronym"] for r in shipped.values()
              for a in r["former_acronyms"].split("|") if a.strip()}
    if acronym.upper() in former:
        raise CatalogueError(f"«{acronym}» es la sigla anterior de {former[acronym.upper()]}: "
                             "corrija esa institución.")
    fields = {"acronym": acronym, "name": name, "sector": sector, "is_custom": 0}
    with write_transaction(engine) as conn:
        write_lock(conn, None, catalogue=True)
        known = _published(conn, "institutions")
        for other_id, data in known.items():
            if other_id != row_id and str(data.get("acronym", "")).upper() == acronym.upper():
                raise CatalogueError(f"Las siglas «{acronym}» ya son de otra entrada del "
                                     f"catálogo ({data.get('name', '')}).")
        existed = row_id in shipped or row_id in known
        result = publish(conn, "institutions", row_id, "update" if row_id in known
                         else "insert", fields)
        if result.outcome == "rejected":
            raise CatalogueError(f"La sede no pudo publicar la institución: {result.reason}")
    return row_id, "corregida" if existed else "agregada"


def publish_unit(engine: Engine, name: str) -> str:
    """Add a central unit of measure. Returns its id."""
    name = name.strip()
    if not name:
        raise CatalogueError("Indique el nombre de la unidad de medida.")
    if name.casefold() in {r["name"].casefold() for r in _shipped("units.csv")}:
        raise CatalogueError(f"La unidad «{name}» ya está en el catálogo.")
    row_id = unit_id(name)
    with write_transaction(engine) as conn:
        write_lock(conn, None, catalogue=True)
        taken = conn.execute(select(func.count()).select_from(records).where(
            records.c.table_name == "units", records.c.deleted_at.is_(None),
            func.lower(records.c.data["name"].as_string()) == name.lower())).scalar_one()
        if taken:
            raise CatalogueError(f"La unidad «{name}» ya está en el catálogo.")
        result = publish(conn, "units", row_id, "insert", {"name": name, "is_custom": 0})
        if result.outcome == "rejected":
            raise CatalogueError(f"La sede no pudo publicar la unidad: {result.reason}")
    return row_id
