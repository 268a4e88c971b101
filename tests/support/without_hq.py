"""Run Sesiona as a secretary's install has it: without headquarters' packages.

``python -m tests.support.without_hq -m MODULE ARGS…`` runs ``MODULE`` as ``__main__``;
``python -m tests.support.without_hq -c CODE`` runs ``CODE``. Before either, an import hook
at the front of ``sys.meta_path`` makes every package of the ``hq`` extra (and ``server``
itself) raise ``ModuleNotFoundError``, exactly as if it were not installed, and records
each attempt. At exit the attempts are printed on the last line of stdout as
``BLOCKED: [...]``, so a caller sees an import that someone caught and ignored too.

Installing a real desktop-only virtual environment from PyPI would take minutes in CI;
hiding the installed packages from one process proves the same: nothing the app, the
command line or the device's sync engine runs needs them.
"""

from __future__ import annotations

import atexit
import importlib.abc
import runpy
import sys

# The ``hq`` extra of pyproject.toml by import name, its own dependencies (starlette, mako),
# and headquarters' package.
HQ_PACKAGES = frozenset({
    "server", "fastapi", "starlette", "uvicorn", "httptools", "uvloop", "sqlalchemy",
    "alembic", "mako", "psycopg", "psycopg_binary", "argon2", "jinja2", "multipart",
    "python_multipart",
})
MARKER = "BLOCKED: "


class HeadquartersBlocker(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self.attempts: list[str] = []

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in HQ_PACKAGES:
            self.attempts.append(fullname)
            raise ModuleNotFoundError(f"No module named {fullname!r} (desktop-only install)",
                                      name=fullname)
        return None


def install() -> HeadquartersBlocker:
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in HQ_PACKAGES)
    if loaded:  # a .pth file or sitecustomize got there first: the check would be void
        raise SystemExit(f"already imported before the hook: {loaded}")
    blocker = HeadquartersBlocker()
    sys.meta_path.insert(0, blocker)
    atexit.register(lambda: print(f"{MARKER}{sorted(set(blocker.attempts))}", flush=True))
    return blocker


def main() -> None:
    install()
    mode, target, *rest = sys.argv[1:]
    if mode == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif mode == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<desktop-only>", "exec"), {"__name__": "__main__"})
    else:
        raise SystemExit("usage: python -m tests.support.without_hq -m MODULE [ARGS…] | -c CODE "
                         "[ARGS…]")


if __name__ == "__main__":
    main()
