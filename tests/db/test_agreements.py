"""Agreements: validation, deadlines, responsibles, carry-over into new sessions, tracker."""

from datetime import date

import pytest

from db.domain import agreements, catalog, sessions
from db.domain.rules.deadlines import OPEN_STATES
from db.errors import ValidationError
from db.storage import records
from tests.db.factories import make_committee, snapshot

MTPE = catalog.institution_id("MTPE")
MIMP = catalog.institution_id("MIMP")
GORE = catalog.institution_id("GORE")


@pytest.fixture
def committee_id(db):
    return make_committee(db)


@pytest.fixture
def session_id(db, committee_id):
    return sessions.create_session(db, committee_id, date="2023-03-16")


def test_create_an_agreement_with_responsibles_and_a_period(db, committee_id, session_id):
    agreement_id = agreements.create_agreement(
        db, session_id, "  El MTPE se compromete a realizar capacitaciones  ",
        responsibles=[MTPE, GORE], deadline_text="segundo trimestre del 2023",
        target="4 capacitaciones")
    row = records.get(db, "agreements", agreement_id)
    assert row["text"] == "El MTPE se compromete a realizar capacitaciones"
    assert (row["number"], row["committee_id"], row["state"]) == (1, committee_id, "pendiente")
    assert (row["deadline_text"], row["deadline_end"]) == ("II trimestre 2023", "2023-06-30")
    assert [i["acronym"] for i in agreements.responsibles(db, agreement_id)] == ["GORE", "MTPE"]
    (listed,) = agreements.for_session(db, session_id)
    assert listed["responsible_acronyms"] in ("MTPE, GORE", "GORE, MTPE")


def test_agreements_are_numbered_within_their_session(db, committee_id, session_id):
    ids = [agreements.create_agreement(db, session_id, f"Acuerdo {n}") for n in range(3)]
    assert [a["number"] for a in agreements.for_session(db, session_id)] == [1, 2, 3]
    other = sessions.create_session(db, committee_id, date="2023-06-01")
    assert records.get(db, "agreements",
                       agreements.create_agreement(db, other, "Otro"))["number"] == 1
    agreements.delete_agreement(db, ids[1])
    assert [a["number"] for a in agreements.for_session(db, session_id)] == [1, 3]


def test_a_date_deadline_is_stored_canonically(db, session_id):
    agreement_id = agreements.create_agreement(
        db, session_id, "Aprobar el Plan Operativo Anual 2020",
        deadline_text="jueves 23 de enero de 2020")
    row = records.get(db, "agreements", agreement_id)
    assert (row["deadline_text"], row["deadline_end"]) == ("23/01/2020", "2020-01-23")


def test_no_deadline(db, session_id):
    row = records.get(db, "agreements", agreements.create_agreement(db, session_id, "Texto"))
    assert (row["deadline_text"], row["deadline_end"]) == ("", None)


@pytest.mark.parametrize("text", ["", "    ", None])
def test_an_agreement_needs_its_text(db, session_id, text):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        agreements.create_agreement(db, session_id, text, responsibles=[MTPE])
    assert info.value.field == "text"
    assert info.value.errors == {"text": "El campo «Texto del acuerdo» es obligatorio."}
    assert snapshot(db) == before


@pytest.mark.parametrize("deadline", ["pronto", "31/02/2024", "V trimestre 2024"])
def test_a_deadline_that_is_not_a_date_or_period_is_refused(db, session_id, deadline):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        agreements.create_agreement(db, session_id, "Aprobar el plan", deadline_text=deadline,
                                    responsibles=[MTPE])
    assert info.value.field == "deadline_text"
    assert info.value.errors["deadline_text"].startswith(f"«{deadline}» no es un plazo válido.")
    assert snapshot(db) == before


