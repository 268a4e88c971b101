"""A secretary's install carries no headquarters: the app, the command line, a sync round
and an offline bundle all work without the ``hq`` extra.

Each step runs in its own process through ``tests/support/without_hq.py``, which makes
FastAPI, uvicorn, SQLAlchemy, Alembic, psycopg, argon2, Jinja2… and ``server`` itself
unimportable (as if not installed) and reports every attempt to import them. The
headquarters the device talks to is real: uvicorn on loopback in this test's process
(``tests/sync/conftest.py``), where the bundle the device exported is imported too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from desktop.startup import SHOWN_MARKER
from installers import bundle_filter
from server.bundles.importer import import_bundle
from server.core.db import read_transaction
from server.core.models import records
from tests.support.without_hq import HQ_PACKAGES, MARKER
from tests.sync.conftest import Headquarters
from tests.sync.conftest import hq as hq  # noqa: F401 (the fixture: a real headquarters)

ROOT = Path(__file__).resolve().parents[1]
# As a module: run as a script, its folder would come first on sys.path, where
# tests/support/typing.py hides the standard library's.
LAUNCHER = ("-m", "tests.support.without_hq")


def desktop_only(*args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Run ``without_hq.py ARGS`` and return (stdout without the report line, stderr);
    fails if the process failed or tried to import anything of headquarters."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                   **(env or {})}
    done = subprocess.run([sys.executable, *LAUNCHER, *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    *lines, report = done.stdout.rstrip("\n").splitlines()
    assert report == f"{MARKER}[]", report
    return "\n".join(lines), done.stderr


def test_the_blocker_hides_headquarters_and_tells():
    probe = ("import importlib\n"
             "for name in ('fastapi', 'sqlalchemy.orm', 'server.main', 'uvicorn'):\n"
             "    try:\n"
             "        importlib.import_module(name)\n"
             "    except ModuleNotFoundError as exc:\n"
             "        print(exc.name)\n")
    done = subprocess.run([sys.executable, *LAUNCHER, "-c", probe], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # A submodule fails at its package, as it would when the package is not installed.
    assert done.stdout.splitlines() == [
        "fastapi", "sqlalchemy", "server", "uvicorn",
        f"{MARKER}['fastapi', 'server', 'sqlalchemy', 'uvicorn']"]


def test_the_command_line_and_the_app_run_without_headquarters(tmp_path):
    demo = tmp_path / "demo.sqlite"
    out, _ = desktop_only("-m", "cli", "demo", "--db", str(demo))
    assert "Base de demostración creada" in out
    out, _ = desktop_only("-m", "cli", "check", "--db", str(demo))
    assert "Integridad: correcta" in out
    out, _ = desktop_only("-m", "cli", "sesiones", "--db", str(demo))
    reference = out.splitlines()[0].split()[0]
    assert re.fullmatch(r"[A-Z]+-[A-Z]+-S[OE]-\d+", reference), reference
    acta = tmp_path / "acta.pdf"
    desktop_only("-m", "cli", "acta", "--db", str(demo), "--session", reference,
                 "--out", str(acta))
    assert acta.read_bytes().startswith(b"%PDF-")
    # The app itself, on the demo file: its main window opens and closes.
    out, _ = desktop_only("-m", "cli", "--db", str(demo),
                          env={"SESIONA_EXIT_AFTER_SHOW": "0"})
    assert SHOWN_MARKER in out


# In the device's process: the test keyring (a headless machine has no secret store; the
# only fake the suite allows), then the real commands.
DEVICE = """
import sys
import keyring
from keyring.backend import KeyringBackend

from devicesync import transport


class MemoryKeyring(KeyringBackend):
    priority = 1
    secrets = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


transport.SECURE_BACKENDS = transport.SECURE_BACKENDS | {MemoryKeyring.__module__}
keyring.set_keyring(MemoryKeyring())

from db.domain import committees, sessions
from db.storage.store import open_store
from cli.main import main

path, url, code, bundle = sys.argv[1:]
assert main(["enroll", "--db", path, "--server", url, "--code", code,
             "--nombre", "Laptop de la secretaría"]) == 0
db = open_store(path)
committee = committees.create_committee(
    db, kind="cdrpeti", acronym="CDRPETI UCAYALI", region_code="PE-UCA", city="Pucallpa",
    name="Comité Directivo Regional para la Prevención y Erradicación del Trabajo Infantil")
online = sessions.create_session(db, committee, date="2025-03-10", venue="Auditorio DRTPE")
db.conn.close()
assert main(["sync", "--db", path]) == 0
db = open_store(path)
offline = sessions.create_session(db, committee, date="2025-04-14", venue="Sala GORE")
db.conn.close()
assert main(["bundle", "export", "--db", path, "--out", bundle]) == 0
print("ROWS", committee, online, offline)
"""


def test_a_sync_round_and_a_bundle_export_run_without_headquarters(hq: Headquarters,
                                                                  tmp_path):
    bundle = tmp_path / "ucayali.sesiona-paquete"
    out, _ = desktop_only("-c", DEVICE, str(tmp_path / "laptop.sqlite"), hq.url,
                          hq.code("PE-UCA"), str(bundle))
    assert "Equipo «Laptop de la secretaría» inscrito" in out
    assert "Sincronización completa." in out
    committee, online, offline = out.splitlines()[-1].split()[1:]

    def stored() -> set[tuple[str, str]]:
        with read_transaction(hq.engine) as conn:
            return {(row.table_name, row.row_id) for row in conn.execute(
                select(records.c.table_name, records.c.row_id))}

    # The round reached headquarters; the offline session waits in the signed bundle.
    assert {("committees", committee), ("sessions", online)} <= stored()
    assert ("sessions", offline) not in stored()
    imported = import_bundle(hq.engine, hq.app.state.settings, bundle)
    assert imported.device_name == "Laptop de la secretaría"
    assert imported.outcomes["applied"] >= 1
    assert ("sessions", offline) in stored()


def test_the_installer_leaves_headquarters_out():
    """The PyInstaller bundle excludes by name everything the blocker hides (what it may
    not import, it must not carry)."""
    assert HQ_PACKAGES <= set(bundle_filter.EXCLUDED_MODULES)
