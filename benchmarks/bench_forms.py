"""Build times of the printed forms, from the sample content of the tests (no database).

Targets: an acta of 60 attendees and 30 agreements with long interventions in < 0.5 s;
an attendance sheet of 30 seats in < 0.2 s. Each is built in memory, once to warm up
(font registration, imports), then 5 times; the median is reported.

    python benchmarks/bench_forms.py [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from forms.acta import render_acta  # noqa: E402
from forms.attendance_sheet import render_attendance_sheet  # noqa: E402
from tests.forms import samples  # noqa: E402


def measure(build, runs: int) -> tuple[float, float, int]:
    """(first build, median of the next ``runs``) in seconds, and the PDF's size in bytes."""
    t0 = time.perf_counter()
    size = build()
    first = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        build()
        times.append(time.perf_counter() - t0)
    return first, statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    acta = samples.acta(attendees=60, agreements=30, long=True, followups=8)
    sheet = samples.sheet(seats=30)

    def build_acta() -> int:
        out = io.BytesIO()
        render_acta(acta, out)
        return len(out.getvalue())

    def build_sheet() -> int:
        out = io.BytesIO()
        render_attendance_sheet(sheet, out)
        return len(out.getvalue())

    rows = [
        ("Acta, 60 asistentes y 30 acuerdos", 0.5, *measure(build_acta, args.runs)),
        ("Lista de asistencia, 30 asientos", 0.2, *measure(build_sheet, args.runs)),
    ]
    print(f"{'Documento':<36} {'objetivo':>9} {'primera':>9} {'mediana':>9} {'tamaño':>9}")
    for name, target, first, median, size in rows:
        verdict = "ok" if median < target else "LENTO"
        print(f"{name:<36} {target:>8.2f}s {first:>8.3f}s {median:>8.3f}s "
              f"{size / 1024:>7.0f} KB  {verdict}")


if __name__ == "__main__":
    main()
