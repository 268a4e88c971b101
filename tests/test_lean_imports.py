"""pandas and numpy stay out of every process that does not compute plan roll-ups.

sqlite-utils imports both when it loads (``db/__init__.py`` keeps them out); they cost
every command and the app's start about 400 ms and 45 MB. Each case runs in a fresh
interpreter, as a user's command would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.domain import signatures
from db.storage.store import open_store
from tests.db.factories import make_full_session

ROOT = Path(__file__).resolve().parents[1]
REPORT = "import sys; print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))"


def run(script: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def committee_file(db_path):
    store = open_store(db_path)
    full = make_full_session(store)
    signatures.approve(store, full["session"], full["session"])
    store.conn.close()
    return db_path


def test_version_imports_neither():
    script = ("import sys\nfrom cli.main import main\n"
              "sys.argv = ['sesiona', '--version']\n"
              "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n" + REPORT)
    assert run(script) == "[]"


def test_printing_an_acta_imports_neither(committee_file, tmp_path):
    out = tmp_path / "acta.pdf"
    script = ("from cli.main import main\n"
              f"assert main(['acta', '--db', {str(committee_file)!r}, '--session', "
              f"'CDRPETI-UCA-SO-2', '--out', {str(out)!r}]) == 0\n" + REPORT)
    assert run(script) == "[]"
    assert out.stat().st_size > 1000


def test_opening_the_main_window_imports_neither(committee_file):
    script = ("from desktop.app import create_application, open_main_window\n"
              "app = create_application([])\n"
              f"window = open_main_window({str(committee_file)!r})\n"
              "app.processEvents()\n" + REPORT)
    assert run(script) == "[]"


def test_a_plan_roll_up_still_gets_pandas():
    script = "import db.storage.store\nimport db.domain.plan_execution\n" + REPORT
    assert run(script) == "['numpy', 'pandas']"
