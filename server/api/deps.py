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
from sqlalchemy import Connection, Engine

from contract.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SUPPORTED_VERSIONS
from server.core import accounts
from server.core.accounts import AccountError, Device
from server.core.db import read_transaction, write_transaction
from server.core.settings import Settings


# The dependencies that do no I/O are ``async``: FastAPI runs a plain ``def`` dependency in
# its thread pool, a hop per dependency per request that a burst of pushes pays for.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]


def update_message() -> str:
    low, high = SUPPORTED_VERSIONS
    span = f"la versión {low}" if low == high else f"las versiones {low} a {high}"
    return (f"Actualice Sesiona: la sede central admite {span} del protocolo de "
            "sincronización y esta copia usa otra. Instale la versión más reciente.")


async def check_protocol(
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


def _unauthorized(detail: str, status: int = 401) -> HTTPException:
    return HTTPException(status_code=status, detail=detail,
                         headers={"WWW-Authenticate": "Bearer"})


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("Falta la credencial de este equipo: inscríbalo en la sede central.")
    return token.strip()


def authenticated(conn: Connection, authorization: str | None) -> tuple[Device, bool]:
    """The device behind the header, read in the caller's transaction, and whether its
    ``last_seen_at`` is due a refresh. 401 at once for a missing, unknown or revoked token.
    """
    token = bearer_token(authorization)
    try:
        return accounts.authenticate(conn, token)
    except AccountError as error:
        raise _unauthorized(error.message, error.status) from None


def authorized_device(conn: Connection, authorization: str | None) -> Device:
    """``authenticated`` in the caller's write transaction, ``last_seen_at`` refreshed there
    when due. The 401 comes before anything is written."""
    device, due = authenticated(conn, authorization)
    if due:
        accounts.touch_device(conn, device.id)
    return device


def touch_if_due(engine: Engine, device: Device, due: bool) -> None:
    if due:
        with write_transaction(engine) as conn:
            accounts.touch_device(conn, device.id)


def current_device(
    engine: EngineDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Device:
    """For routes that need the device before their own transaction. The sync routes,
    called most, authenticate inside theirs instead (``authenticated``)."""
    with read_transaction(engine) as conn:
        device, due = authenticated(conn, authorization)
    touch_if_due(engine, device, due)
    return device


DeviceDep = Annotated[Device, Depends(current_device)]
