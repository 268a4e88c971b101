"""Dates and times written the Peruvian way: «jueves 16 de enero de 2020», «09:22 a.m.».

Also the one place that says what «now» and «today» mean: Lima time, whatever the
machine's clock zone. A laptop set to UTC (or a server) must not date a signature or an
overdue agreement a day ahead between 19:00 and 24:00 Lima time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "setiembre", "octubre", "noviembre", "diciembre",
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

# Peru keeps UTC−5 all year (no daylight saving since 1994), so a fixed offset is exact
# and needs no time-zone database (Windows ships none).
LIMA = timezone(timedelta(hours=-5), "PET")


def lima_now() -> datetime:
    """The current instant as Lima wall-clock time (aware)."""
    return datetime.now(UTC).astimezone(LIMA)


def lima_today() -> date:
    """Today's date in Lima: what every «hoy», deadline and signing date means."""
    return lima_now().date()


def in_lima(moment: datetime) -> datetime:
    """An instant in Lima time; a naive datetime is taken as Lima wall-clock time."""
    return moment.replace(tzinfo=LIMA) if moment.tzinfo is None else moment.astimezone(LIMA)


def lima_moment(stamp: str | None) -> datetime | None:
    """A stored ISO instant (UTC «…Z» or with an offset; naive = Lima) in Lima time."""
    if not stamp:
        return None
    return in_lima(datetime.fromisoformat(stamp.replace("Z", "+00:00")))


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


def moment_text(moment: datetime) -> str:
    """«12/03/2025 10:14 a.m.»: an instant written in Lima time."""
    local = in_lima(moment)
    return f"{short_date(local.date())} {clock(local.time())}"


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
