"""Annual work plans (plan de trabajo anual / POA): the plan and its tree of nodes.

objetivo específico (OE 1) → eje estratégico (EE 2: Detección) → estrategia (E 1.3) →
línea de acción / actividad (LA 1.3.3). A simpler plan may skip levels (objective →
activity): a node's parent only has to be of a higher level. Codes are unique in a plan.
Indicators, targets and execution live in ``db.domain.indicators``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from db.domain.validation import Checker
from db.errors import NotFoundError, ValidationError
from db.storage import records
from db.storage.connection import transaction

LEVELS = {
    "objetivo": "Objetivo específico",
    "eje": "Eje estratégico",
    "estrategia": "Estrategia",
    "linea": "Línea de acción / actividad",
}
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# Levels that carry indicators.
MEASURED_LEVELS = ("objetivo", "linea")
TAGS = {
    "": "—",
    "prevencion": "Prevención",
    "proteccion_asistencia": "Protección y asistencia",
    "persecucion": "Persecución",
    "deteccion": "Detección",
    "atencion_sancion": "Atención y sanción",
    "gestion_institucional": "Gestión institucional",
}
CODE_PREFIXES = {"objetivo": "OE", "eje": "EE", "estrategia": "E", "linea": "LA"}


# Plans -----------------------------------------------------------------------------------

def _validate_plan(db: sqlite_utils.Database, row: dict[str, Any], plan_id: str | None) -> None:
    check = Checker()
    year = row.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        check.fail("year", "El año del plan debe ser un número entre 2000 y 2100.")
    elif db.execute("SELECT 1 FROM work_plans WHERE committee_id = ? AND year = ? AND"
                    " deleted_at IS NULL AND id IS NOT ?",
                    [row["committee_id"], year, plan_id]).fetchone():
        check.fail("year", f"El comité ya tiene un plan para el año {year}.")
    check.required(row, "title", "Título del plan")
    for key, table, label in (("approved_in_session_id", "sessions", "Sesión de aprobación"),
                              ("approved_by_agreement_id", "agreements", "Acuerdo")):
        if row.get(key) and not db.execute(
                f"SELECT 1 FROM {table} WHERE id = ? AND committee_id = ? AND deleted_at IS NULL",
                [row[key], row["committee_id"]]).fetchone():
            check.fail(key, f"«{label}» no pertenece a este comité.")
    check.raise_if_any()


def create_plan(db: sqlite_utils.Database, committee_id: str, year: int, *,
                title: str | None = None, **values: Any) -> str:
    row = {"committee_id": committee_id, "year": year,
           "title": (title or f"Plan de Trabajo Anual {year}").strip(), **values}
    with transaction(db):
        records.get(db, "committees", committee_id)
        _validate_plan(db, row, None)
        return records.insert(db, "work_plans", row)


def update_plan(db: sqlite_utils.Database, plan_id: str, changes: dict) -> dict:
    with transaction(db):
        current = records.get(db, "work_plans", plan_id)
        _validate_plan(db, {**current, **changes}, plan_id)
        return records.update(db, "work_plans", plan_id, changes)


def get_plan(db: sqlite_utils.Database, plan_id: str) -> dict[str, Any]:
    return records.get(db, "work_plans", plan_id)


def plans_for(db: sqlite_utils.Database, committee_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM work_plans WHERE committee_id = ? AND deleted_at IS NULL"
                         " ORDER BY year DESC", [committee_id]))


def find_plan(db: sqlite_utils.Database, ref: str) -> dict[str, Any]:
    """By UUID or as ``<committee acronym>-<year>``, e.g. ``CDRPETI-UCAYALI-2025``."""
    ref = ref.strip()
    rows = list(db.query("SELECT * FROM work_plans WHERE id = ? AND deleted_at IS NULL", [ref]))
    if rows:
        return rows[0]
    match = re.fullmatch(r"(.+)-(\d{4})", ref)
    if not match:
        raise NotFoundError(
            f"«{ref}» no es una referencia de plan válida. Use el identificador (UUID) o "
            "<SIGLAS DEL COMITÉ>-<año>, p. ej. CDRPETI-UCAYALI-2025.")
    rows = list(db.query(
        "SELECT p.* FROM work_plans p JOIN committees c ON c.id = p.committee_id"
        " WHERE c.acronym = ? COLLATE NOCASE AND p.year = ? AND p.deleted_at IS NULL"
        " AND c.deleted_at IS NULL", [match[1], int(match[2])]))
    if not rows:
        raise NotFoundError(f"No existe el plan {match[2]} del comité «{match[1]}».")
    return rows[0]


def reference(db: sqlite_utils.Database, plan: dict[str, Any]) -> str:
    acronym = db.execute("SELECT acronym FROM committees WHERE id = ?",
                         [plan["committee_id"]]).fetchone()[0]
    return f"{acronym}-{plan['year']}"


# Nodes -------------------------------------------------------------------------------------

def _validate_node(db: sqlite_utils.Database, row: dict[str, Any], node_id: str | None) -> None:
    check = Checker()
    check.choice(row, "level", "Nivel", LEVELS)
    check.choice(row, "tag", "Etiqueta", TAGS)
    code = (row.get("code") or "").strip()
    if not code:
        check.fail("code", "El código es obligatorio (p. ej. OE 1, LA 1.3.3).")
    elif db.execute("SELECT 1 FROM plan_nodes WHERE plan_id = ? AND code = ? COLLATE NOCASE"
                    " AND deleted_at IS NULL AND id IS NOT ?",
                    [row["plan_id"], code, node_id]).fetchone():
        check.fail("code", f"El código «{code}» ya existe en este plan.")
    parent_id = row.get("parent_id")
    if parent_id:
        parent = db.execute("SELECT level, plan_id FROM plan_nodes WHERE id = ?"
                            " AND deleted_at IS NULL", [parent_id]).fetchone()
        if parent is None or parent[1] != row["plan_id"]:
            check.fail("parent_id", "El elemento superior no pertenece a este plan.")
        elif row.get("level") in LEVEL_RANK and LEVEL_RANK[parent[0]] >= LEVEL_RANK[row["level"]]:
            check.fail("level", f"Un elemento de nivel «{LEVELS[row['level']]}» no puede ir "
                                f"dentro de uno de nivel «{LEVELS[parent[0]]}».")
    elif row.get("level") != "objetivo":
        check.fail("parent_id", "Solo los objetivos específicos van en el primer nivel.")
    check.raise_if_any()


def add_node(db: sqlite_utils.Database, plan_id: str, level: str, code: str, text: str = "",
             *, parent_id: str | None = None, tag: str = "", alignment: str = "") -> str:
    row = {"plan_id": plan_id, "parent_id": parent_id, "level": level,
           "code": (code or "").strip(), "text": (text or "").strip(), "tag": tag,
           "alignment": alignment.strip()}
    with transaction(db):
        get_plan(db, plan_id)
        _validate_node(db, row, None)
        row["position"] = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM plan_nodes WHERE plan_id = ?"
            " AND parent_id IS ? AND deleted_at IS NULL", [plan_id, parent_id]).fetchone()[0]
        return records.insert(db, "plan_nodes", row)


def update_node(db: sqlite_utils.Database, node_id: str, changes: dict) -> dict:
    changes = {k: v.strip() if isinstance(v, str) and k in ("code", "text", "alignment") else v
               for k, v in changes.items()}
    with transaction(db):
        current = records.get(db, "plan_nodes", node_id)
        _validate_node(db, {**current, **changes}, node_id)
        return records.update(db, "plan_nodes", node_id, changes)


def node(db: sqlite_utils.Database, node_id: str) -> dict[str, Any]:
    return records.get(db, "plan_nodes", node_id)


def nodes(db: sqlite_utils.Database, plan_id: str) -> list[dict[str, Any]]:
    """Every live node, depth first in printed order (parents before children)."""
    rows = list(db.query("SELECT * FROM plan_nodes WHERE plan_id = ? AND deleted_at IS NULL"
                         " ORDER BY position, created_at", [plan_id]))
    children: dict[str | None, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    ordered: list[dict[str, Any]] = []

    def walk(parent: str | None) -> None:
        for child in children.get(parent, []):
            ordered.append(child)
            walk(child["id"])

    walk(None)
    return ordered


def subtree(db: sqlite_utils.Database, node_id: str) -> list[dict[str, Any]]:
    root = node(db, node_id)
    everything = nodes(db, root["plan_id"])
    keep = {node_id}
    for row in everything:
        if row["parent_id"] in keep:
            keep.add(row["id"])
    return [row for row in everything if row["id"] in keep]


# Deleting a node takes its branch with it; the list returned lets undo bring it all back.
DeletedRows = list[tuple[str, str]]


def remove_node(db: sqlite_utils.Database, node_id: str) -> DeletedRows:
    with transaction(db):
        removed: DeletedRows = []
        for row in reversed(subtree(db, node_id)):
            for table, where in (
                    ("execution_evidence", "entry_id IN (SELECT id FROM execution_entries WHERE"
                                           " indicator_id IN (SELECT id FROM indicators WHERE"
                                           " node_id = ?))"),
                    ("execution_entries", "indicator_id IN (SELECT id FROM indicators WHERE"
                                          " node_id = ?)"),
                    ("indicator_targets", "indicator_id IN (SELECT id FROM indicators WHERE"
                                          " node_id = ?)"),
                    ("indicators", "node_id = ?"),
                    ("plan_node_institutions", "node_id = ?")):
                for (row_id,) in db.execute(f"SELECT id FROM {table} WHERE {where}"
                                            " AND deleted_at IS NULL", [row["id"]]).fetchall():
                    records.soft_delete(db, table, row_id)
                    removed.append((table, row_id))
            records.soft_delete(db, "plan_nodes", row["id"])
            removed.append(("plan_nodes", row["id"]))
        _renumber(db, node(db, node_id))
        return removed


def restore_rows(db: sqlite_utils.Database, removed: DeletedRows) -> None:
    """Undo of ``remove_node``: bring back the rows in the reverse order of deletion."""
    with transaction(db):
        root_table, root_id = removed[-1]  # remove_node deletes the branch's root last
        for table, row_id in reversed(removed):
            records.undelete(db, table, row_id)
        if root_table == "plan_nodes":  # back to the place it had among its siblings
            root = node(db, root_id)
            order = [i for i in _sibling_ids(db, root) if i != root_id]
            order.insert(max(root["position"] - 1, 0), root_id)
            for position, sibling in enumerate(order, start=1):
                records.update(db, "plan_nodes", sibling, {"position": position})
        for table, row_id in removed:
            if table == "plan_nodes":
                current = node(db, row_id)
                code_clash = db.execute(
                    "SELECT 1 FROM plan_nodes WHERE plan_id = ? AND code = ? COLLATE NOCASE"
                    " AND deleted_at IS NULL AND id != ?",
                    [current["plan_id"], current["code"], row_id]).fetchone()
                if code_clash:
                    raise ValidationError({"code": (
                        f"No se puede restaurar «{current['code']}»: ese código ya se usa.")})


def move_node(db: sqlite_utils.Database, node_id: str, offset: int) -> int:
    """Move among its siblings (drag to reorder within a level). Returns the places moved."""
    with transaction(db):
        current = node(db, node_id)
        order = _sibling_ids(db, current)
        index = order.index(node_id)
        target = min(max(index + offset, 0), len(order) - 1)
        if target != index:
            order.insert(target, order.pop(index))
            for position, sibling in enumerate(order, start=1):
                records.update(db, "plan_nodes", sibling, {"position": position})
        return target - index


def _sibling_ids(db: sqlite_utils.Database, row: dict[str, Any]) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT id FROM plan_nodes WHERE plan_id = ? AND parent_id IS ? AND deleted_at IS NULL"
        " ORDER BY position, created_at", [row["plan_id"], row["parent_id"]])]


def _renumber(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    for position, sibling in enumerate(_sibling_ids(db, row), start=1):
        records.update(db, "plan_nodes", sibling, {"position": position})


# Institutions of a node: responsables (bold in the matrix) and involucradas --------------

def node_institutions(db: sqlite_utils.Database, node_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT n.*, i.acronym, i.name FROM plan_node_institutions n"
        " JOIN institutions i ON i.id = n.institution_id"
        " WHERE n.node_id = ? AND n.deleted_at IS NULL"
        " ORDER BY n.is_responsible DESC, i.acronym", [node_id]))


def set_institutions(db: sqlite_utils.Database, node_id: str,
                     chosen: Sequence[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Replace the node's institutions with ``(institution_id, is_responsible)`` pairs.
    Returns the previous list (for undo)."""
    wanted = {institution_id: bool(responsible) for institution_id, responsible in chosen}
    with transaction(db):
        node(db, node_id)
        current = {r["institution_id"]: r for r in node_institutions(db, node_id)}
        for institution_id, row in current.items():
            if institution_id not in wanted:
                records.soft_delete(db, "plan_node_institutions", row["id"])
            elif bool(row["is_responsible"]) != wanted[institution_id]:
                records.update(db, "plan_node_institutions", row["id"],
                               {"is_responsible": int(wanted[institution_id])})
        for institution_id, responsible in wanted.items():
            if institution_id not in current:
                records.get(db, "institutions", institution_id)
                records.insert(db, "plan_node_institutions", {
                    "node_id": node_id, "institution_id": institution_id,
                    "is_responsible": int(responsible)})
        return [(i, bool(r["is_responsible"])) for i, r in current.items()]


def suggest_code(db: sqlite_utils.Database, plan_id: str, level: str,
                 parent_id: str | None) -> str:
    """«OE 3», «LA 1.3.4»: the next free code under ``parent_id``, in the ministry's style."""
    prefix = CODE_PREFIXES[level]
    base = ""
    if parent_id:
        parent_code = node(db, parent_id)["code"]
        digits = re.search(r"(\d+(?:\.\d+)*)", parent_code)
        base = f"{digits[1]}." if digits and level in ("estrategia", "linea") else ""
    n = 1
    while db.execute("SELECT 1 FROM plan_nodes WHERE plan_id = ? AND code = ? COLLATE NOCASE"
                     " AND deleted_at IS NULL", [plan_id, f"{prefix} {base}{n}"]).fetchone():
        n += 1
    return f"{prefix} {base}{n}"
