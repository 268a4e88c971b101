"""The layers and their one-way arrows, read from the source (every import, including those
inside functions):

* the data layer, the forms, the command line (which loads Qt only to start the app and
  writes no SQL of its own), the sync contract, the device's sync engine and headquarters
  never import Qt or the desktop package;
* ``contract`` (what the device and headquarters agree on) imports no other project package;
* ``db`` imports only ``contract`` (and the shipped data files of ``resources``);
  ``devicesync`` (the device's sync engine) only
  ``contract`` and ``db``; nothing outside ``server/`` imports ``server``;
* no import cycles among the modules of ``contract``, ``db`` and ``devicesync``.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"PySide6", "desktop"}
PACKAGES = [p for p in ("contract", "db", "devicesync", "forms", "server")
            if (ROOT / p).is_dir()]


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
        for package in ("cli", "contract", "db", "devicesync", "forms", "desktop")
        for path in (ROOT / package).rglob("*.py"))
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
        if module.split(".")[0] in {"db", "server", "desktop", "devicesync", "forms", "PySide6"}]
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


# The project's own top-level packages (pyproject.toml's setuptools include, and the
# installers' code that ships with them).
PROJECT = ("cli", "contract", "db", "desktop", "devicesync", "forms", "installers", "resources",
           "server")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _module_files(*packages: str) -> dict[str, Path]:
    return {_module_name(path): path
            for package in packages for path in sorted((ROOT / package).rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules ``name`` imports, anywhere in it: ``from a import b`` is ``a.b`` when
    that is a module, else ``a``; relative imports are resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in PROJECT:
                found.add(target)
    return found


def _graph(*packages: str) -> dict[str, set[str]]:
    everything = _module_files(*PROJECT)
    known = set(everything)
    return {name: _imports(name, everything[name], known)
            for name in _module_files(*packages)}


def _imported_packages(package: str) -> dict[str, set[str]]:
    """Each other project package ``package`` imports → the modules of ``package`` that
    import it."""
    found: dict[str, set[str]] = {}
    for name, targets in _graph(package).items():
        for target in targets:
            top = target.split(".")[0]
            if top != package:
                found.setdefault(top, set()).add(name)
    return found


def test_the_contract_imports_no_other_package_of_the_project():
    assert _imported_packages("contract") == {}


# Shipped data files (catalogues, fonts, icons) and the helper that finds them: not a layer.
DATA = {"resources"}


def test_the_data_layer_imports_only_the_contract():
    found = _imported_packages("db")
    assert set(found) - DATA == {"contract"}, found


def test_the_device_sync_engine_imports_only_the_contract_and_the_data_layer():
    found = _imported_packages("devicesync")
    assert set(found) - DATA == {"contract", "db"}, found


def test_nothing_outside_server_imports_server():
    offenders = {package: modules for package in PROJECT if package != "server"
                 for top, modules in _imported_packages(package).items() if top == "server"}
    assert offenders == {}


def _documented_arrows() -> dict[str, set[str]]:
    """ARCHITECTURE.md's folder map: each package → the project packages it may import."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    arrows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        folder = re.fullmatch(r"`(\w+)/`", cells[0]) if len(cells) == 3 else None
        if folder:
            arrows[folder.group(1)] = set(re.findall(r"`(\w+)`", cells[2]))
    return arrows


def test_architecture_md_states_every_package_and_what_it_imports():
    documented = _documented_arrows()
    assert set(documented) == set(PROJECT) - {"installers"}
    for package, allowed in documented.items():
        found = set(_imported_packages(package))
        assert found <= allowed, f"{package}/ imports {sorted(found - allowed)}: update the map"


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module, or of a module that
    imports itself (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_in_the_contract_the_data_layer_and_the_sync_engine():
    assert _cycles(_graph("contract", "db", "devicesync")) == []


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert _cycles({"a": {"a"}, "b": set()}) == [{"a"}]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_resolves_modules_packages_and_relative_imports(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("from db.storage import records\nfrom db import errors\n"
                      "from db.storage.records import get\n"
                      "import contract.tables\nfrom . import tables\n"
                      "def later():\n    from devicesync import client\n")
    known = {"db.storage.records", "db.errors", "contract.tables", "devicesync.client"}
    assert _imports("contract.m", source, known) == {
        "db.storage.records", "db.errors", "contract.tables", "devicesync.client"}
