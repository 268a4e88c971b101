"""Devices, enrolment codes and staff users: the functions behind the CLI and the routes."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from resources import resource_path
from server.core import security
from server.core.fast_sql import fetch_dicts
from server.core.models import devices, enrollment_codes, users, utc_now

ROLES = ("admin", "analista")
LAST_SEEN_RESOLUTION = timedelta(minutes=1)  # don't write on every request


class AccountError(Exception):
    """A refusal with a Spanish message and the HTTP status it maps to."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    region_code: str


@cache
def region_names() -> dict[str, str]:
    with resource_path("catalogs", "regions.csv").open(encoding="utf-8", newline="") as fh:
        return {row["iso_code"]: row["name"] for row in csv.DictReader(fh)}


def check_region(code: str) -> str:
    code = code.strip().upper()
    if code not in region_names():
        raise AccountError(
            f"«{code}» no es una región del Perú. Use el código ISO 3166-2, p. ej. PE-UCA "
            "(Ucayali) o PE-LIM (Lima).")
    return code


# Enrolment ---------------------------------------------------------------------------------

def create_enrollment_code(conn: Connection, region_code: str, committees: list[str], *,
                           hours: int = 72, now: datetime | None = None) -> tuple[str, datetime]:
    """A one-time code for a device of ``region_code``'s secretariat. Returns (code, expiry)."""
    region_code = check_region(region_code)
    if hours <= 0:
        raise AccountError("La vigencia del código debe ser de al menos una hora.")
    now = now or utc_now()
    code = security.new_enrollment_code()
    expires = now + timedelta(hours=hours)
    conn.execute(insert(enrollment_codes).values(
        code_hash=security.code_hash(code), region_code=region_code,
        committees=[c.strip() for c in committees if c.strip()], created_at=now,
        expires_at=expires))
    return code, expires


def enroll(conn: Connection, code: str, device_name: str, *,
           now: datetime | None = None) -> tuple[Device, str, list[str]]:
    """Spend a code: create the device and return it with its token (shown once)."""
    now = now or utc_now()
    if not device_name.strip():
        raise AccountError("Escriba un nombre para este equipo (p. ej. «Laptop de la "
                           "secretaría técnica»).", 422)
    row = conn.execute(select(enrollment_codes).where(
        enrollment_codes.c.code_hash == security.code_hash(code))).mappings().first()
    if row is None:
        raise AccountError("El código de inscripción no es válido. Revíselo o pida uno nuevo "
                           "a la sede central.", 400)
    if row["used_at"] is not None:
        raise AccountError("El código de inscripción ya fue utilizado. Pida uno nuevo a la "
                           "sede central.", 410)
    if row["expires_at"] <= now:
        raise AccountError("El código de inscripción venció. Pida uno nuevo a la sede "
                           "central.", 410)
    device = Device(id=str(uuid.uuid4()), name=device_name.strip(),
                    region_code=row["region_code"])
    token = security.new_token()
    conn.execute(insert(devices).values(
        id=device.id, name=device.name, region_code=device.region_code,
        token_hash=security.token_hash(token), committees=row["committees"], created_at=now))
    spent = conn.execute(update(enrollment_codes).where(
        enrollment_codes.c.code_hash == row["code_hash"],
        enrollment_codes.c.used_at.is_(None)).values(used_at=now, device_id=device.id))
    if spent.rowcount != 1:  # another device spent it a moment ago
        raise AccountError("El código de inscripción ya fue utilizado. Pida uno nuevo a la "
                           "sede central.", 410)
    return device, token, list(row["committees"])


# Built once: every request of every device runs it, and building a statement costs more
# CPU than running this one. Only the columns the answer needs (not the JSON ones).
_DEVICE_BY_TOKEN = select(
    devices.c.id, devices.c.name, devices.c.region_code, devices.c.revoked_at,
    devices.c.last_seen_at).where(devices.c.token_hash == bindparam("token_hash"))


def authenticate(conn: Connection, token: str, *,
                 now: datetime | None = None) -> tuple[Device, bool]:
    """The device holding ``token``, and whether its ``last_seen_at`` is due a refresh
    (done by ``touch_device`` in a write transaction of its own)."""
    found = fetch_dicts(conn, _DEVICE_BY_TOKEN, {"token_hash": security.token_hash(token)})
    row = found[0] if found else None
    if row is None:
        raise AccountError("La credencial de este equipo no es válida. Vuelva a inscribirlo "
                           "con un código de la sede central.", 401)
    if row["revoked_at"] is not None:
        raise AccountError("Este equipo fue dado de baja en la sede central. Pida un nuevo "
                           "código de inscripción.", 401)
    now = now or utc_now()
    due = row["last_seen_at"] is None or now - row["last_seen_at"] >= LAST_SEEN_RESOLUTION
    return Device(id=row["id"], name=row["name"], region_code=row["region_code"]), due


def touch_device(conn: Connection, device_id: str, *, now: datetime | None = None) -> None:
    conn.execute(update(devices).where(devices.c.id == device_id).values(
        last_seen_at=now or utc_now()))


def revoke_device(conn: Connection, device_id: str, *, now: datetime | None = None) -> bool:
    """Revoke at once (its next request gets 401). False if there is no such device."""
    found = conn.execute(select(devices.c.revoked_at).where(devices.c.id == device_id)).first()
    if found is None:
        return False
    if found[0] is None:
        conn.execute(update(devices).where(devices.c.id == device_id).values(
            revoked_at=now or utc_now()))
    return True


def list_devices(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(
        devices.c.id, devices.c.name, devices.c.region_code, devices.c.committees,
        devices.c.created_at, devices.c.last_seen_at, devices.c.revoked_at,
    ).order_by(devices.c.region_code, devices.c.created_at)).mappings()
    return [dict(row) for row in rows]


# Staff -------------------------------------------------------------------------------------

def create_user(conn: Connection, username: str, password: str, role: str) -> str:
    username = username.strip()
    if not username or len(username) > 64 or not all(c.isalnum() or c in "._-" for c in username):
        raise AccountError("El nombre de usuario debe tener de 1 a 64 letras, números, puntos, "
                           "guiones o guiones bajos.")
    if role not in ROLES:
        raise AccountError("El rol debe ser «admin» o «analista».")
    problem = security.password_problem(password)
    if problem:
        raise AccountError(problem)
    taken = conn.execute(select(users.c.id).where(users.c.username == username)).first()
    if taken is not None:
        raise AccountError(f"Ya existe el usuario «{username}».", 409)
    user_id = str(uuid.uuid4())
    conn.execute(insert(users).values(
        id=user_id, username=username, password_hash=security.hash_password(password),
        role=role, created_at=utc_now()))
    return user_id


@cache
def _dummy_hash() -> str:
    return security.hash_password("sesiona-dummy-password")


def check_user(conn: Connection, username: str, password: str) -> dict[str, Any] | None:
    """The user if the password matches (for the dashboard's login), else None."""
    row = conn.execute(select(users).where(users.c.username == username)).mappings().first()
    if row is None:
        security.verify_password(_dummy_hash(), password)  # same time as a wrong password
        return None
    if not security.verify_password(row["password_hash"], password):
        return None
    return {"id": row["id"], "username": row["username"], "role": row["role"]}
