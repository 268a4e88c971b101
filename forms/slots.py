"""Where a signature goes: the link between a laid-out acta and its PDF signature fields."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignatureSlot:
    field_name: str  # unique in the document, no dots (PDF uses them for hierarchy)
    page: int  # 0-based page index
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom-left
