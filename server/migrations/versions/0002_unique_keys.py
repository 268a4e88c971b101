"""records.unique_key: live rows unique as on the devices (session numbers, attendance…).

Existing rows get their key in receipt order (``created_seq``); a row that duplicates an
earlier live one keeps NULL (it was accepted before the rule) and gets a key only when a
later change to its key columns is accepted.

Revision ID: 0002
Revises: 0001
Create Date: 2025-03-15
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from contract.uniqueness import UNIQUE_KEYS
from server.sync.uniqueness import unique_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 1000


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)


def upgrade() -> None:
    op.add_column("records", sa.Column("unique_key", sa.String(64)))
    conn = op.get_bind()
    records = sa.table("records", sa.column("table_name"), sa.column("row_id"),
                       sa.column("data", sa.JSON), sa.column("deleted_at"),
                       sa.column("created_seq"), sa.column("unique_key"))
    seen: set[str] = set()
    pending: list[dict[str, Any]] = []
    stmt = sa.update(records).where(
        records.c.table_name == sa.bindparam("k_table"),
        records.c.row_id == sa.bindparam("k_row")).values(unique_key=sa.bindparam("key"))
    rows = conn.execute(sa.select(
        records.c.table_name, records.c.row_id, records.c.data, records.c.deleted_at,
    ).where(records.c.table_name.in_(sorted(UNIQUE_KEYS)), records.c.deleted_at.is_(None))
     .order_by(records.c.created_seq)).all()
    for table, row_id, data, deleted_at in rows:
        key = unique_key(table, _document(data), deleted_at)
        if key is None or key in seen:
            continue
        seen.add(key)
        pending.append({"k_table": table, "k_row": row_id, "key": key})
        if len(pending) >= BATCH:
            conn.execute(stmt, pending)
            pending = []
    if pending:
        conn.execute(stmt, pending)
    op.create_index("records_unique_key", "records", ["unique_key"], unique=True)


def downgrade() -> None:
    op.drop_index("records_unique_key", "records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("unique_key")
