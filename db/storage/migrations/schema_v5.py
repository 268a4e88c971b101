"""Schema version 5: rows that exist only on this device.

A change headquarters refused stays in ``sync_rejections``. When the refused change was an
**insert**, the row never reached headquarters: it exists only here (until the secretary
corrects it, which sends the whole row again, see ``db.storage.records`` and
``devicesync.inbox.retry_rejected``). ``retried_at`` marks a refused change that was sent
again; the index finds a row's refusals when it is edited.
"""

STATEMENTS = [
    "ALTER TABLE sync_rejections ADD COLUMN retried_at TEXT",
    "CREATE INDEX sync_rejections_row ON sync_rejections (table_name, row_id)",
]


def apply(db) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
