"""The execution of a plan as CSV for analysts: one row per indicator.

UTF-8 with a BOM (so Excel reads the accents), comma-separated, quoted where needed.
Numbers are plain («1.5», never «1,5»); percentages are whole numbers, empty where the
target is 0. An indicator nobody reported has an empty «Ejecutado» and the state
«No reportado», which is not a reported zero. A text that Excel would run as a formula
(starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from db.domain.plan_execution import QUARTERS, IndicatorResult, PlanMatrix
from db.domain.rules.deadlines import ROMAN

HEADINGS = [
    "Plan", "Periodo", "Objetivo", "Código", "Eje estratégico", "Indicador",
    "Unidad de medida", "Meta física", "Ejecutado", "Ejecutado %", "Pendiente",
    "Pendiente %", "Estado", "Registros",
    *(f"Ejecutado {ROMAN[q]} trimestre" for q in QUARTERS),
    "Responsables", "Observaciones"]


def plain_number(value: float | int | None) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def safe_text(text: str) -> str:
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(matrix: PlanMatrix, result: IndicatorResult) -> list[str]:
    reported = result.state != "no_reportado"
    return [
        matrix.reference, matrix.period_label, result.objective_code, result.node_code,
        safe_text(result.axis), safe_text(result.name), safe_text(result.unit),
        plain_number(result.target), plain_number(result.executed if reported else None),
        plain_number(result.executed_percent if reported else None),
        plain_number(result.pending), plain_number(result.pending_percent),
        result.state_label, str(result.entries),
        *(plain_number(result.by_quarter.get(q, 0.0)) for q in QUARTERS),
        ", ".join(result.responsibles), safe_text(result.observations)]


def export_csv(matrix: PlanMatrix, out: Path | str | TextIO) -> None:
    """A path is written as UTF-8 with BOM; to a text stream (opened with ``newline=""``)
    the BOM is written first unless the stream's encoding is already ``utf-8-sig``."""
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8-sig", newline="") as handle:
            _write(matrix, handle)
        return
    if (getattr(out, "encoding", None) or "").lower().replace("_", "-") != "utf-8-sig":
        out.write("\ufeff")
    _write(matrix, out)


def _write(matrix: PlanMatrix, handle: TextIO) -> None:
    writer = csv.writer(handle, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for result in matrix.results:
        writer.writerow(csv_row(matrix, result))
