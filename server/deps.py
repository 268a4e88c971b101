"""Request dependencies, as ``Annotated`` aliases (the FastAPI template's style).

* ``SettingsDep``, ``EngineDep``: what ``create_app`` put on ``app.state`` (no other state
  lives in the process: every request reads what it needs from the database).
* ``ProtocolDep``: the client's ``X-Sesiona-Protocol`` must be in ``SUPPORTED_VERSIONS``,
  else 426 with a Spanish «Actualice Sesiona» message.
* ``DeviceDep``: the enrolled device behind ``Authorization: Bearer <token>``; a missing,
  unknown or revoked token is 401 at once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from sqlalchemy import Engine

from server import accounts
from server.accounts import AccountError, Device
from server.db import read_transaction, write_transaction
from server.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SUPPORTED_VERSIONS
from server.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]


def update_message() -> str:
    low, high = SUPPORTED_VERSIONS
    span = f"la versión {low}" if low == high else f"las versiones {low} a {high}"
    return (f"Actualice Sesiona: la sede central admite {span} del protocolo de "
            "sincronización y esta copia usa otra. Instale la versión más reciente.")


def check_protocol(
    version: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
) -> int:
    try:
        number = int(version) if version is not None else None
    except ValueError:
        number = None
    low, high = SUPPORTED_VERSIONS
    if number is None or not low <= number <= high:
        raise HTTPException(status_code=426, detail=update_message(),
                            headers={"Upgrade": f"Sesiona-Protocol/{PROTOCOL_VERSION}"})
    return number


ProtocolDep = Annotated[int, Depends(check_protocol)]


def current_device(
    engine: EngineDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Device:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            status_code=401, headers={"WWW-Authenticate": "Bearer"},
            detail="Falta la credencial de este equipo: inscríbalo en la sede central.")
    try:
        with read_transaction(engine) as conn:
            device, due = accounts.authenticate(conn, token.strip())
    except AccountError as error:
        raise HTTPException(status_code=error.status, detail=error.message,
                            headers={"WWW-Authenticate": "Bearer"}) from None
    if due:
        with write_transaction(engine) as conn:
            accounts.touch_device(conn, device.id)
    return device


DeviceDep = Annotated[Device, Depends(current_device)]
