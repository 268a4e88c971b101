"""Schema version 4: the device's side of sync with headquarters.

Local bookkeeping only: none of these tables syncs or reaches the change log.

* ``sync_conflicts``: the conflict inbox. One row per field where headquarters kept another
  device's value (the first received wins) and this device's own value waits for the
  secretary's choice. Values are JSON text.
* ``sync_rejections``: changes headquarters refused (an edit to a signed acta…), with the
  Spanish reason, until the secretary dismisses them.
* ``sync_uploads``: files headquarters still lacks, queued in the same transaction that
  clears the acknowledged changes, so a broken connection never forgets an upload.

The device's identity and cursor live in ``meta`` (``sync_server_url``, ``sync_device_id``,
``sync_region_code``, ``sync_cursor``, ``sync_last_success_at``, ``sync_allow_http``). The
device's token never touches SQLite: it lives in the system keyring.
"""

STATEMENTS = [
    """CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        local_value TEXT,
        server_value TEXT,
        op_id TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        detected_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT CHECK (resolution IN ('mine', 'server'))
    )""",
    "CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, detected_at)",
    """CREATE TABLE sync_rejections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL,
        fields TEXT NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        dismissed_at TEXT
    )""",
    "CREATE INDEX sync_rejections_open ON sync_rejections (dismissed_at, rejected_at)",
    """CREATE TABLE sync_uploads (
        sha256 TEXT PRIMARY KEY NOT NULL REFERENCES blobs (sha256),
        queued_at TEXT NOT NULL
    )""",
    # A pull skips the fields of rows with a pending local change: found by row.
    "CREATE INDEX change_log_row ON change_log (table_name, row_id)",
]


def apply(db) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
