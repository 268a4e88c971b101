"""Quorum by Ley 27444: absolute majority at first call, one third (min. 3) at second."""

import pytest

from db.domain.rules.quorum import FIRST_CALL, SECOND_CALL, QuorumRule, QuorumStatus, evaluate


@pytest.mark.parametrize(
    ("members", "required"),
    [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 4), (10, 6), (15, 8), (16, 9), (17, 9)],
)
def test_first_call_is_an_absolute_majority(members, required):
    assert QuorumRule().required(members, FIRST_CALL) == required
    assert QuorumRule().required(members) == required  # first call is the default


@pytest.mark.parametrize(
    ("members", "required"),
    [(4, 3), (6, 3), (9, 3), (10, 4), (12, 4), (15, 5), (16, 6), (30, 10), (31, 11)],
)
def test_second_call_is_one_third_rounded_up_never_fewer_than_three(members, required):
    assert QuorumRule().required(members, SECOND_CALL) == required


def test_no_members_requires_nothing_and_never_reaches_quorum():
    rule = QuorumRule()
    assert rule.required(0) == 0
    assert rule.required(0, SECOND_CALL) == 0
    status = evaluate(rule, members=0, present=0)
    assert status.reached is False
    assert status.label == "0 de 0 miembros — no hay quórum"


def test_custom_numbers_from_the_reglamento_interno():
    rule = QuorumRule(first_call=5, second_call=4, second_call_minimum=3)
    assert rule.required(15, FIRST_CALL) == 5
    assert rule.required(15, SECOND_CALL) == 4


def test_custom_second_call_minimum_raises_the_floor():
    assert QuorumRule(second_call_minimum=5).required(6, SECOND_CALL) == 5
    assert QuorumRule(second_call=2, second_call_minimum=3).required(20, SECOND_CALL) == 3
    # The first call is not affected by the second-call minimum.
    assert QuorumRule(second_call_minimum=5).required(6, FIRST_CALL) == 4


def test_label_when_there_is_quorum():
    status = evaluate(QuorumRule(), members=15, present=9)
    assert status.required == 8
    assert status.reached is True
    assert status.label == "9 de 15 miembros — hay quórum"


def test_label_when_there_is_no_quorum():
    status = evaluate(QuorumRule(), members=15, present=7)
    assert status.reached is False
    assert status.label == "7 de 15 miembros — no hay quórum"


def test_exactly_the_required_number_reaches_quorum():
    assert evaluate(QuorumRule(), members=16, present=9).reached is True
    assert evaluate(QuorumRule(), members=16, present=8).reached is False


def test_second_call_can_install_with_fewer_members():
    assert evaluate(QuorumRule(), 15, 5, FIRST_CALL).reached is False
    status = evaluate(QuorumRule(), 15, 5, SECOND_CALL)
    assert status.reached is True
    assert status.call == SECOND_CALL


def test_label_uses_singular_for_one_member():
    assert QuorumStatus(present=1, members=1, required=1).label == "1 de 1 miembro — hay quórum"


def test_detail_names_the_call():
    assert evaluate(QuorumRule(), 15, 0).detail == "Se requieren 8 en primera convocatoria."
    assert evaluate(QuorumRule(), 15, 0, SECOND_CALL).detail == (
        "Se requieren 5 en segunda convocatoria."
    )
