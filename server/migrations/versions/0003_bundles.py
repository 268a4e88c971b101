"""Offline bundles: each device's public signing key, and the bundles imported.

* ``devices.bundle_key``: the device's Ed25519 public key (base64), registered online
  (``POST /api/v1/device-key``); ``bundle_key_at`` when. NULL for a device that has not
  synced online since this revision: its bundles are refused until it does.
* ``bundle_imports``: one row per device bundle imported (``bundle_id`` from its
  manifest). ``export_number`` is the device's own count of exports: the reply answers
  the operations of the newest one (``op_ids``), which holds everything the device had
  pending then; ``cursor`` is where the device's feed stood.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSONDoc = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("bundle_key", sa.String(64)))
        batch.add_column(sa.Column("bundle_key_at", Stamp))
    op.create_table(
        "bundle_imports",
        sa.Column("bundle_id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("export_number", sa.BigInteger, nullable=False),
        sa.Column("cursor", sa.BigInteger, nullable=False),
        sa.Column("op_ids", JSONDoc, nullable=False),
        sa.Column("imported_at", Stamp, nullable=False),
    )
    op.create_index("bundle_imports_device", "bundle_imports",
                    ["device_id", "export_number"])


def downgrade() -> None:
    op.drop_index("bundle_imports_device", "bundle_imports")
    op.drop_table("bundle_imports")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("bundle_key_at")
        batch.drop_column("bundle_key")
