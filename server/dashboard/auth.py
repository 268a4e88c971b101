"""Staff sign-in for the dashboard: a signed session cookie, CSRF tokens, roles.

* The cookie (HttpOnly, SameSite=Lax, Secure behind the TLS proxy) holds only the random
  secret of a session kept in the database (``server.core.panel_sessions``), signed with
  HMAC-SHA256. Every request reads that row and its user, so any uvicorn worker (or
  machine) agrees at once when a session ends («Salir», an administrator, inactivity, 12 h)
  or a role changes. Nothing is kept in the process.
* The key comes from ``SESIONA_HQ_SECRET_KEY`` or, failing that, from a file generated once
  in the data folder (permissions 0600), shared by the workers of that folder.
* Device bearer tokens play no part here: only the cookie opens a page.
* Every POST form carries a CSRF token: the session's own (kept in its row) once signed
  in, a signed time-stamped one on the login form (which has no session yet).
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
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from server.core import panel_sessions
from server.core.db import read_transaction, write_transaction
from server.core.settings import Settings

COOKIE_NAME = "sesiona_panel"
SESSION_SECONDS = int(panel_sessions.LIFETIME.total_seconds())  # the cookie's max-age
LOGIN_TOKEN_SECONDS = 2 * 3600
KEY_FILE = "panel-secret.key"
_UNKNOWN = object()


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
    session_id: str = ""  # the row of ``panel_sessions`` (the SHA-256 of the secret)

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


def session_cookie(key: bytes, secret: str) -> str:
    """The cookie's value: the session's secret alone, signed."""
    return sign(key, "session", {"sid": secret})


def cookie_secret(request: Request) -> str | None:
    value = unsign(signing_key(request.app.state.settings), "session",
                   request.cookies.get(COOKIE_NAME, ""))
    secret = value.get("sid") if value else None
    return secret if isinstance(secret, str) and secret else None


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
    """The signed-in user, or None. Asked once per request (an error page asks again)."""
    user = getattr(request.state, "panel_user", _UNKNOWN)
    if user is _UNKNOWN:
        user = request.state.panel_user = _session_user(request)
    assert user is None or isinstance(user, StaffUser)
    return user


def _session_user(request: Request) -> StaffUser | None:
    settings: Settings = request.app.state.settings
    engine: Engine = request.app.state.engine
    secret = cookie_secret(request)
    if secret is None:
        return None
    idle = timedelta(minutes=settings.panel_idle_minutes)
    with read_transaction(engine) as conn:
        found = panel_sessions.check(conn, secret, idle=idle)
    if found.expired is not None or found.touch_due:
        # At most one small write a minute per session (or one when it expires).
        with write_transaction(engine) as conn:
            if found.expired is not None:
                panel_sessions.end_session(conn, *found.expired)
            elif found.session is not None:
                panel_sessions.touch(conn, found.session.id)
    session = found.session
    if session is None:
        return None
    return StaffUser(id=session.user_id, username=session.username, role=session.role,
                     csrf=session.csrf, session_id=session.id)


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
