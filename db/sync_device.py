"""This device's identity with headquarters: enrolment and what ``meta`` remembers.

``meta`` keeps the server address, the device id and name, its region, the feed cursor,
the last successful sync and the «http» setting. The token only ever goes to the system
keyring (``db.sync_transport``), stored before anything else is written: if the keyring
cannot take it, nothing is stored at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import httpx
import pydantic
import sqlite_utils

from contract.protocol import EnrollRequest, EnrollResponse
from db.connection import transaction
from db.errors import ValidationError
from db.sync_transport import (
    KeyringUnavailableError,
    NotEnrolledError,
    SyncError,
    Transport,
    check_keyring,
    check_url,
    forget_token,
    store_token,
)

SERVER_URL = "sync_server_url"
DEVICE_ID = "sync_device_id"
DEVICE_NAME = "sync_device_name"
REGION_CODE = "sync_region_code"
COMMITTEES = "sync_committees"
CURSOR = "sync_cursor"
LAST_SUCCESS = "sync_last_success_at"
ALLOW_HTTP = "sync_allow_http"
KEYS = (SERVER_URL, DEVICE_ID, DEVICE_NAME, REGION_CODE, COMMITTEES, CURSOR, LAST_SUCCESS,
        ALLOW_HTTP)


@dataclass(frozen=True)
class Device:
    """What the device knows of its enrolment (never the token)."""

    server_url: str
    device_id: str
    device_name: str
    region_code: str
    committees: list[str]
    cursor: int
    last_success_at: str | None
    allow_http: bool

    @property
    def last_success(self) -> datetime | None:
        if not self.last_success_at:
            return None
        return datetime.fromisoformat(self.last_success_at.replace("Z", "+00:00"))


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else row[0]


def set_meta(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
               " ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def device(db: sqlite_utils.Database) -> Device | None:
    """The enrolment, or None if this database was never enrolled."""
    values = {r[0]: r[1] for r in db.execute(
        f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' for _ in KEYS)})",
        list(KEYS))}
    if not values.get(DEVICE_ID) or not values.get(SERVER_URL):
        return None
    return Device(
        server_url=values[SERVER_URL], device_id=values[DEVICE_ID],
        device_name=values.get(DEVICE_NAME) or "", region_code=values.get(REGION_CODE) or "",
        committees=json.loads(values.get(COMMITTEES) or "[]"),
        cursor=int(values.get(CURSOR) or 0), last_success_at=values.get(LAST_SUCCESS),
        allow_http=values.get(ALLOW_HTTP) == "1")


def require_device(db: sqlite_utils.Database) -> Device:
    found = device(db)
    if found is None:
        raise NotEnrolledError("Este equipo no está inscrito en la sede: inscríbalo en "
                               "Configuración → Sincronización (o con «sesiona enroll»).")
    return found


def enroll(db: sqlite_utils.Database, server_url: str, code: str, device_name: str, *,
           allow_http: bool = False, client: httpx.Client | None = None) -> Device:
    """Exchange a one-time code for a device token (kept in the keyring) and remember the
    enrolment. The cursor starts at 0: the next sync brings the region's whole history."""
    url = check_url(server_url, allow_http=allow_http)
    name = (device_name or "").strip()
    try:
        request = EnrollRequest(code=(code or "").strip(), device_name=name)
    except pydantic.ValidationError:
        field = "device_name" if not name or len(name) > 120 else "code"
        message = ("Indique un nombre para este equipo (hasta 120 caracteres)."
                   if field == "device_name" else
                   "El código de inscripción no es válido: cópielo tal como lo entregó la sede.")
        raise ValidationError({field: message}) from None
    check_keyring()  # before the one-time code is spent
    with Transport(url, client=client) as transport:
        raw = transport.json("POST", "/enroll", body=request.model_dump())
    try:
        answer = EnrollResponse.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise SyncError("La sede respondió algo que esta versión de Sesiona no entiende; "
                        "actualice Sesiona.") from exc
    previous = device(db)
    try:
        store_token(answer.device_id, answer.token)
    except KeyringUnavailableError as exc:
        raise KeyringUnavailableError(
            f"{exc.message} El código de inscripción ya se usó: pida uno nuevo a la sede."
        ) from exc
    with transaction(db):
        for key, value in ((SERVER_URL, url), (DEVICE_ID, answer.device_id),
                           (DEVICE_NAME, name), (REGION_CODE, answer.region_code),
                           (COMMITTEES, json.dumps(answer.committees, ensure_ascii=False)),
                           (CURSOR, "0"), (LAST_SUCCESS, None),
                           (ALLOW_HTTP, "1" if allow_http else "0")):
            set_meta(db, key, value)
    if previous is not None and previous.device_id != answer.device_id:
        forget_token(previous.device_id)
    found = device(db)
    assert found is not None
    _register_bundle_key(db, url, answer.token, client)
    return found


def _register_bundle_key(db: sqlite_utils.Database, url: str, token: str,
                         client: httpx.Client | None) -> None:
    """Register the offline-bundle key at once: enrolment may be the only moment a device of
    a region without a usable connection reaches headquarters. If it fails (an older
    headquarters), the next online round registers it, and an export explains meanwhile."""
    from db.bundle_keys import exchange_keys  # it builds on this module

    try:
        with Transport(url, token, client) as transport:
            exchange_keys(db, transport)
    except SyncError:
        pass  # not an enrolment failure: see the docstring
