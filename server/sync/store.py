"""Reading and writing the generic synced-row store: ``records``, ``feed``, ``operations``.

Plain functions over a SQLAlchemy connection, the same on SQLite and PostgreSQL. The push
logic (``server.sync.apply``) and the pull route are their only callers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    func,
    or_,
    select,
    text,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY

from contract.protocol import FeedEntry, OperationResult, PullResponse
from contract.tables import BLOB_COLUMNS
from server.core import blobstore
from server.core.db import is_postgres
from server.core.fast_sql import driver_errors, fetch_dicts, fetch_tuples
from server.core.models import blobs, feed, operations, records

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
    unique_key: str | None = None  # server.sync.uniqueness.unique_key of the row as it is now
    persisted: bool = field(default=False, repr=False)
    saved_key: str | None = field(default=None, repr=False)  # unique_key as stored

    @property
    def blob_sha256(self) -> str | None:
        column = BLOB_COLUMNS.get(self.table)
        value = self.data.get(column) if column else None
        return value if isinstance(value, str) and SHA256_RE.fullmatch(value) else None


@dataclass(slots=True)
class Answer:
    """One operation's answer while a push is applied (``OperationResult`` on the wire,
    built once for the whole response)."""

    op_id: str
    outcome: str
    seq: int | None = None
    reason: str = ""
    server_values: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, result: OperationResult) -> Answer:
        return cls(result.op_id, result.outcome, result.seq, result.reason,
                   dict(result.server_values))

    def wire(self) -> dict[str, Any]:
        return {"op_id": self.op_id, "outcome": self.outcome, "seq": self.seq,
                "reason": self.reason, "server_values": self.server_values}


def _record(row: Any) -> StoredRecord:
    return StoredRecord(
        table=row["table_name"], row_id=row["row_id"], committee_id=row["committee_id"],
        region_code=row["region_code"], data=dict(row["data"]),
        field_seq={k: list(v) for k, v in row["field_seq"].items()},
        deleted_at=row["deleted_at"], created_seq=row["created_seq"],
        updated_seq=row["updated_seq"], unique_key=row["unique_key"], persisted=True,
        saved_key=row["unique_key"])


LOOKUP_CHUNK = 500  # keys looked up per statement


def _lookup(conn: Connection, columns: Sequence[ColumnElement[Any]],
            keys: Sequence[Column[Any]], values: list[tuple[str, ...]]) -> Iterator[Any]:
    """Rows whose ``keys`` equal one of ``values`` (tuples, one item per key column), as
    mappings.

    SQLite: ``IN (…)``, per value of the first key when there are two. PostgreSQL: one
    index probe per value (``unnest`` of one array parameter per key column, each value
    looked up in a ``LATERAL … LIMIT 1``). A plain ``= ANY(…)`` is planned from statistics,
    and with a few hundred values PostgreSQL may read the whole table instead
    (``operations`` only grows; ``records`` statistics lag behind a growing region): a push
    would cost more with every push before it."""
    if not is_postgres(conn):
        groups: dict[tuple[str, ...], list[str]] = {}
        for value in values:
            groups.setdefault(value[:-1], []).append(value[-1])
        for prefix, last in groups.items():
            fixed = [key == item for key, item in zip(keys, prefix, strict=False)]
            for start in range(0, len(last), LOOKUP_CHUNK):
                yield from conn.execute(select(*columns).where(
                    *fixed, keys[-1].in_(last[start:start + LOOKUP_CHUNK]))).mappings()
        return
    statement = _pg_probe(tuple(columns), tuple(keys))
    for start in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[start:start + LOOKUP_CHUNK]
        yield from fetch_dicts(conn, statement, {
            f"k{i}": [value[i] for value in chunk] for i in range(len(keys))})


@cache
def _pg_probe(columns: tuple[ColumnElement[Any], ...], keys: tuple[Column[Any], ...]) -> Any:
    """The PostgreSQL probe statement of ``_lookup``, built once per shape: building it
    (a derived table and a lateral subquery, with their column proxies) cost more CPU than
    running it. The arrays are bound at execution (``k0``, ``k1``…)."""
    names = [f"k{i}" for i in range(len(keys))]
    arrays = [bindparam(name, type_=ARRAY(String())) for name in names]
    wanted = func.unnest(*arrays).table_valued(*names).render_derived(name="wanted")
    probe = select(*columns).where(*[
        key == wanted.c[name] for key, name in zip(keys, names, strict=True)
    ]).limit(1).lateral("found")
    return select(probe).select_from(wanted).join(probe, true())


def load_record(conn: Connection, table: str, row_id: str) -> StoredRecord | None:
    row = conn.execute(select(records).where(
        records.c.table_name == table, records.c.row_id == row_id)).mappings().first()
    return None if row is None else _record(row)


def load_records(conn: Connection,
                 keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], StoredRecord]:
    """Many rows at once: a statement per ``LOOKUP_CHUNK`` keys (on SQLite, per table)."""
    found: dict[tuple[str, str], StoredRecord] = {}
    for row in _lookup(conn, list(records.c), [records.c.table_name, records.c.row_id],
                       sorted(set(keys))):
        found[(row["table_name"], row["row_id"])] = _record(row)
    return found


# Bulk writes ------------------------------------------------------------------------------
#
# A push writes hundreds of rows to ``feed``, ``records`` and ``operations``. They bypass
# SQLAlchemy's per-row parameter processing: JSON documents are encoded once here, and the
# rows go to the driver in one call (SQLite: ``executemany``; PostgreSQL: ``COPY`` for
# inserts, one ``UPDATE … FROM unnest(…)`` for updates). What is stored is what the
# SQLAlchemy types would store, so every reader (``load_record``, the pull) is unchanged.

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dump_json(value: Any) -> str:
    """A JSON document as stored (compact, UTF-8)."""
    if isinstance(value, dict) and not value:
        return "{}"
    return _ENCODER.encode(value)


def _bound(conn: Connection, column: Column[Any], value: Any) -> Any:
    """``value`` as the column's SQLAlchemy type hands it to the driver (e.g. a datetime
    as SQLite's text form): for a value repeated on every row, processed once."""
    processor = column.type.bind_processor(conn.dialect)
    return processor(value) if processor else value


