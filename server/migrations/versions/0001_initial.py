"""Initial schema: devices and enrolment, users, synced records, feed, operations, blobs.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONDoc = sa.JSON().with_variant(JSONB(), "postgresql")
SeqType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("committees", JSONDoc, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("revoked_at", Stamp),
        sa.Column("last_seen_at", Stamp),
    )
    op.create_table(
        "enrollment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("region_code", sa.String(8), nullable=False),
        sa.Column("committees", JSONDoc, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
        sa.Column("used_at", Stamp),
        sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.CheckConstraint("role IN ('admin', 'analista')", name="users_role"),
    )
    op.create_table(
        "records",
        sa.Column("table_name", sa.String(64), primary_key=True),
        sa.Column("row_id", sa.String(64), primary_key=True),
        sa.Column("committee_id", sa.String(64)),
        sa.Column("region_code", sa.String(8)),
        sa.Column("data", JSONDoc, nullable=False),
        sa.Column("field_seq", JSONDoc, nullable=False),
        sa.Column("deleted_at", sa.String(40)),
        sa.Column("blob_sha256", sa.String(64)),
        sa.Column("created_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("records_committee", "records", ["committee_id"])
    op.create_index("records_region_updated", "records", ["region_code", "updated_seq"])
    op.create_index("records_blob", "records", ["blob_sha256"])
    op.create_table(
        "feed",
        sa.Column("seq", SeqType, primary_key=True, autoincrement=True),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("row_id", sa.String(64), nullable=False),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("fields", JSONDoc, nullable=False),
        sa.Column("device_id", sa.String(36)),
        sa.Column("committee_id", sa.String(64)),
        sa.Column("region_code", sa.String(8)),
        sa.Column("received_at", Stamp, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("feed_region_seq", "feed", ["region_code", "seq"])
    op.create_table(
        "operations",
        sa.Column("op_id", sa.String(80), primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("seq", sa.BigInteger),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("server_values", JSONDoc, nullable=False),
        sa.Column("received_at", Stamp, nullable=False),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger),
        sa.Column("received", sa.BigInteger, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("completed_at", Stamp),
    )


def downgrade() -> None:
    for table in ("blobs", "operations", "feed", "records", "users", "enrollment_codes",
                  "devices"):
        op.drop_table(table)
