"""Minutes content: ordered blocks numbered without gaps, removable and restorable."""

import pytest

from db.domain import catalog, minutes, sessions
from tests.db.factories import make_committee, snapshot


@pytest.fixture
def session_id(db):
    return sessions.create_session(db, make_committee(db), date="2020-01-16")


def _titles(db, table, parent, section=None):
    return [(r["position"], r.get("title") or r.get("body"))
            for r in minutes.listing(db, table, parent, section)]


def test_add_numbers_positions(db, session_id):
    for title in ("Aprobación del acta anterior", "Plan Operativo 2020", "Varios"):
        minutes.add(db, "agenda_items", session_id, title=title)
    assert _titles(db, "agenda_items", session_id) == [
        (1, "Aprobación del acta anterior"), (2, "Plan Operativo 2020"), (3, "Varios")]


def test_reports_are_numbered_per_section(db, session_id):
    minutes.add(db, "reports", session_id, section="presidencia", title="4.1.1")
    minutes.add(db, "reports", session_id, section="sectores", title="4.2.1",
                institution_id=catalog.institution_id("MINEDU"))
    minutes.add(db, "reports", session_id, section="presidencia", title="4.1.2")
    minutes.add(db, "reports", session_id, title="4.1.3")  # presidencia by default
    assert _titles(db, "reports", session_id, "presidencia") == [
        (1, "4.1.1"), (2, "4.1.2"), (3, "4.1.3")]
    assert _titles(db, "reports", session_id, "sectores") == [(1, "4.2.1")]


def test_remove_renumbers_without_gaps(db, session_id):
    ids = [minutes.add(db, "agenda_items", session_id, title=t) for t in "ABCD"]
    minutes.remove(db, "agenda_items", ids[1])
    assert _titles(db, "agenda_items", session_id) == [(1, "A"), (2, "C"), (3, "D")]
    minutes.remove(db, "agenda_items", ids[0])
    assert _titles(db, "agenda_items", session_id) == [(1, "C"), (2, "D")]
    minutes.add(db, "agenda_items", session_id, title="E")
    assert _titles(db, "agenda_items", session_id) == [(1, "C"), (2, "D"), (3, "E")]


def test_restoring_in_undo_order_brings_back_the_original_numbering(db, session_id):
    ids = [minutes.add(db, "agenda_items", session_id, title=t) for t in "ABCD"]
    minutes.remove(db, "agenda_items", ids[1])
    minutes.remove(db, "agenda_items", ids[3])
    minutes.remove(db, "agenda_items", ids[0])
    assert _titles(db, "agenda_items", session_id) == [(1, "C")]
    for row_id in (ids[0], ids[3], ids[1]):  # last removed, first restored
        minutes.restore(db, "agenda_items", row_id)
    assert _titles(db, "agenda_items", session_id) == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]


def test_restore_returns_a_block_to_its_place_after_later_additions(db, session_id):
    ids = [minutes.add(db, "agenda_items", session_id, title=t) for t in "ABC"]
    minutes.remove(db, "agenda_items", ids[1])
    minutes.add(db, "agenda_items", session_id, title="D")
    minutes.restore(db, "agenda_items", ids[1])
    assert _titles(db, "agenda_items", session_id) == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]


def test_interventions_are_numbered_within_their_agenda_item(db, session_id):
    first = minutes.add(db, "agenda_items", session_id, title="POA")
    second = minutes.add(db, "agenda_items", session_id, title="Varios")
    a = minutes.add(db, "interventions", first, body="La representante del MTPE indicó…")
    minutes.add(db, "interventions", first, body="El GORE propuso…")
    minutes.add(db, "interventions", second, body="La DP consultó…")
    assert [p for p, _ in _titles(db, "interventions", first)] == [1, 2]
    assert _titles(db, "interventions", second) == [(1, "La DP consultó…")]
    minutes.remove(db, "interventions", a)
    assert _titles(db, "interventions", first) == [(1, "El GORE propuso…")]


def test_edit_changes_allowed_fields_only(db, session_id):
    item = minutes.add(db, "agenda_items", session_id, title="POA")
    assert minutes.edit(db, "agenda_items", item, {"title": "POA 2020"}) == {"title": "POA"}
    before = snapshot(db)
    with pytest.raises(ValueError, match="not editable"):
        minutes.edit(db, "agenda_items", item, {"position": 9})
    assert snapshot(db) == before


def test_requests_are_numbered_per_section(db, session_id):
    minutes.add(db, "requests", session_id, section="miembros", body="Pedido M1")
    minutes.add(db, "requests", session_id, section="presidencia", body="Pedido P1")
    minutes.add(db, "requests", session_id, body="Pedido P2")  # presidencia by default
    minutes.add(db, "requests", session_id, section="miembros", body="Pedido M2")
    assert _titles(db, "requests", session_id, "presidencia") == [
        (1, "Pedido P1"), (2, "Pedido P2")]
    assert _titles(db, "requests", session_id, "miembros") == [
        (1, "Pedido M1"), (2, "Pedido M2")]
