"""Sessions: numbering, validation, state machine, the signed-acta lock, attendance, quorum."""

import pytest

from db.domain import agreements, catalog, membership, minutes, sessions
from db.errors import LockedRecordError, ValidationError
from db.storage import records
from tests.db.factories import institution_ids, make_committee, snapshot, walk_to


@pytest.fixture
def committee_id(db):
    return make_committee(db, city="Cusco")


@pytest.fixture
def session_id(db, committee_id):
    return sessions.create_session(db, committee_id, date="2020-01-16", start_time="09:22",
                                   end_time="11:25")


# Numbering -----------------------------------------------------------------------------

def test_sessions_are_numbered_per_committee_and_kind(db, committee_id):
    other = make_committee(db)

    def number(cid, kind="ordinaria", day="2024-01-10"):
        return sessions.get_session(db, sessions.create_session(db, cid, kind=kind,
                                                                date=day))["number"]

    assert [number(committee_id) for _ in range(3)] == [1, 2, 3]
    assert number(committee_id, "extraordinaria") == 1
    assert number(other) == 1
    assert number(committee_id, "extraordinaria") == 2
    assert sessions.next_number(db, committee_id, "ordinaria") == 4
    assert sessions.next_number(db, committee_id, "extraordinaria") == 3
    assert sessions.next_number(db, other, "extraordinaria") == 1


def test_numbering_continues_after_an_explicit_number(db, committee_id):
    first = sessions.create_session(db, committee_id, number=120, date="2023-03-01")
    assert sessions.get_session(db, first)["number"] == 120
    assert sessions.next_number(db, committee_id, "ordinaria") == 121
    second = sessions.create_session(db, committee_id, date="2023-06-01")
    assert sessions.get_session(db, second)["number"] == 121


def test_a_duplicate_number_is_refused_on_create(db, committee_id, session_id):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.create_session(db, committee_id, number=1, date="2020-02-20")
    assert info.value.field == "number"
    assert info.value.errors["number"] == "Ya existe la sesión ordinaria N° 1 en este comité."
    assert snapshot(db) == before
    # The same number is fine for the other kind and for another committee.
    sessions.create_session(db, committee_id, kind="extraordinaria", number=1, date="2020-02-20")
    sessions.create_session(db, make_committee(db), number=1, date="2020-02-20")


def test_a_duplicate_number_is_refused_on_update(db, committee_id, session_id):
    second = sessions.create_session(db, committee_id, date="2020-03-12")
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.update_session(db, second, {"number": 1})
    assert info.value.field == "number"
    assert snapshot(db) == before
    assert sessions.get_session(db, second)["number"] == 2
    # Keeping its own number is no clash.
    assert sessions.update_session(db, second, {"number": 2, "venue": "Sala 1"}) == {"venue": ""}


@pytest.mark.parametrize("number", [0, -3, "5", True])
def test_the_number_must_be_a_positive_integer(db, committee_id, number):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.create_session(db, committee_id, number=number, date="2020-01-16")
    assert info.value.errors == {
        "number": "El número de sesión debe ser un entero mayor que cero."}
    assert snapshot(db) == before


def test_reference_and_title(db, committee_id):
    session_id = sessions.create_session(db, committee_id, kind="extraordinaria", number=7,
                                         date="2024-05-02")
    session = sessions.get_session(db, session_id)
    acronym = db.execute("SELECT acronym FROM committees WHERE id = ?",
                         [committee_id]).fetchone()[0]
    assert sessions.reference(db, session) == f"{acronym}-SE-7"
    assert sessions.title(session) == "Sesión Extraordinaria N° 7"


# Validation ----------------------------------------------------------------------------

def test_defaults_of_a_new_session(db, committee_id, session_id):
    row = sessions.get_session(db, session_id)
    assert (row["state"], row["call"], row["modality"], row["kind"]) == (
        "programada", "primera", "presencial", "ordinaria")
    assert row["city"] == "Cusco"  # from the committee
    assert (row["start_time"], row["end_time"]) == ("09:22", "11:25")


@pytest.mark.parametrize("day", ["", "   ", None])
def test_a_session_needs_a_date(db, committee_id, day):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.create_session(db, committee_id, date=day)
    assert info.value.field == "date"
    assert info.value.errors["date"] == "El campo «Fecha» es obligatorio."
    assert snapshot(db) == before


