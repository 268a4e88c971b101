"""What must stay unique among live rows at headquarters, as it is on every device.

``contract.uniqueness.UNIQUE_KEYS`` lists the device's unique rules (session number per
committee and kind, attendance per session and seat, agreement and errata numbers per
session, one work plan per committee and year, plan node codes per plan, one target per
indicator and period, and the unique pairs). Two devices offline can each create «Sesión
Ordinaria N° 5»; headquarters keeps the first it receives and refuses the second with a
reason the secretary can act on, instead of sending both to every device (whose pull would
stop on the duplicate).

``unique_key(table, data, deleted_at)`` is a fixed-size digest of the row's key values,
normalised as the device's SQLite compares them (INTEGER columns as integers, NOCASE
columns folded in ASCII only), or None when the row is deleted or its table has no rule.
``records.unique_key`` holds it under a unique index: a clash that the apply rules missed
is a database error (409, nothing written), never a duplicate.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from contract.uniqueness import UNIQUE_KEYS

# Key columns stored as INTEGER on the device: SQLite turns 5.0 and "5" into 5 there.
INTEGER_COLUMNS = frozenset({"number", "year", "period"})
_INTEGER_TEXT = re.compile(r"\s*[+-]?[0-9]+(\.0*)?\s*")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _normal(column: str, value: Any, nocase: bool) -> Any:
    if isinstance(value, bool):
        value = int(value)
    if column in INTEGER_COLUMNS:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
            return int(float(value)) if "." in value else int(value)
        return value
    if isinstance(value, int | float):  # TEXT affinity: stored as its text
        value = str(value)
    return value.translate(_ASCII_LOWER) if nocase and isinstance(value, str) else value


def unique_key(table: str, data: dict[str, Any], deleted_at: str | None) -> str | None:
    rule = UNIQUE_KEYS.get(table)
    if rule is None or deleted_at is not None:
        return None
    columns, nocase = rule
    parts = [table]
    for column in columns:
        value = data.get(column)
        if value is None:  # NOT NULL on the device; without it nothing can clash
            return None
        value = _normal(column, value, column in nocase)
        parts.append(value if isinstance(value, str) else repr(value))
    # Stored text never holds NUL (``server.payloads.check_storable``): a safe separator.
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def key_columns(table: str) -> tuple[str, ...]:
    rule = UNIQUE_KEYS.get(table)
    return rule[0] if rule else ()


_KINDS = {"ordinaria": "Ordinaria", "extraordinaria": "Extraordinaria"}


def clash_reason(table: str, data: dict[str, Any], where: str) -> str:
    """Why an operation was refused: what already exists, where it was registered
    (``where``: «desde otro equipo», «en la sede central»…), and what to do."""
    number = data.get("number")
    renumber = "Cambie el número y sincronice de nuevo."
    remove = "Elimine el registro duplicado en este equipo y sincronice de nuevo."
    if table == "sessions":
        kind = _KINDS.get(str(data.get("kind")), str(data.get("kind", "")).capitalize())
        return (f"Ya existe la Sesión {kind} N° {number} de este comité, registrada {where}. "
                f"{renumber}")
    if table == "agreements":
        return f"Ya existe el Acuerdo N° {number} de esta sesión, registrado {where}. {renumber}"
    if table == "errata":
        return (f"Ya existe la Fe de erratas N° {number} de esta sesión, registrada {where}. "
                f"{renumber}")
    if table == "attendance":
        return (f"La asistencia de este miembro a esta sesión ya fue registrada {where}. "
                f"{remove}")
    if table == "work_plans":
        return (f"Ya existe el plan de trabajo {data.get('year')} de este comité, registrado "
                f"{where}. Cambie el año o elimine el plan duplicado en este equipo y "
                "sincronice de nuevo.")
    if table == "plan_nodes":
        return (f"Ya existe el código «{data.get('code')}» en este plan, registrado {where}. "
                "Cambie el código y sincronice de nuevo.")
    if table == "indicator_targets":
        return (f"Ya existe la meta del periodo {data.get('period')} de este indicador, "
                f"registrada {where}. Corrija el periodo o elimine la meta duplicada en este "
                "equipo y sincronice de nuevo.")
    if table == "agreement_responsibles":
        return (f"Esta institución ya figura como responsable de este acuerdo, registrada "
                f"{where}. {remove}")
    if table == "plan_node_institutions":
        return (f"Esta institución ya está asociada a este elemento del plan, registrada "
                f"{where}. {remove}")
    if table == "seats":
        return (f"Esta institución ya tiene un asiento en este comité, registrado {where}. "
                f"{remove}")
    return f"Ya existe un registro igual, registrado {where}. {remove}"
