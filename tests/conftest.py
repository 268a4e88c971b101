"""Shared fixtures. Qt must run headless, so the platform is set before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import shutil  # noqa: E402
from datetime import UTC, datetime, time  # noqa: E402
from pathlib import Path  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402
import time_machine  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from db.storage.store import open_store  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """The only fake allowed: the OS secret store, which a headless machine lacks."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    from devicesync import transport

    # The fake stands for the operating system's secret store, so it counts as one. A
    # patch of its own: a test's ``monkeypatch.undo()`` must not take that away.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transport, "SECURE_BACKENDS",
                      transport.SECURE_BACKENDS | {MemoryKeyring.__module__})
        previous = keyring.get_keyring()
        backend = MemoryKeyring()
        keyring.set_keyring(backend)
        yield backend
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Keep QSettings and platformdirs away from the real user profile."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


# 02:00 UTC is 21:00 of the day before in Lima: the hours in which a date taken from the
# machine's clock instead of Lima's is one day ahead.
NIGHT_UTC = time(2, 0)


@pytest.fixture(params=["reloj actual", "02:00 UTC"])
def either_clock(request):
    """Runs a date-sensitive test twice: on the real clock, and with the clock moved to
    today's 02:00 UTC (still ticking), so a date shown in machine time instead of Lima
    time fails at any hour of the day, not only at night."""
    if request.param == "reloj actual":
        yield None
        return
    night = datetime.combine(datetime.now(UTC).date(), NIGHT_UTC, tzinfo=UTC)
    with time_machine.travel(night, tick=True):
        yield night


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "sesiona.sqlite"


@pytest.fixture
def db(db_path):
    store = open_store(db_path)
    yield store
    store.conn.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database is expensive: built once per test process, then copied."""
    from db.demo.build import build_demo

    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    store = open_store(path)
    build_demo(store)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.close()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    target = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, target)
    return target
