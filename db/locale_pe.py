"""Dates and times written the Peruvian way: «jueves 16 de enero de 2020», «09:22 a.m.»."""

from __future__ import annotations

from datetime import date, datetime, time

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "setiembre", "octubre", "noviembre", "diciembre",
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def as_time(value: time | str) -> time:
    return time.fromisoformat(value) if isinstance(value, str) else value


def long_date(value: date | str, *, weekday: bool = True) -> str:
    d = as_date(value)
    text = f"{d.day} de {MONTHS[d.month - 1]} de {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


def short_date(value: date | str | None) -> str:
    return as_date(value).strftime("%d/%m/%Y") if value else ""


def clock(value: time | str) -> str:
    t = as_time(value)
    hour = t.hour % 12 or 12
    suffix = "a.m." if t.hour < 12 else "p.m."
    return f"{hour:02d}:{t.minute:02d} {suffix}"


def time_range(start: time | str | None, end: time | str | None) -> str:
    if start and end:
        return f"Desde las {clock(start)} hasta las {clock(end)}"
    if start:
        return f"Desde las {clock(start)}"
    return ""


def ago(moment: datetime, now: datetime) -> str:
    """«hace 5 min», for status areas."""
    seconds = int((now - moment).total_seconds())
    if seconds < 60:
        return "hace un momento"
    if seconds < 3600:
        return f"hace {seconds // 60} min"
    if seconds < 86400:
        hours = seconds // 3600
        return f"hace {hours} hora" + ("s" if hours > 1 else "")
    days = seconds // 86400
    return f"hace {days} día" + ("s" if days > 1 else "")
