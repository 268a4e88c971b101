"""``sesiona plan-report`` and ``sesiona plan-import`` on real files."""

import csv

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cli.main import main
from db.domain import plans
from db.storage.store import open_store
from tests.db.factories import make_committee, snapshot
from tests.db.plan_factories import make_plan


@pytest.fixture
def plan_file(db_path):
    store = open_store(db_path)
    committee = make_committee(store, acronym="CDRPETI-UCAYALI")
    other = make_committee(store, acronym="CRLCTF-UCAYALI")
    make_plan(store, committee)
    store.conn.close()
    return db_path, committee, other


def test_report_as_pdf_excel_and_csv(plan_file, tmp_path, capsys):
    path, *_ = plan_file
    pdf, xlsx, table = tmp_path / "m.pdf", tmp_path / "m.xlsx", tmp_path / "m.csv"
    for out in (pdf, xlsx, table):
        assert main(["plan-report", "--db", str(path), "--plan", "CDRPETI-UCAYALI-2025",
                     "--out", str(out)]) == 0
    assert "EJECUCIÓN DE METAS" in "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert load_workbook(xlsx).sheetnames[0] == "Matriz"
    with table.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + 6  # header and one row per indicator
    out = capsys.readouterr().out
    assert "Matriz CSV de CDRPETI-UCAYALI-2025 (Ejecución del año 2025)" in out


def test_report_at_a_date_or_a_quarter(plan_file, tmp_path, capsys):
    path, *_ = plan_file
    out = tmp_path / "t3.csv"
    assert main(["plan-report", "--db", str(path), "--plan", "CDRPETI-UCAYALI-2025",
                 "--trimestre", "3", "--out", str(out)]) == 0
    assert "(III trimestre 2025)" in capsys.readouterr().out
    assert main(["plan-report", "--db", str(path), "--plan", "CDRPETI-UCAYALI-2025",
                 "--hasta", "2025-06-30", "--out", str(out)]) == 0
    assert "(Ejecución al 30/06/2025)" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--plan", "CDRPETI-UCAYALI-2019", "--out", "m.pdf"], "No existe el plan 2019"),
    (["--plan", "CDRPETI-UCAYALI-2025", "--out", "m.docx"], "Indique un archivo .pdf, .xlsx"),
    (["--plan", "CDRPETI-UCAYALI-2025", "--trimestre", "5", "--out", "m.pdf"],
     "no es un trimestre"),
])
def test_report_errors_are_spanish(plan_file, tmp_path, capsys, args, message):
    path, *_ = plan_file
    args = [a if a not in ("m.pdf", "m.docx") else str(tmp_path / a) for a in args]
    assert main(["plan-report", "--db", str(path), *args]) != 0
    assert message in capsys.readouterr().err


def test_import_what_was_exported_dry_run_then_for_real(plan_file, tmp_path, capsys):
    path, _, other = plan_file
    xlsx = tmp_path / "plan.xlsx"
    assert main(["plan-report", "--db", str(path), "--plan", "CDRPETI-UCAYALI-2025",
                 "--out", str(xlsx)]) == 0
    store = open_store(path)
    before = snapshot(store)
    store.conn.close()
    assert main(["plan-import", "--db", str(path), "--committee", "CRLCTF-UCAYALI",
                 str(xlsx), "--dry-run"]) == 0
    assert "es válido y se puede importar" in capsys.readouterr().out
    store = open_store(path)
    assert snapshot(store) == before
    store.conn.close()
    assert main(["plan-import", "--db", str(path), "--committee", "CRLCTF-UCAYALI",
                 str(xlsx)]) == 0
    assert "El plan 2025 de CRLCTF-UCAYALI se importó: 2 objetivos" in capsys.readouterr().out
    store = open_store(path)
    try:
        [imported] = plans.plans_for(store, other)
        assert [n["code"] for n in plans.nodes(store, imported["id"])] == [
            "OE 1", "EE 1", "E 1.1", "LA 1.1.1", "LA 1.1.2", "OE 2", "LA 2.1"]
    finally:
        store.conn.close()
    # A second import of the same year is refused, and nothing changes.
    assert main(["plan-import", "--db", str(path), "--committee", "CRLCTF-UCAYALI",
                 str(xlsx)]) == 1
    assert "ya tiene un plan para el año 2025" in capsys.readouterr().err


def test_an_import_with_errors_lists_each_and_writes_nothing(plan_file, tmp_path, capsys):
    path, *_ = plan_file
    exported = tmp_path / "plan.xlsx"
    assert main(["plan-report", "--db", str(path), "--plan", "CDRPETI-UCAYALI-2025",
                 "--out", str(exported)]) == 0
    workbook = load_workbook(exported, rich_text=True)  # keep the bold responsibles
    sheet = workbook["Matriz"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "Talleres realizados")
    sheet.cell(cell.row, cell.column + 1).value = None  # no unit
    sheet.cell(cell.row, cell.column + 2).value = "dos"  # not a number
    broken = tmp_path / "roto.xlsx"
    workbook.save(broken)
    store = open_store(path)
    before = snapshot(store)
    store.conn.close()
    assert main(["plan-import", "--db", str(path), "--committee", "CRLCTF-UCAYALI",
                 str(broken)]) == 1
    err = capsys.readouterr().err
    assert "No se importó nada: el archivo tiene 2 error(es)." in err
    assert f"Hoja «Matriz», fila {cell.row}, columna M (UNIDAD DE MEDIDA)" in err
    assert f"Hoja «Matriz», fila {cell.row}, columna N (META FÍSICA)" in err
    store = open_store(path)
    assert snapshot(store) == before
    store.conn.close()
