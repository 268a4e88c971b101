"""Small read-only table models of the «Planes» area: indicators, execution entries,
per-indicator execution and roll-ups. Rows are what the page read through ``ops.read``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor

from db.domain.indicators import SCHEDULES, format_number
from db.domain.rules.execution import COLOURS, STATES, format_percent
from db.locale_pe import MONTHS, short_date
from desktop.models.rows_model import CENTER, RIGHT, Column, RowsTableModel

BRUSHES = {state: QBrush(QColor(colour)) for state, colour in COLOURS.items()}


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanTables", text)


class PlanRowsModel(RowsTableModel):
    """Plan tables keep their selection when re-read and colour cells by execution state."""

    state_brushes = BRUSHES
    refresh_in_place = True


# The models ------------------------------------------------------------------------------

def _percent(result) -> str:
    return format_percent(result.executed_percent) if result else ""


def _state(result) -> str:
    return STATES[result.state] if result else ""


def _short_state(result) -> str:
    if not result:
        return ""
    return {"alcanzada": _tr("Alcanzada"), "parcial": _tr("En avance"),
            "no_realizada": _tr("No realizada"), "no_reportado": _tr("No reportado")
            }[result.state]


class IndicatorsModel(PlanRowsModel):
    """A node's indicators as ``{"indicator": row of for_node, "result": IndicatorResult}``."""

    def __init__(self, parent=None):
        super().__init__([
            Column("name", _tr("Indicador"), lambda r: r["indicator"]["name"]),
            Column("unit", _tr("Unidad"), lambda r: r["indicator"]["unit_name"]),
            Column("annual_target", _tr("Meta física"),
                   lambda r: format_number(r["indicator"]["annual_target"]),
                   RIGHT, tooltip=lambda r: _tr("Meta física anual")),
            Column("schedule", _tr("Programación"), self.schedule_text,
                   tooltip=self.schedule_tooltip),
            Column("executed", _tr("Ejecutado"),
                   lambda r: format_number(r["result"].executed) if r["result"] else "", RIGHT),
            Column("executed_percent", _tr("%"), lambda r: _percent(r["result"]), RIGHT,
                   state=lambda r: r["result"].state if r["result"] else None),
            Column("state", _tr("Estado"), lambda r: _short_state(r["result"]),
                   state=lambda r: r["result"].state if r["result"] else None,
                   tooltip=lambda r: _state(r["result"])),
        ], key=lambda r: r["indicator"]["id"], parent=parent)

    @staticmethod
    def schedule_text(row: dict[str, Any]) -> str:
        schedule = row["indicator"]["schedule"]
        return SCHEDULES.get(schedule, schedule)

    @staticmethod
    def schedule_tooltip(row: dict[str, Any]) -> str:
        """«I: 0 · II: 1 · III: 1 · IV: 0» or «ene: 1 · feb: 0 …»."""
        targets = row.get("targets") or {}
        if row["indicator"]["schedule"] == "ninguno" or not targets:
            return _tr("Solo meta anual")
        names = ("I", "II", "III", "IV") if row["indicator"]["schedule"] == "trimestral" \
            else [m[:3] for m in MONTHS]
        return " · ".join(f"{names[p - 1]}: {format_number(targets[p])}" for p in sorted(targets))


def place(entry: dict[str, Any]) -> str:
    """«Callería, Coronel Portillo»; «Purús» once when district and province share it."""
    district, province = entry.get("district") or "", entry.get("province") or ""
    if district.casefold() == province.casefold():
        return district
    return ", ".join(p for p in (district, province) if p)


def participants(entry: dict[str, Any]) -> str:
    total, women, men = (entry.get(k) for k in ("participants_total", "participants_women",
                                                 "participants_men"))
    if total is None and women is None and men is None:
        return ""
    if women is not None and men is not None:
        return _tr("{0} ({1} M, {2} H)").format(total if total is not None else women + men,
                                                 women, men)
    return str(total if total is not None else (women or 0) + (men or 0))