def test_all_problems_of_an_agreement_are_reported_together(db, session_id):
    with pytest.raises(ValidationError) as info:
        agreements.create_agreement(db, session_id, "", deadline_text="algún día",
                                    vote_mode="mayoria", votes_against=-1)
    assert set(info.value.errors) == {"text", "deadline_text", "votes_for", "votes_against"}
    assert info.value.errors["votes_for"] == "Indique cuántos votos a favor tuvo el acuerdo."


def test_a_majority_vote_records_its_counts(db, session_id):
    agreement_id = agreements.create_agreement(
        db, session_id, "Aprobar", vote_mode="mayoria", votes_for=9, votes_against=2,
        votes_abstain=1, dissent="Voto singular del MIMP")
    row = records.get(db, "agreements", agreement_id)
    assert (row["votes_for"], row["votes_against"], row["votes_abstain"]) == (9, 2, 1)


def test_update_agreement_recomputes_the_deadline_and_validates(db, session_id):
    agreement_id = agreements.create_agreement(db, session_id, "Texto", deadline_text="2023")
    old = agreements.update_agreement(db, agreement_id, {"deadline_text": "marzo 2024"})
    assert old == {"deadline_text": "año 2023", "deadline_end": "2023-12-31"}
    row = records.get(db, "agreements", agreement_id)
    assert (row["deadline_text"], row["deadline_end"]) == ("marzo 2024", "2024-03-31")
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        agreements.update_agreement(db, agreement_id, {"deadline_text": "cuando se pueda"})
    assert info.value.field == "deadline_text"
    with pytest.raises(ValidationError) as info:
        agreements.update_agreement(db, agreement_id, {"state": "vencido"})
    assert info.value.field == "state"  # vencido is derived, never stored
    assert snapshot(db) == before


def test_set_responsibles_replaces_the_list(db, session_id):
    agreement_id = agreements.create_agreement(db, session_id, "Texto", responsibles=[MTPE])
    assert agreements.set_responsibles(db, agreement_id, [MIMP, GORE]) == [MTPE]
    assert [i["acronym"] for i in agreements.responsibles(db, agreement_id)] == ["GORE", "MIMP"]
    assert agreements.add_responsible(db, agreement_id, MIMP) == agreements.add_responsible(
        db, agreement_id, MIMP)  # no duplicate
    assert len(agreements.responsibles(db, agreement_id)) == 2


# Carrying open agreements into the next session -----------------------------------------

def test_only_open_agreements_are_carried_into_a_new_session(db, committee_id, session_id):
    made = {}
    for state in ("pendiente", "en_proceso", "cumplido", "anulado"):
        made[state] = agreements.create_agreement(db, session_id, f"Acuerdo {state}",
                                                  state=state, responsibles=[MTPE])
    deleted = agreements.create_agreement(db, session_id, "Acuerdo borrado")
    agreements.delete_agreement(db, deleted)
    elsewhere = sessions.create_session(db, make_committee(db), date="2023-03-16")
    agreements.create_agreement(db, elsewhere, "Acuerdo de otro comité")

    new_session = sessions.create_session(db, committee_id, date="2023-06-15")
    block = agreements.session_followups(db, new_session)
    assert [r["agreement_id"] for r in block] == [made["pendiente"], made["en_proceso"]]
    assert {r["state"] for r in block} <= set(OPEN_STATES)
    first = block[0]
    assert (first["origin_kind"], first["origin_number"], first["origin_date"]) == (
        "ordinaria", 1, "2023-03-16")
    assert first["responsible_acronyms"] == "MTPE"
    assert first["body"] == ""  # waiting for what is reported at this session
    # The session an agreement was adopted in does not follow itself up.
    assert agreements.session_followups(db, session_id) == []


def test_an_agreement_fulfilled_meanwhile_is_not_carried_again(db, committee_id, session_id):
    agreement_id = agreements.create_agreement(db, session_id, "Acuerdo")
    second = sessions.create_session(db, committee_id, date="2023-06-15")
    assert len(agreements.session_followups(db, second)) == 1
    agreements.add_followup(db, agreement_id, "2023-06-15", "Se realizaron las capacitaciones",
                            session_id=second, evidence="Informe 12-2023",
                            state_after="cumplido")
    assert records.get(db, "agreements", agreement_id)["state"] == "cumplido"
    third = sessions.create_session(db, committee_id, date="2023-09-14")
    assert agreements.session_followups(db, third) == []
    history = agreements.followups(db, agreement_id)
    assert [f["body"] for f in history] == ["", "Se realizaron las capacitaciones"]


