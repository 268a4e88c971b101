"""Installer figures, measured on the bundle `make dist` built (dist/sesiona, dist/*.deb).

Cold start: from launching the bundled executable to its main window on screen (offscreen
platform), on the demonstration base, in a fresh process each run; the median of the runs is
the figure (target < 3 s on the 2-core machine). The first run after building also pays for
reading the bundle from disk; it is reported apart. With --drop-caches (root only) the
kernel's page cache is emptied before every run, so each one reads the whole bundle from disk
as after a reboot. Sizes: the bundle unpacked (target < 250 MB) and the .deb (target
< 100 MB).

    make dist && python benchmarks/bench_startup.py [--runs 7] [--drop-caches]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.startup import EXIT_AFTER_SHOW, SHOWN_MARKER  # noqa: E402
from installers.project import APP_NAME, project_version, tree_size  # noqa: E402

MB = 1_000_000
MIB = 1024 * 1024


def environment(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"), "QT_QPA_PLATFORM": "offscreen",
            "QT_LOGGING_RULES": "qt.qpa.*=false", EXIT_AFTER_SHOW: "0"}


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")


def time_to_window(executable: Path, database: Path, home: Path,
                   cold: bool) -> tuple[float, float]:
    """Seconds until the main window is on screen, and until the process has exited."""
    if cold:
        drop_caches()
    start = time.perf_counter()
    process = subprocess.Popen([str(executable), "--db", str(database)], env=environment(home),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    shown = None
    for line in process.stdout:
        if line.strip() == SHOWN_MARKER:
            shown = time.perf_counter() - start
    process.wait()
    if shown is None or process.returncode != 0:
        raise SystemExit(f"La aplicación no mostró su ventana (código {process.returncode}).")
    return shown, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / APP_NAME)
    parser.add_argument("--drop-caches", action="store_true",
                        help="vaciar la caché de páginas antes de cada arranque (root)")
    args = parser.parse_args()
    executable = args.bundle / APP_NAME
    if not executable.is_file():
        raise SystemExit(f"No hay paquete en {args.bundle}: ejecute antes `make dist`.")

    version = project_version()
    size = tree_size(args.bundle)
    print(f"Sesiona {version}, {os.cpu_count()} núcleos")
    print(f"Paquete sin comprimir ({args.bundle}): {size / MB:.1f} MB ({size / MIB:.1f} MiB);"
          " objetivo < 250 MB")
    for deb in sorted(args.bundle.parent.glob(f"{APP_NAME}_*.deb")):
        print(f"{deb.name}: {deb.stat().st_size / MB:.1f} MB "
              f"({deb.stat().st_size / MIB:.1f} MiB); objetivo < 100 MB")

    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        database = home / "demo.sqlite"
        subprocess.run([str(executable), "demo", "--db", str(database)], env=environment(home),
                       check=True, stdout=subprocess.DEVNULL)
        runs = [time_to_window(executable, database, home, args.drop_caches)
                for _ in range(args.runs)]
    shown = [s for s, _ in runs]
    exited = [e for _, e in runs]
    cache = "caché de disco vacía" if args.drop_caches else "caché de disco como esté"
    print(f"Arranque hasta la ventana principal (base de demostración, {cache}), "
          f"{args.runs} veces:")
    print(f"  primera: {shown[0]:.2f} s; mediana: {statistics.median(shown):.2f} s "
          f"(mín. {min(shown):.2f}, máx. {max(shown):.2f}); objetivo < 3 s")
    print(f"  hasta cerrar y salir: mediana {statistics.median(exited):.2f} s")


if __name__ == "__main__":
    main()
