"""Facts about the project that every build step reads from the one place they live."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installers" / "pyinstaller" / "sesiona.spec"
APP_NAME = "sesiona"


def project_version(root: Path = ROOT) -> str:
    """The version written in pyproject.toml: the only place it is declared."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def tree_size(path: Path) -> int:
    """Bytes of every regular file under ``path`` (symlinks not followed): the unpacked size."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
