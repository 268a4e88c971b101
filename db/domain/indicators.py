"""Indicators of a plan, their targets (annual, and by month or quarter) and execution.

Numbers arrive from people who live in Excel: «1,5», «2.000», «  3 ». ``number`` reads them
or says in Spanish what is wrong; nothing is written while any field has a problem.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import sqlite_utils

from db.domain.plans import LEVELS, MEASURED_LEVELS, get_plan, node
from db.domain.validation import Checker
from db.errors import ValidationError
from db.storage import blobs, records
from db.storage.connection import transaction

SCHEDULES = {"ninguno": "Sin programación", "mensual": "Mensual", "trimestral": "Trimestral"}
PERIODS = {"mensual": 12, "trimestral": 4}
# Evidence files (photos, signed attendance lists, reports): one limit for all, adjustable
# per database in ``meta`` so a secretariat on a slow line can lower it.
DEFAULT_EVIDENCE_LIMIT = 10 * 1024 * 1024
TOLERANCE = 1e-9


def number(value: Any, field: str, label: str, check: Checker, *,
           required: bool = True) -> float | None:
    """A non-negative quantity from a number or a text typed the Peruvian or English way."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            check.fail(field, f"El campo «{label}» es obligatorio.")
        return None
    if isinstance(value, bool):
        check.fail(field, f"«{label}» debe ser un número.")
        return None
    result = float(value) if isinstance(value, int | float) else _parse_decimal(str(value))
    if result is None:
        check.fail(field, f"«{label}» debe ser un número; se escribió «{value}».")
        return None
    if result != result or result in (float("inf"), float("-inf")):
        check.fail(field, f"«{label}» debe ser un número.")
        return None
    if result < 0:
        check.fail(field, f"«{label}» no puede ser negativo.")
        return None
    return result


