"""What a session's acta owns, and what stays writable once it is signed: the one rule.

«Un acta firmada es inmutable.» This module says, once, which rows make up a session's
acta and which of their fields may still change after signing. The device's one writer
(``db.storage.records``) and headquarters' push apply and bundle import both call
``refusal(...)`` before every write; neither keeps a list of its own.

**What the acta owns** (``PARTS``): the session row itself; its attendance, invitees,
informes, pedidos, agenda items and their interventions; the agreements adopted at it with
their responsible institutions; the follow-ups recorded *at* it; its files (annexes, the
working copy for digital signature, the signed files); its fe de erratas.

**What stays open after signing:**
- an agreement's ``state`` (it is followed up at later sessions);
- a follow-up of one of its agreements recorded at *another* session (not owned here);
- a signed file's stored validation (``signatures``, ``validated_at``): a re-check of the
  same bytes, never the bytes (``sha256``) or the row's existence;
- a new fe de erratas (insert only: an erratum, once registered, is part of the record).

Everything else is refused: insert, edit, delete and restore alike, whether the row is in
the signed acta as stored or would move into it. A signed file is content-addressed
(``sha256``) and can neither change its hash nor be deleted; signed files arrive only with
the signing itself, in the transaction that makes the session «acta_firmada».

The rule is pure: callers pass ``lookup(table, id)`` returning the row as stored (a
mapping) or None, so the same code runs against SQLite on the device and against
headquarters' store. It imports nothing from ``db`` or ``server``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

SIGNED_STATE = "acta_firmada"
SIGNED_FILE_PURPOSES = frozenset({"acta_firmada_fisica", "acta_firmada_digital"})

LOCKED_MESSAGE = (
    "El acta de esta sesión ya está firmada: la sesión y su contenido no se pueden "
    "modificar. Registre una fe de erratas si necesita corregirla.")
SIGNED_FILE_MESSAGE = (
    "El acta firmada de esta sesión no se puede reemplazar ni eliminar: el archivo firmado "
    "queda tal como se registró. Registre una fe de erratas si necesita corregirla.")

Row = Mapping[str, Any]
Lookup = Callable[[str, str], Row | None]


@dataclass(frozen=True)
class Part:
    """A table whose rows belong to a session's acta.

    ``path`` is the chain of links from a row up to its session: (column holding the next
    row's id, that row's table), ending at ``sessions``; empty for the session itself.
    ``open_fields(row)`` names the fields that may still change after signing.
    """

    table: str
    path: tuple[tuple[str, str], ...]
    open_fields: Callable[[Row], frozenset[str]] = field(default=lambda _row: frozenset())
    insert_after_signing: bool = False


def _attachment_open_fields(row: Row) -> frozenset[str]:
    if row.get("purpose") in SIGNED_FILE_PURPOSES:
        return frozenset({"signatures", "validated_at"})
    return frozenset()


_TO_SESSION = (("session_id", "sessions"),)

PARTS: dict[str, Part] = {part.table: part for part in (
    Part("sessions", ()),
    Part("attendance", _TO_SESSION),
    Part("invitees", _TO_SESSION),
    Part("reports", _TO_SESSION),
    Part("requests", _TO_SESSION),
    Part("agenda_items", _TO_SESSION),
    Part("interventions", (("agenda_item_id", "agenda_items"), *_TO_SESSION)),
    Part("agreements", _TO_SESSION, lambda _row: frozenset({"state"})),
    Part("agreement_responsibles", (("agreement_id", "agreements"), *_TO_SESSION)),
    # A follow-up belongs to the session it was recorded at (its ``session_id``), not to the
    # session of its agreement: later sessions keep following up a signed acta's agreements.
    Part("agreement_followups", _TO_SESSION),
    Part("attachments", _TO_SESSION, _attachment_open_fields),
    Part("errata", _TO_SESSION, insert_after_signing=True),
)}

# Bookkeeping columns every synced row carries; they follow any allowed change.
BOOKKEEPING = frozenset({"id", "created_at", "updated_at"})


def owning_session(lookup: Lookup, table: str, row: Row) -> Row | None:
    """The session whose acta owns ``row`` (a row of ``table``), or None."""
    part = PARTS.get(table)
    if part is None:
        return None
    if not part.path:
        return row
    current: Row | None = row
    for column, target in part.path:
        ref = current.get(column) if current is not None else None
        current = lookup(target, ref) if isinstance(ref, str) else None
        if current is None:
            return None
    return current


def is_signed(session: Row | None) -> bool:
    return session is not None and session.get("state") == SIGNED_STATE


def refusal(lookup: Lookup, table: str, op: str, stored: Row | None,
            fields: Mapping[str, Any]) -> str | None:
    """Why this write may not happen because of a signed acta (Spanish), or None.

    ``op`` is insert, update, delete or undelete; ``stored`` the row as it is now (None
    for a new row); ``fields`` the values the write sets. The row counts both as stored
    and as it would become, so nothing can move into or out of a signed acta.
    """
    if table not in PARTS:
        return None
    views: list[Row] = [stored] if stored is not None else []
    if table != "sessions":  # a session becoming signed is the signing itself
        views.append({**(stored or {}), **fields})
    signed_views = [view for view in views if is_signed(owning_session(lookup, table, view))]
    if not signed_views:
        return None
    part = PARTS[table]
    if stored is None:
        return None if part.insert_after_signing and op == "insert" else LOCKED_MESSAGE
    changed = {name for name, value in fields.items()
               if name not in BOOKKEEPING and stored.get(name) != value}
    if op in ("delete", "undelete"):
        changed.add("deleted_at")
    if not changed:
        return None
    allowed = frozenset.intersection(*(part.open_fields(view) for view in signed_views))
    if changed <= allowed:
        return None
    if table == "attachments" and any(
            view.get("purpose") in SIGNED_FILE_PURPOSES for view in signed_views):
        return SIGNED_FILE_MESSAGE
    return LOCKED_MESSAGE


def owned_tables() -> frozenset[str]:
    return frozenset(PARTS)
