"""Who may read a file: ``blob_grants`` (sha256, region_code, granted_at, source).

A region may read a file when one of its devices proved it holds the bytes, or when its
record naming the hash was stored before any file with that hash existed at headquarters
(``server.core.blobstore`` states the rule). This revision fills the table for what is already
stored, from the records naming each hash, earliest first:

* a file not complete here: every region whose record names it (each reference came
  before the file);
* a complete file: the region that named it first (its device uploaded it: devices send
  a file before the rows naming it), and every region whose reference arrived before the
  file was completed. A reference that arrived later grants nothing: that region's
  devices send the file again on their next sync, which proves they hold it.

The blob columns are written out here, as they were at this revision, so that a later
change to the app cannot change what this migration did.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSONDoc = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)
BLOB_COLUMNS = {"attachments": "sha256", "execution_evidence": "sha256",
                "committees": "logo_sha256"}
EVERY_REGION = "*"

records = sa.table("records", sa.column("table_name", sa.String), sa.column("region_code",
                   sa.String), sa.column("field_seq", JSONDoc), sa.column("blob_sha256",
                   sa.String), sa.column("created_seq", sa.BigInteger))
feed = sa.table("feed", sa.column("seq", sa.BigInteger), sa.column("received_at", Stamp))
blobs = sa.table("blobs", sa.column("sha256", sa.String), sa.column("complete", sa.Boolean),
                 sa.column("completed_at", Stamp))


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _naming_seq(table: str, field_seq: Any, created_seq: int) -> int:
    """The feed entry that set the record's hash (its creation if never changed)."""
    last = (field_seq or {}).get(BLOB_COLUMNS.get(table, ""))
    return int(last[0]) if isinstance(last, list) and last and last[0] is not None \
        else int(created_seq)


def _grants(conn: sa.Connection) -> list[dict[str, Any]]:
    naming: dict[str, list[tuple[int, str]]] = {}
    for row in conn.execute(sa.select(
            records.c.table_name, records.c.region_code, records.c.field_seq,
            records.c.blob_sha256, records.c.created_seq).where(
            records.c.blob_sha256.is_not(None))):
        region = row.region_code or EVERY_REGION
        seq = _naming_seq(row.table_name, row.field_seq, row.created_seq)
        naming.setdefault(row.blob_sha256, []).append((seq, region))
    if not naming:
        return []
    seqs = sorted({seq for entries in naming.values() for seq, _ in entries})
    received: dict[int, datetime | None] = {}
    for start in range(0, len(seqs), 500):
        for seq, at in conn.execute(sa.select(feed.c.seq, feed.c.received_at).where(
                feed.c.seq.in_(seqs[start:start + 500]))):
            received[int(seq)] = _utc(at)
    completed: dict[str, datetime | None] = {}
    for sha, complete, at in conn.execute(sa.select(blobs.c.sha256, blobs.c.complete,
                                                    blobs.c.completed_at)):
        if complete:
            completed[sha] = _utc(at) or datetime.min.replace(tzinfo=UTC)
    now = datetime.now(UTC)
    out: list[dict[str, Any]] = []
    for sha, entries in sorted(naming.items()):
        done = completed.get(sha)
        granted: set[str] = set()
        for index, (seq, region) in enumerate(sorted(entries)):  # earliest first
            at = received.get(seq)
            before_file = done is None or (at is not None and at <= done)
            if region in granted or not (index == 0 or before_file):
                continue
            granted.add(region)
            out.append({"sha256": sha, "region_code": region, "granted_at": at or now,
                        "source": "migracion"})
    return out


def upgrade() -> None:
    op.create_table(
        "blob_grants",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("region_code", sa.String(8), primary_key=True),
        sa.Column("granted_at", Stamp, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
    )
    conn = op.get_bind()
    rows = _grants(conn)
    if conn.dialect.name == "sqlite":  # stored as naive UTC there (server.core.models.UTCDateTime)
        rows = [{**row, "granted_at": row["granted_at"].replace(tzinfo=None)} for row in rows]
    grants = sa.table("blob_grants", sa.column("sha256", sa.String),
                      sa.column("region_code", sa.String), sa.column("granted_at", Stamp),
                      sa.column("source", sa.String))
    for start in range(0, len(rows), 1000):
        conn.execute(sa.insert(grants), rows[start:start + 1000])


def downgrade() -> None:
    op.drop_table("blob_grants")
