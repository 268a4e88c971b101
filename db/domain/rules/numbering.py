"""Session numbering: per committee and kind, consecutive across years."""

from __future__ import annotations

from collections.abc import Iterable

KIND_ABBREVIATIONS = {"ordinaria": "SO", "extraordinaria": "SE"}


def next_number(existing: Iterable[int]) -> int:
    return max(existing, default=0) + 1


def session_reference(committee_acronym: str, kind: str, number: int) -> str:
    """A short, human reference such as ``CDRPETI-SO-12``."""
    return f"{committee_acronym}-{KIND_ABBREVIATIONS[kind]}-{number}"
