"""Speed targets of the foundation issue, measured on a generated file.

The file: 26 committees, 3,000 sessions, 30,000 agreements, 60,000 attendance rows.
Targets: main window shown in < 2 s; tracker filter answers in < 100 ms; peak memory
< 300 MB. Each run opens the window in a fresh process (a cold interpreter).

    python benchmarks/bench_foundation.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))


def ensure_file() -> Path:
    from benchmarks.generate_large import generate

    path = OUT / "large.sqlite"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        summary = generate(path)
        print(f"Archivo generado en {time.perf_counter() - t0:.1f} s: {summary}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = ensure_file()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    results = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "open_window_probe.py"),
                              str(path)], capture_output=True, text=True, env=env, check=True)
        wall = time.perf_counter() - t0
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["wall_s"] = wall
        results.append(result)

    print(f"Archivo: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    opens = [r["open_s"] for r in results]
    print(f"Abrir la ventana principal (desde el arranque del intérprete): mediana "
          f"{statistics.median(opens):.2f} s (objetivo < 2 s); corridas: "
          + ", ".join(f"{o:.2f}" for o in opens))
    print("Filtrar el seguimiento de acuerdos (mediana de 5, con las filas visibles):")
    for name in results[0]["filters"]:
        ms = statistics.median(r["filters"][name]["ms"] for r in results)
        rows = results[0]["filters"][name]["rows"]
        print(f"  {name:<28} {ms:7.1f} ms  ({rows} acuerdos)  objetivo < 100 ms")
    print(f"Memoria máxima: {max(r['peak_mb'] for r in results):.0f} MB (objetivo < 300 MB)")


if __name__ == "__main__":
    main()