def _insert_many(conn: Connection, table: Table, names: Sequence[str],
                 rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    columns = ", ".join(names)
    if is_postgres(conn):
        statement = f"COPY {table.name} ({columns}) FROM STDIN"
        with driver_errors(conn, statement) as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", rows)


_RECORD_VALUES = ("committee_id", "region_code", "data", "field_seq", "deleted_at",
                  "blob_sha256", "updated_seq", "unique_key")
_PG_TYPES = {"data": "jsonb", "field_seq": "jsonb", "updated_seq": "bigint"}


def _update_records(conn: Connection, rows: list[tuple[Any, ...]]) -> None:
    """``rows``: (table_name, row_id, *_RECORD_VALUES) with JSON as text."""
    if not rows:
        return
    if is_postgres(conn):
        names = ("table_name", "row_id", *_RECORD_VALUES)
        arrays = ", ".join(
            f"%s::{'bigint' if name == 'updated_seq' else 'text'}[]" for name in names)
        assignments = ", ".join(
            f"{name} = v.{name}" + (f"::{_PG_TYPES[name]}" if name in ("data", "field_seq")
                                    else "") for name in _RECORD_VALUES)
        statement = (f"UPDATE records AS r SET {assignments} FROM unnest({arrays}) "
                     f"AS v({', '.join(names)}) "
                     "WHERE r.table_name = v.table_name AND r.row_id = v.row_id")
        with driver_errors(conn, statement) as cursor:
            cursor.execute(statement, [list(column) for column in zip(*rows, strict=True)])
        return
    assignments = ", ".join(f"{name} = ?" for name in _RECORD_VALUES)
    conn.exec_driver_sql(
        f"UPDATE records SET {assignments} WHERE table_name = ? AND row_id = ?",
        [(*row[2:], row[0], row[1]) for row in rows])


def save_records(conn: Connection, changed: Iterable[StoredRecord]) -> None:
    """Write changed rows: new ones inserted, known ones updated, each kind in one go.

    Unique keys a row gives up are released first, so that rows trading keys within one
    push (a renumbering, a new row taking a number another left) never meet in the index.
    A row naming a file headquarters does not hold yet entitles its region to that file
    (``blobstore.grant_references``).
    """
    new: list[tuple[Any, ...]] = []
    known: list[tuple[Any, ...]] = []
    released: list[tuple[str, str]] = []
    named: list[tuple[str, str | None]] = []
    for record in changed:
        if record.blob_sha256 is not None:
            named.append((record.blob_sha256, record.region_code))
        values = (record.committee_id, record.region_code, dump_json(record.data),
                  dump_json(record.field_seq), record.deleted_at, record.blob_sha256,
                  record.updated_seq, record.unique_key)
        if record.persisted:
            known.append((record.table, record.row_id, *values))
            if record.saved_key is not None and record.saved_key != record.unique_key:
                released.append((record.table, record.row_id))
        else:
            new.append((record.table, record.row_id, record.created_seq, *values))
            record.persisted = True
        record.saved_key = record.unique_key
    if released:
        conn.execute(update(records).where(
            records.c.table_name == bindparam("k_table"), records.c.row_id == bindparam("k_row"),
        ).values(unique_key=None), [{"k_table": t, "k_row": r} for t, r in released])
    _insert_many(conn, records, ("table_name", "row_id", "created_seq", *_RECORD_VALUES),
                 new)
    _update_records(conn, known)
    blobstore.grant_references(conn, named)


def key_owners(conn: Connection, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """unique_key → (table, row_id) of the live row holding it, for the keys held."""
    found: dict[str, tuple[str, str]] = {}
    columns = [records.c.unique_key, records.c.table_name, records.c.row_id]
    for row in _lookup(conn, columns, [records.c.unique_key],
                       [(key,) for key in sorted(set(keys))]):
        found[row["unique_key"]] = (row["table_name"], row["row_id"])
    return found


_PG_NEXT_SEQS = text("SELECT nextval(pg_get_serial_sequence('feed', 'seq')) "
                     "FROM generate_series(1, :n)")
_SQLITE_LAST_SEQ = text(
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'feed'), 0), "
    "coalesce((SELECT max(seq) FROM feed), 0))")


