"""The worked example: percentages, pending, states, «No reportado», roll-ups by quarter."""

from datetime import date

import pytest

from db.domain import indicators
from db.domain.plan_execution import Period, compute
from db.domain.rules.execution import Execution, format_percent, percent
from tests.db.factories import make_committee
from tests.db.plan_factories import make_plan


@pytest.mark.parametrize(("target", "executed", "entries", "pct", "pending", "pending_pct",
                          "state"), [
    (2, 3, 2, 150, 0, 0, "alcanzada"),      # over-achieved: may exceed 100 %
    (2, 2, 1, 100, 0, 0, "alcanzada"),
    (3, 1, 1, 33, 2, 67, "parcial"),
    (8, 1, 1, 13, 7, 88, "parcial"),        # 12.5 → 13, 87.5 → 88: halves round up
    (4, 0, 1, 0, 4, 100, "no_realizada"),   # a reported zero
    (5, 0, 0, 0, 5, 100, "no_reportado"),   # nothing reported is not a zero
    (0, 2, 1, None, 0, None, "alcanzada"),  # a target of 0 has no percentage
    (0, 0, 0, None, 0, None, "no_reportado"),
])
def test_percentage_rules(target, executed, entries, pct, pending, pending_pct, state):
    execution = Execution(target, executed, entries)
    assert execution.executed_percent == pct
    assert execution.pending == pending
    assert execution.pending_percent == pending_pct
    assert execution.state == state


def test_percent_formatting():
    assert format_percent(percent(3, 2)) == "150%"
    assert format_percent(percent(1, 0)) == "—"
    assert percent(1, 200) == 1  # 0.5 % rounds up
    assert percent(1, 300) == 0


@pytest.fixture
def plan(db):
    return make_plan(db, make_committee(db))


def results_by_name(matrix):
    return {r.name: r for r in matrix.results}


def test_the_worked_example_for_the_whole_year(db, plan):
    matrix = compute(db, plan["plan"])
    got = {name: (r.target, r.executed, r.executed_percent, r.pending, r.state)
           for name, r in results_by_name(matrix).items()}
    assert got == {
        "Talleres realizados": (2, 3, 150, 0, "alcanzada"),
        "Personas capacitadas": (3, 1, 33, 2, "parcial"),
        "Spots difundidos": (4, 0, 0, 4, "no_realizada"),
        "Operativos realizados": (5, 0, 0, 5, "no_reportado"),
        "Actas levantadas": (0, 2, None, 0, "alcanzada"),
        "Plan regional aprobado": (1, 0, 0, 1, "no_reportado"),
    }
    assert matrix.period_label == "Ejecución del año 2025"
    talleres = results_by_name(matrix)["Talleres realizados"]
    assert talleres.observations == (
        "10/05/2025: Taller con familias (Callería, Coronel Portillo), 5 participantes "
        "(3 mujeres, 2 hombres). 20/08/2025: Talleres en Yarinacocha, 40 participantes.")
    assert talleres.responsibles == ["DRTPE"] and talleres.axis == "EE 1: Prevención"


def test_execution_at_a_date(db, plan):
    matrix = compute(db, plan["plan"], Period(until=date(2025, 6, 30)))
    got = {n: (r.executed, r.state) for n, r in results_by_name(matrix).items()}
    assert got["Talleres realizados"] == (1, "parcial")
    assert got["Spots difundidos"] == (0, "no_reportado"), "reported later, in July"
    assert matrix.period_label == "Ejecución al 30/06/2025"


def test_a_quarter_uses_the_quarter_target_when_scheduled(db, plan):
    matrix = compute(db, plan["plan"], Period(quarter=3))
    talleres = results_by_name(matrix)["Talleres realizados"]
    assert (talleres.target, talleres.executed, talleres.executed_percent) == (1, 2, 200)
    personas = results_by_name(matrix)["Personas capacitadas"]
    assert (personas.target, personas.state) == (3, "no_reportado")  # annual, no Q3 entry
    assert matrix.period_label == "III trimestre 2025"


def test_rollups_by_objective_axis_institution_and_quarter(db, plan):
    matrix = compute(db, plan["plan"])
    by_objective = {r.key: r for r in matrix.by_objective}
    # OE 1: talleres 100 (capped), personas 33.3, spots 0, plan regional 0 → 33 %.
    assert by_objective["OE 1"].progress == 33
    assert by_objective["OE 1"].states == {"alcanzada": 1, "parcial": 1, "no_realizada": 1,
                                           "no_reportado": 1}
    assert by_objective["OE 2"].progress == 0  # operativos not reported; actas has no target
    assert [r.key for r in matrix.by_axis] == ["EE 1: Prevención"]
    assert {r.key: r.indicators for r in matrix.by_institution} == {"DRTPE": 3, "SUNAFIL": 2}
    quarters = {r.key: r for r in matrix.by_quarter}
    assert [quarters[q].label for q in "1234"] == [
        "I trimestre 2025", "II trimestre 2025", "III trimestre 2025", "IV trimestre 2025"]
    assert quarters["2"].progress == 100 and quarters["3"].progress == 100
    assert quarters["1"].progress is None  # its target in Q1 is 0
    assert quarters["4"].states["no_reportado"] == 1


def test_the_matrix_rows_follow_the_ministry_layout(db, plan):
    rows = compute(db, plan["plan"]).rows
    assert [(r.objective_code, r.line_code, r.indicator) for r in rows] == [
        ("OE 1", "LA 1.1.1", "Talleres realizados"),
        ("OE 1", "LA 1.1.1", "Personas capacitadas"),
        ("OE 1", "LA 1.1.2", "Spots difundidos"),
        ("OE 2", "LA 2.1", "Operativos realizados"),
        ("OE 2", "LA 2.1", "Actas levantadas"),
    ]
    first = rows[0]
    assert first.first_of_objective and first.objective_indicator == "Plan regional aprobado"
    assert (first.axis, first.strategy_code, first.strategy_text) == (
        "EE 1: Prevención", "E 1.1", "Sensibilización")
    assert first.institutions == [("DRTPE", True), ("MIMP", False)]
    assert rows[3].axis == "" and rows[3].strategy_code == "", "levels left out"


def test_edited_observations_replace_the_generated_ones(db, plan):
    indicators.update_indicator(db, plan["talleres"], {"observations": "Texto revisado."})
    assert results_by_name(compute(db, plan["plan"]))["Talleres realizados"].observations == \
        "Texto revisado."


def test_entries_of_another_year_never_count_in_this_years_quarters(db, plan):
    indicators.add_entry(db, plan["personas"], "2024-12-10", 5,
                         date_note="Capacitación adelantada en diciembre")
    matrix = compute(db, plan["plan"])
    personas = results_by_name(matrix)["Personas capacitadas"]
    assert personas.executed == 6, "the year's total includes it (it was recorded for 2025)"
    assert personas.by_quarter[4] == 0
    q4 = results_by_name(compute(db, plan["plan"], Period(quarter=4)))["Personas capacitadas"]
    assert q4.executed == 0


def test_a_place_is_not_repeated_when_district_and_province_coincide(db, plan):
    indicators.add_entry(db, plan["operativos"], "2025-03-03", 1, description="Operativo",
                         province="Padre Abad", district="Padre Abad")
    text = results_by_name(compute(db, plan["plan"]))["Operativos realizados"].observations
    assert text == "03/03/2025: Operativo (Padre Abad)."
