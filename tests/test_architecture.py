"""The data layer and the forms never depend on Qt or on the desktop package; the command
line loads Qt only to start the app and writes no SQL of its own."""

import ast
import os
import re
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
        for package in ("cli", "db", "forms", "desktop") for path in (ROOT / package).rglob("*.py"))
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


# The command line (cli/) --------------------------------------------------------------------

# The one function that starts the app, and so the only place Qt may be imported from.
APP_STARTER = "run_app"
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA)\b")


def _qt_imports_outside_the_app_starter(tree: ast.AST) -> list[str]:
    """Imports of PySide6 or desktop anywhere but inside ``run_app`` (module level, another
    function, a class body), by line."""
    found: list[str] = []

    def visit(node: ast.AST, inside_starter: bool) -> None:
        for child in ast.iter_child_nodes(node):
            starter = inside_starter or (
                isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                and child.name == APP_STARTER)
            modules = _imported_modules(child) if isinstance(
                child, ast.Import | ast.ImportFrom) else set()
            found.extend(f"line {child.lineno}: import {m}" for m in sorted(modules)
                         if m.split(".")[0] in FORBIDDEN and not starter)
            visit(child, starter)

    visit(tree, False)
    return found


def _sql_literals(tree: ast.AST) -> list[str]:
    """String literals (docstrings, f-string parts included) that read like SQL."""
    found = [node for node in ast.walk(tree) if isinstance(node, ast.Constant)
             and isinstance(node.value, str) and SQL_WORDS.search(node.value)]
    return [f"line {node.lineno}: {node.value.strip()[:60]!r}"
            for node in sorted(found, key=lambda node: node.lineno)]


def _cli_trees() -> dict[str, ast.AST]:
    files = sorted((ROOT / "cli").rglob("*.py"))
    assert {f.name for f in files} >= {"__init__.py", "__main__.py", "main.py"}
    return {str(f.relative_to(ROOT)): ast.parse(f.read_text(encoding="utf-8"), filename=str(f))
            for f in files}


def test_the_command_line_imports_qt_only_to_start_the_app():
    offenders = {name: found for name, tree in _cli_trees().items()
                 if (found := _qt_imports_outside_the_app_starter(tree))}
    assert offenders == {}
    starters = [node for tree in _cli_trees().values() for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef) and node.name == APP_STARTER]
    assert len(starters) == 1 and "desktop.app" in _imported_modules(starters[0])


def test_the_command_line_imports_nothing_of_headquarters():
    offenders = [f"{name}: import {module}" for name, tree in _cli_trees().items()
                 for module in _imported_modules(tree) if module.split(".")[0] == "server"]
    assert offenders == []


def test_the_command_line_has_no_sql_of_its_own():
    offenders = {name: found for name, tree in _cli_trees().items()
                 if (found := _sql_literals(tree))}
    assert offenders == {}


def test_the_command_line_checkers_catch_what_they_look_for():
    tree = ast.parse(
        "import PySide6\n"
        "def run_app():\n    from desktop.app import run\n"
        "def other():\n    from desktop import tasks\n"
        "class Window:\n    from PySide6 import QtCore\n"
        "def listing(db, committee):\n"
        "    db.execute(f'SELECT * FROM sessions WHERE committee_id = {committee}')\n"
        "    db.execute(\"PRAGMA wal_checkpoint(TRUNCATE)\")\n"
        "    print('Seleccione una sesión; actualice o elimine la fila.')\n")
    assert _qt_imports_outside_the_app_starter(tree) == [
        "line 1: import PySide6", "line 5: import desktop", "line 7: import PySide6"]
    assert [line.split(":")[0] for line in _sql_literals(tree)] == ["line 9", "line 10"]
