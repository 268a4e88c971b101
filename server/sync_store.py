"""Reading and writing the generic synced-row store: ``records``, ``feed``, ``operations``.

Plain functions over a SQLAlchemy connection, the same on SQLite and PostgreSQL. The push
logic (``server.sync_apply``) and the pull route are their only callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    text,
    union_all,
    update,
)

from db.sync_scope import BLOB_COLUMNS
from server.db import is_postgres
from server.models import blobs, feed, operations, records
from server.protocol import FeedEntry, OperationResult, PullResponse

SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass
class StoredRecord:
    """One synced row as headquarters holds it."""

    table: str
    row_id: str
    committee_id: str | None
    region_code: str | None
    data: dict[str, Any]
    field_seq: dict[str, list[Any]]  # field → [feed seq, device id or None]
    deleted_at: str | None
    created_seq: int
    updated_seq: int
    persisted: bool = field(default=False, repr=False)

    @property
    def blob_sha256(self) -> str | None:
        column = BLOB_COLUMNS.get(self.table)
        value = self.data.get(column) if column else None
        return value if isinstance(value, str) and SHA256_RE.fullmatch(value) else None


def _record(row: Any) -> StoredRecord:
    return StoredRecord(
        table=row["table_name"], row_id=row["row_id"], committee_id=row["committee_id"],
        region_code=row["region_code"], data=dict(row["data"]),
        field_seq={k: list(v) for k, v in row["field_seq"].items()},
        deleted_at=row["deleted_at"], created_seq=row["created_seq"],
        updated_seq=row["updated_seq"], persisted=True)


def load_record(conn: Connection, table: str, row_id: str) -> StoredRecord | None:
    row = conn.execute(select(records).where(
        records.c.table_name == table, records.c.row_id == row_id)).mappings().first()
    return None if row is None else _record(row)


def load_records(conn: Connection,
                 keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], StoredRecord]:
    """Many rows at once: one query per table and 500 ids."""
    by_table: dict[str, set[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, set()).add(row_id)
    found: dict[tuple[str, str], StoredRecord] = {}
    for table, ids in by_table.items():
        wanted = sorted(ids)
        for start in range(0, len(wanted), 500):
            rows = conn.execute(select(records).where(
                records.c.table_name == table,
                records.c.row_id.in_(wanted[start:start + 500]))).mappings()
            for row in rows:
                found[(table, row["row_id"])] = _record(row)
    return found


_UPDATE_RECORD = update(records).where(
    records.c.table_name == bindparam("k_table"), records.c.row_id == bindparam("k_row"),
).values(
    committee_id=bindparam("committee_id"), region_code=bindparam("region_code"),
    data=bindparam("data"), field_seq=bindparam("field_seq"),
    deleted_at=bindparam("deleted_at"), blob_sha256=bindparam("blob_sha256"),
    updated_seq=bindparam("updated_seq"))


def save_records(conn: Connection, changed: Iterable[StoredRecord]) -> None:
    """Write changed rows: new ones inserted, known ones updated, each kind in one go."""
    new, known = [], []
    for record in changed:
        values = {
            "committee_id": record.committee_id, "region_code": record.region_code,
            "data": record.data, "field_seq": record.field_seq,
            "deleted_at": record.deleted_at, "blob_sha256": record.blob_sha256,
            "updated_seq": record.updated_seq,
        }
        if record.persisted:
            known.append({"k_table": record.table, "k_row": record.row_id, **values})
        else:
            new.append({"table_name": record.table, "row_id": record.row_id,
                        "created_seq": record.created_seq, **values})
            record.persisted = True
    if new:
        conn.execute(insert(records), new)
    if known:
        conn.execute(_UPDATE_RECORD, known)


def allocate_seqs(conn: Connection, count: int) -> list[int]:
    """``count`` new feed numbers, increasing. The caller holds the write lock."""
    if count <= 0:
        return []
    if is_postgres(conn):
        values = conn.execute(text(
            "SELECT nextval(pg_get_serial_sequence('feed', 'seq')) "
            "FROM generate_series(1, :n)"), {"n": count}).scalars()
        return sorted(int(v) for v in values)
    last = conn.execute(text(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'feed'), 0), "
        "coalesce((SELECT max(seq) FROM feed), 0))")).scalar_one()
    return list(range(int(last) + 1, int(last) + count + 1))


def insert_feed(conn: Connection, entries: list[dict[str, Any]]) -> list[int]:
    """Append applied changes in the given order; returns their seqs (receipt order)."""
    seqs = allocate_seqs(conn, len(entries))
    if entries:
        conn.execute(insert(feed), [{**entry, "seq": seq}
                                    for entry, seq in zip(entries, seqs, strict=True)])
    return seqs


def find_catalogue_duplicate(conn: Connection, table: str, key: str, value: str,
                             row_id: str) -> str | None:
    """Another live row of a catalogue with the same ``key`` (case-insensitive)."""
    found = conn.execute(select(records.c.row_id).where(
        records.c.table_name == table, records.c.row_id != row_id,
        records.c.deleted_at.is_(None),
        func.lower(records.c.data[key].as_string()) == value.lower(),
    ).limit(1)).first()
    return None if found is None else str(found[0])


# Operations (idempotency) ------------------------------------------------------------------

def load_operations(conn: Connection,
                    op_ids: Iterable[str]) -> dict[str, tuple[str, OperationResult]]:
    """op_id → (device that sent it, the answer it got)."""
    wanted = sorted(set(op_ids))
    found: dict[str, tuple[str, OperationResult]] = {}
    for start in range(0, len(wanted), 500):
        rows = conn.execute(select(operations).where(
            operations.c.op_id.in_(wanted[start:start + 500]))).mappings()
        for row in rows:
            found[row["op_id"]] = (row["device_id"], OperationResult(
                op_id=row["op_id"], outcome=row["outcome"], seq=row["seq"],
                reason=row["reason"], server_values=row["server_values"]))
    return found


def remember_operations(conn: Connection, device_id: str,
                        results: list[OperationResult], now: datetime) -> None:
    if not results:
        return
    conn.execute(insert(operations), [
        {"op_id": r.op_id, "device_id": device_id, "outcome": r.outcome, "seq": r.seq,
         "reason": r.reason, "server_values": r.server_values, "received_at": now}
        for r in results])


def incomplete_blobs(conn: Connection, hashes: Iterable[str]) -> list[str]:
    wanted = sorted(set(hashes))
    if not wanted:
        return []
    complete = set(conn.execute(select(blobs.c.sha256).where(
        blobs.c.sha256.in_(wanted), blobs.c.complete.is_(True))).scalars())
    return [h for h in wanted if h not in complete]


# Pull --------------------------------------------------------------------------------------

def latest_seq(conn: Connection, region_code: str) -> int:
    """The newest feed entry a device of ``region_code`` may see (its own included)."""
    regional = select(func.max(feed.c.seq)).where(feed.c.region_code == region_code)
    shared = select(func.max(feed.c.seq)).where(feed.c.region_code.is_(None))
    values = [conn.execute(regional).scalar(), conn.execute(shared).scalar()]
    return max((int(v) for v in values if v is not None), default=0)


def feed_page(conn: Connection, *, region_code: str, device_id: str, cursor: int, upper: int,
              limit: int) -> list[FeedEntry]:
    """Up to ``limit + 1`` entries in (cursor, upper] for the device, in seq order.

    Two index range scans (the region's entries and the shared catalogue's, both on
    ``feed_region_seq``) merged by seq: no scan of other regions' entries, no full read.
    """
    not_mine = or_(feed.c.device_id.is_(None), feed.c.device_id != device_id)
    columns = [feed.c.seq, feed.c.table_name, feed.c.row_id, feed.c.op, feed.c.fields]
    window = and_(feed.c.seq > cursor, feed.c.seq <= upper, not_mine)
    parts = [
        select(*columns).where(scope, window).order_by(feed.c.seq).limit(limit + 1).subquery()
        for scope in (feed.c.region_code == region_code, feed.c.region_code.is_(None))
    ]
    merged = union_all(select(parts[0]), select(parts[1])).subquery()
    rows = conn.execute(select(merged).order_by(merged.c.seq).limit(limit + 1))
    return [FeedEntry(seq=r.seq, table=r.table_name, row_id=r.row_id, op=r.op,
                      fields=r.fields) for r in rows]


def pull(conn: Connection, region_code: str, device_id: str, cursor: int,
         limit: int) -> PullResponse:
    """A page of the feed for a device: see ``GET /api/v1/pull``.

    ``latest`` is read first and bounds the page: on PostgreSQL every statement sees the
    latest commits, and an entry committed between the two reads waits for the next pull
    (within one region and the catalogues, entries commit in seq order, see
    ``server.db.write_lock``, so nothing below ``latest`` can still appear).
    """
    latest = latest_seq(conn, region_code)
    entries = feed_page(conn, region_code=region_code, device_id=device_id, cursor=cursor,
                        upper=latest, limit=limit)
    more = len(entries) > limit
    entries = entries[:limit]
    next_cursor = entries[-1].seq if more else max(cursor, latest)
    return PullResponse(entries=entries, cursor=next_cursor, more=more, latest=latest)
