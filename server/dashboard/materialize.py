"""A synced committee as a Sesiona database, so headquarters prints what a device prints.

The acta of a synced session is laid out by the very API the desktop uses
(``forms.documents.prepare`` and ``pdf_bytes``): the committee's rows at
headquarters are copied into a throwaway in-memory Sesiona database (the device schema from
``db.storage.migrations``, the shipped catalogues from ``db.domain.catalog``), with the logo's
bytes from the blob folder when they arrived and still match their hash. Rows are copied as
they are, soft-deleted ones included, because the device's own queries already leave those out.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlalchemy import Connection, or_, select

from contract.tables import CATALOGS
from db.domain import catalog
from db.storage import records as device_records
from db.storage.blobs import sha256_hex
from db.storage.migrations import migrate
from server.core.blobstore import final_path
from server.core.models import blobs, records

# What an acta reads: a committee's membership, sessions and their content.
ACTA_TABLES = (
    "legal_instruments", "seats", "designations", "sessions", "attendance", "invitees",
    "reports", "requests", "agenda_items", "interventions", "agreements",
    "agreement_responsibles", "agreement_followups", "attachments", "errata",
)
# Parents before children, so the copy reads like the device's own history.
_ORDER = ("institutions", "units", "committees", *ACTA_TABLES)


def committee_store(conn: Connection, committee_id: str, blob_root: Path) -> sqlite_utils.Database:
    """An in-memory Sesiona database holding the committee and everything of it the acta
    needs. The caller closes ``db.conn``."""
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    migrate(db)
    catalog.seed(db)
    # The rows come from headquarters, where references were already checked: the copy
    # order need not satisfy SQLite's foreign keys row by row.
    db.execute("PRAGMA foreign_keys = OFF")
    wanted = or_(
        records.c.table_name.in_(sorted(CATALOGS)),
        records.c.row_id == committee_id,
        (records.c.committee_id == committee_id) & records.c.table_name.in_(ACTA_TABLES))
    found: dict[str, list[Any]] = {name: [] for name in _ORDER}
    for row in conn.execute(select(records.c.table_name, records.c.row_id, records.c.data,
                                   records.c.deleted_at).where(wanted)):
        if row.table_name in found and (row.table_name != "committees"
                                        or row.row_id == committee_id):
            found[row.table_name].append(row)
    db.conn.execute("BEGIN")
    for table in _ORDER:
        known = device_records.columns(db, table)
        for row in found[table]:
            values = {k: v for k, v in row.data.items() if k in known}
            values.update(id=row.row_id, deleted_at=row.deleted_at)
            values.setdefault("created_at", "1970-01-01T00:00:00.000Z")
            values["updated_at"] = values["created_at"]
            names = ", ".join(f"[{c}]" for c in values)
            marks = ", ".join("?" for _ in values)
            db.execute(f"INSERT OR REPLACE INTO [{table}] ({names}) VALUES ({marks})",
                       list(values.values()))
    _copy_logo(conn, db, committee_id, blob_root)
    db.conn.execute("COMMIT")
    return db


def _copy_logo(conn: Connection, db: sqlite_utils.Database, committee_id: str,
               blob_root: Path) -> None:
    digest = db.execute("SELECT logo_sha256 FROM committees WHERE id = ?",
                        [committee_id]).fetchone()
    sha = digest[0] if digest else None
    if not sha:
        return
    path = final_path(blob_root, sha)
    data = path.read_bytes() if blob_complete(conn, sha) and path.exists() else None
    if data is not None and sha256_hex(data) == sha:
        db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data, created_at)"
                   " VALUES (?, ?, ?, ?)", [sha, len(data), data, device_records.utc_now()])
    else:  # not uploaded yet (or damaged): the acta prints without the logo rather than fail
        db.execute("UPDATE committees SET logo_sha256 = NULL WHERE id = ?", [committee_id])


def blob_complete(conn: Connection, sha256: str) -> bool:
    found = conn.execute(select(blobs.c.complete).where(blobs.c.sha256 == sha256)).first()
    return bool(found and found[0])
