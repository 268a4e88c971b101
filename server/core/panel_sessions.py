"""Dashboard sign-ins kept in the database: the functions behind the panel and the CLI.

Rules:

* A sign-in is a row of ``panel_sessions``. The browser's cookie carries a random secret
  (signed, see ``server.dashboard.auth``); the row is keyed by the secret's SHA-256, so
  reading the table (or a backup of it) opens no session.
* A session works while it is not ended, was used within the idle window
  (``Settings.panel_idle_minutes``) and is younger than ``LIFETIME`` (12 h), whatever its
  activity. Every worker reads the same row, so an ended session is ended for all.
* ``last_seen_at`` is written at most once per ``TOUCH_RESOLUTION``, not on every
  request: the idle window is therefore honoured to within a minute.
* A session is ended by «Salir» (``salida``), by an administrator (``administrador``), by
  signing in again in the same browser (``reemplazo``), or, noticed on its next use, by
  inactivity (``inactividad``) or age (``vencimiento``). Ended rows are kept
  ``RETENTION`` for the record, then removed when someone signs in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, delete, func, insert, select, update

from server.core.models import panel_sessions, users, utc_now

LIFETIME = timedelta(hours=12)
TOUCH_RESOLUTION = timedelta(minutes=1)
RETENTION = timedelta(days=30)
REASONS = {
    "salida": "cerró sesión",
    "administrador": "cerrada por un administrador",
    "reemplazo": "reemplazada por un nuevo ingreso",
    "inactividad": "vencida por inactividad",
    "vencimiento": "vencida (12 horas desde el ingreso)",
}


@dataclass(frozen=True)
class PanelSession:
    id: str  # the SHA-256 of the cookie's secret
    user_id: str
    username: str
    role: str
    csrf: str
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class Found:
    """What a cookie's secret leads to: a usable session (or None), the reason to record
    now if it just turned out to be expired, and whether ``last_seen_at`` is due a write."""

    session: PanelSession | None
    expired: tuple[str, str] | None = None  # (session id, reason)
    touch_due: bool = False


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def open_session(conn: Connection, user_id: str, *,
                 now: datetime | None = None) -> tuple[str, str]:
    """A new session for ``user_id``: returns (the secret for the cookie, its CSRF token)."""
    now = now or utc_now()
    conn.execute(delete(panel_sessions).where(
        panel_sessions.c.created_at < now - LIFETIME - RETENTION))
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    conn.execute(insert(panel_sessions).values(
        id=secret_hash(secret), user_id=user_id, csrf=csrf, created_at=now, last_seen_at=now))
    return secret, csrf


def expiry_reason(created_at: datetime, last_seen_at: datetime, *, idle: timedelta,
                  now: datetime) -> str | None:
    """Why a not-ended session no longer works at ``now``, or None if it still does."""
    if now - created_at >= LIFETIME:
        return "vencimiento"
    if now - last_seen_at >= idle:
        return "inactividad"
    return None


def check(conn: Connection, secret: str, *, idle: timedelta,
          now: datetime | None = None) -> Found:
    """The session a cookie's secret opens (one indexed read, joined with its user)."""
    now = now or utc_now()
    row = conn.execute(select(
        panel_sessions.c.id, panel_sessions.c.user_id, panel_sessions.c.csrf,
        panel_sessions.c.created_at, panel_sessions.c.last_seen_at, panel_sessions.c.ended_at,
        users.c.username, users.c.role,
    ).join(users, users.c.id == panel_sessions.c.user_id).where(
        panel_sessions.c.id == secret_hash(secret))).first()
    if row is None or row.ended_at is not None:
        return Found(None)
    reason = expiry_reason(row.created_at, row.last_seen_at, idle=idle, now=now)
    if reason is not None:
        return Found(None, expired=(row.id, reason))
    session = PanelSession(id=row.id, user_id=row.user_id, username=row.username,
                           role=row.role, csrf=row.csrf, created_at=row.created_at,
                           last_seen_at=row.last_seen_at)
    return Found(session, touch_due=now - row.last_seen_at >= TOUCH_RESOLUTION)


def touch(conn: Connection, session_id: str, *, now: datetime | None = None) -> None:
    now = now or utc_now()
    # Conditional: of two workers due at once, the second writes nothing new.
    conn.execute(update(panel_sessions).where(
        panel_sessions.c.id == session_id, panel_sessions.c.ended_at.is_(None),
        panel_sessions.c.last_seen_at < now).values(last_seen_at=now))


def end_session(conn: Connection, session_id: str, reason: str, *,
                now: datetime | None = None) -> bool:
    """End one session; False if it had already ended."""
    assert reason in REASONS, reason
    ended = conn.execute(update(panel_sessions).where(
        panel_sessions.c.id == session_id, panel_sessions.c.ended_at.is_(None)).values(
        ended_at=now or utc_now(), ended_reason=reason))
    return ended.rowcount == 1


def _live(idle: timedelta, now: datetime) -> Any:
    return and_(panel_sessions.c.ended_at.is_(None),
                panel_sessions.c.last_seen_at > now - idle,
                panel_sessions.c.created_at > now - LIFETIME)


def end_user_sessions(conn: Connection, user_id: str, *, idle: timedelta,
                      reason: str = "administrador", now: datetime | None = None) -> int:
    """End every open session of ``user_id``; returns how many were still working."""
    assert reason in REASONS, reason
    now = now or utc_now()
    live = conn.execute(update(panel_sessions).where(
        panel_sessions.c.user_id == user_id, _live(idle, now)).values(
        ended_at=now, ended_reason=reason))
    # Those already past their time end too, with the reason that really ended them.
    for expired, why in ((panel_sessions.c.created_at <= now - LIFETIME, "vencimiento"),
                         (panel_sessions.c.last_seen_at <= now - idle, "inactividad")):
        conn.execute(update(panel_sessions).where(
            panel_sessions.c.user_id == user_id, panel_sessions.c.ended_at.is_(None),
            expired).values(ended_at=now, ended_reason=why))
    return int(live.rowcount)


def user_id_of(conn: Connection, username: str) -> str | None:
    return conn.execute(select(users.c.id).where(
        users.c.username == username.strip())).scalar_one_or_none()


def username_of(conn: Connection, user_id: str) -> str | None:
    return conn.execute(select(users.c.username).where(
        users.c.id == user_id)).scalar_one_or_none()


def users_overview(conn: Connection, *, idle: timedelta,
                   now: datetime | None = None) -> list[dict[str, Any]]:
    """Every staff user with the number of sessions still working and their last use."""
    now = now or utc_now()
    open_count = func.count(case((_live(idle, now), panel_sessions.c.id)))
    last_seen = func.max(case((_live(idle, now), panel_sessions.c.last_seen_at)))
    rows = conn.execute(select(
        users.c.id, users.c.username, users.c.role, open_count.label("open_sessions"),
        last_seen.label("last_seen_at"),
    ).select_from(users.outerjoin(panel_sessions, panel_sessions.c.user_id == users.c.id)
    ).group_by(
        users.c.id, users.c.username, users.c.role).order_by(users.c.username)).mappings()
    return [dict(row) for row in rows]
