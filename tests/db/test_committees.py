"""Committees: validation with Spanish messages, quorum rule, legal instruments."""

import pytest

from db.domain import committees
from db.domain.rules.quorum import QuorumRule
from db.errors import ValidationError
from tests.db.factories import count_rows, make_committee, snapshot


def test_create_and_read_a_committee(db):
    committee_id = make_committee(db, name="  CDRPETI Cusco  ", acronym=" CDRPETI-CUS ")
    row = committees.get_committee(db, committee_id)
    assert row["name"] == "CDRPETI Cusco"  # trimmed
    assert row["acronym"] == "CDRPETI-CUS"
    assert row["state"] == "creado"
    assert row["quorum_second_call_minimum"] == 3
    assert row["min_notice_days"] == 3
    listed = committees.list_committees(db)
    assert [(c["id"], c["region_name"]) for c in listed] == [(committee_id, "Cusco")]


@pytest.mark.parametrize("name", ["", "   ", None])
def test_empty_name_is_refused_and_nothing_written(db, name):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        make_committee(db, name=name)
    assert info.value.field == "name"
    assert info.value.errors == {"name": "El campo «Nombre oficial» es obligatorio."}
    assert snapshot(db) == before


def test_every_problem_is_reported_at_once(db):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        committees.create_committee(
            db, kind="comite_x", name="", acronym="", region_code="PE-ZZZ",
            created_on="2020-05-01", installed_on="2020-04-01", quorum_first_call=0)
    assert set(info.value.errors) == {"kind", "name", "acronym", "region_code",
                                      "installed_on", "quorum_first_call"}
    assert info.value.errors["region_code"] == "La región indicada no existe en el catálogo."
    assert info.value.errors["installed_on"] == (
        "La instalación no puede ser anterior a la creación.")
    assert snapshot(db) == before


def test_bad_dates_and_counts(db):
    with pytest.raises(ValidationError) as info:
        make_committee(db, created_on="32/01/2020", min_notice_days=-1,
                       quorum_second_call="tres")
    assert info.value.errors == {
        "created_on": "«Fecha de creación» no es una fecha válida.",
        "min_notice_days": "«Días mínimos de anticipación» debe ser mayor o igual a 0.",
        "quorum_second_call": "«Quórum en segunda convocatoria» debe ser un número entero.",
    }


def test_update_validates_the_merged_row_and_writes_nothing_on_error(db):
    committee_id = make_committee(db, created_on="2019-03-01")
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        committees.update_committee(db, committee_id, {"installed_on": "2019-01-01"})
    assert info.value.field == "installed_on"
    assert snapshot(db) == before
    old = committees.update_committee(db, committee_id, {"installed_on": "2019-04-10",
                                                         "state": "instalado"})
    assert old == {"installed_on": None, "state": "creado"}
    assert committees.get_committee(db, committee_id)["state"] == "instalado"


def test_quorum_rule_defaults_to_the_law(db):
    committee = committees.get_committee(db, make_committee(db))
    assert committees.quorum_rule(committee) == QuorumRule()


def test_quorum_rule_takes_the_committee_numbers(db):
    committee_id = make_committee(db, quorum_first_call=5, quorum_second_call=4,
                                  quorum_second_call_minimum=2)
    rule = committees.quorum_rule(committees.get_committee(db, committee_id))
    assert rule == QuorumRule(first_call=5, second_call=4, second_call_minimum=2)


def test_find_committee_by_id_or_acronym(db):
    committee_id = make_committee(db, acronym="CRTF-PUN")
    assert committees.find_committee(db, committee_id)["id"] == committee_id
    assert committees.find_committee(db, "crtf-pun")["id"] == committee_id
    assert committees.find_committee(db, "NADA") is None


def test_instruments_are_validated_listed_and_updated(db):
    committee_id = make_committee(db)
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        committees.add_instrument(db, committee_id, number="  ", issued_on="ayer",
                                  instrument_type="decreto")
    assert set(info.value.errors) == {"number", "issued_on", "instrument_type"}
    assert snapshot(db) == before

    later = committees.add_instrument(db, committee_id, number="O.R. 012-2021",
                                      issued_on="2021-06-01", purpose="modificacion")
    first = committees.add_instrument(db, committee_id, number=" O.R. 005-2015 ",
                                      issued_on="2015-02-10")
    assert [i["id"] for i in committees.instruments(db, committee_id)] == [first, later]
    assert committees.instruments(db, committee_id)[0]["number"] == "O.R. 005-2015"
    committees.update_instrument(db, first, {"issuing_body": "Consejo Regional"})
    assert count_rows(db, "change_log") == before["change_log"] + 3
