"""The content fingerprint of a signed acta, derived from the ownership rule alone.

A hash of every row ``contract.acta_ownership`` says the session's acta owns (deleted
ones too, as deleted), leaving out the bookkeeping columns and the fields the rule keeps
open after signing (an agreement's state, a signed file's stored validation), and the
fe de erratas, which the rule lets be added after signing (they correct the acta, they
are not its content). While the rule holds, this value never changes once the session is
signed, wherever it is computed: on a device (``device_fingerprint``) or over any other
copy of the rows (``fingerprint``, e.g. headquarters' store).

It differs from the ``acta_fingerprint`` stored at signing, which hashes the acta as
printed (``db.documents.acta_content``): that one is frozen in the signed session row, so it cannot
show a later change to a row behind it; this one is recomputed from the rows themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from contract import acta_ownership

Row = Mapping[str, Any]
_LEFT_OUT = acta_ownership.BOOKKEEPING | {"deleted_at"}


def fingerprint(session_id: str, rows: Mapping[str, Iterable[Row]]) -> str:
    """SHA-256 of what the acta of ``session_id`` owns among ``rows`` (table → its rows,
    each a mapping with ``id`` and ``deleted_at``)."""
    by_id = {table: {row["id"]: row for row in table_rows}
             for table, table_rows in rows.items()}

    def lookup(table: str, row_id: str) -> Row | None:
        return by_id.get(table, {}).get(row_id)

    owned = []
    for table, part in sorted(acta_ownership.PARTS.items()):
        if part.insert_after_signing:
            continue
        for row_id, row in sorted(by_id.get(table, {}).items()):
            session = acta_ownership.owning_session(lookup, table, row)
            if session is None or session["id"] != session_id:
                continue
            hidden = _LEFT_OUT | part.open_fields(row)
            owned.append([table, row_id, row.get("deleted_at") is not None,
                          {k: v for k, v in sorted(row.items()) if k not in hidden}])
    text = json.dumps(owned, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def device_fingerprint(db: sqlite_utils.Database, session_id: str) -> str:
    """``fingerprint`` over this device's rows (every row of the acta's tables)."""
    return fingerprint(session_id, {
        table: list(db.query(f"SELECT * FROM [{table}]")) for table in acta_ownership.PARTS})
