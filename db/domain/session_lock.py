"""Whether a session's acta is signed: the read-only question and the early guard.

The one writer (``db.storage.records``, after ``contract.acta_ownership``) enforces the lock
on every write. ``ensure_editable`` asks first only where the answer must come before
anything else: before validation (a signed acta answers «firmada», not «dato no válido»),
where the parent session must exist, or where a call may turn out to write nothing.
``is_locked`` is the read-only question the screens ask.

It reads the ``sessions`` table only, so every entity of a session (agreements, minutes,
annexes, signatures, the session itself) can import it without importing ``sessions``.
"""

from __future__ import annotations

import sqlite_utils

from contract import acta_ownership
from db.errors import LockedRecordError, NotFoundError


def is_locked(db: sqlite_utils.Database, session_id: str) -> bool:
    """Whether the session's acta is signed (read only: for screens that grey themselves)."""
    row = db.execute("SELECT state FROM sessions WHERE id = ?", [session_id]).fetchone()
    return row is not None and acta_ownership.is_signed({"state": row[0]})


def ensure_editable(db: sqlite_utils.Database, session_id: str) -> None:
    """The session exists and its acta is not signed, checked before anything else (see the
    module docstring for where this still matters; ``db.storage.records`` enforces the lock)."""
    row = db.execute("SELECT state FROM sessions WHERE id = ?", [session_id]).fetchone()
    if row is None:
        raise NotFoundError("No se encontró la sesión.")
    if acta_ownership.is_signed({"state": row[0]}):
        raise LockedRecordError(acta_ownership.LOCKED_MESSAGE)
