"""Running the bundled app the way a secretary's machine would: its own executable, a fresh
home directory, a display (offscreen here), and no Python, virtualenv or PYTHONPATH."""

from __future__ import annotations

import selectors
import stat
import subprocess
import time
from pathlib import Path

from installers.project import APP_NAME

TIMEOUT = 120  # seconds for one run of the bundled app (cold, on a loaded CI machine)


def make_read_only(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


def app_env(home: Path, **extra: str) -> dict[str, str]:
    runtime = home / ".runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.qpa.*=false",
        **extra,
    }


def run_bundle(bundle: Path, *args: str, home: Path, cwd: Path | None = None,
               **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(bundle / APP_NAME), *args], env=app_env(home, **extra_env),
                          cwd=cwd or home, capture_output=True, text=True, timeout=TIMEOUT)


def start_bundle(bundle: Path, *args: str, home: Path, **extra_env: str) -> subprocess.Popen:
    return subprocess.Popen([str(bundle / APP_NAME), *args], env=app_env(home, **extra_env),
                            cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``root`` with its size and modification time."""
    return {str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in [root, *root.rglob("*")]}


def wait_until_shown(process: subprocess.Popen, timeout: float = TIMEOUT) -> bool:
    """Whether the app started with ``start_bundle`` (SESIONA_EXIT_AFTER_SHOW set) reported its
    main window on screen within ``timeout`` seconds."""
    from desktop.startup import SHOWN_MARKER

    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if selector.select(timeout=left):
                line = process.stdout.readline()
                if not line:  # the app ended without showing its window
                    return False
                if line.strip() == SHOWN_MARKER:
                    return True
    return False