def _parse_decimal(text: str) -> float | None:
    """«1,5» and «1.5» are one and a half; «2.000», «2,000» and «1.250.000» are thousands
    (one separator followed by exactly three digits reads as thousands); «2.000,5» and
    «2,000.5» mix both, and the last separator is the decimal one."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+([.,]\d+)*", text):
        return None
    separators = [c for c in text if c in ".,"]
    if not separators:
        return float(text)
    if len(set(separators)) == 2:
        decimal_mark = separators[-1]
        whole, _, fraction = text.rpartition(decimal_mark)
        return float(re.sub(r"[.,]", "", whole) + "." + fraction)
    groups = re.split(r"[.,]", text)
    leading = groups[0].lstrip("-")
    # A thousands group follows 1–3 leading digits that are not a lone zero («0.125»).
    thousands = 1 <= len(leading) <= 3 and leading != "0"
    if thousands and (len(groups) > 2 or len(groups[1]) == 3):
        if any(len(g) != 3 for g in groups[1:]):
            return None
        return float("".join(groups))
    return float(f"{groups[0]}.{groups[1]}")


# Indicators --------------------------------------------------------------------------------

def _validate_indicator(db: sqlite_utils.Database, row: dict[str, Any],
                        check: Checker) -> None:
    measured = node(db, row["node_id"])
    if measured["level"] not in MEASURED_LEVELS:
        check.fail("node_id", f"Los indicadores van en objetivos o líneas de acción, no en un "
                              f"«{LEVELS[measured['level']]}».")
    if isinstance(row.get("name"), str):
        row["name"] = row["name"].strip()
    check.required(row, "name", "Indicador")
    if not row.get("unit_id"):
        check.fail("unit_id", "Indique la unidad de medida del indicador.")
    elif not db.execute("SELECT 1 FROM units WHERE id = ? AND deleted_at IS NULL",
                        [row["unit_id"]]).fetchone():
        check.fail("unit_id", "La unidad de medida no existe en el catálogo.")
    row["annual_target"] = number(row.get("annual_target"), "annual_target", "Meta física",
                                  check)
    check.choice(row, "schedule", "Programación", SCHEDULES)


def add_indicator(db: sqlite_utils.Database, node_id: str, name: str, unit_id: str | None,
                  annual_target: Any, *, schedule: str = "ninguno",
                  targets: Mapping[int, Any] | None = None) -> str:
    row = {"node_id": node_id, "name": name, "unit_id": unit_id,
           "annual_target": annual_target, "schedule": schedule}
    check = Checker()
    _validate_indicator(db, row, check)
    periods = _checked_schedule(row, targets or {}, check)
    check.raise_if_any()
    with transaction(db):
        row["position"] = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM indicators WHERE node_id = ?"
            " AND deleted_at IS NULL", [node_id]).fetchone()[0]
        indicator_id = records.insert(db, "indicators", row)
        _write_targets(db, indicator_id, periods)
        return indicator_id


def update_indicator(db: sqlite_utils.Database, indicator_id: str, changes: dict) -> dict:
    """Edit name, unit, annual target or observations. A changed annual target must still
    equal the sum of an existing schedule."""
    with transaction(db):
        current = records.get(db, "indicators", indicator_id)
        row = {**current, **changes}
        check = Checker()
        _validate_indicator(db, row, check)
        if "annual_target" in changes and row["annual_target"] is not None \
                and current["schedule"] != "ninguno":
            _checked_schedule(row, schedule_targets(db, indicator_id), check)
        check.raise_if_any()
        return records.update(db, "indicators", indicator_id, {k: row[k] for k in changes})


def set_schedule(db: sqlite_utils.Database, indicator_id: str, schedule: str,
                 targets: Mapping[int, Any]) -> dict[str, Any]:
    """Split the annual target by month or quarter (or stop splitting it). Returns the
    previous schedule and targets, for undo."""
    with transaction(db):
        current = records.get(db, "indicators", indicator_id)
        previous = {"schedule": current["schedule"],
                    "targets": schedule_targets(db, indicator_id)}
        check = Checker()
        row = {**current, "schedule": schedule}
        check.choice(row, "schedule", "Programación", SCHEDULES)
        periods = _checked_schedule(row, targets, check)
        check.raise_if_any()
        records.update(db, "indicators", indicator_id, {"schedule": schedule})
        for target_row in db.query("SELECT id FROM indicator_targets WHERE indicator_id = ?"
                                   " AND deleted_at IS NULL", [indicator_id]):
            records.soft_delete(db, "indicator_targets", target_row["id"])
        _write_targets(db, indicator_id, periods)
        return previous


def _checked_schedule(row: dict[str, Any], targets: Mapping[int, Any],
                      check: Checker) -> dict[int, float]:
    schedule = row.get("schedule")
    if schedule not in PERIODS:
        return {}
    count = PERIODS[schedule]
    word = "mes" if schedule == "mensual" else "trimestre"
    periods: dict[int, float] = {}
    for period in range(1, count + 1):
        value = number(targets.get(period, 0), f"target_{period}",
                       f"Meta del {word} {period}", check)
        if value is not None:
            periods[period] = value
    unknown = set(targets) - set(range(1, count + 1))
    if unknown:
        check.fail("targets", f"Periodos no válidos para una programación {schedule}: "
                              f"{sorted(unknown)}.")
    annual = row.get("annual_target")
    if len(periods) == count and isinstance(annual, float):
        total = sum(periods.values())
        if abs(total - annual) > TOLERANCE:
            check.fail("targets", (
                f"La programación suma {format_number(total)} y la meta anual es "
                f"{format_number(annual)}: deben coincidir."))
    return periods


def _write_targets(db: sqlite_utils.Database, indicator_id: str,
                   periods: Mapping[int, float]) -> None:
    for period, target in periods.items():
        records.insert(db, "indicator_targets",
                       {"indicator_id": indicator_id, "period": period, "target": target})


def schedule_targets(db: sqlite_utils.Database, indicator_id: str) -> dict[int, float]:
    return {r["period"]: r["target"] for r in db.query(
        "SELECT period, target FROM indicator_targets WHERE indicator_id = ?"
        " AND deleted_at IS NULL ORDER BY period", [indicator_id])}


def for_node(db: sqlite_utils.Database, node_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT x.*, u.name AS unit_name FROM indicators x JOIN units u ON u.id = x.unit_id"
        " WHERE x.node_id = ? AND x.deleted_at IS NULL ORDER BY x.position", [node_id]))


def remove_indicator(db: sqlite_utils.Database, indicator_id: str) -> None:
    records.soft_delete(db, "indicators", indicator_id)


def restore_indicator(db: sqlite_utils.Database, indicator_id: str) -> None:
    records.undelete(db, "indicators", indicator_id)


def copy_indicator(db: sqlite_utils.Database, indicator: dict[str, Any], node_id: str) -> str:
    copied = records.insert(db, "indicators", {
        "node_id": node_id, "position": indicator["position"], "name": indicator["name"],
        "unit_id": indicator["unit_id"], "annual_target": indicator["annual_target"],
        "schedule": indicator["schedule"]})
    _write_targets(db, copied, schedule_targets(db, indicator["id"]))
    return copied


def format_number(value: float | None) -> str:
    """«3», «2,5», «1 250»: whole numbers without decimals, Peruvian separators."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.2f}".rstrip("0").replace(",", " ").replace(".", ",")


# Execution entries -----------------------------------------------------------------------

def evidence_limit(db: sqlite_utils.Database) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'evidence_limit_bytes'").fetchone()
    return int(row[0]) if row else DEFAULT_EVIDENCE_LIMIT