class EntriesModel(PlanRowsModel):
    """An indicator's execution entries (rows of ``indicators.entries``, plus ``evidence``:
    how many files each has)."""

    def __init__(self, parent=None):
        super().__init__([
            Column("entry_date", _tr("Fecha"), lambda r: short_date(r["entry_date"])),
            Column("quantity", _tr("Cantidad"), lambda r: format_number(r["quantity"]), RIGHT),
            Column("description", _tr("Descripción"), lambda r: r["description"] or ""),
            Column("place", _tr("Lugar"), place),
            Column("participants", _tr("Participantes"), participants, RIGHT,
                   tooltip=lambda r: _tr("M: mujeres · H: hombres")),
            Column("evidence", _tr("Medios"), lambda r: str(r.get("evidence") or "") or "—", CENTER,
                   tooltip=lambda r: _tr("Medios de verificación adjuntos")),
        ], key=lambda r: r["id"], parent=parent)


class ResultsModel(PlanRowsModel):
    """The dashboard: each indicator's execution in the chosen period (IndicatorResult)."""

    def __init__(self, parent=None):
        super().__init__([
            Column("node_code", _tr("Código"), lambda r: r.node_code),
            Column("name", _tr("Indicador"), lambda r: r.name),
            Column("unit", _tr("Unidad"), lambda r: r.unit),
            Column("target", _tr("Meta"), lambda r: format_number(r.target), RIGHT),
            Column("executed", _tr("Ejecutado"), lambda r: format_number(r.executed), RIGHT),
            Column("executed_percent", _tr("% ejec."),
                   lambda r: format_percent(r.executed_percent), RIGHT, state=lambda r: r.state),
            Column("pending", _tr("Pendiente"), lambda r: format_number(r.pending), RIGHT),
            Column("pending_percent", _tr("% pend."),
                   lambda r: format_percent(r.pending_percent), RIGHT),
            Column("state", _tr("Estado"), lambda r: STATES[r.state], state=lambda r: r.state),
            Column("responsibles", _tr("Responsables"), lambda r: ", ".join(r.responsibles)),
            Column("observations", _tr("Observaciones"), lambda r: r.observations),
        ], key=lambda r: r.indicator_id, parent=parent)


SHORT_STATES = {"alcanzada": _tr("Alcanzadas"), "parcial": _tr("Parciales"),
                "no_realizada": _tr("No realizadas"), "no_reportado": _tr("No reportadas")}


def rollup_state(progress: int | None, states: dict[str, int]) -> str:
    """The colour of a group: as an indicator would be, from its «avance»."""
    if progress is None:
        return "no_reportado" if states.get("no_reportado") else "alcanzada"
    if not any(n for s, n in states.items() if s != "no_reportado"):
        return "no_reportado"
    if progress >= 100:
        return "alcanzada"
    return "parcial" if progress > 0 else "no_realizada"


class RollUpModel(PlanRowsModel):
    """Roll-ups (RollUp): by objective, axis, responsible institution or quarter."""

    def __init__(self, parent=None):
        super().__init__([
            Column("group", _tr("Grupo"), self.group_text),
            Column("indicators", _tr("Indicadores"), lambda r: str(r.indicators), RIGHT),
            Column("progress", _tr("Avance"), lambda r: format_percent(r.progress), RIGHT,
                   state=lambda r: rollup_state(r.progress, r.states)),
            *[Column(state, label, lambda r, s=state: str(r.states.get(s, 0)), RIGHT,
                     tooltip=lambda r, s=state: STATES[s])
              for state, label in SHORT_STATES.items()],
        ], key=lambda r: r.key, parent=parent)

    @staticmethod
    def group_text(rollup) -> str:
        """«OE 1: Fortalecer…», «EE 2: Detección», «DRTPE», «II trimestre 2025»."""
        if rollup.label == rollup.key or rollup.key.isdigit() or not rollup.label:
            return rollup.label or rollup.key
        return f"{rollup.key}: {rollup.label}"
