"""This device's identity with headquarters: what ``meta`` remembers of its enrolment.

``meta`` keeps the server address, the device id and name, its region, the feed cursor,
the last successful sync and the «http» setting. The token never comes here: it lives only
in the system keyring (``devicesync.transport``). Enrolment itself is
``devicesync.enrollment``, which builds on this module and on the bundle keys
(``devicesync.keys``); this module imports neither, so the two never import each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from devicesync.transport import NotEnrolledError

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
