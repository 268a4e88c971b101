"""Plan templates (schema v6): a matrix becomes JSON at headquarters and a committee's plan
on the device, the same plan an import of the matrix gives; bad templates write nothing."""

from __future__ import annotations

import json

import pytest

from db.domain import plan_execution, plan_templates
from db.domain.plan_import import PlanImportError, import_plan, parse_plan_file
from db.domain.plan_templates import content_of, create_plan_from_template, templates_for
from db.errors import NotFoundError, ValidationError
from db.storage import records
from db.storage.connection import transaction
from forms.plan_xlsx import export_xlsx
from tests.db.factories import make_committee, snapshot
from tests.db.plan_factories import make_plan
from tests.db.test_plan_import import describe


def receive(db, template_id: str, content: str, *, title: str = "Plan modelo CDRPETI",
            kind: str = "", deleted: bool = False) -> None:
    """Write a template row as a pull from headquarters does (not logged)."""
    with transaction(db):
        records.apply_remote(db, "plan_templates", template_id, "insert", {
            "title": title, "committee_kind": kind, "year": 2026, "content": content,
            "notes": "", "is_custom": 0})
        if deleted:
            records.apply_remote(db, "plan_templates", template_id, "delete", {})


@pytest.fixture
def matrix(db, tmp_path):
    committee = make_committee(db, acronym="CDRPETI-MODELO")
    ids = make_plan(db, committee)
    path = tmp_path / "modelo.xlsx"
    export_xlsx(plan_execution.compute(db, ids["plan"]), path, db=db)
    return path


def test_a_plan_from_a_template_is_the_plan_an_import_gives(db, matrix):
    parsed, issues = parse_plan_file(matrix)
    assert issues == []
    receive(db, "t-1", content_of(parsed))
    from_template = make_committee(db, acronym="CDRPETI-A")
    imported = make_committee(db, acronym="CDRPETI-B")
    made = create_plan_from_template(db, from_template, "t-1", 2027)
    reference = import_plan(db, imported, matrix, year=2027)
    assert made.plan_id and made.year == 2027 and made.nodes == reference.nodes > 0
    assert describe(db, made.plan_id) == describe(db, reference.plan_id)
    logged = {r["table_name"] for r in db.query(
        "SELECT table_name FROM change_log WHERE row_id IN (SELECT id FROM plan_nodes"
        " WHERE plan_id = ?)", [made.plan_id])}
    assert logged == {"plan_nodes"}  # written like any local change: it syncs up


def test_templates_are_listed_by_committee_kind(db, matrix):
    content = content_of(parse_plan_file(matrix)[0])
    receive(db, "todos", content, title="Para todos")
    receive(db, "trata", content, title="Solo trata", kind="trata")
    receive(db, "retirada", content, title="Retirada", deleted=True)
    assert [t["id"] for t in templates_for(db, "cdrpeti")] == ["todos"]
    assert [t["id"] for t in templates_for(db, "trata")] == ["todos", "trata"]
    assert [t["title"] for t in templates_for(db)] == ["Para todos", "Solo trata"]


def test_refusals_are_spanish_and_write_nothing(db, matrix):
    content = content_of(parse_plan_file(matrix)[0])
    committee = make_committee(db, acronym="CDRPETI-C")
    receive(db, "trata", content, title="Solo trata", kind="trata")
    receive(db, "retirada", content, deleted=True)
    receive(db, "rota", "{no es json", title="Rota")
    future = json.dumps({"version": 99, "nodes": []})
    receive(db, "futura", future, title="Futura")
    unknown = json.loads(content)
    unknown["nodes"][0]["institutions"] = {"INSTITUCIÓN INEXISTENTE": True}
    receive(db, "desconocida", json.dumps(unknown), title="Con otra institución")
    before = snapshot(db)
    with pytest.raises(ValidationError, match="otro tipo de comité"):
        create_plan_from_template(db, committee, "trata", 2027)
    with pytest.raises(NotFoundError, match="retiró"):
        create_plan_from_template(db, committee, "retirada", 2027)
    with pytest.raises(ValidationError, match="«Rota» recibida de la sede está dañada"):
        create_plan_from_template(db, committee, "rota", 2027)
    with pytest.raises(ValidationError, match="versión 99"):
        create_plan_from_template(db, committee, "futura", 2027)
    with pytest.raises(PlanImportError, match="INSTITUCIÓN INEXISTENTE"):
        create_plan_from_template(db, committee, "desconocida", 2027)
    assert snapshot(db) == before


def test_a_year_already_planned_is_refused(db, matrix):
    committee = make_committee(db, acronym="CDRPETI-D")
    receive(db, "t-1", content_of(parse_plan_file(matrix)[0]))
    create_plan_from_template(db, committee, "t-1", 2027, title="Plan 2027 de la región")
    before = snapshot(db)
    with pytest.raises(ValidationError, match="ya tiene un plan para el año 2027"):
        create_plan_from_template(db, committee, "t-1", 2027)
    assert snapshot(db) == before
    titles = [p["title"] for p in db.query("SELECT title FROM work_plans WHERE committee_id = ?",
                                           [committee])]
    assert titles == ["Plan 2027 de la región"]


def test_content_round_trip_keeps_schedules_and_institutions(db, matrix):
    parsed = parse_plan_file(matrix)[0]
    again = plan_templates.parse_content(content_of(parsed), "x")
    assert [(n.code, n.level, n.parent_code, n.institutions) for n in again.nodes] == \
        [(n.code, n.level, n.parent_code, n.institutions) for n in parsed.nodes]
    assert [(i.name, i.unit, i.target, i.schedule, i.targets) for n in again.nodes
            for i in n.indicators] == [(i.name, i.unit, i.target, i.schedule, i.targets)
                                       for n in parsed.nodes for i in n.indicators]
