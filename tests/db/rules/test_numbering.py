"""Session numbering: the next number after the highest, and the short reference."""

import pytest

from db.domain.rules.numbering import next_number, session_reference


def test_first_session_is_number_one():
    assert next_number([]) == 1


def test_next_number_follows_the_highest_even_with_gaps():
    assert next_number([3, 1, 7]) == 8
    assert next_number(iter([119, 120])) == 121


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("ordinaria", "CDRPETI-SO-12"), ("extraordinaria", "CDRPETI-SE-12")],
)
def test_session_reference(kind, expected):
    assert session_reference("CDRPETI", kind, 12) == expected
