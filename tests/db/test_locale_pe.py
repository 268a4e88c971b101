"""Peruvian dates and times as real actas write them."""

from datetime import date, datetime, time, timedelta

import pytest

from db import locale_pe


def test_long_date_like_an_acta():
    assert locale_pe.long_date("2020-01-16") == "jueves 16 de enero de 2020"
    assert locale_pe.long_date(date(2023, 9, 6)) == "miércoles 6 de setiembre de 2023"
    assert locale_pe.long_date("2024-06-01") == "sábado 1 de junio de 2024"
    assert locale_pe.long_date("2020-01-16", weekday=False) == "16 de enero de 2020"


def test_short_date():
    assert locale_pe.short_date("2020-01-16") == "16/01/2020"
    assert locale_pe.short_date(None) == ""
    assert locale_pe.short_date("") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("09:22", "09:22 a.m."),
        ("11:25", "11:25 a.m."),
        ("12:05", "12:05 p.m."),
        ("00:10", "12:10 a.m."),
        ("13:00", "01:00 p.m."),
        ("23:59", "11:59 p.m."),
        (time(15, 30), "03:30 p.m."),
    ],
)
def test_clock(value, expected):
    assert locale_pe.clock(value) == expected


def test_time_range():
    assert locale_pe.time_range("09:22", "11:25") == "Desde las 09:22 a.m. hasta las 11:25 a.m."
    assert locale_pe.time_range("15:00", None) == "Desde las 03:00 p.m."
    assert locale_pe.time_range(None, "11:25") == ""
    assert locale_pe.time_range(None, None) == ""


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(5, "hace un momento"), (300, "hace 5 min"), (3600, "hace 1 hora"),
     (7300, "hace 2 horas"), (86400, "hace 1 día"), (3 * 86400, "hace 3 días")],
)
def test_ago(seconds, expected):
    now = datetime(2024, 5, 2, 12, 0)
    assert locale_pe.ago(now - timedelta(seconds=seconds), now) == expected


def test_months_use_the_peruvian_setiembre():
    assert locale_pe.MONTHS[8] == "setiembre"
    assert len(locale_pe.MONTHS) == 12 and len(locale_pe.WEEKDAYS) == 7
