"""Work plans: the tree, codes, levels, institutions, copying, references."""

import pytest

from db.domain import catalog, indicators, plan_copy, plans
from db.errors import NotFoundError, ValidationError
from tests.db.factories import make_committee, snapshot
from tests.db.plan_factories import make_plan


@pytest.fixture
def committee_id(db):
    return make_committee(db, acronym="CDRPETI-UCAYALI")


@pytest.fixture
def plan(db, committee_id):
    return make_plan(db, committee_id)


def test_a_plan_per_committee_and_year(db, committee_id, plan):
    row = plans.get_plan(db, plan["plan"])
    assert (row["year"], row["title"]) == (2025, "Plan de Trabajo Anual 2025")
    before = snapshot(db)
    with pytest.raises(ValidationError, match="ya tiene un plan para el año 2025"):
        plans.create_plan(db, committee_id, 2025)
    with pytest.raises(ValidationError, match="entre 2000 y 2100"):
        plans.create_plan(db, committee_id, 25)
    assert snapshot(db) == before
    assert plans.find_plan(db, "CDRPETI-UCAYALI-2025")["id"] == plan["plan"]
    assert plans.find_plan(db, "cdrpeti-ucayali-2025")["id"] == plan["plan"]
    with pytest.raises(NotFoundError, match="No existe el plan 2024"):
        plans.find_plan(db, "CDRPETI-UCAYALI-2024")
    with pytest.raises(NotFoundError, match="no es una referencia de plan válida"):
        plans.find_plan(db, "CDRPETI")


def test_the_tree_is_walked_in_printed_order(db, plan):
    codes = [(n["level"], n["code"]) for n in plans.nodes(db, plan["plan"])]
    assert codes == [("objetivo", "OE 1"), ("eje", "EE 1"), ("estrategia", "E 1.1"),
                     ("linea", "LA 1.1.1"), ("linea", "LA 1.1.2"), ("objetivo", "OE 2"),
                     ("linea", "LA 2.1")]


@pytest.mark.parametrize(("level", "code", "parent", "field", "message"), [
    ("linea", "LA 1.1.1", "e11", "code", "El código «LA 1.1.1» ya existe en este plan."),
    ("linea", "la 1.1.1", "e11", "code", "ya existe"),
    ("linea", "  ", "e11", "code", "El código es obligatorio"),
    ("eje", "EE 9", "la111", "level", "no puede ir dentro"),
    ("linea", "LA 9", None, "parent_id", "Solo los objetivos específicos van en el primer"),
])
def test_bad_nodes_are_refused(db, plan, level, code, parent, field, message):
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        plans.add_node(db, plan["plan"], level, code, "Texto",
                       parent_id=plan[parent] if parent else None)
    assert message in info.value.errors[field]
    assert snapshot(db) == before


def test_levels_can_be_left_out(db, plan):
    line = plans.add_node(db, plan["plan"], "linea", "LA 2.2", "Charlas", parent_id=plan["oe2"])
    assert plans.node(db, line)["parent_id"] == plan["oe2"]


def test_suggested_codes_follow_the_ministry_style(db, plan):
    assert plans.suggest_code(db, plan["plan"], "objetivo", None) == "OE 3"
    assert plans.suggest_code(db, plan["plan"], "linea", plan["e11"]) == "LA 1.1.3"
    assert plans.suggest_code(db, plan["plan"], "linea", plan["oe2"]) == "LA 2.2"


def test_removing_a_branch_and_undoing_it(db, plan):
    before = {n["id"] for n in plans.nodes(db, plan["plan"])}
    removed = plans.remove_node(db, plan["ee1"])
    left = [n["code"] for n in plans.nodes(db, plan["plan"])]
    assert left == ["OE 1", "OE 2", "LA 2.1"]
    assert ("indicators", plan["talleres"]) in removed
    assert indicators.for_node(db, plan["la111"]) == []
    plans.restore_rows(db, removed)
    assert {n["id"] for n in plans.nodes(db, plan["plan"])} == before
    assert [i["name"] for i in indicators.for_node(db, plan["la111"])] == [
        "Talleres realizados", "Personas capacitadas"]
    assert len(indicators.entries(db, plan["talleres"])) == 2


def test_reordering_within_a_level(db, plan):
    assert plans.move_node(db, plan["la112"], -1) == -1
    assert [n["code"] for n in plans.nodes(db, plan["plan"])][3:5] == ["LA 1.1.2", "LA 1.1.1"]
    assert plans.move_node(db, plan["la112"], -5) == 0  # already first
    assert plans.move_node(db, plan["la112"], 1) == 1


def test_institutions_responsible_and_involved(db, plan):
    rows = plans.node_institutions(db, plan["la111"])
    assert [(r["acronym"], r["is_responsible"]) for r in rows] == [("DRTPE", 1), ("MIMP", 0)]
    previous = plans.set_institutions(db, plan["la111"],
                                      [(catalog.institution_id("MIMP"), True)])
    assert sorted(previous) == sorted([(catalog.institution_id("DRTPE"), True),
                                       (catalog.institution_id("MIMP"), False)])
    rows = plans.node_institutions(db, plan["la111"])
    assert [(r["acronym"], r["is_responsible"]) for r in rows] == [("MIMP", 1)]


def test_copying_last_years_plan(db, committee_id, plan):
    copy = plan_copy.copy_plan(db, plan["plan"], 2026)
    assert plans.get_plan(db, copy)["source_plan_id"] == plan["plan"]
    original = [(n["level"], n["code"], n["text"]) for n in plans.nodes(db, plan["plan"])]
    copied_nodes = plans.nodes(db, copy)
    assert [(n["level"], n["code"], n["text"]) for n in copied_nodes] == original
    la111 = next(n for n in copied_nodes if n["code"] == "LA 1.1.1")
    copied = indicators.for_node(db, la111["id"])
    assert [(i["name"], i["annual_target"], i["schedule"]) for i in copied] == [
        ("Talleres realizados", 2.0, "trimestral"), ("Personas capacitadas", 3.0, "ninguno")]
    assert indicators.schedule_targets(db, copied[0]["id"]) == {1: 0, 2: 1, 3: 1, 4: 0}
    assert indicators.entries(db, copied[0]["id"]) == [], "execution is not copied"
    assert [r["acronym"] for r in plans.node_institutions(db, la111["id"])] == ["DRTPE", "MIMP"]


def test_undoing_a_removal_puts_the_node_back_in_its_place(db, plan):
    plans.move_node(db, plan["oe2"], -1)
    removed = plans.remove_node(db, plan["oe2"])
    plans.restore_rows(db, removed)
    assert [n["code"] for n in plans.nodes(db, plan["plan"]) if n["level"] == "objetivo"] == [
        "OE 2", "OE 1"]