def allocate_seqs(conn: Connection, count: int) -> list[int]:
    """``count`` new feed numbers, increasing. The caller holds the write lock."""
    if count <= 0:
        return []
    if is_postgres(conn):
        return sorted(int(row[0]) for row in fetch_tuples(conn, _PG_NEXT_SEQS, {"n": count}))
    last = conn.execute(_SQLITE_LAST_SEQ).scalar_one()
    return list(range(int(last) + 1, int(last) + count + 1))


_FEED_COLUMNS = ("seq", "table_name", "row_id", "op", "fields", "device_id", "committee_id",
                 "region_code", "received_at")


def insert_feed(conn: Connection, entries: list[dict[str, Any]],
                received_at: datetime | None = None) -> list[int]:
    """Append applied changes in the given order; returns their seqs (receipt order).

    Each entry: ``table_name``, ``row_id``, ``op``, ``fields`` (a dict), ``device_id``,
    ``committee_id``, ``region_code``, and ``received_at`` unless given for all."""
    seqs = allocate_seqs(conn, len(entries))
    if not entries:
        return seqs
    stamps: dict[datetime, Any] = {}

    def stamp(value: datetime) -> Any:
        if value not in stamps:
            stamps[value] = _bound(conn, feed.c.received_at, value)
        return stamps[value]

    _insert_many(conn, feed, _FEED_COLUMNS, [
        (seq, e["table_name"], e["row_id"], e["op"], dump_json(e["fields"]), e["device_id"],
         e["committee_id"], e["region_code"], stamp(received_at or e["received_at"]))
        for e, seq in zip(entries, seqs, strict=True)])
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
    found: dict[str, tuple[str, OperationResult]] = {}
    for row in _lookup(conn, list(operations.c), [operations.c.op_id],
                       [(op_id,) for op_id in sorted(set(op_ids))]):
        found[row["op_id"]] = (row["device_id"], OperationResult.model_construct(
            op_id=row["op_id"], outcome=row["outcome"], seq=row["seq"],
            reason=row["reason"], server_values=row["server_values"]))
    return found


def remember_operations(conn: Connection, device_id: str,
                        results: Sequence[Answer | OperationResult], now: datetime) -> None:
    if not results:
        return
    received = _bound(conn, operations.c.received_at, now)
    _insert_many(conn, operations, ("op_id", "device_id", "outcome", "seq", "reason",
                                    "server_values", "received_at"), [
        (r.op_id, device_id, r.outcome, r.seq, r.reason, dump_json(r.server_values), received)
        for r in results])


