"""Open a file in a real spreadsheet program: LibreOffice, headless, converting to CSV.

LibreOffice comes from ``.ci/system-deps.sh`` (``make test`` runs it). Each call uses its
own throwaway profile, so parallel test processes never share (or lock) one.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

TIMEOUT = 120  # seconds: the first start of a fresh profile is slow on a loaded machine
# Comma-separated, double quotes, UTF-8 (76), first line 1; values as shown («150%»).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice no está instalado: ejecute .ci/system-deps.sh (como root).")
    return found


def convert(document: Path, work_dir: Path, target: str, suffix: str) -> Path:
    """``document`` opened by LibreOffice and saved with the ``target`` filter."""
    out_dir = work_dir / "lo-out"
    profile = work_dir / "lo-profile"
    result = subprocess.run(
        [soffice(), "--headless", "--norestore", "--nolockcheck",
         f"-env:UserInstallation={profile.as_uri()}", "--convert-to", target,
         "--outdir", str(out_dir), str(document)],
        capture_output=True, text=True, timeout=TIMEOUT, check=False)
    converted = out_dir / f"{document.stem}.{suffix}"
    assert result.returncode == 0 and converted.exists(), (
        f"LibreOffice could not open {document.name}:\n{result.stdout}\n{result.stderr}")
    return converted


def convert_to_csv(document: Path, work_dir: Path) -> list[list[str]]:
    """The first sheet of ``document`` as LibreOffice reads it, one list per row."""
    with convert(document, work_dir, CSV_FILTER, "csv").open(encoding="utf-8",
                                                             newline="") as handle:
        return list(csv.reader(handle))


def save_again_as_xlsx(document: Path, work_dir: Path) -> Path:
    """What a user's «Guardar» in Calc writes: LibreOffice's own .xlsx of ``document``."""
    return convert(document, work_dir, "xlsx:Calc MS Excel 2007 XML", "xlsx")
