"""Plan import and template publishing are strict (issue 12, «Bad input, continued»):
a value outside the table is a problem with its sheet, row and column; limits on size,
rows and cell length are checked on the raw file before openpyxl reads it (a 300 MB cell or
100,000 rows are refused in seconds and under 200 MB); a workbook whose bold runs were lost
still imports. Nothing is written on any refusal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from openpyxl import load_workbook

from cli.main import main
from db.domain import plans
from db.domain.plan_import import PlanImportError, read_plan
from db.storage.store import open_store
from tests.db.factories import make_committee, snapshot
from tests.db.plan_factories import make_plan
from tests.security.bad_input.cli_support import ROOT
from tests.security.bad_input.xlsx import Repeat, write_xlsx


@pytest.fixture
def exported(db_path, tmp_path, capsys):
    """A database with a plan and a second committee, and the plan exported to Excel."""
    store = open_store(db_path)
    make_plan(store, make_committee(store, acronym="CDRPETI-UCAYALI"))
    make_committee(store, acronym="CRLCTF-UCAYALI")
    store.conn.close()
    xlsx = tmp_path / "plan.xlsx"
    assert main(["plan-report", "--db", str(db_path), "--plan", "CDRPETI-UCAYALI-2025",
                 "--out", str(xlsx)]) == 0
    capsys.readouterr()
    return db_path, xlsx


def _counts(path):
    store = open_store(path)
    try:
        return snapshot(store)
    finally:
        store.conn.close()


def _import(path, xlsx, capsys) -> tuple[int, str]:
    code = main(["plan-import", "--db", str(path), "--committee", "CRLCTF-UCAYALI", str(xlsx)])
    return code, capsys.readouterr().err


def test_values_outside_the_table_are_each_named_and_nothing_is_imported(exported, tmp_path,
                                                                          capsys):
    path, xlsx = exported
    workbook = load_workbook(xlsx, rich_text=True)
    matrix = workbook["Matriz"]
    data_row = next(c.row for row in matrix.iter_rows() for c in row if c.value == "OE 1")
    matrix.cell(data_row, 30).value = "nota al margen"  # column AD, right of the table
    below = matrix.max_row + 3
    matrix.cell(below, 1).value = "Fuente: DRTPE Ucayali"  # under the legend
    workbook["Elementos"].cell(2, 12).value = 7  # column L, right of «INVOLUCRADAS»
    workbook.create_sheet("Notas").cell(4, 2).value = "borrador"
    strays = tmp_path / "con-notas.xlsx"
    workbook.save(strays)
    before = _counts(path)
    code, err = _import(path, strays, capsys)
    assert code == 1 and "Traceback" not in err
    assert f"Hoja «Matriz», fila {data_row}, columna AD: Hay un dato («nota al margen»)" in err
    assert f"Hoja «Matriz», fila {below}, columna A (ITEM): Hay un dato («Fuente: DRTPE" in err
    assert "Hoja «Elementos», fila 2, columna L: Hay un dato («7»)" in err
    assert "Hoja «Notas», fila 4, columna B: Hay un dato («borrador»)" in err
    assert "No se importó nada: el archivo tiene 4 error(es)." in err
    assert _counts(path) == before


def test_template_publishing_uses_the_same_strict_reader(exported, tmp_path):
    from server.sync.plan_templates import TemplateError, read_workbook

    _, xlsx = exported
    workbook = load_workbook(xlsx, rich_text=True)
    workbook["Matriz"].cell(2, 40).value = "x"
    workbook["Matriz"].cell(60, 40).value = "y"
    strays = tmp_path / "plantilla.xlsx"
    workbook.save(strays)
    with pytest.raises(TemplateError) as refused:
        read_workbook(strays)
    assert "no se publicó nada" in str(refused.value)
    assert "Hoja «Matriz», fila 60, columna AN: Hay un dato («y»)" in str(refused.value)


def test_a_workbook_resaved_without_rich_text_still_imports(exported, tmp_path, capsys):
    path, xlsx = exported
    workbook = load_workbook(xlsx)  # without rich_text: the bold runs become plain text
    plain = tmp_path / "sin-negritas.xlsx"
    workbook.save(plain)
    check = load_workbook(plain, rich_text=True)
    assert not any(type(c.value).__name__ == "CellRichText"
                   for row in check["Matriz"].iter_rows() for c in row)
    code, err = _import(path, plain, capsys)
    assert code == 0, err
    store = open_store(path)
    try:
        other = next(store.query("SELECT id FROM committees WHERE acronym = ?",
                                 ["CRLCTF-UCAYALI"]))["id"]
        original = next(store.query("SELECT id FROM committees WHERE acronym = ?",
                                    ["CDRPETI-UCAYALI"]))["id"]

        def chosen(committee):
            [plan] = plans.plans_for(store, committee)
            return {n["code"]: sorted((i["acronym"], bool(i["is_responsible"]))
                                      for i in plans.node_institutions(store, n["id"]))
                    for n in plans.nodes(store, plan["id"])}

        # «Elementos» still says which are responsible: the same as the original plan.
        assert chosen(other) == chosen(original)
        assert any(r for names in chosen(other).values() for _, r in names)
    finally:
        store.conn.close()


def _measure(path, xlsx) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``sesiona plan-import`` in a fresh process; its wall time and peak memory (MB)."""
    code = ("import sys\n"
            "from cli.main import main\n"
            f"rc = main(['plan-import', '--db', {str(path)!r}, '--committee', "
            f"'CRLCTF-UCAYALI', {str(xlsx)!r}])\n"
            # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would count
            # the forked pytest process too.
            "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "print('PEAK', peak.split()[1], file=sys.stderr)\n"
            "sys.exit(rc)\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.monotonic() - started
    peak_kb = int(done.stderr.rsplit("PEAK ", 1)[1].split()[0])
    return done, seconds, peak_kb / 1024


def test_a_300_mb_cell_is_refused_in_seconds_and_little_memory(exported, tmp_path):
    path, _ = exported
    huge = tmp_path / "celda-enorme.xlsx"
    header = ["ITEM", "OBJETIVO ESPECÍFICO", "LÍNEA DE ACCIÓN"]
    write_xlsx(huge, {"Matriz": [["Plan de Trabajo Anual 2025"], header,
                                 ["OE 1", Repeat("A", 300 * 1024 * 1024), "LA 1"]]})
    assert huge.stat().st_size < 5 * 1024 * 1024  # the test's own file stays small
    before = _counts(path)
    done, seconds, peak_mb = _measure(path, huge)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "sin comprimir" in done.stderr and "el máximo es 50,0 MB" in done.stderr
    assert seconds < 10 and peak_mb < 200, (seconds, peak_mb)
    assert _counts(path) == before


def test_100000_rows_are_refused_in_seconds_and_little_memory(exported, tmp_path):
    path, _ = exported
    many = tmp_path / "cien-mil-filas.xlsx"
    rows = (["OE 1", "Objetivo", f"LA {n}", f"Línea {n}", "Talleres", "Taller", 1]
            for n in range(100_000))
    write_xlsx(many, {"Matriz": [["Plan de Trabajo Anual 2025"], [
        "ITEM", "OBJETIVO ESPECÍFICO", "ITEM", "LÍNEA DE ACCIÓN", "INDICADOR",
        "UNIDAD DE MEDIDA", "META FÍSICA"], *rows]})
    before = _counts(path)
    done, seconds, peak_mb = _measure(path, many)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Hoja «Matriz», fila 5001, columna A: La hoja tiene datos más allá de la fila " \
           "5 000" in done.stderr
    assert seconds < 10 and peak_mb < 200, (seconds, peak_mb)
    assert _counts(path) == before


def test_a_long_cell_and_a_far_column_are_named(tmp_path):
    long_cell = tmp_path / "celda-larga.xlsx"
    write_xlsx(long_cell, {"Matriz": [["Plan 2025"], ["ITEM", "OBJETIVO ESPECÍFICO"],
                                      ["OE 1", "x" * 10_001]]})
    with pytest.raises(PlanImportError) as refused:
        read_plan(long_cell)
    assert "Hoja «Matriz», fila 3, columna B: La celda tiene más de 10 001 caracteres; " \
           "el máximo es 10 000" in str(refused.value)
    far = tmp_path / "columna-lejana.xlsx"
    write_xlsx(far, {"Matriz": [["Plan 2025"], [None] * 200 + ["dato"]]})
    with pytest.raises(PlanImportError) as refused:
        read_plan(far)
    assert "Hoja «Matriz», fila 2, columna GS: La hoja tiene datos más allá de la columna CV" \
        in str(refused.value)


def test_a_locked_database_is_reported_in_spanish(exported, tmp_path):
    """Another program holds the write lock for longer than Sesiona waits (5 s)."""
    import sqlite3

    path, xlsx = exported
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cli", "plan-import", "--db", str(path),
             "--committee", "CRLCTF-UCAYALI", str(xlsx)], cwd=ROOT, capture_output=True,
            text=True, encoding="utf-8", timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "La base de datos está ocupada por otro programa" in done.stderr
    assert "locked" not in done.stderr
    store = open_store(path)
    try:
        assert store.execute("SELECT count(*) FROM work_plans").fetchone()[0] == 1
    finally:
        store.conn.close()
