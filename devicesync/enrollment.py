"""Enrolment: a one-time code from headquarters becomes this device's token and identity.

The token goes to the system keyring (``devicesync.transport``) before anything else is
written: if the keyring cannot take it, nothing is stored at all. Then ``meta`` remembers
the enrolment (``devicesync.identity``) and the offline-bundle key is registered at once
(``devicesync.keys``).
"""

from __future__ import annotations

import json

import httpx
import pydantic
import sqlite_utils

from contract.protocol import EnrollRequest, EnrollResponse
from db.errors import ValidationError
from db.storage.connection import transaction
from devicesync.identity import (
    ALLOW_HTTP,
    COMMITTEES,
    CURSOR,
    DEVICE_ID,
    DEVICE_NAME,
    LAST_SUCCESS,
    REGION_CODE,
    SERVER_URL,
    Device,
    device,
    set_meta,
)
from devicesync.keys import exchange_keys
from devicesync.transport import (
    KeyringUnavailableError,
    SyncError,
    Transport,
    check_keyring,
    check_url,
    forget_token,
    store_token,
)


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
    try:
        with Transport(url, token, client) as transport:
            exchange_keys(db, transport)
    except SyncError:
        pass  # not an enrolment failure: see the docstring
