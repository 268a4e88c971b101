"""``POST /api/v1/device-key``: registering the bundle signing key online, on both
backends: authenticated, idempotent, validated; headquarters' key comes back and stays."""

from __future__ import annotations

from contract.bundle_format import public_text
from contract.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from devicesync import identity
from devicesync.identity import get_meta
from devicesync.keys import HQ_KEY, REGISTERED_KEY, register_key, signing_key
from devicesync.transport import load_token
from server.bundles.keys import HQ_KEY_FILE, hq_public_text


def test_the_key_is_registered_once_and_headquarters_key_comes_back(office):
    db = office.device("laptop", register=False)
    assert register_key(db, client=office.client)
    before = office.counts()
    assert not register_key(db, client=office.client), "already known: nothing changes"
    assert office.counts() == before
    device = identity.require_device(db)
    assert get_meta(db, REGISTERED_KEY) == public_text(signing_key(device.device_id))
    assert get_meta(db, HQ_KEY) == hq_public_text(office.settings.data_dir)
    key_file = office.settings.data_dir / HQ_KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    private = key_file.read_text()
    for table, in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        assert private.strip() not in str(list(db.query(f"SELECT * FROM [{table}]")))


def test_the_route_wants_a_token_and_a_real_key(office):
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    answer = office.client.post("/api/v1/device-key", json={"public_key": "A" * 44},
                                headers=headers)
    assert answer.status_code == 401
    db = office.device("laptop", register=False)
    token = load_token(identity.require_device(db).device_id)
    headers["Authorization"] = f"Bearer {token}"
    answer = office.client.post("/api/v1/device-key", json={"public_key": "no-es-base64!" * 4},
                                headers=headers)
    assert answer.status_code == 422
    assert "no es válida" in answer.json()["detail"]


def test_enrolment_registers_the_key_at_once(office, tmp_path):
    # Enrolment may be the only moment a device of a region without a usable connection
    # reaches headquarters: it can export a bundle right after it.
    db = office.device("laptop")
    device = identity.require_device(db)
    assert get_meta(db, REGISTERED_KEY) == public_text(signing_key(device.device_id))
    assert get_meta(db, HQ_KEY) == hq_public_text(office.settings.data_dir)
    path = office.export(db, "primero")
    assert path.exists() and office.import_(path)
