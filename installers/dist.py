"""``make dist``: the Linux bundle in dist/sesiona/ and dist/sesiona_<version>_<arch>.deb.

Run again, it rebuilds both from the current sources (PyInstaller's cache in build/ makes the
second run faster). Usage: ``python -m installers.dist [--sin-deb]``.
"""

from __future__ import annotations

import argparse
import sys

from installers.bundle import BuildError, build_bundle
from installers.project import ROOT, project_version, tree_size

MB, MIB = 1_000_000, 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installers.dist",
                                     description="Construye el paquete de Sesiona y el .deb.")
    parser.add_argument("--sin-deb", action="store_true", help="solo el paquete (dist/sesiona)")
    args = parser.parse_args(argv)
    dist, work = ROOT / "dist", ROOT / "build" / "pyinstaller"
    print(f"Sesiona {project_version()}: construyendo el paquete con PyInstaller…", flush=True)
    try:
        bundle = build_bundle(dist, work)
        size = tree_size(bundle)
        print(f"  {bundle.relative_to(ROOT)}/  {size / MB:.1f} MB ({size / MIB:.1f} MiB) "
              "sin comprimir")
        if not args.sin_deb and sys.platform.startswith("linux"):
            from installers.linux.build_deb import build_deb

            deb = build_deb(bundle, dist)
            size = deb.stat().st_size
            print(f"  {deb.relative_to(ROOT)}  {size / MB:.1f} MB ({size / MIB:.1f} MiB)")
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
