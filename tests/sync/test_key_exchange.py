"""The bundle-signing keys are exchanged at the end of every online round, on the round's
own connection; a headquarters that cannot take the key (an older server without the
route) does not fail a round whose data moved: the report says it."""

from __future__ import annotations

import pytest
from starlette.responses import JSONResponse

from db.storage.connection import transaction
from devicesync.identity import get_meta
from devicesync.keys import HQ_KEY, REGISTERED_KEY
from tests.sync.conftest import Headquarters, _serve, make_committee, sync, wait_until_up


def test_a_round_registers_the_key(hq, tmp_path):
    device = hq.device(tmp_path / "a.sqlite", "PE-UCA")
    report = sync(device)
    assert report.key_problem == ""
    assert get_meta(device, REGISTERED_KEY) and get_meta(device, HQ_KEY)


class OlderHeadquarters:
    """The real application behind a front that answers 404 on the key route, as a
    headquarters from before offline bundles would."""

    def __init__(self, app):
        self.app = app
        self.state = app.state

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/api/v1/device-key":
            await JSONResponse({"detail": "No existe esta dirección en la sede central."},
                               status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


@pytest.fixture
def older_hq(tmp_path):
    from server.core.settings import Settings
    from server.main import create_app

    data = tmp_path / "hq-antigua"
    app = create_app(Settings(database_url=f"sqlite:///{data / 'hq.sqlite'}", data_dir=data))
    server, thread, port = _serve(OlderHeadquarters(app))
    hq = Headquarters(f"http://127.0.0.1:{port}", app, server, thread)
    wait_until_up(hq.url, thread)
    yield hq
    for db in hq.devices:
        db.conn.close()
    server.should_exit = True
    thread.join(timeout=10)


def test_a_server_without_the_key_route_still_syncs(older_hq, tmp_path):
    device = older_hq.device(tmp_path / "b.sqlite", "PE-UCA")
    with transaction(device):
        make_committee(device)
    report = sync(device)
    assert report.applied == 1 and report.key_problem
    lines = "\n".join(report.lines())
    assert "No se pudo registrar la clave para paquetes sin conexión" in lines
    assert get_meta(device, REGISTERED_KEY) is None
    assert device.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