def set_evidence_limit(db: sqlite_utils.Database, limit: int) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES ('evidence_limit_bytes', ?)"
               " ON CONFLICT (key) DO UPDATE SET value = excluded.value", [str(int(limit))])


def _validate_entry(db: sqlite_utils.Database, row: dict[str, Any]) -> Checker:
    check = Checker()
    indicator = records.get(db, "indicators", row["indicator_id"])
    plan = get_plan(db, node(db, indicator["node_id"])["plan_id"])
    check.required(row, "entry_date", "Fecha")
    day = check.iso_date(row, "entry_date", "Fecha")
    if day and day.year != plan["year"] and not (row.get("date_note") or "").strip():
        check.fail("entry_date", (
            f"La fecha está fuera del año del plan ({plan['year']}). Si corresponde, indique "
            "el motivo (p. ej. «actividad reprogramada del año anterior»)."))
    row["quantity"] = number(row.get("quantity"), "quantity", "Cantidad ejecutada", check)
    for key, label in (("participants_women", "Mujeres"), ("participants_men", "Hombres"),
                       ("participants_total", "Total de participantes")):
        check.count(row, key, label, 0)
    women, men, total = (row.get(k) for k in ("participants_women", "participants_men",
                                               "participants_total"))
    if isinstance(women, int) and isinstance(men, int) and isinstance(total, int) \
            and women + men != total:
        check.fail("participants_total", (
            f"El total de participantes ({total}) no coincide con mujeres ({women}) más "
            f"hombres ({men})."))
    return check


def add_entry(db: sqlite_utils.Database, indicator_id: str, entry_date: str, quantity: Any,
              *, evidence: Iterable[tuple[str, bytes]] = (), **values: Any) -> str:
    row = {"indicator_id": indicator_id, "entry_date": entry_date, "quantity": quantity,
           **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()}}
    files = list(evidence)
    check = _validate_entry(db, row)
    limit = evidence_limit(db)
    for name, data in files:
        if len(data) > limit:
            check.fail("evidence", (
                f"El archivo «{name}» pesa {len(data) / 1048576:.1f} MB; el máximo para "
                f"medios de verificación es {limit / 1048576:.0f} MB."))
        elif not data:
            check.fail("evidence", f"El archivo «{name}» está vacío.")
    if row.get("participants_total") is None and isinstance(row.get("participants_women"), int) \
            and isinstance(row.get("participants_men"), int):
        row["participants_total"] = row["participants_women"] + row["participants_men"]
    check.raise_if_any()
    with transaction(db):
        entry_id = records.insert(db, "execution_entries", row)
        for name, data in files:
            add_evidence(db, entry_id, name, data)
        return entry_id


def update_entry(db: sqlite_utils.Database, entry_id: str, changes: dict) -> dict:
    with transaction(db):
        current = records.get(db, "execution_entries", entry_id)
        row = {**current, **changes}
        _validate_entry(db, row).raise_if_any()
        return records.update(db, "execution_entries", entry_id, {k: row[k] for k in changes})


def remove_entry(db: sqlite_utils.Database, entry_id: str) -> None:
    records.soft_delete(db, "execution_entries", entry_id)


def restore_entry(db: sqlite_utils.Database, entry_id: str) -> None:
    records.undelete(db, "execution_entries", entry_id)


def entries(db: sqlite_utils.Database, indicator_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM execution_entries WHERE indicator_id = ?"
                         " AND deleted_at IS NULL ORDER BY entry_date, created_at",
                         [indicator_id]))


def add_evidence(db: sqlite_utils.Database, entry_id: str, name: str, data: bytes) -> str:
    if len(data) > evidence_limit(db):
        raise ValidationError({"evidence": (
            f"El archivo «{name}» supera el tamaño máximo para medios de verificación.")})
    mime = blobs.sniff(data) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    with transaction(db):
        digest = blobs.put(db, data)
        return records.insert(db, "execution_evidence", {
            "entry_id": entry_id, "file_name": name, "mime_type": mime, "size": len(data),
            "sha256": digest})


def remove_evidence(db: sqlite_utils.Database, evidence_id: str) -> None:
    records.soft_delete(db, "execution_evidence", evidence_id)


def restore_evidence(db: sqlite_utils.Database, evidence_id: str) -> None:
    records.undelete(db, "execution_evidence", evidence_id)


def evidence(db: sqlite_utils.Database, entry_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM execution_evidence WHERE entry_id = ?"
                         " AND deleted_at IS NULL ORDER BY created_at", [entry_id]))


def in_year(day: str, year: int) -> bool:
    return date.fromisoformat(day).year == year