def test_a_date_that_is_not_a_date_is_refused(db, committee_id):
    with pytest.raises(ValidationError) as info:
        sessions.create_session(db, committee_id, date="16/01/2020")
    assert info.value.errors == {"date": "«Fecha» no es una fecha válida."}


@pytest.mark.parametrize(("start", "end"), [("11:25", "09:22"), ("10:00", "10:00")])
def test_end_time_must_follow_start_time(db, committee_id, start, end):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.create_session(db, committee_id, date="2020-01-16", start_time=start,
                                end_time=end)
    assert info.value.errors == {
        "end_time": "La hora de término debe ser posterior a la hora de inicio."}
    assert snapshot(db) == before


def test_end_time_before_start_time_is_refused_on_update(db, session_id):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.update_session(db, session_id, {"end_time": "08:00"})
    assert info.value.field == "end_time"
    assert snapshot(db) == before


def test_bad_choices_and_times_are_all_reported(db, committee_id):
    with pytest.raises(ValidationError) as info:
        sessions.create_session(db, committee_id, kind="especial", date="2020-01-16",
                                modality="telepatía", call="tercera", start_time="9h")
    assert set(info.value.errors) == {"kind", "modality", "call", "start_time"}
    assert info.value.errors["start_time"] == "«Hora de inicio» no es una hora válida (hh:mm)."


@pytest.mark.parametrize(
    ("convened_on", "expected"),
    [
        ("2020-01-10", None),
        ("2020-01-13", None),
        ("2020-01-14", "La convocatoria se hizo con 2 día(s) de anticipación; "
                       "el mínimo del comité es 3."),
        ("2020-01-17", "La fecha de convocatoria es posterior a la fecha de la sesión."),
        (None, None),
    ],
)
def test_notice_warning(convened_on, expected):
    committee = {"min_notice_days": 3}
    assert sessions.notice_warning(committee, {"date": "2020-01-16",
                                               "convened_on": convened_on}) == expected


# States and the signed-acta lock --------------------------------------------------------

@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("programada", "realizada"),
        ("programada", "sin_quorum"),
        ("realizada", "acta_aprobada"),
        ("realizada", "programada"),
        ("realizada", "sin_quorum"),
        ("sin_quorum", "programada"),
        ("sin_quorum", "realizada"),
        ("acta_aprobada", "realizada"),
    ],
)
def test_allowed_transitions(db, session_id, start, target):
    walk_to(db, session_id, start)
    assert sessions.set_state(db, session_id, target) == {"state": start}
    assert sessions.get_session(db, session_id)["state"] == target


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("programada", "acta_aprobada"),
        ("programada", "acta_firmada"),
        ("realizada", "acta_firmada"),
        ("sin_quorum", "acta_aprobada"),
        ("acta_aprobada", "programada"),
        ("acta_aprobada", "acta_firmada"),  # only by attaching the signed acta
        ("acta_firmada", "acta_aprobada"),
        ("acta_firmada", "realizada"),
        ("acta_firmada", "programada"),
        ("programada", "archivada"),
    ],
)
def test_refused_transitions(db, session_id, start, target):
    walk_to(db, session_id, start)
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.set_state(db, session_id, target)
    assert info.value.field == "state"
    assert info.value.errors["state"].startswith(
        f"No se puede pasar de «{sessions.STATES[start]}» a ")
    assert snapshot(db) == before
    assert sessions.get_session(db, session_id)["state"] == start


def test_setting_the_current_state_is_a_no_op(db, session_id):
    before = snapshot(db)
    assert sessions.set_state(db, session_id, "programada") == {}
    assert snapshot(db) == before


@pytest.fixture
def signed(db, committee_id, session_id):
    seat_id = membership.add_seat(db, committee_id, catalog.institution_id("MTPE"))
    item_id = minutes.add(db, "agenda_items", session_id, title="Plan Operativo 2020")
    agreement_id = agreements.create_agreement(db, session_id, "Aprobar el POA 2020",
                                               deadline_text="31/03/2020")
    walk_to(db, session_id, "acta_firmada")
    return {"session": session_id, "seat": seat_id, "item": item_id, "agreement": agreement_id}


