"""The data layer and the forms never depend on Qt or on the desktop package."""

import ast
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
