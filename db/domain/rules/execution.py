"""How much of a target was executed: the ministry's percentage rules, as plain functions.

Executed % = executed ÷ target, and it may exceed 100 % (3 events against 2 is 150 %).
Pending = max(target − executed, 0). Percentages round to the nearest whole percent, halves
up (as a person rounds, not Python's banker's rounding). A target of 0 has no percentage.
An indicator with no entry in the period is «No reportado», which is not a reported zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

STATES = {
    "alcanzada": "Meta alcanzada o superada",
    "parcial": "Meta no alcanzada pero actividad realizada",
    "no_realizada": "Actividad no realizada",
    "no_reportado": "No reportado",
}
# The legend of the ministry's matrix: green, amber, red; grey for what nobody reported.
COLOURS = {
    "alcanzada": "#63BE7B",
    "parcial": "#FFC000",
    "no_realizada": "#F8696B",
    "no_reportado": "#D9D9D9",
}
NO_PERCENT = "—"


def percent(part: float, whole: float) -> int | None:
    if whole <= 0:
        return None
    ratio = Decimal(str(part)) / Decimal(str(whole)) * 100
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_percent(value: int | None) -> str:
    return NO_PERCENT if value is None else f"{value}%"


@dataclass(frozen=True)
class Execution:
    target: float
    executed: float
    entries: int

    @property
    def reported(self) -> bool:
        return self.entries > 0

    @property
    def pending(self) -> float:
        return max(self.target - self.executed, 0.0)

    @property
    def executed_percent(self) -> int | None:
        return percent(self.executed, self.target)

    @property
    def pending_percent(self) -> int | None:
        return percent(self.pending, self.target)

    @property
    def state(self) -> str:
        if not self.reported:
            return "no_reportado"
        if self.executed >= self.target and (self.target > 0 or self.executed > 0):
            return "alcanzada"
        if self.executed > 0:
            return "parcial"
        # Reported, nothing done. A zero target reported as zero: nothing was due.
        return "alcanzada" if self.target == 0 else "no_realizada"