@pytest.mark.parametrize(
    "write",
    [
        lambda db, ids: sessions.update_session(db, ids["session"], {"venue": "Otra sala"}),
        lambda db, ids: sessions.update_session(db, ids["session"], {"call": "segunda"}),
        lambda db, ids: sessions.update_session(db, ids["session"], {"state": "programada"}),
        lambda db, ids: sessions.update_session(db, ids["session"],
                                                {"state": "acta_aprobada", "notes": "x"}),
        lambda db, ids: sessions.set_attendance(db, ids["session"], ids["seat"], "titular"),
        lambda db, ids: sessions.add_invitee(db, ids["session"], "Rosa Ticona"),
        lambda db, ids: sessions.delete_session(db, ids["session"]),
        lambda db, ids: minutes.add(db, "agenda_items", ids["session"], title="Varios"),
        lambda db, ids: minutes.edit(db, "agenda_items", ids["item"], {"title": "Otro"}),
        lambda db, ids: minutes.remove(db, "agenda_items", ids["item"]),
        lambda db, ids: minutes.add(db, "interventions", ids["item"], body="Intervino"),
        lambda db, ids: agreements.create_agreement(db, ids["session"], "Nuevo acuerdo"),
        lambda db, ids: agreements.update_agreement(db, ids["agreement"], {"text": "Otro"}),
        lambda db, ids: agreements.delete_agreement(db, ids["agreement"]),
        lambda db, ids: agreements.set_responsibles(db, ids["agreement"],
                                                    [catalog.institution_id("MTPE")]),
    ],
    ids=["update", "update-call", "update-state", "update-state-and-notes", "attendance",
         "invitee", "delete", "minutes-add", "minutes-edit", "minutes-remove",
         "intervention-add", "agreement-create", "agreement-update", "agreement-delete",
         "agreement-responsibles"],
)
def test_a_signed_acta_refuses_writes(db, signed, write):
    before = snapshot(db)
    with pytest.raises(LockedRecordError) as info:
        write(db, signed)
    assert "ya está firmada" in info.value.message
    assert snapshot(db) == before
    assert sessions.get_session(db, signed["session"])["state"] == "acta_firmada"


def test_a_signed_acta_still_lets_its_agreements_be_followed_up(db, signed):
    agreements.update_agreement(db, signed["agreement"], {"state": "cumplido"})
    assert records.get(db, "agreements", signed["agreement"])["state"] == "cumplido"


def test_update_session_cannot_skip_the_state_machine(db, session_id):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.update_session(db, session_id, {"state": "acta_firmada"})
    assert info.value.field == "state"
    assert snapshot(db) == before
    sessions.update_session(db, session_id, {"state": "realizada"})
    assert sessions.get_session(db, session_id)["state"] == "realizada"


# Attendance and quorum -----------------------------------------------------------------

@pytest.fixture
def fifteen(db, committee_id):
    """A committee of 15 voting seats plus an observer and a permanent invitee."""
    member_seats = [membership.add_seat(db, committee_id, i)
                    for i in institution_ids(db, 15, skip=("DP", "OIT"))]
    observer = membership.add_seat(db, committee_id, catalog.institution_id("DP"), "observador")
    invitee = membership.add_seat(db, committee_id, catalog.institution_id("OIT"),
                                  "invitado_permanente")
    return {"members": member_seats, "observer": observer, "invitee": invitee}


def test_quorum_counts_only_member_seats(db, session_id, fifteen):
    for seat in fifteen["members"][:7] + [fifteen["observer"], fifteen["invitee"]]:
        sessions.set_attendance(db, session_id, seat, "titular")
    status = sessions.quorum_status(db, session_id)
    assert (status.present, status.members, status.required) == (7, 15, 8)
    assert status.label == "7 de 15 miembros — no hay quórum"

    sessions.set_attendance(db, session_id, fifteen["members"][7], "alterno")
    sessions.set_attendance(db, session_id, fifteen["members"][8], "titular")
    status = sessions.quorum_status(db, session_id)
    assert status.reached
    assert status.label == "9 de 15 miembros — hay quórum"


def test_marking_a_seat_absent_takes_it_out_of_the_count(db, session_id, fifteen):
    for seat in fifteen["members"][:8]:
        sessions.set_attendance(db, session_id, seat, "titular")
    assert sessions.quorum_status(db, session_id).reached
    previous = sessions.set_attendance(db, session_id, fifteen["members"][0], "ninguno",
                                       "Comisión de servicio")
    assert previous == {"attendee": "titular", "justification": ""}
    status = sessions.quorum_status(db, session_id)
    assert (status.present, status.reached) == (7, False)
    sheet = {r["seat_id"]: r for r in sessions.attendance_sheet(db, session_id)}
    assert sheet[fifteen["members"][0]]["attendee"] == "ninguno"
    assert sheet[fifteen["members"][0]]["justification"] == "Comisión de servicio"
    assert sheet[fifteen["members"][14]]["attendee"] == "ninguno"  # never marked


