"""Small read-only table models of the «Planes» area: indicators, execution entries,
per-indicator execution and roll-ups. Rows are what the page read through ``ops.read``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from db.indicators import SCHEDULES, format_number
from db.locale_pe import MONTHS, short_date
from db.rules.execution import COLOURS, STATES, format_percent

Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
BRUSHES = {state: QBrush(QColor(colour)) for state, colour in COLOURS.items()}
BLACK = QBrush(QColor("#1a1a1a"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanTables", text)


@dataclass(frozen=True)
class Col:
    header: str
    text: Callable[[Any], str]
    align: Qt.AlignmentFlag = LEFT
    state: Callable[[Any], str | None] | None = None  # colours the cell by state
    tooltip: Callable[[Any], str] | None = None


class RowsTableModel(QAbstractTableModel):
    """Rows (dicts or dataclasses) with a key each; same keys → cells refresh in place."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    STATE_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, columns: Sequence[Col], key: Callable[[Any], str], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.key = key
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if [self.key(r) for r in rows] == [self.key(r) for r in self._rows] and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def id_at(self, row: int) -> str | None:
        item = self.row_at(row)
        return None if item is None else self.key(item)

    def row_of(self, key: str | None) -> int:
        for number, item in enumerate(self._rows):
            if self.key(item) == key:
                return number
        return -1

    def column_texts(self, column: int) -> list[str]:
        return [self.columns[column].text(r) for r in self._rows]

    # Qt interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        item, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(item) if column.tooltip else column.text(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == self.ID_ROLE:
            return self.key(item)
        state = column.state(item) if column.state else None
        if role == self.STATE_ROLE:
            return state
        if state and role == Qt.ItemDataRole.BackgroundRole:
            return BRUSHES.get(state)
        if state and role == Qt.ItemDataRole.ForegroundRole:
            return BLACK  # readable on the light legend colours in a dark theme too
        return None


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


class IndicatorsModel(RowsTableModel):
    """A node's indicators as ``{"indicator": row of for_node, "result": IndicatorResult}``."""

    def __init__(self, parent=None):
        super().__init__([
            Col(_tr("Indicador"), lambda r: r["indicator"]["name"]),
            Col(_tr("Unidad"), lambda r: r["indicator"]["unit_name"]),
            Col(_tr("Meta física"), lambda r: format_number(r["indicator"]["annual_target"]),
                RIGHT, tooltip=lambda r: _tr("Meta física anual")),
            Col(_tr("Programación"), self.schedule_text, tooltip=self.schedule_tooltip),
            Col(_tr("Ejecutado"),
                lambda r: format_number(r["result"].executed) if r["result"] else "", RIGHT),
            Col(_tr("%"), lambda r: _percent(r["result"]), RIGHT,
                state=lambda r: r["result"].state if r["result"] else None),
            Col(_tr("Estado"), lambda r: _short_state(r["result"]),
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


class EntriesModel(RowsTableModel):
    """An indicator's execution entries (rows of ``indicators.entries``, plus ``evidence``:
    how many files each has)."""

    def __init__(self, parent=None):
        super().__init__([
            Col(_tr("Fecha"), lambda r: short_date(r["entry_date"])),
            Col(_tr("Cantidad"), lambda r: format_number(r["quantity"]), RIGHT),
            Col(_tr("Descripción"), lambda r: r["description"] or ""),
            Col(_tr("Lugar"), place),
            Col(_tr("Participantes"), participants, RIGHT,
                tooltip=lambda r: _tr("M: mujeres · H: hombres")),
            Col(_tr("Medios"), lambda r: str(r.get("evidence") or "") or "—", CENTER,
                tooltip=lambda r: _tr("Medios de verificación adjuntos")),
        ], key=lambda r: r["id"], parent=parent)


class ResultsModel(RowsTableModel):
    """The dashboard: each indicator's execution in the chosen period (IndicatorResult)."""

    def __init__(self, parent=None):
        super().__init__([
            Col(_tr("Código"), lambda r: r.node_code),
            Col(_tr("Indicador"), lambda r: r.name),
            Col(_tr("Unidad"), lambda r: r.unit),
            Col(_tr("Meta"), lambda r: format_number(r.target), RIGHT),
            Col(_tr("Ejecutado"), lambda r: format_number(r.executed), RIGHT),
            Col(_tr("% ejec."), lambda r: format_percent(r.executed_percent), RIGHT,
                state=lambda r: r.state),
            Col(_tr("Pendiente"), lambda r: format_number(r.pending), RIGHT),
            Col(_tr("% pend."), lambda r: format_percent(r.pending_percent), RIGHT),
            Col(_tr("Estado"), lambda r: STATES[r.state], state=lambda r: r.state),
            Col(_tr("Responsables"), lambda r: ", ".join(r.responsibles)),
            Col(_tr("Observaciones"), lambda r: r.observations),
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


class RollUpModel(RowsTableModel):
    """Roll-ups (RollUp): by objective, axis, responsible institution or quarter."""

    def __init__(self, parent=None):
        super().__init__([
            Col(_tr("Grupo"), self.group_text),
            Col(_tr("Indicadores"), lambda r: str(r.indicators), RIGHT),
            Col(_tr("Avance"), lambda r: format_percent(r.progress), RIGHT,
                state=lambda r: rollup_state(r.progress, r.states)),
            *[Col(label, lambda r, s=state: str(r.states.get(s, 0)), RIGHT,
                  tooltip=lambda r, s=state: STATES[s])
              for state, label in SHORT_STATES.items()],
        ], key=lambda r: r.key, parent=parent)

    @staticmethod
    def group_text(rollup) -> str:
        """«OE 1: Fortalecer…», «EE 2: Detección», «DRTPE», «II trimestre 2025»."""
        if rollup.label == rollup.key or rollup.key.isdigit() or not rollup.label:
            return rollup.label or rollup.key
        return f"{rollup.key}: {rollup.label}"
