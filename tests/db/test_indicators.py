"""Indicators, schedules and execution entries: every bad input refused in Spanish."""

import pytest

from db.domain import indicators
from db.errors import ValidationError
from tests.db.factories import make_committee, snapshot
from tests.db.plan_factories import make_plan, unit


@pytest.fixture
def plan(db):
    return make_plan(db, make_committee(db))


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3.0), ("1,5", 1.5), ("1.5", 1.5), ("2.000", 2000.0), ("2.000,5", 2000.5),
    ("0.125", 0.125), ("0,125", 0.125), ("1234.567", 1234.567), ("12.345.678", 12345678.0),
    (" 7 ", 7.0), (4, 4.0), (0, 0.0)])
def test_numbers_typed_the_peruvian_way(text, value):
    from db.domain.validation import Checker

    check = Checker()
    assert indicators.number(text, "x", "Meta", check) == value
    assert check.errors == {}


@pytest.mark.parametrize(("value", "message"), [
    ("dos", "«Meta física» debe ser un número; se escribió «dos»."),
    ("-3", "«Meta física» no puede ser negativo."),
    ("", "El campo «Meta física» es obligatorio."),
])
def test_a_target_that_is_not_a_number_or_negative(db, plan, value, message):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        indicators.add_indicator(db, plan["la21"], "Charlas", unit(db, "Evento"), value)
    assert info.value.errors["annual_target"] == message
    assert snapshot(db) == before


def test_an_indicator_needs_a_unit_and_a_measured_level(db, plan):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        indicators.add_indicator(db, plan["la21"], "Charlas", None, 3)
    assert info.value.errors["unit_id"] == "Indique la unidad de medida del indicador."
    with pytest.raises(ValidationError) as info:
        indicators.add_indicator(db, plan["ee1"], "Charlas", unit(db, "Evento"), 3)
    assert "objetivos o líneas de acción" in info.value.errors["node_id"]
    assert snapshot(db) == before


def test_a_schedule_must_sum_to_the_annual_target(db, plan):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        indicators.add_indicator(db, plan["la21"], "Charlas", unit(db, "Evento"), 4,
                                 schedule="trimestral", targets={1: 1, 2: 1, 3: 1})
    assert info.value.errors["targets"] == (
        "La programación suma 3 y la meta anual es 4: deben coincidir.")
    assert snapshot(db) == before
    made = indicators.add_indicator(db, plan["la21"], "Charlas", unit(db, "Evento"), 4,
                                    schedule="mensual", targets={3: 2, 9: "2"})
    assert indicators.schedule_targets(db, made) == {m: (2.0 if m in (3, 9) else 0.0)
                                                     for m in range(1, 13)}
    with pytest.raises(ValidationError, match="suma 4 y la meta anual es 5"):
        indicators.update_indicator(db, made, {"annual_target": 5})
    previous = indicators.set_schedule(db, made, "ninguno", {})
    assert previous["schedule"] == "mensual" and previous["targets"][3] == 2.0
    assert indicators.schedule_targets(db, made) == {}
    indicators.update_indicator(db, made, {"annual_target": "5"})


def test_execution_entries_refuse_bad_input(db, plan):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        indicators.add_entry(db, plan["operativos"], "2025-03-01", "-1")
    assert info.value.errors["quantity"] == "«Cantidad ejecutada» no puede ser negativo."
    with pytest.raises(ValidationError) as info:
        indicators.add_entry(db, plan["operativos"], "2025-03-01", "tres")
    assert "debe ser un número" in info.value.errors["quantity"]
    with pytest.raises(ValidationError) as info:
        indicators.add_entry(db, plan["operativos"], "2025-03-01", 1, participants_women=3,
                             participants_men=2, participants_total=7)
    assert "no coincide con mujeres (3) más hombres (2)" in \
        info.value.errors["participants_total"]
    assert snapshot(db) == before


def test_a_date_outside_the_plan_year_needs_a_reason(db, plan):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        indicators.add_entry(db, plan["operativos"], "2024-12-15", 1)
    assert "fuera del año del plan (2025)" in info.value.errors["entry_date"]
    assert snapshot(db) == before
    entry = indicators.add_entry(db, plan["operativos"], "2024-12-15", 1,
                                 date_note="Operativo reprogramado de diciembre")
    assert indicators.entries(db, plan["operativos"])[0]["id"] == entry


def test_evidence_is_stored_with_its_hash_and_limited_in_size(db, plan):
    from db.storage import blobs

    indicators.set_evidence_limit(db, 1024)
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        indicators.add_entry(db, plan["operativos"], "2025-04-01", 1,
                             evidence=[("fotos.jpg", b"\xff\xd8\xff" + b"0" * 2048)])
    assert "el máximo para medios de verificación es" in info.value.errors["evidence"]
    assert snapshot(db) == before
    entry = indicators.add_entry(db, plan["operativos"], "2025-04-01", 1,
                                 evidence=[("lista.pdf", b"%PDF-1.4 lista de asistencia")])
    [stored] = indicators.evidence(db, entry)
    assert stored["mime_type"] == "application/pdf"
    assert stored["sha256"] == blobs.sha256_hex(b"%PDF-1.4 lista de asistencia")


def test_participants_total_is_derived_when_only_the_split_is_known(db, plan):
    entry = indicators.add_entry(db, plan["operativos"], "2025-04-01", 1,
                                 participants_women=4, participants_men=6)
    assert indicators.entries(db, plan["operativos"])[0]["participants_total"] == 10
    assert entry
