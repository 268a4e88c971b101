"""Agreement deadlines: a date or a period (``II trimestre 2025``), and *vencido*.

A deadline is stored as its canonical text plus the last day it covers, so that
"overdue" is a simple comparison against today.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from db.errors import ValidationError
from db.locale_pe import MONTHS

OPEN_STATES = ("pendiente", "en_proceso")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ORDINALS = {
    "i": 1, "1": 1, "1er": 1, "1ro": 1, "1°": 1, "1º": 1, "primer": 1, "primero": 1,
    "ii": 2, "2": 2, "2do": 2, "2°": 2, "2º": 2, "segundo": 2,
    "iii": 3, "3": 3, "3er": 3, "3ro": 3, "3°": 3, "3º": 3, "tercer": 3, "tercero": 3,
    "iv": 4, "4": 4, "4to": 4, "4°": 4, "4º": 4, "cuarto": 4,
}
WEEKDAYS = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
HELP = (
    "El plazo debe ser una fecha (31/03/2025) o un periodo reconocido "
    "(«II trimestre 2025», «I semestre 2025», «marzo 2025», «año 2025»)."
)


@dataclass(frozen=True)
class Deadline:
    text: str
    start: date
    end: date
    is_period: bool


def _fold(text: str) -> str:
    """Lower-case, accents removed, single spaces, 'de'/'del' dropped."""
    # NFKD would turn the ordinal indicator of «1º» into a plain "o"; keep it as «1°».
    text = unicodedata.normalize("NFKD", text.strip().lower().replace("º", "°"))
    text = "".join(c for c in text if not unicodedata.combining(c) or c == "\u0303")
    text = unicodedata.normalize("NFC", text).replace(",", " ")
    words = [w for w in text.split() if w not in ("de", "del", "el", "la", "al")]
    return " ".join(words)


_MONTH_INDEX = {unicodedata.normalize("NFKD", m).encode("ascii", "ignore").decode(): i
                for i, m in enumerate(MONTHS, start=1)}
_MONTH_INDEX["setiembre"] = 9
_MONTH_INDEX["septiembre"] = 9


def _year(token: str) -> int:
    year = int(token)
    if not 1990 <= year <= 2100:
        raise ValueError
    return year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _period(kind: str, n: int, year: int) -> Deadline:
    size = 3 if kind == "trimestre" else 6
    if not 1 <= n <= 12 // size:
        raise ValueError
    first = (n - 1) * size + 1
    last = first + size - 1
    return Deadline(f"{ROMAN[n]} {kind} {year}", date(year, first, 1), _month_end(year, last),
                    True)


def _parse(text: str) -> Deadline:
    folded = _fold(text)
    # ISO and numeric dates.
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", folded):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return Deadline(d.strftime("%d/%m/%Y"), d, d, False)
    if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", folded):
        d = date(_year(m[3]), int(m[2]), int(m[1]))
        return Deadline(d.strftime("%d/%m/%Y"), d, d, False)
    words = folded.split()
    if words and words[0] in WEEKDAYS:
        words = words[1:]
    # "31 marzo 2025"
    if len(words) == 3 and words[0].isdigit() and words[1] in _MONTH_INDEX:
        d = date(_year(words[2]), _MONTH_INDEX[words[1]], int(words[0]))
        return Deadline(d.strftime("%d/%m/%Y"), d, d, False)
    # "marzo 2025"
    if len(words) == 2 and words[0] in _MONTH_INDEX:
        year, month = _year(words[1]), _MONTH_INDEX[words[0]]
        return Deadline(f"{MONTHS[month - 1]} {year}", date(year, month, 1),
                        _month_end(year, month), True)
    # "ii trimestre 2025", "segundo semestre 2025"
    if len(words) == 3 and words[1] in ("trimestre", "semestre") and words[0] in ORDINALS:
        return _period(words[1], ORDINALS[words[0]], _year(words[2]))
    # "t2 2025", "2t 2025", "s1 2025"
    if len(words) == 2 and (m := re.fullmatch(r"([ts])(\d)|(\d)([ts])", words[0])):
        letter = m[1] or m[4]
        n = int(m[2] or m[3])
        return _period("trimestre" if letter == "t" else "semestre", n, _year(words[1]))
    # "ano 2025", "2025"
    if len(words) == 2 and words[0] in ("ano", "año", "anio"):
        words = words[1:]
    if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
        year = _year(words[0])
        return Deadline(f"año {year}", date(year, 1, 1), date(year, 12, 31), True)
    raise ValueError


def parse_deadline(text: str, field: str = "deadline") -> Deadline | None:
    """Parse what a secretary types. Empty text means 'no deadline' and returns None."""
    if not text or not text.strip():
        return None
    try:
        return _parse(text)
    except (ValueError, KeyError):
        raise ValidationError({field: f"«{text.strip()}» no es un plazo válido. {HELP}"}) from None


def is_overdue(state: str, deadline_end: date | str | None, today: date) -> bool:
    """*Vencido*: still open and its deadline's last day is before ``today``."""
    if state not in OPEN_STATES or not deadline_end:
        return False
    if isinstance(deadline_end, str):
        deadline_end = date.fromisoformat(deadline_end)
    return deadline_end < today
