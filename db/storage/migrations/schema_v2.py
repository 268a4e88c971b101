"""Schema version 2: files (logos, annexes, signed actas), the signature state of an acta,
and fe de erratas.

File bytes live once in ``blobs``, addressed by their SHA-256. ``blobs`` is not in the
change log: a synced ``attachments`` row names its blob by hash, and sync moves the bytes
separately, once per hash.
"""

from db.storage.migrations.schema_v1 import SYNC_COLUMNS

STATEMENTS = [
    """CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "ALTER TABLE committees ADD COLUMN logo_sha256 TEXT REFERENCES blobs (sha256)",
    # How the acta reached «firmada» ('fisica' or 'digital'), when, and the content that was
    # signed: its fingerprint and a JSON snapshot, so a signed acta prints the same forever.
    "ALTER TABLE sessions ADD COLUMN signature_mode TEXT",
    "ALTER TABLE sessions ADD COLUMN signed_on TEXT",
    "ALTER TABLE sessions ADD COLUMN acta_fingerprint TEXT",
    "ALTER TABLE sessions ADD COLUMN acta_snapshot TEXT",
    f"""CREATE TABLE attachments ({SYNC_COLUMNS},
        committee_id TEXT NOT NULL REFERENCES committees (id),
        session_id TEXT REFERENCES sessions (id),
        purpose TEXT NOT NULL CHECK (purpose IN
            ('anexo', 'acta_para_firma', 'acta_firmada_fisica', 'acta_firmada_digital')),
        file_name TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256),
        position INTEGER NOT NULL DEFAULT 0,
        signatures TEXT NOT NULL DEFAULT '',
        validated_at TEXT
    )""",
    "CREATE INDEX attachments_session ON attachments (session_id, purpose, position)",
    f"""CREATE TABLE errata ({SYNC_COLUMNS},
        session_id TEXT NOT NULL REFERENCES sessions (id),
        number INTEGER NOT NULL,
        noted_on TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    """CREATE UNIQUE INDEX errata_number ON errata (session_id, number)
        WHERE deleted_at IS NULL""",
]


def apply(db) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
