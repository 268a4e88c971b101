"""Quorum by the general rules of Ley 27444, configurable per committee.

First call: an absolute majority of the voting seats (more than half).
Second call: one third of the legal number of members, and never fewer than three.
A committee's reglamento interno may replace either number with a fixed count.
Only seats with role *miembro* vote; observers and invitees never count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FIRST_CALL = "primera"
SECOND_CALL = "segunda"


@dataclass(frozen=True)
class QuorumRule:
    first_call: int | None = None  # None: absolute majority
    second_call: int | None = None  # None: one third of the members, rounded up
    second_call_minimum: int = 3

    def required(self, members: int, call: str = FIRST_CALL) -> int:
        if members <= 0:
            return 0
        if call == SECOND_CALL:
            base = self.second_call if self.second_call else math.ceil(members / 3)
            return max(base, self.second_call_minimum)
        return self.first_call if self.first_call else members // 2 + 1


@dataclass(frozen=True)
class QuorumStatus:
    present: int
    members: int
    required: int
    call: str = FIRST_CALL

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.required

    @property
    def label(self) -> str:
        """The indicator the secretary sees, e.g. «9 de 15 miembros — hay quórum»."""
        noun = "miembro" if self.members == 1 else "miembros"
        verdict = "hay quórum" if self.reached else "no hay quórum"
        return f"{self.present} de {self.members} {noun} — {verdict}"

    @property
    def detail(self) -> str:
        call = "primera" if self.call == FIRST_CALL else "segunda"
        return f"Se requieren {self.required} en {call} convocatoria."


def evaluate(rule: QuorumRule, members: int, present: int, call: str = FIRST_CALL) -> QuorumStatus:
    return QuorumStatus(present=present, members=members, required=rule.required(members, call),
                        call=call)
