"""Staff sign-in for the dashboard: a signed session cookie, CSRF tokens, roles.

* The cookie holds the user id, an expiry and the session's CSRF token, signed with
  HMAC-SHA256. Nothing is kept in the process, so any uvicorn worker (or machine) that
  shares the signing key accepts it. The user's row is read again on every request, so a
  deleted user or a changed role takes effect at once.
* The key comes from ``SESIONA_HQ_SECRET_KEY`` or, failing that, from a file generated once
  in the data folder (permissions 0600), shared by the workers of that folder.
* Device bearer tokens play no part here: only the cookie opens a page.
* Every POST form carries a CSRF token: the session's own once signed in, a signed
  time-stamped one on the login form (which has no session yet).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from sqlalchemy import Engine, select

from server.db import read_transaction
from server.models import users
from server.settings import Settings

COOKIE_NAME = "sesiona_panel"
SESSION_SECONDS = 12 * 3600
LOGIN_TOKEN_SECONDS = 2 * 3600
KEY_FILE = "panel-secret.key"


class LoginRequired(Exception):
    """No valid session: the page answers with a redirect to the login form."""


class PanelRefusal(Exception):
    """A refusal shown as a Spanish page with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class StaffUser:
    id: str
    username: str
    role: str
    csrf: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def role_label(self) -> str:
        return "Administrador" if self.is_admin else "Analista"


def signing_key(settings: Settings) -> bytes:
    """The configured secret, or the data folder's key file, created once (0600)."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        _create_key_file(path)
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise RuntimeError(f"La clave del panel en {path} está vacía o incompleta: bórrela "
                           "para que se genere otra.")
    return key


def _create_key_file(path: Path) -> None:
    # Written to a private temporary file, then linked into place: a worker starting at the
    # same moment either wins the link or reads the complete file of the one that did.
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_urlsafe(48).encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, purpose: str, payload: str) -> str:
    return _b64(hmac.new(key, f"{purpose}:{payload}".encode(), hashlib.sha256).digest())


def sign(key: bytes, purpose: str, value: dict[str, Any]) -> str:
    payload = _b64(json.dumps(value, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_mac(key, purpose, payload)}"


def unsign(key: bytes, purpose: str, token: str) -> dict[str, Any] | None:
    payload, _, mac = token.partition(".")
    if not payload or not hmac.compare_digest(mac, _mac(key, purpose, payload)):
        return None
    try:
        value = json.loads(_unb64(payload))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def session_cookie(key: bytes, user: dict[str, Any], *, now: float | None = None) -> str:
    now = time.time() if now is None else now
    return sign(key, "session", {"uid": user["id"], "exp": int(now) + SESSION_SECONDS,
                                 "csrf": secrets.token_urlsafe(24)})


def login_token(key: bytes, *, now: float | None = None) -> str:
    now = time.time() if now is None else now
    return sign(key, "login", {"t": int(now), "n": secrets.token_urlsafe(8)})


def login_token_valid(key: bytes, token: str, *, now: float | None = None) -> bool:
    value = unsign(key, "login", token or "")
    now = time.time() if now is None else now
    return value is not None and isinstance(value.get("t"), int) \
        and 0 <= now - value["t"] <= LOGIN_TOKEN_SECONDS


def is_https(request: Request) -> bool:
    """Behind the TLS proxy the README describes, which says so in X-Forwarded-Proto."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def current_user(request: Request) -> StaffUser | None:
    settings: Settings = request.app.state.settings
    engine: Engine = request.app.state.engine
    value = unsign(signing_key(settings), "session", request.cookies.get(COOKIE_NAME, ""))
    if value is None or not isinstance(value.get("exp"), int) or value["exp"] < time.time():
        return None
    with read_transaction(engine) as conn:
        row = conn.execute(select(users.c.id, users.c.username, users.c.role).where(
            users.c.id == value.get("uid"))).first()
    if row is None:
        return None
    return StaffUser(id=row.id, username=row.username, role=row.role,
                     csrf=str(value.get("csrf", "")))


def require_user(request: Request) -> StaffUser:
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return user


def require_admin(request: Request) -> StaffUser:
    user = require_user(request)
    if not user.is_admin:
        raise PanelRefusal(403, "Su usuario es de consulta (analista): esta acción solo la "
                                "puede realizar un administrador del MTPE.")
    return user


def check_csrf(user: StaffUser, token: str | None) -> None:
    if not token or not user.csrf or not hmac.compare_digest(token, user.csrf):
        raise PanelRefusal(403, "El formulario venció o no proviene de este panel. Vuelva a "
                                "cargar la página e intente de nuevo.")
