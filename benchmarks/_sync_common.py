"""What the sync benchmark's modules share: paths, the error they stop on, logging."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "benchmarks" / "_sync_child.py"


class BenchError(Exception):
    pass


def log(text: str) -> None:
    print(f"  · {text}", file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    """The environment of a child process: this checkout importable, no headquarters
    settings inherited from the caller's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SESIONA_HQ_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env
