"""Enrolment and what goes wrong, in Spanish: the token lives only in the keyring, no
keyring means a clear message and nothing stored, plain http only to loopback or with the
named setting, and the server's refusals (revoked, other region, old protocol, offline)."""

from __future__ import annotations

import logging

import keyring
import pytest
from keyring.backends import fail, null

from contract.protocol import PROTOCOL_HEADER
from db.errors import ValidationError
from db.storage import records
from db.storage.store import open_store
from devicesync import enrollment, identity, inbox
from devicesync.transport import (
    HTTP_SETTING,
    KeyringUnavailableError,
    OfflineError,
    RevokedError,
    SyncError,
    Transport,
    UpdateRequiredError,
    check_url,
    load_token,
)
from tests.conftest import MemoryKeyring
from tests.sync.conftest import make_committee, make_session, sync


def scan(root, secret: str) -> list[str]:
    """Files under ``root`` whose bytes contain ``secret``."""
    needle = secret.encode()
    return [str(p) for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_the_token_lives_only_in_the_keyring(hq, tmp_path, memory_keyring, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    db = open_store(tmp_path / "device.sqlite")
    hq.devices.append(db)
    device = enrollment.enroll(db, hq.url + "/", hq.code("PE-UCA", ["CDRPETI UCAYALI"]),
                                "Laptop de la secretaría")
    assert device.region_code == "PE-UCA" and device.committees == ["CDRPETI UCAYALI"]
    assert device.server_url == hq.url and device.cursor == 0
    token = memory_keyring.secrets[("Sesiona", f"dispositivo:{device.device_id}")]
    assert len(token) >= 32 and load_token(device.device_id) == token

    make_session(db, make_committee(db))
    sync(db)
    db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    assert scan(tmp_path, token) == [], "not in the SQLite file, settings, or the server"
    assert token not in caplog.text
    out, err = capsys.readouterr()
    assert token not in out + err
    values = " ".join(str(r[0]) for r in db.execute("SELECT value FROM meta"))
    assert token not in values


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_without_a_keyring_nothing_is_stored_and_the_code_is_not_spent(hq, tmp_path, backend):
    db = open_store(tmp_path / "device.sqlite")
    hq.devices.append(db)
    code = hq.code("PE-UCA")
    keyring.set_keyring(backend())
    with pytest.raises(KeyringUnavailableError) as refused:
        enrollment.enroll(db, hq.url, code, "Laptop")
    message = refused.value.message
    assert "almacén seguro" in message and "Administrador de credenciales" in message
    assert "gnome-keyring" in message and "KWallet" in message
    assert "python3-secretstorage" in message
    assert identity.device(db) is None
    assert db.execute("SELECT count(*) FROM meta WHERE key LIKE 'sync_%'").fetchone()[0] == 0

    keyring.set_keyring(MemoryKeyring())
    assert enrollment.enroll(db, hq.url, code, "Laptop").region_code == "PE-UCA"


def test_plain_http_only_to_loopback_or_with_the_named_setting(db):
    for url in ("http://127.0.0.1:8000", "http://127.5.0.1", "http://[::1]:9", "http://localhost"):
        assert check_url(url) == url
    assert check_url("https://sesiona.trabajo.gob.pe/") == "https://sesiona.trabajo.gob.pe"
    with pytest.raises(ValidationError) as refused:
        enrollment.enroll(db, "http://sede.invalid", "ABCD-EFGH-JKLM", "Laptop")
    assert HTTP_SETTING in refused.value.message and "--permitir-http" in refused.value.message
    assert identity.device(db) is None
    # With the setting, the address is accepted (and here, unreachable).
    with pytest.raises(OfflineError, match="Sin conexión con la sede"):
        enrollment.enroll(db, "http://sede.invalid", "ABCD-EFGH-JKLM", "Laptop",
                           allow_http=True)
    with pytest.raises(ValidationError):
        check_url("ftp://sede.example")


def test_a_wrong_code_is_explained(hq, db):
    with pytest.raises(SyncError, match="código de inscripción no es válido"):
        enrollment.enroll(db, hq.url, "ABCD-EFGH-JKLM", "Laptop")
    assert identity.device(db) is None


def test_refusals_reach_the_secretary_in_spanish_and_change_nothing(hq, tmp_path):
    cusco = hq.device(tmp_path / "cusco.sqlite", "PE-CUS")
    make_committee(cusco, region="PE-UCA", acronym="AJENO")  # another region's committee
    # Headquarters refuses it (403, nothing written); the device sets it aside instead of
    # being stuck on it (see test_files_and_locks for the whole story).
    report = sync(cusco)
    assert (report.pushed, report.rejected) == (1, 1)
    assert records.pending_changes(cusco) == 0
    (refused,) = inbox.rejections(cusco)
    assert refused["reason"].startswith("No tiene permiso sobre los datos de otra región")

    ucayali = hq.device(tmp_path / "ucayali.sqlite", "PE-UCA")
    make_committee(ucayali)
    hq.revoke(identity.require_device(ucayali).device_id)
    with pytest.raises(RevokedError, match="revocado .* vuelva a inscribirlo"):
        sync(ucayali)
    assert records.pending_changes(ucayali) == 1

    enrolled = identity.require_device(ucayali)
    with Transport(enrolled.server_url, "x") as transport:
        transport.headers[PROTOCOL_HEADER] = "99"
        with pytest.raises(UpdateRequiredError, match="^Actualice Sesiona"):
            transport.json("GET", "/pull")

    hq.server.should_exit = True
    hq.thread.join(timeout=10)
    with pytest.raises(OfflineError, match="^Sin conexión con la sede"):
        sync(cusco)


class PlaintextKeyring(MemoryKeyring):
    """What keyrings.alt installs: a backend that works, but writes secrets to a file (the
    test's in-memory store under keyrings.alt's module name)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_a_plaintext_keyring_is_refused_not_used(hq, tmp_path):
    db = open_store(tmp_path / "device.sqlite")
    hq.devices.append(db)
    code = hq.code("PE-UCA")
    plaintext = PlaintextKeyring()
    keyring.set_keyring(plaintext)
    with pytest.raises(KeyringUnavailableError) as refused:
        enrollment.enroll(db, hq.url, code, "Laptop")
    message = refused.value.message
    assert "«PlaintextKeyring», de keyrings" in message
    assert "no es el almacén seguro del sistema" in message and "gnome-keyring" in message
    assert plaintext.secrets == {}  # nothing written to the plaintext file
    assert identity.device(db) is None

    keyring.set_keyring(MemoryKeyring())  # the code was not spent
    assert enrollment.enroll(db, hq.url, code, "Laptop").region_code == "PE-UCA"


def test_a_chain_is_secure_only_when_every_backend_is():
    from keyring.backends.chainer import ChainerBackend

    from devicesync.transport import is_secure_backend
    def chain(*members):
        class Chain(ChainerBackend):
            backends = list(members)  # the real class finds the installed ones

        return Chain()

    assert is_secure_backend(chain(MemoryKeyring()))
    assert not is_secure_backend(chain(MemoryKeyring(), PlaintextKeyring()))
    assert not is_secure_backend(chain())
