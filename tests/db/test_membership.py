"""Seats and designations: one seat per institution, history of representatives kept."""

import pytest

from db.domain import catalog, membership
from db.errors import ValidationError
from db.storage import records
from tests.db.factories import make_committee, snapshot


@pytest.fixture
def committee_id(db):
    return make_committee(db)


@pytest.fixture
def seat_id(db, committee_id):
    return membership.add_seat(db, committee_id, catalog.institution_id("MTPE"))


def test_add_seats_in_order_and_count_only_voting_seats(db, committee_id):
    gore = membership.add_seat(db, committee_id, catalog.institution_id("GORE"),
                               is_presidency=True)
    drtpe = membership.add_seat(db, committee_id, catalog.institution_id("DRTPE"),
                                is_secretariat=True)
    dp = membership.add_seat(db, committee_id, catalog.institution_id("DP"), "observador")
    oit = membership.add_seat(db, committee_id, catalog.institution_id("OIT"),
                              "invitado_permanente")
    minedu = membership.add_seat(db, committee_id, catalog.institution_id("MINEDU"))
    rows = membership.seats(db, committee_id)
    # Presidency, secretariat, members, permanent invitees, observers.
    assert [r["id"] for r in rows] == [gore, drtpe, minedu, oit, dp]
    assert [r["position"] for r in rows] == [1, 2, 5, 4, 3]
    assert rows[0]["acronym"] == "GORE" and rows[0]["is_presidency"] == 1
    assert membership.voting_seat_count(db, committee_id) == 3


def test_a_seat_for_an_institution_already_seated_is_refused(db, committee_id, seat_id):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        membership.add_seat(db, committee_id, catalog.institution_id("MTPE"), "observador")
    assert info.value.field == "institution_id"
    assert info.value.errors["institution_id"] == (
        "La institución MTPE ya tiene un asiento en este comité.")
    assert snapshot(db) == before


def test_the_same_institution_may_sit_in_another_committee(db, seat_id):
    other = make_committee(db)
    other_seat = membership.add_seat(db, other, catalog.institution_id("MTPE"))
    assert records.get(db, "seats", other_seat)["committee_id"] == other


def test_the_institution_may_be_seated_again_after_its_seat_was_removed(
        db, committee_id, seat_id):
    membership.remove_seat(db, seat_id)
    assert membership.seats(db, committee_id) == []
    again = membership.add_seat(db, committee_id, catalog.institution_id("MTPE"))
    assert [r["id"] for r in membership.seats(db, committee_id)] == [again]


def test_update_seat_refuses_moving_onto_a_seated_institution(db, committee_id, seat_id):
    other = membership.add_seat(db, committee_id, catalog.institution_id("MIMP"))
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        membership.update_seat(db, other, {"institution_id": catalog.institution_id("MTPE")})
    assert info.value.field == "institution_id"
    assert snapshot(db) == before
    # Changing the role of a seat keeps its own institution: no clash with itself.
    assert membership.update_seat(db, seat_id, {"role": "observador"}) == {"role": "miembro"}


def test_seat_needs_an_institution_and_a_known_role(db, committee_id):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        membership.add_seat(db, committee_id, None, "vocal")
    assert info.value.errors == {"institution_id": "El campo «Institución» es obligatorio.",
                                 "role": "El valor de «Rol» no es válido."}
    assert snapshot(db) == before


def test_a_new_titular_closes_the_previous_designation_and_keeps_history(db, seat_id):
    ana = membership.designate(db, seat_id, "titular", "Ana Quispe Mamani", "2023-01-10",
                               document="Oficio N° 012-2023")
    before_log = snapshot(db)["change_log"]
    beatriz = membership.designate(db, seat_id, "titular", "  Beatriz Huamán Ccori ",
                                   "2024-03-01")
    assert snapshot(db)["change_log"] == before_log + 2  # close the old + insert the new

    history = membership.designations(db, seat_id)
    assert [d["id"] for d in history] == [beatriz, ana]  # newest first
    assert history[0]["person_name"] == "Beatriz Huamán Ccori"
    assert history[0]["ended_on"] is None
    assert history[1]["ended_on"] == "2024-03-01"
    assert history[1]["document"] == "Oficio N° 012-2023"


def test_designating_an_alterno_leaves_the_titular_in_office(db, seat_id):
    titular = membership.designate(db, seat_id, "titular", "Ana Quispe", "2023-01-10")
    membership.designate(db, seat_id, "alterno", "Carlos Rojas", "2023-05-02")
    assert records.get(db, "designations", titular)["ended_on"] is None


def test_seats_show_the_representatives_in_office_on_a_given_date(db, committee_id, seat_id):
    membership.designate(db, seat_id, "titular", "Ana Quispe", "2023-01-10")
    membership.designate(db, seat_id, "alterno", "Carlos Rojas", "2023-05-02")
    membership.designate(db, seat_id, "titular", "Beatriz Huamán", "2024-03-01")

    def in_office(day):
        (row,) = membership.seats(db, committee_id, on=day)
        return row["titular"], row["alterno"]

    assert in_office("2022-12-31") == (None, None)
    assert in_office("2023-01-10") == ("Ana Quispe", None)
    assert in_office("2023-06-01") == ("Ana Quispe", "Carlos Rojas")
    assert in_office("2024-02-29") == ("Ana Quispe", "Carlos Rojas")
    assert in_office("2024-03-01") == ("Beatriz Huamán", "Carlos Rojas")
    assert in_office(None) == ("Beatriz Huamán", "Carlos Rojas")  # today


def test_representative_on(db, seat_id):
    ana = membership.designate(db, seat_id, "titular", "Ana Quispe", "2023-01-10")
    beatriz = membership.designate(db, seat_id, "titular", "Beatriz Huamán", "2024-03-01")
    assert membership.representative_on(db, seat_id, "titular", "2023-01-09") is None
    assert membership.representative_on(db, seat_id, "titular", "2023-07-28")["id"] == ana
    assert membership.representative_on(db, seat_id, "titular", "2024-03-01")["id"] == beatriz
    assert membership.representative_on(db, seat_id, "alterno", "2024-03-01") is None


@pytest.mark.parametrize("name", ["", "   ", None])
def test_designation_without_a_person_name_is_refused(db, seat_id, name):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        membership.designate(db, seat_id, "titular", name, "2024-01-01")
    assert info.value.field == "person_name"
    assert info.value.errors == {"person_name": "El campo «Nombres y apellidos» es obligatorio."}
    assert snapshot(db) == before


def test_designation_needs_a_valid_position_and_date(db, seat_id):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        membership.designate(db, seat_id, "suplente", "Ana Quispe", "10/01/2023")
    assert info.value.errors == {
        "position": "El valor de «Cargo» no es válido.",
        "designated_on": "«Fecha de designación» no es una fecha válida.",
    }
    with pytest.raises(ValidationError) as info:
        membership.designate(db, seat_id, "titular", "Ana Quispe", "")
    assert info.value.field == "designated_on"
    assert snapshot(db) == before
