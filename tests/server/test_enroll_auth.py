"""Enrolment with one-time codes, device tokens (401 at once when revoked or unknown) and
the protocol version check (426 «Actualice Sesiona»)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from contract.protocol import PROTOCOL_HEADER
from server.core import accounts, security
from server.core.db import write_transaction
from server.core.models import devices, enrollment_codes, utc_now
from tests.server.support import LIMA, UCAYALI, committee

V1 = {PROTOCOL_HEADER: "1"}


def enroll(client, code, name="Laptop de la secretaría"):
    return client.post("/api/v1/enroll", json={"code": code, "device_name": name}, headers=V1)


def test_info_needs_no_credential(client):
    response = client.get("/api/v1/info")
    assert response.status_code == 200
    body = response.json()
    assert body["protocol"] == [1, 1]
    assert "MTPE" in body["name"]


def test_enrolment_returns_a_token_once_and_stores_only_its_hash(hq, client, engine):
    code = hq.code(UCAYALI)
    response = enroll(client, code.lower().replace("-", " "))  # typed loosely: still valid
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["region_code"] == UCAYALI
    assert body["committees"] == ["CDRPETI"]
    assert len(body["token"]) >= 40
    with engine.connect() as conn:
        row = conn.execute(select(devices)).mappings().one()
        used = conn.execute(select(enrollment_codes)).mappings().one()
    assert row["id"] == body["device_id"]
    assert row["token_hash"] == security.token_hash(body["token"])
    assert body["token"] not in str(dict(row))
    assert used["used_at"] is not None and used["device_id"] == row["id"]


def test_a_code_serves_only_once(hq, client):
    code = hq.code(UCAYALI)
    assert enroll(client, code).status_code == 200
    again = enroll(client, code)
    assert again.status_code == 410
    assert "ya fue utilizado" in again.json()["detail"]


def test_an_expired_code_is_refused(hq, client, engine):
    with write_transaction(engine) as conn:
        code, _ = accounts.create_enrollment_code(
            conn, UCAYALI, ["CDRPETI"], now=utc_now() - timedelta(hours=73))
    response = enroll(client, code)
    assert response.status_code == 410
    assert "venció" in response.json()["detail"]
    assert hq.counts()["devices"] == 0


def test_an_unknown_code_is_refused(hq, client):
    response = enroll(client, "ABCD-EFGH-JKLM")
    assert response.status_code == 400
    assert "no es válido" in response.json()["detail"]
    assert hq.counts()["devices"] == 0


def test_enrolment_body_is_validated_in_spanish(client):
    response = client.post("/api/v1/enroll", json={"code": "short"}, headers=V1)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "code" in detail and "device_name: falta este campo" in detail


def test_a_blank_device_name_is_refused(hq, client):
    response = enroll(client, hq.code(), name="   ")
    assert response.status_code == 422 and "nombre" in response.json()["detail"]
    assert hq.counts()["devices"] == 0


def test_missing_or_unknown_token_is_401(client):
    missing = client.get("/api/v1/pull", headers=V1)
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert "inscríbalo" in missing.json()["detail"]
    unknown = client.get("/api/v1/pull", headers={**V1, "Authorization": "Bearer nope"})
    assert unknown.status_code == 401
    assert "no es válida" in unknown.json()["detail"]


def test_a_revoked_device_gets_401_at_once_and_writes_nothing(hq):
    device = hq.enroll(UCAYALI)
    assert device.pull().entries == []
    hq.revoke(device)
    before = hq.counts()
    response = device.push_raw([committee(UCAYALI)])
    assert response.status_code == 401
    assert "dado de baja" in response.json()["detail"]
    assert device.client.get("/api/v1/pull", headers=device.headers).status_code == 401
    assert hq.counts() == before


def test_last_seen_is_recorded(hq, engine):
    device = hq.enroll(UCAYALI)
    device.pull()
    with engine.connect() as conn:
        seen = conn.execute(select(devices.c.last_seen_at)).scalar_one()
    assert seen is not None and utc_now() - seen < timedelta(minutes=1)


def test_wrong_or_missing_protocol_version_gets_426(hq):
    device = hq.enroll(LIMA)
    for version in ("2", "0", "abc", None):
        headers = {"Authorization": f"Bearer {device.token}"}
        if version is not None:
            headers[PROTOCOL_HEADER] = version
        response = device.client.get("/api/v1/pull", headers=headers)
        assert response.status_code == 426, version
        assert response.json()["detail"].startswith("Actualice Sesiona")
    response = device.client.post("/api/v1/enroll", json={"code": hq.code(), "device_name": "x"},
                                  headers={PROTOCOL_HEADER: "9"})
    assert response.status_code == 426


def test_unknown_route_is_404_in_spanish(client):
    response = client.get("/api/v1/nada")
    assert response.status_code == 404
    assert response.json() == {"detail": "No existe esta dirección en la sede central."}
