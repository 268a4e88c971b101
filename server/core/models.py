"""Headquarters tables (SQLAlchemy Core). The schema itself is made by the Alembic
migrations in ``server/migrations/versions``; a test checks both agree.

Synced rows are stored generically, one ``records`` row per client row, so that every
synced table (and any a newer client adds) needs no server migration, and the national
dashboard and the offline bundles read one shape:

* ``records``: the current field values (``data``), who owns the row (``committee_id`` →
  ``region_code``; both NULL for the shared catalogues), and per field the feed entry and
  device that last set it (``field_seq``: ``{"field": [seq, device_id]}``), which decides
  conflicts; ``unique_key``, which keeps live rows unique as the devices need
  (``server.sync.uniqueness``).
* ``feed``: every applied change in receipt order (``seq``); pulls read it.
* ``operations``: every answered op_id and its answer, so a replay applies nothing.
* ``blob_grants``: which region may read which file (``server.core.blobstore`` states the rule).

Apart from them, ``panel_sessions`` keeps the dashboard's sign-ins (``server.core.panel_sessions``)
in the database, so that every worker sees one ended by «Salir», by an administrator or by
inactivity.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on both backends (SQLite keeps no zone: store and read as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONDoc = JSON().with_variant(JSONB(), "postgresql")
# SQLite's autoincrement needs INTEGER PRIMARY KEY; PostgreSQL gets a BIGSERIAL.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


def utc_now() -> datetime:
    return datetime.now(UTC)


devices = Table(
    "devices", metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("region_code", String(8), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("committees", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    Column("last_seen_at", UTCDateTime),
    Column("bundle_key", String(64)),  # offline bundles: the device's Ed25519 public key
    Column("bundle_key_at", UTCDateTime),
)

enrollment_codes = Table(
    "enrollment_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("region_code", String(8), nullable=False),
    Column("committees", JSONDoc, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
    Column("device_id", String(36), ForeignKey("devices.id")),
)

users = Table(
    "users", metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("role IN ('admin', 'analista')", name="users_role"),
)

records = Table(
    "records", metadata,
    Column("table_name", String(64), primary_key=True),
    Column("row_id", String(64), primary_key=True),
    Column("committee_id", String(64)),
    Column("region_code", String(8)),
    Column("data", JSONDoc, nullable=False),
    Column("field_seq", JSONDoc, nullable=False),
    Column("deleted_at", String(40)),
    Column("blob_sha256", String(64)),
    Column("created_seq", BigInteger, nullable=False),
    Column("updated_seq", BigInteger, nullable=False),
    # ``server.sync.uniqueness.unique_key``: NULL for deleted rows and tables without a rule.
    Column("unique_key", String(64)),
    Index("records_committee", "committee_id"),
    Index("records_region_updated", "region_code", "updated_seq"),
    Index("records_blob", "blob_sha256"),
    Index("records_unique_key", "unique_key", unique=True),
)

feed = Table(
    "feed", metadata,
    Column("seq", SeqType, primary_key=True, autoincrement=True),
    Column("table_name", String(64), nullable=False),
    Column("row_id", String(64), nullable=False),
    Column("op", String(10), nullable=False),
    Column("fields", JSONDoc, nullable=False),
    Column("device_id", String(36)),
    Column("committee_id", String(64)),
    Column("region_code", String(8)),
    Column("received_at", UTCDateTime, nullable=False),
    Index("feed_region_seq", "region_code", "seq"),
    sqlite_autoincrement=True,
)

operations = Table(
    "operations", metadata,
    Column("op_id", String(80), primary_key=True),
    Column("device_id", String(36), nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("seq", BigInteger),
    Column("reason", Text, nullable=False),
    Column("server_values", JSONDoc, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger),
    Column("received", BigInteger, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("completed_at", UTCDateTime),
)

# Who may read a file: a region is granted a hash when one of its devices proves it holds
# the bytes (an upload or a bundle that hashes to it), or when its record naming the hash
# was stored before any file with that hash existed here. ``region_code`` "*" is every
# enrolled device (files of the central catalogues). ``source``: "subida", "paquete",
# "referencia", "migracion".
blob_grants = Table(
    "blob_grants", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("region_code", String(8), primary_key=True),
    Column("granted_at", UTCDateTime, nullable=False),
    Column("source", String(16), nullable=False),
)

bundle_imports = Table(
    "bundle_imports", metadata,
    Column("bundle_id", String(36), primary_key=True),
    Column("device_id", String(36), ForeignKey("devices.id"), nullable=False),
    Column("export_number", BigInteger, nullable=False),
    Column("cursor", BigInteger, nullable=False),
    Column("op_ids", JSONDoc, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    Index("bundle_imports_device", "device_id", "export_number"),
)

# Panel sign-ins (``server.core.panel_sessions``): the cookie carries a random secret; the row is
# keyed by its SHA-256, so a copy of this table opens no session.
panel_sessions = Table(
    "panel_sessions", metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),
    Column("ended_reason", String(16)),
    Index("panel_sessions_user", "user_id"),
)
