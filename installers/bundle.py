"""Build the one-folder PyInstaller bundle with installers/pyinstaller/sesiona.spec."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from installers.project import APP_NAME, ROOT, SPEC


class BuildError(RuntimeError):
    """A build step failed; the message ends with the tool's last lines of output."""


def run_tool(command: list[str], what: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        raise BuildError(f"Falló {what} (código {done.returncode}):\n{tail}")
    return done.stdout


def build_bundle(dist_dir: Path, work_dir: Path, python: str = sys.executable) -> Path:
    """Run PyInstaller; returns the bundle folder ``dist_dir/sesiona``.

    Rebuilding over an earlier bundle replaces it (``--noconfirm``); the work folder keeps
    PyInstaller's cache, so a second build is faster.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}  # the spec renders the icons with Qt
    run_tool([python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
              "--distpath", str(dist_dir), "--workpath", str(work_dir), str(SPEC)],
             "PyInstaller", env)
    bundle = Path(dist_dir) / APP_NAME
    executable = bundle / (APP_NAME + (".exe" if sys.platform == "win32" else ""))
    if not executable.is_file():
        raise BuildError(f"PyInstaller terminó pero no se encuentra {executable}.")
    return bundle
