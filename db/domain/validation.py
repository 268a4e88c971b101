"""Small checks shared by the domain modules. Messages are Spanish and name the field."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from db.errors import ValidationError


class Checker:
    """Collects every problem of one write, so the user sees all of them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def required(self, row: dict[str, Any], field: str, label: str) -> None:
        value = row.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(field, f"El campo «{label}» es obligatorio.")

    def choice(self, row: dict[str, Any], field: str, label: str, options) -> None:
        if row.get(field) not in options:
            self.fail(field, f"El valor de «{label}» no es válido.")

    def iso_date(self, row: dict[str, Any], field: str, label: str) -> date | None:
        value = row.get(field)
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(field, f"«{label}» no es una fecha válida.")
            return None

    def iso_time(self, row: dict[str, Any], field: str, label: str) -> time | None:
        value = row.get(field)
        if value in (None, ""):
            return None
        try:
            return time.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(field, f"«{label}» no es una hora válida (hh:mm).")
            return None

    def count(self, row: dict[str, Any], field: str, label: str, minimum: int = 0) -> None:
        value = row.get(field)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"«{label}» debe ser un número entero.")
        elif value < minimum:
            self.fail(field, f"«{label}» debe ser mayor o igual a {minimum}.")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
