"""End to end on loopback: headquarters publishes a plan template, a device receives it,
starts its committee's plan from it and sends the plan back; a withdrawal flows down too,
and the plan made from it stays."""

from __future__ import annotations

from sqlalchemy import func, select

from db.domain import plan_execution
from db.domain.plan_templates import create_plan_from_template, templates_for
from db.storage.connection import transaction
from forms.plan_xlsx import export_xlsx
from server.core.models import records
from server.sync import plan_templates
from tests.db.plan_factories import make_plan
from tests.sync.conftest import make_committee, sync


def test_template_published_received_used_and_withdrawn(hq, tmp_path):
    author = hq.device(tmp_path / "autor.sqlite", "PE-LIM")
    with transaction(author):
        ids = make_plan(author, make_committee(author, "PE-LIM", "CDRPETI LIMA"))
    matrix = tmp_path / "modelo.xlsx"
    export_xlsx(plan_execution.compute(author, ids["plan"]), matrix, db=author)
    row = plan_templates.publish_template(hq.engine, matrix, committee_kind="cdrpeti")

    device = hq.device(tmp_path / "ucayali.sqlite", "PE-UCA")
    with transaction(device):
        committee = make_committee(device)
    report = sync(device)
    assert report.pulled >= 1
    assert [t["id"] for t in templates_for(device, "cdrpeti")] == [row["id"]]
    made = create_plan_from_template(device, committee, row["id"], 2027)
    assert sync(device).applied >= made.nodes
    with hq.engine.connect() as conn:
        nodes = conn.execute(select(func.count()).select_from(records).where(
            records.c.table_name == "plan_nodes",
            records.c.committee_id == committee)).scalar_one()
    assert nodes == made.nodes

    plan_templates.withdraw_template(hq.engine, row["id"])
    sync(device)
    assert templates_for(device, "cdrpeti") == []
    kept = device.execute("SELECT count(*) FROM plan_nodes WHERE plan_id = ?"
                          " AND deleted_at IS NULL", [made.plan_id]).fetchone()[0]
    assert kept == made.nodes
