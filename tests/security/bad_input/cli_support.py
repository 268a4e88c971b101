"""Running the real ``sesiona`` program in a subprocess, for the bad-input tests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def sesiona(*args: str, stdin: str | None = None, timeout: int = 120,
            ) -> subprocess.CompletedProcess:
    """``python -m cli ARGS`` as a user runs it (with the test's HOME and XDG dirs)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", input=stdin,
                          timeout=timeout, env=env)


def fingerprint(path: Path) -> str | None:
    """The file's bytes (None if absent) and whether SQLite left anything beside it."""
    if not path.exists():
        return None
    sidecars = [p.name for p in path.parent.iterdir()
                if p.name.startswith(path.name) and p != path]
    return hashlib.sha256(path.read_bytes()).hexdigest() + repr(sorted(sidecars))
