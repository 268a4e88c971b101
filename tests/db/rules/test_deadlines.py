"""Deadlines: a date or a period; *vencido* is derived from the last day it covers."""

from datetime import date

import pytest

from db.domain.rules.deadlines import Deadline, is_overdue, parse_deadline
from db.errors import ValidationError

D = date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dates, in the forms secretaries type them.
        ("31/03/2025", Deadline("31/03/2025", D(2025, 3, 31), D(2025, 3, 31), False)),
        ("2025-03-31", Deadline("31/03/2025", D(2025, 3, 31), D(2025, 3, 31), False)),
        ("31.03.2025", Deadline("31/03/2025", D(2025, 3, 31), D(2025, 3, 31), False)),
        ("5-3-2025", Deadline("05/03/2025", D(2025, 3, 5), D(2025, 3, 5), False)),
        ("23 de enero de 2020", Deadline("23/01/2020", D(2020, 1, 23), D(2020, 1, 23), False)),
        ("jueves 23 de enero de 2020",
         Deadline("23/01/2020", D(2020, 1, 23), D(2020, 1, 23), False)),
        ("Miércoles 1 de setiembre, 2021",
         Deadline("01/09/2021", D(2021, 9, 1), D(2021, 9, 1), False)),
        # Months.
        ("marzo 2025", Deadline("marzo 2025", D(2025, 3, 1), D(2025, 3, 31), True)),
        ("Febrero de 2024", Deadline("febrero 2024", D(2024, 2, 1), D(2024, 2, 29), True)),
        ("septiembre 2025", Deadline("setiembre 2025", D(2025, 9, 1), D(2025, 9, 30), True)),
        # Quarters.
        ("II trimestre 2023", Deadline("II trimestre 2023", D(2023, 4, 1), D(2023, 6, 30), True)),
        ("segundo trimestre del 2023",
         Deadline("II trimestre 2023", D(2023, 4, 1), D(2023, 6, 30), True)),
        ("IV Trimestre 2025",
         Deadline("IV trimestre 2025", D(2025, 10, 1), D(2025, 12, 31), True)),
        ("1er trimestre 2025", Deadline("I trimestre 2025", D(2025, 1, 1), D(2025, 3, 31), True)),
        ("1° trimestre 2025", Deadline("I trimestre 2025", D(2025, 1, 1), D(2025, 3, 31), True)),
        ("1º trimestre 2025", Deadline("I trimestre 2025", D(2025, 1, 1), D(2025, 3, 31), True)),
        ("T3 2025", Deadline("III trimestre 2025", D(2025, 7, 1), D(2025, 9, 30), True)),
        ("3t 2025", Deadline("III trimestre 2025", D(2025, 7, 1), D(2025, 9, 30), True)),
        # Semesters.
        ("I semestre 2025", Deadline("I semestre 2025", D(2025, 1, 1), D(2025, 6, 30), True)),
        ("2do semestre 2025",
         Deadline("II semestre 2025", D(2025, 7, 1), D(2025, 12, 31), True)),
        ("S1 2025", Deadline("I semestre 2025", D(2025, 1, 1), D(2025, 6, 30), True)),
        # Years.
        ("año 2025", Deadline("año 2025", D(2025, 1, 1), D(2025, 12, 31), True)),
        ("Año 2025", Deadline("año 2025", D(2025, 1, 1), D(2025, 12, 31), True)),
        ("2025", Deadline("año 2025", D(2025, 1, 1), D(2025, 12, 31), True)),
        ("  II   trimestre   2023  ",
         Deadline("II trimestre 2023", D(2023, 4, 1), D(2023, 6, 30), True)),
    ],
)
def test_parse_deadline_accepts_dates_and_periods(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "pronto",
        "lo antes posible",
        "31/02/2025",      # no such day
        "13/13/2025",
        "2025-13-01",
        "V trimestre 2025",
        "III semestre 2025",
        "T5 2025",
        "S3 2025",
        "marzo",           # a month without a year
        "trimestre 2025",
        "año 1850",        # outside any plausible range
        "31/03/25",        # two-digit year is ambiguous
        "abc 2025",
    ],
)
def test_parse_deadline_rejects_garbage_with_a_spanish_message(text):
    with pytest.raises(ValidationError) as info:
        parse_deadline(text, "deadline_text")
    assert info.value.field == "deadline_text"
    message = info.value.errors["deadline_text"]
    assert message.startswith(f"«{text.strip()}» no es un plazo válido.")
    assert "II trimestre 2025" in message  # tells the user what is accepted


def test_parse_deadline_default_field_name():
    with pytest.raises(ValidationError) as info:
        parse_deadline("cuando se pueda")
    assert info.value.field == "deadline"


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_deadline_means_none(text):
    assert parse_deadline(text) is None


@pytest.mark.parametrize(
    ("state", "deadline_end", "today", "overdue"),
    [
        ("pendiente", "2025-03-31", D(2025, 4, 1), True),
        ("en_proceso", "2025-03-31", D(2025, 4, 1), True),
        ("pendiente", D(2025, 3, 31), D(2025, 4, 1), True),
        ("pendiente", "2025-03-31", D(2025, 3, 31), False),  # the last day is still in time
        ("pendiente", "2025-03-31", D(2025, 1, 1), False),
        ("cumplido", "2025-03-31", D(2025, 4, 1), False),
        ("anulado", "2025-03-31", D(2025, 4, 1), False),
        ("pendiente", None, D(2025, 4, 1), False),
        ("pendiente", "", D(2025, 4, 1), False),
    ],
)
def test_is_overdue(state, deadline_end, today, overdue):
    assert is_overdue(state, deadline_end, today) is overdue


def test_a_period_is_overdue_only_after_its_last_day():
    deadline = parse_deadline("II trimestre 2023")
    assert not is_overdue("pendiente", deadline.end, D(2023, 6, 30))
    assert is_overdue("pendiente", deadline.end, D(2023, 7, 1))
