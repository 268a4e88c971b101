"""Plan templates at headquarters: published from a matrix workbook, received by every
device of every region, withdrawn the same way; devices cannot write them."""

from __future__ import annotations

import pytest

from db.domain import plan_execution
from db.domain.plan_templates import parse_content
from forms.plan_xlsx import export_xlsx
from server.cli.main import main
from server.sync import plan_templates
from server.sync.plan_templates import TemplateError
from tests.db.factories import make_committee
from tests.db.plan_factories import make_plan
from tests.server.support import LIMA, UCAYALI, insert, update


@pytest.fixture
def matrix(db, tmp_path):
    ids = make_plan(db, make_committee(db, acronym="CDRPETI-MODELO"))
    path = tmp_path / "Plan modelo.xlsx"
    export_xlsx(plan_execution.compute(db, ids["plan"]), path, db=db)
    return path


def test_published_template_reaches_every_region_and_devices_cannot_change_it(hq, matrix):
    ucayali, lima = hq.enroll(UCAYALI), hq.enroll(LIMA)
    row = plan_templates.publish_template(hq.engine, matrix, committee_kind="cdrpeti",
                                          notes="Úsela como punto de partida.")
    for device in (ucayali, lima):
        entries = [e for e in device.pull_all()[0] if e.table == "plan_templates"]
        assert [(e.row_id, e.op) for e in entries] == [(row["id"], "insert")]
        fields = entries[0].fields
        assert fields["committee_kind"] == "cdrpeti" and fields["is_custom"] == 0
        assert len(parse_content(fields["content"]).nodes) > 3
    assert plan_templates.list_templates(hq.engine)[0]["title"] == row["title"]
    before = hq.counts()
    results = ucayali.push([
        update("plan_templates", row["id"], title="Cambiada"),
        insert("plan_templates", title="Propia", content="{}", is_custom=1),
    ]).results
    assert [r.outcome for r in results] == ["rejected", "rejected"]
    assert all("solo la sede central" in r.reason for r in results)
    after = hq.counts()
    assert after["records"] == before["records"] and after["feed"] == before["feed"]
    title = plan_templates.withdraw_template(hq.engine, row["id"])
    assert title == row["title"] and plan_templates.list_templates(hq.engine) == []
    cursor = ucayali.pull_all()[1]
    assert cursor > 0
    with pytest.raises(TemplateError, match="ya fue retirada"):
        plan_templates.withdraw_template(hq.engine, row["id"])


def test_a_workbook_with_problems_publishes_nothing(hq, tmp_path):
    before = hq.counts()
    with pytest.raises(TemplateError, match="No existe el archivo"):
        plan_templates.publish_template(hq.engine, tmp_path / "falta.xlsx")
    broken = tmp_path / "roto.xlsx"
    broken.write_bytes(b"esto no es un libro de Excel")
    with pytest.raises(TemplateError):
        plan_templates.publish_template(hq.engine, broken)
    assert hq.counts() == before


def test_cli_publishes_lists_and_withdraws(matrix, tmp_path, capsys):
    args = ["--database-url", f"sqlite:///{tmp_path / 'hq.sqlite'}",
            "--data-dir", str(tmp_path / "datos")]
    assert main([*args, "plantilla", "publicar", str(matrix), "--tipo", "cdrpeti",
                 "--titulo", "Plan modelo 2026"]) == 0
    out = capsys.readouterr().out
    assert "Plantilla publicada: «Plan modelo 2026»" in out
    assert main([*args, "plantilla", "listar"]) == 0
    listed = capsys.readouterr().out
    template_id = listed.split()[0]
    assert "Plan modelo 2026" in listed and "CDRPETI" in listed
    assert main([*args, "plantilla", "retirar", template_id]) == 0
    assert "Plantilla retirada" in capsys.readouterr().out
    assert main([*args, "plantilla", "listar"]) == 0
    assert "No hay plantillas publicadas." in capsys.readouterr().out
    empty = tmp_path / "vacio.xlsx"
    empty.write_bytes(b"")
    assert main([*args, "plantilla", "publicar", str(empty)]) == 1
    assert "sesiona-hq:" in capsys.readouterr().err
