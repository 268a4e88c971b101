"""Find, by reading the source, every public function of the device's data layer (``db/``)
and sync engine (``devicesync/``) that writes a synced row.

A function writes if it calls or refers to one of ``db.storage.records``' write functions, directly
or through other functions of those packages (a call graph over the modules' ASTs, closed under
"calls"). References count as well as calls (``partial(records.undelete, ...)``, a lambda
handed to another function): the graph over-approximates, so a write path cannot hide
behind an indirection. Nothing is listed by hand except the records functions that write.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import db
import devicesync

# The writers of db.storage.records (``apply_remote`` too: it writes, unlogged and unchecked, what
# headquarters accepted; its callers must be accounted for like any other writer).
RECORD_WRITERS = frozenset({"insert", "update", "reassert", "soft_delete", "undelete",
                            "log_again", "resend", "apply_remote"})
PACKAGES = (Path(db.__file__).resolve().parent, Path(devicesync.__file__).resolve().parent)
ROOT = PACKAGES[0].parent

Key = tuple[str, str]  # (module, function or Class.method)


@dataclass
class _Module:
    name: str
    tree: ast.Module
    modules: dict[str, str] = field(default_factory=dict)  # alias → module
    names: dict[str, Key] = field(default_factory=dict)  # imported name → its definition
    defs: dict[str, ast.AST] = field(default_factory=dict)  # qualified name → node


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(
        ".__init__")


def _load() -> dict[str, _Module]:
    found = {}
    for path in sorted(p for package in PACKAGES for p in package.rglob("*.py")):
        name = _module_name(path)
        found[name] = _Module(name, ast.parse(path.read_text(encoding="utf-8")))
    for module in found.values():
        for node in ast.walk(module.tree):  # function-local imports count too
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in found:
                        module.modules[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    if target in found:
                        module.modules[alias.asname or alias.name] = target
                    elif node.module in found:
                        module.names[alias.asname or alias.name] = (node.module, alias.name)
        for node in module.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                module.defs[node.name] = node
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        module.defs[f"{node.name}.{item.name}"] = item
    return found


def _edges(module: _Module, qualified: str, node: ast.AST) -> set[Key]:
    owner = qualified.split(".")[0] if "." in qualified else None
    out: set[Key] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            if sub.id in module.defs:
                out.add((module.name, sub.id))
            elif sub.id in module.names:
                out.add(module.names[sub.id])
        elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
            base = sub.value.id
            if base in module.modules:
                out.add((module.modules[base], sub.attr))
            elif owner is not None and base in ("self", "cls", owner):
                out.add((module.name, f"{owner}.{sub.attr}"))
    return out


def write_functions() -> dict[str, frozenset[str]]:
    """``"module.function"`` of every public write function of db/ → the records writers
    it reaches."""
    modules = _load()
    graph = {(m.name, q): _edges(m, q, n) for m in modules.values() for q, n in m.defs.items()}
    reaches: dict[Key, set[str]] = {key: set() for key in graph}
    for name in RECORD_WRITERS:
        reaches[("db.storage.records", name)] = {name}
    changed = True
    while changed:  # propagate to a fixed point (the graph has cycles: resend ↔ update)
        changed = False
        for key, targets in graph.items():
            before = len(reaches[key])
            for target in targets:
                reaches[key] |= reaches.get(target, set())
            changed |= len(reaches[key]) != before
    return {f"{module}.{qualified}": frozenset(found)
            for (module, qualified), found in sorted(reaches.items())
            if found and not any(part.startswith("_") for part in qualified.split("."))}
