"""Run in a fresh process by bench_foundation.py: open the main window on a large file,
filter the agreement tracker, and report times and peak memory as JSON on stdout."""

from __future__ import annotations

import time

START = time.perf_counter()  # as early as possible: imports count towards opening

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402

from db.domain.agreements import TrackerFilter  # noqa: E402
from desktop.app import create_application, open_main_window  # noqa: E402
from desktop.pages.agreements_page import AgreementsPage  # noqa: E402


def visible_rows(model, count: int = 40) -> None:
    """Ask for what a view shows on screen: the first rows, every column."""
    for row in range(min(count, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def main(path: Path) -> dict:
    app = create_application()
    window = open_main_window(path)
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    opened = time.perf_counter() - START

    page = window.show_page(AgreementsPage)
    app.processEvents()
    db = window.ops.db
    institution = db.execute(
        "SELECT institution_id FROM agreement_responsibles GROUP BY institution_id"
        " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    filters = {
        "todos (comité actual)": TrackerFilter(committee_id=window.committee_id),
        "estado pendiente": TrackerFilter(committee_id=window.committee_id,
                                          states=("pendiente",)),
        "todos los comités": TrackerFilter(),
        "institución responsable": TrackerFilter(institution_id=institution),
        "solo vencidos": TrackerFilter(overdue_only=True),
        "texto «capacitación»": TrackerFilter(text="capacitación"),
    }
    timings = {}
    for name, flt in filters.items():
        samples = []
        for _ in range(5):
            t0 = time.perf_counter()
            page.model.set_filter(flt)
            visible_rows(page.model)
            samples.append((time.perf_counter() - t0) * 1000)
        timings[name] = {"ms": statistics.median(samples), "rows": page.model.rowCount()}
    # Scroll through the whole tracker once so every page of the row cache is filled.
    page.model.set_filter(TrackerFilter())
    for row in range(0, page.model.rowCount(), 50):
        page.model.data(page.model.index(row, 0))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    return {"open_s": opened, "filters": timings, "peak_mb": peak_mb,
            "agreements": page.model.rowCount()}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
