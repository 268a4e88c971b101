"""The bundled app, built once per test run with the real recipe (installers/bundle.py).

Every test that needs it carries ``xdist_group("pyinstaller")``: with ``--dist loadgroup``
they all run on one worker, so PyInstaller runs once. The bundle is made read-only as soon as it is
built, like an install under Program Files or /opt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from installers.bundle import build_bundle
from tests.installers.bundled_app import make_read_only


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pyinstaller")
    folder = build_bundle(base / "dist", base / "work")
    make_read_only(folder)
    return folder


@pytest.fixture
def home(tmp_path) -> Path:
    """A user's home directory, empty, for one run of the bundled app."""
    path = tmp_path / "home"
    path.mkdir()
    return path