def test_set_attendance_stores_the_quorum_with_the_session(db, session_id, fifteen):
    for seat in fifteen["members"][:5]:
        sessions.set_attendance(db, session_id, seat, "titular")
    row = sessions.get_session(db, session_id)
    assert (row["quorum_present"], row["quorum_members"], row["quorum_required"]) == (5, 15, 8)

    sessions.update_session(db, session_id, {"call": "segunda"})
    row = sessions.get_session(db, session_id)
    assert (row["quorum_present"], row["quorum_members"], row["quorum_required"]) == (5, 15, 5)
    assert sessions.quorum_status(db, session_id).reached

    sessions.update_session(db, session_id, {"call": "primera"})
    assert sessions.get_session(db, session_id)["quorum_required"] == 8


def test_second_call_never_requires_fewer_than_three(db, committee_id, session_id):
    seats = [membership.add_seat(db, committee_id, i) for i in institution_ids(db, 6)]
    sessions.set_attendance(db, session_id, seats[0], "titular")
    assert sessions.get_session(db, session_id)["quorum_required"] == 4
    sessions.update_session(db, session_id, {"call": "segunda"})
    assert sessions.get_session(db, session_id)["quorum_required"] == 3


def test_a_committee_with_its_own_quorum_numbers(db):
    committee_id = make_committee(db, quorum_first_call=5, quorum_second_call=4)
    session_id = sessions.create_session(db, committee_id, date="2024-04-04")
    seats = [membership.add_seat(db, committee_id, i) for i in institution_ids(db, 12)]
    for seat in seats[:5]:
        sessions.set_attendance(db, session_id, seat, "titular")
    status = sessions.quorum_status(db, session_id)
    assert (status.required, status.reached) == (5, True)
    assert status.label == "5 de 12 miembros — hay quórum"
    sessions.update_session(db, session_id, {"call": "segunda"})
    assert sessions.get_session(db, session_id)["quorum_required"] == 4


def test_attendance_records_the_representative_in_office_on_the_session_date(
        db, committee_id, session_id):
    seat = membership.add_seat(db, committee_id, catalog.institution_id("MTPE"))
    membership.designate(db, seat, "titular", "Ana Quispe", "2019-05-01")
    membership.designate(db, seat, "alterno", "Carlos Rojas", "2019-05-01")
    membership.designate(db, seat, "titular", "Beatriz Huamán", "2020-06-01")  # after
    sessions.set_attendance(db, session_id, seat, "titular")
    (row,) = sessions.attendance_sheet(db, session_id)
    assert (row["attendee"], row["person_name"]) == ("titular", "Ana Quispe")
    assert (row["titular"], row["alterno"]) == ("Ana Quispe", "Carlos Rojas")
    sessions.set_attendance(db, session_id, seat, "alterno")
    (row,) = sessions.attendance_sheet(db, session_id)
    assert (row["attendee"], row["person_name"]) == ("alterno", "Carlos Rojas")
    assert sessions.has_attendance(db, session_id)


def test_an_unknown_attendee_value_is_refused(db, committee_id, session_id):
    seat = membership.add_seat(db, committee_id, catalog.institution_id("MTPE"))
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.set_attendance(db, session_id, seat, "presidente")
    assert info.value.field == "attendee"
    assert snapshot(db) == before
    assert not sessions.has_attendance(db, session_id)


# Invitees ------------------------------------------------------------------------------

def test_invitees_are_numbered_and_need_a_name(db, session_id):
    first = sessions.add_invitee(db, session_id, " Rosa Ticona ", "OIT", "Consultora")
    second = sessions.add_invitee(db, session_id, "Luis Apaza")
    rows = sessions.invitees(db, session_id)
    assert [(r["id"], r["position"]) for r in rows] == [(first, 1), (second, 2)]
    assert rows[0]["person_name"] == "Rosa Ticona"
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        sessions.add_invitee(db, session_id, "  ")
    assert info.value.field == "person_name"
    assert snapshot(db) == before


def test_a_deleted_session_frees_its_number(db, committee_id, session_id):
    sessions.delete_session(db, session_id)
    assert records.get(db, "sessions", session_id)["deleted_at"] is not None
    assert sessions.next_number(db, committee_id, "ordinaria") == 1