def incomplete_blobs(conn: Connection, hashes: Iterable[str]) -> list[str]:
    wanted = sorted(set(hashes))
    if not wanted:
        return []
    complete = set(conn.execute(select(blobs.c.sha256).where(
        blobs.c.sha256.in_(wanted), blobs.c.complete.is_(True))).scalars())
    return [h for h in wanted if h not in complete]


def referenced_blobs(conn: Connection, hashes: Iterable[str], region_code: str) -> set[str]:
    """The hashes among ``hashes`` that a stored row of ``region_code`` (or of a shared
    catalogue) names: files worth keeping for that region."""
    wanted = sorted(set(hashes))
    if not wanted:
        return set()
    return set(conn.execute(select(records.c.blob_sha256).where(
        records.c.blob_sha256.in_(wanted),
        or_(records.c.region_code == region_code, records.c.region_code.is_(None)),
    ).distinct()).scalars())


# Pull --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _latest_statement() -> Any:
    regional = select(func.max(feed.c.seq)).where(
        feed.c.region_code == bindparam("region")).scalar_subquery()
    shared = select(func.max(feed.c.seq)).where(feed.c.region_code.is_(None)).scalar_subquery()
    return select(regional, shared)


def latest_seq(conn: Connection, region_code: str) -> int:
    """The newest feed entry a device of ``region_code`` may see (its own included)."""
    values = fetch_tuples(conn, _latest_statement(), {"region": region_code})[0]
    return max((int(v) for v in values if v is not None), default=0)


@lru_cache(maxsize=1)
def _page_statement() -> Any:
    """``feed_page``'s statement, built once (its subqueries' column proxies cost more CPU
    than the query); everything that varies is bound at execution."""
    not_mine = or_(feed.c.device_id.is_(None), feed.c.device_id != bindparam("device"))
    columns = [feed.c.seq, feed.c.table_name, feed.c.row_id, feed.c.op, feed.c.fields]
    window = and_(feed.c.seq > bindparam("cursor"), feed.c.seq <= bindparam("upper"), not_mine)
    parts = [
        select(*columns).where(scope, window).order_by(feed.c.seq)
        .limit(bindparam("limit", type_=Integer())).subquery()
        for scope in (feed.c.region_code == bindparam("region"), feed.c.region_code.is_(None))
    ]
    merged = union_all(select(parts[0]), select(parts[1])).subquery()
    return select(merged).order_by(merged.c.seq).limit(bindparam("limit", type_=Integer()))


def feed_page(conn: Connection, *, region_code: str, device_id: str, cursor: int, upper: int,
              limit: int) -> list[FeedEntry]:
    """Up to ``limit + 1`` entries in (cursor, upper] for the device, in seq order.

    Two index range scans (the region's entries and the shared catalogue's, both on
    ``feed_region_seq``) merged by seq: no scan of other regions' entries, no full read.
    """
    rows = fetch_tuples(conn, _page_statement(), {
        "device": device_id, "cursor": cursor, "upper": upper, "limit": limit + 1,
        "region": region_code})
    return [FeedEntry.model_construct(seq=seq, table=table, row_id=row_id, op=op,
                                      fields=fields)
            for seq, table, row_id, op, fields in rows]


def pull(conn: Connection, region_code: str, device_id: str, cursor: int,
         limit: int) -> PullResponse:
    """A page of the feed for a device: see ``GET /api/v1/pull``.

    ``latest`` is read first and bounds the page: on PostgreSQL every statement sees the
    latest commits, and an entry committed between the two reads waits for the next pull
    (within one region and the catalogues, entries commit in seq order, see
    ``server.core.db.write_lock``, so nothing below ``latest`` can still appear).
    """
    latest = latest_seq(conn, region_code)
    entries = feed_page(conn, region_code=region_code, device_id=device_id, cursor=cursor,
                        upper=latest, limit=limit)
    more = len(entries) > limit
    entries = entries[:limit]
    next_cursor = entries[-1].seq if more else max(cursor, latest)
    return PullResponse(entries=entries, cursor=next_cursor, more=more, latest=latest)
