"""The data layer and the forms never depend on Qt or on the desktop package."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"PySide6", "desktop"}
PACKAGES = [p for p in ("db", "forms", "server") if (ROOT / p).is_dir()]


def _imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_db_and_forms_do_not_import_qt_or_desktop():
    files = [f for package in PACKAGES for f in sorted((ROOT / package).rglob("*.py"))]
    assert any(f.parent.name == "db" for f in files), "the data layer was not found"
    offenders = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module in _imported_modules(tree):
            if module.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)}: import {module}")
    assert offenders == []


def test_the_checker_catches_forbidden_imports():
    tree = ast.parse("import PySide6.QtCore\nfrom desktop.app import main\nfrom . import x\n")
    assert {m.split(".")[0] for m in _imported_modules(tree)} == FORBIDDEN


# The desktop bundle (installers/) leaves the headquarters stack out: nothing the desktop
# app imports may reach it, or the frozen app would fail on that path only.
SERVER_ONLY = ("sqlalchemy", "alembic", "fastapi", "starlette", "uvicorn", "psycopg")


def test_the_desktop_imports_nothing_of_the_headquarters_stack():
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in ("db", "forms", "desktop") for path in (ROOT / package).rglob("*.py"))
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in {SERVER_ONLY!r} if m in sys.modules))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(modules) > 100 and done.stdout.strip() == "[]"


def test_the_sync_contract_imports_neither_side():
    """``contract/`` is what the device and headquarters agree on: both import it, it
    imports neither of them (nor Qt, nor the forms)."""
    files = sorted((ROOT / "contract").rglob("*.py"))
    assert files, "the sync contract was not found"
    offenders = [
        f"{path.relative_to(ROOT)}: import {module}"
        for path in files
        for module in _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if module.split(".")[0] in {"db", "server", "desktop", "forms", "PySide6"}]
    assert offenders == []
