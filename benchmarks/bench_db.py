"""Data-layer timings of the agreement tracker on the large benchmark file (no Qt).

For each filter: ``agreements.tracker_ids`` (every matching id, sorted) and ``tracker_rows``
for the first page of 200 rows. Median of 5 runs, in milliseconds. The file is generated
into benchmarks/out/ the first time.

    python benchmarks/bench_db.py [--regenerate]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate_large import generate  # noqa: E402
from db.domain.agreements import TrackerFilter, tracker_ids, tracker_rows  # noqa: E402
from db.storage.store import open_store  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
PAGE = 200
RUNS = 5


def ensure_file(regenerate: bool = False) -> Path:
    path = OUT / "large.sqlite"
    if regenerate:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"Generando {path} …", flush=True)
        t0 = time.perf_counter()
        counts = generate(path)
        print(f"Generado en {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{k} {v}" for k, v in counts.items() if k != "seconds"))
    return path


def measure(db, flt: TrackerFilter, today: date) -> tuple[float, float, int]:
    ids_ms, rows_ms, found = [], [], 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        ids = tracker_ids(db, flt)
        t1 = time.perf_counter()
        rows = tracker_rows(db, ids[:PAGE], today)
        t2 = time.perf_counter()
        ids_ms.append((t1 - t0) * 1000)
        rows_ms.append((t2 - t1) * 1000)
        found = len(ids)
        assert len(rows) == min(PAGE, found)
    return statistics.median(ids_ms), statistics.median(rows_ms), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerate", action="store_true", help="rehace el archivo grande")
    args = parser.parse_args(argv)
    path = ensure_file(args.regenerate)
    db = open_store(path)
    today = date.today()
    committee = db.execute("SELECT id, acronym FROM committees ORDER BY acronym").fetchone()
    institution = db.execute(
        "SELECT r.institution_id, i.acronym FROM agreement_responsibles r"
        " JOIN institutions i ON i.id = r.institution_id"
        " GROUP BY r.institution_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    filters = {
        "todos los comités": TrackerFilter(today=today),
        f"un comité ({committee[1]})": TrackerFilter(committee_id=committee[0], today=today),
        "estado pendiente": TrackerFilter(states=("pendiente",), today=today),
        "pendiente o en proceso": TrackerFilter(states=("pendiente", "en_proceso"), today=today),
        f"institución ({institution[1]})": TrackerFilter(institution_id=institution[0],
                                                         today=today),
        "solo vencidos": TrackerFilter(overdue_only=True, today=today),
        "texto «capacitación»": TrackerFilter(text="capacitación", today=today),
        "un comité + vencidos": TrackerFilter(committee_id=committee[0], overdue_only=True,
                                              today=today),
    }
    size_mb = path.stat().st_size / 1e6
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("committees", "sessions", "agreements", "attendance")}
    print(f"Archivo: {path} ({size_mb:.0f} MB) — " + ", ".join(f"{t} {n:,}".replace(",", " ")
                                                               for t, n in counts.items()))
    print(f"Seguimiento de acuerdos: mediana de {RUNS} corridas, en ms "
          f"(ids = tracker_ids; página = tracker_rows de las primeras {PAGE} filas)")
    print(f"  {'filtro':<30} {'ids':>8} {'página':>8} {'total':>8} {'acuerdos':>9}")
    for name, flt in filters.items():
        ids_ms, rows_ms, found = measure(db, flt, today)
        print(f"  {name:<30} {ids_ms:8.1f} {rows_ms:8.1f} {ids_ms + rows_ms:8.1f} {found:9d}")
    db.conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