def test_open_agreements_of_every_earlier_session_are_carried(db, committee_id, session_id):
    first = agreements.create_agreement(db, session_id, "Primero")
    second_session = sessions.create_session(db, committee_id, date="2023-06-15")
    second = agreements.create_agreement(db, second_session, "Segundo", state="en_proceso")
    third_session = sessions.create_session(db, committee_id, kind="extraordinaria",
                                            date="2023-07-01")
    assert [r["agreement_id"] for r in agreements.session_followups(db, third_session)] == [
        first, second]


def test_followup_needs_a_date_a_report_and_a_known_state(db, session_id):
    agreement_id = agreements.create_agreement(db, session_id, "Acuerdo")
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        agreements.add_followup(db, agreement_id, "ayer", "  ", state_after="vencido")
    assert set(info.value.errors) == {"noted_on", "body", "state_after"}
    assert snapshot(db) == before


# The tracker and *vencido* ----------------------------------------------------------------

@pytest.fixture
def tracked(db, committee_id, session_id):
    def make(text, deadline="", state="pendiente", responsibles=()):
        return agreements.create_agreement(db, session_id, text, deadline_text=deadline,
                                           state=state, responsibles=list(responsibles))

    return {
        "late": make("Vencido", "31/03/2023", responsibles=[MTPE]),
        "late_in_progress": make("En proceso vencido", "I trimestre 2023", "en_proceso"),
        "due_today": make("Vence hoy", "30/06/2023", responsibles=[MIMP]),
        "future": make("Futuro", "II semestre 2023"),
        "done": make("Cumplido", "31/01/2023", "cumplido"),
        "void": make("Anulado", "31/01/2023", "anulado"),
        "none": make("Sin plazo"),
    }


def test_overdue_only_is_computed_against_the_given_date(db, tracked):
    flt = agreements.TrackerFilter(overdue_only=True, today=date(2023, 6, 30))
    assert set(agreements.tracker_ids(db, flt)) == {tracked["late"], tracked["late_in_progress"]}
    flt = agreements.TrackerFilter(overdue_only=True, today=date(2023, 7, 1))
    assert set(agreements.tracker_ids(db, flt)) == {
        tracked["late"], tracked["late_in_progress"], tracked["due_today"]}
    flt = agreements.TrackerFilter(overdue_only=True, today=date(2023, 1, 1))
    assert agreements.tracker_ids(db, flt) == []


def test_tracker_rows_flag_overdue_ones(db, tracked):
    ids = agreements.tracker_ids(db, agreements.TrackerFilter())
    assert len(ids) == 7
    assert ids[-1] == tracked["none"]  # no deadline goes last
    rows = agreements.tracker_rows(db, ids, date(2023, 7, 1))
    assert [r["id"] for r in rows] == ids
    overdue = {r["id"] for r in rows if r["overdue"]}
    assert overdue == {tracked["late"], tracked["late_in_progress"], tracked["due_today"]}
    assert agreements.tracker_rows(db, [], date(2023, 7, 1)) == []


def test_tracker_filters_by_state_institution_text_and_committee(db, committee_id, tracked):
    def ids(**kwargs):
        return set(agreements.tracker_ids(db, agreements.TrackerFilter(**kwargs)))

    assert ids(states=("cumplido", "anulado")) == {tracked["done"], tracked["void"]}
    assert ids(institution_id=MTPE) == {tracked["late"]}
    assert ids(text=" vencido ") == {tracked["late"], tracked["late_in_progress"]}
    assert len(ids(committee_id=committee_id)) == 7
    assert ids(committee_id=make_committee(db)) == set()
