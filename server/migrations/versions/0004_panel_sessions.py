"""Panel sessions kept in the database, so that «Salir» ends one for every worker.

* ``panel_sessions``: one row per sign-in to the dashboard. ``id`` is the SHA-256 of the
  random secret the (signed) cookie carries, never the secret itself; ``csrf`` is the
  session's form token; ``last_seen_at`` is refreshed at most once a minute and decides
  the inactivity expiry; ``ended_at``/``ended_reason`` say when and why it stopped
  (``salida``, ``administrador``, ``inactividad``, ``vencimiento``, ``reemplazo``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "panel_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("last_seen_at", Stamp, nullable=False),
        sa.Column("ended_at", Stamp),
        sa.Column("ended_reason", sa.String(16)),
    )
    op.create_index("panel_sessions_user", "panel_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index("panel_sessions_user", "panel_sessions")
    op.drop_table("panel_sessions")
