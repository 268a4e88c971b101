"""The speed targets of annual work plans, on a plan of 40 lines of action, 80 indicators
and 2 000 execution entries in a real SQLite file (``tests.db.plan_factories.make_big_plan``):

- ``db.domain.plan_execution.compute``: the plan's full execution and roll-ups, < 200 ms;
- ``forms.plan_matrix.render_plan_matrix``: the matrix as PDF, in memory, < 1 s;
- ``forms.plan_xlsx.export_xlsx``: the matrix as .xlsx, in memory, < 1 s (when present).

Each is run once to warm up (imports, fonts), then ``--runs`` times; the median is
reported as a markdown table for the README.

    python benchmarks/bench_plans.py [--runs 5]
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db.domain.plan_execution import compute  # noqa: E402
from db.storage.store import open_store  # noqa: E402
from forms.plan_matrix import render_plan_matrix  # noqa: E402
from tests.db.factories import make_committee  # noqa: E402
from tests.db.plan_factories import make_big_plan  # noqa: E402


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def xlsx_exporter(db, matrix) -> Callable[[], bytes] | None:
    """``export_xlsx`` of forms.plan_xlsx if it exists (with the plan's own sheets when it
    takes the database, as the app exports it)."""
    try:
        from forms.plan_xlsx import export_xlsx
    except ImportError:
        return None
    extra = {"db": db} if "db" in inspect.signature(export_xlsx).parameters else {}

    def export() -> bytes:
        out = BytesIO()
        export_xlsx(matrix, out, **extra)
        return out.getvalue()

    return export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        db = open_store(Path(folder) / "plans.sqlite")
        ids = make_big_plan(db, make_committee(db, acronym="CDRPETI-BENCH"))
        plan = ids["plan"]
        entries = db.execute("SELECT count(*) FROM execution_entries").fetchone()[0]
        matrix = compute(db, plan)

        def pdf() -> bytes:
            out = BytesIO()
            render_plan_matrix(matrix, out)
            return out.getvalue()

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf())).pages)
        rows = [
            (f"Ejecución completa del plan (`compute`: {len(ids['lines'])} líneas de acción, "
             f"{len(ids['indicators'])} indicadores, {entries} registros)", 200,
             median_ms(lambda: compute(db, plan), runs)),
            (f"Matriz de ejecución en PDF ({pages} páginas A3 apaisadas)", 1000,
             median_ms(pdf, runs)),
        ]
        export = xlsx_exporter(db, matrix)
        if export is not None:
            rows.append(("Matriz de ejecución en Excel (.xlsx)", 1000, median_ms(export, runs)))
        db.conn.close()
    print(f"| Medida | Objetivo | Resultado (mediana de {runs}) |")
    print("|---|---|---|")
    for name, target, measured in rows:
        flag = "" if measured < target else " ⚠"
        print(f"| {name} | < {target} ms | {measured:.0f} ms{flag} |")
    if export is None:
        print("\n(forms.plan_xlsx.export_xlsx no existe todavía: Excel sin medir.)")


if __name__ == "__main__":
    main()
