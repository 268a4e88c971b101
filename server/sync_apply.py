"""Applying a device's push: the rules that keep every copy whole and every region apart.

``apply_push(conn, device, request)`` runs inside the caller's write transaction (one per
push, see ``server.db.write_transaction`` and ``write_lock``) and applies the operations
in order:

1. An ``op_id`` already answered gets the stored answer again; nothing is applied.
2. An unknown table is rejected (a newer client may sync tables this server lacks).
3. Scope (``server.scope``): the row, its parent and what it points to must be of the
   device's region. One operation on another region's data refuses the **whole push**
   with ``OtherRegionError`` (the route answers 403 and the transaction is rolled back, so
   nothing is written, not even the answers). The shared catalogues accept new custom rows
   and edits of custom rows; central rows are read-only.
4. A signed acta is immutable: see ``server.scope.signed_lock``.
5. Insert of a row the server already has (a replay under another op_id, or two devices
   creating the same seeded id) is an update of the fields that differ.
6. Per field, the first received wins: a field another device (or headquarters) changed
   after the device's ``cursor`` keeps its stored value, which is answered in
   ``server_values``; the op's other fields are applied.
7. Deletes are soft: ``deleted_at`` set or cleared, with the same rule.
8. Every applied change appends one feed entry with exactly the fields applied.

Outcomes: **applied**: every change applied (or nothing to change); **merged**: every
change applied, and other fields of the row had been changed by another device since the
cursor (the device gets them on its next pull); **conflict**: at least one field kept the
server's value (``server_values``), other fields may have been applied (then ``seq`` is
set); **rejected**: nothing applied, ``reason`` says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from db.records import SYNCED_TABLES
from db.sync_scope import BLOB_COLUMNS, CATALOGS, PARENTS
from server import scope, sync_store
from server.accounts import Device
from server.db import write_lock, write_transaction
from server.models import utc_now
from server.protocol import Op, Operation, OperationResult, PushRequest, PushResponse
from server.scope import OtherRegionError, Rejection
from server.sync_store import StoredRecord

__all__ = ["OtherRegionError", "apply_push", "publish", "push"]

_MISSING = object()
CONFLICT_REASON = (
    "Otro equipo cambió {fields} antes que este: se conservó el valor recibido primero. "
    "Compare ambos valores en la bandeja de conflictos.")


@dataclass
class _Change:
    op: str  # the feed op: insert, update, delete, undelete
    fields: dict[str, Any]


class _Batch:
    """One push: who sends it, the rows read so far, and the writes not yet flushed.

    Writes are gathered and flushed together (one feed insert, one insert and one update
    of ``records``): until then a new feed entry is numbered by a negative placeholder,
    replaced everywhere by its real seq at the flush. Placeholders never decide a conflict:
    every field they mark was set by this same sender.
    """

    def __init__(self, conn: Connection, device_id: str | None, region_code: str | None,
                 cursor: int, now: datetime):
        self.conn = conn
        self.device_id = device_id
        self.region_code = region_code
        self.cursor = cursor
        self.now = now
        self._cache: dict[tuple[str, str], StoredRecord | None] = {}
        self._dirty: dict[tuple[str, str], StoredRecord] = {}
        self._feed: list[dict[str, Any]] = []
        self._answers: list[OperationResult] = []

    def prefetch(self, keys: list[tuple[str, str]]) -> None:
        missing = [key for key in dict.fromkeys(keys) if key not in self._cache]
        found = sync_store.load_records(self.conn, missing)
        for key in missing:
            self._cache[key] = found.get(key)

    def get(self, table: str, row_id: str) -> StoredRecord | None:
        key = (table, row_id)
        if key not in self._cache:
            self._cache[key] = sync_store.load_record(self.conn, table, row_id)
        return self._cache[key]

    def put(self, record: StoredRecord) -> None:
        key = (record.table, record.row_id)
        self._cache[key] = self._dirty[key] = record

    def feed(self, table: str, row_id: str, change: _Change, owner: scope.Owner) -> int:
        self._feed.append({
            "table_name": table, "row_id": row_id, "op": change.op, "fields": change.fields,
            "device_id": self.device_id, "committee_id": owner.committee_id,
            "region_code": owner.region_code, "received_at": self.now})
        return -len(self._feed)

    def answer(self, result: OperationResult) -> OperationResult:
        self._answers.append(result)
        return result

    def flush(self) -> None:
        seqs = sync_store.insert_feed(self.conn, self._feed)
        real = {-(i + 1): seq for i, seq in enumerate(seqs)}

        def fix(seq: int) -> int:
            return real[seq] if seq < 0 else seq

        for record in self._dirty.values():
            record.created_seq = fix(record.created_seq)
            record.updated_seq = fix(record.updated_seq)
            for mark in record.field_seq.values():
                mark[0] = fix(mark[0])
        for result in self._answers:
            if result.seq is not None:
                result.seq = fix(result.seq)
        sync_store.save_records(self.conn, self._dirty.values())
        self._feed, self._dirty, self._answers = [], {}, []


def _same(a: Any, b: Any) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool) \
        and isinstance(a, str) == isinstance(b, str)


def _clean_fields(op: Operation, now: datetime) -> dict[str, Any]:
    """The fields to apply, without bookkeeping the server handles itself."""
    given = op.fields.get("id", op.row_id)
    if given != op.row_id:
        raise Rejection("El identificador del registro no coincide con el de la operación.")
    if op.op == "delete":
        stamp = op.fields.get("deleted_at")
        if stamp is None:
            stamp = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        if not isinstance(stamp, str):
            raise Rejection("La fecha de eliminación (deleted_at) no es válida.")
        return {"deleted_at": stamp}
    if op.op == "undelete":
        return {"deleted_at": None}
    drop = {"id", "updated_at", "deleted_at"} | ({"created_at"} if op.op == "update" else set())
    return {k: v for k, v in op.fields.items() if k not in drop}


def _rejected(op_id: str, reason: str) -> OperationResult:
    return OperationResult(op_id=op_id, outcome="rejected", reason=reason)


def _apply_one(batch: _Batch, op: Operation) -> tuple[OperationResult, StoredRecord | None]:
    if op.table not in SYNCED_TABLES:
        return _rejected(op.op_id, f"La sede central no reconoce la tabla «{op.table}» "
                                   "(tabla desconocida)."), None
    try:
        fields = _clean_fields(op, batch.now)
        stored = batch.get(op.table, op.row_id)
        if stored is None and op.op != "insert":
            raise Rejection("El registro no existe en la sede central.")
        if stored is not None:
            fields.pop("created_at", None)
        if op.table in CATALOGS and batch.device_id is not None:
            scope.check_catalogue(op.table, fields, stored)
        owner = scope.owner_of(batch.get, batch.region_code, op.table, op.row_id, fields,
                               stored)
        _check_unique(batch, op.table, op.row_id, fields)
        open_fields = scope.signed_lock(batch.get, op.table, stored, fields)
        if stored is None:
            if open_fields is not None:
                raise Rejection(scope.SIGNED_REASON)
            result = _insert(batch, op, fields, owner)
            return batch.answer(result), batch.get(op.table, op.row_id)
        return batch.answer(_update(batch, op, stored, fields, open_fields, owner)), stored
    except Rejection as refusal:
        return _rejected(op.op_id, str(refusal)), None


def _check_unique(batch: _Batch, table: str, row_id: str, fields: dict[str, Any]) -> None:
    if table not in scope.CATALOGUE_KEYS:
        return
    key, label = scope.CATALOGUE_KEYS[table]
    value = fields.get(key)
    if not isinstance(value, str):
        return
    batch.flush()  # the query must see this batch's rows too
    if sync_store.find_catalogue_duplicate(batch.conn, table, key, value, row_id):
        raise Rejection(f"Ya existe en el catálogo una entrada con {label} «{value}».")


def _insert(batch: _Batch, op: Operation, fields: dict[str, Any],
            owner: scope.Owner) -> OperationResult:
    seq = _feed(batch, op.table, op.row_id, _Change("insert", fields), owner)
    record = StoredRecord(
        table=op.table, row_id=op.row_id, committee_id=owner.committee_id,
        region_code=owner.region_code, data=dict(fields),
        field_seq={name: [seq, batch.device_id] for name in fields}, deleted_at=None,
        created_seq=seq, updated_seq=seq)
    batch.put(record)
    return OperationResult(op_id=op.op_id, outcome="applied", seq=seq)


def _update(batch: _Batch, op: Operation, stored: StoredRecord, fields: dict[str, Any],
            open_fields: frozenset[str] | None, owner: scope.Owner) -> OperationResult:
    if (op.op == "delete" and stored.deleted_at is not None) or \
            (op.op == "undelete" and stored.deleted_at is None):
        return OperationResult(op_id=op.op_id, outcome="applied")
    server_values: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        current = stored.deleted_at if name == "deleted_at" else stored.data.get(name, _MISSING)
        if _same(current, value):
            continue
        if _changed_by_other(batch, stored, name):
            server_values[name] = None if current is _MISSING else current
        else:
            changes[name] = value
    reason = ""
    if open_fields is not None:
        locked = {name for name in changes if name not in open_fields}
        if locked and len(locked) == len(changes):
            raise Rejection(scope.SIGNED_REASON)
        for name in locked:
            server_values[name] = stored.data.get(name)
            del changes[name]
        reason = scope.SIGNED_PARTIAL_REASON if locked else ""
    others = any(_changed_by_other(batch, stored, name) for name in stored.field_seq)
    seq = None
    if changes:
        if PARENTS.get(stored.table, ("",))[0] in changes:  # moved under another parent
            stored.committee_id, stored.region_code = owner.committee_id, owner.region_code
        feed_op = op.op if op.op in ("delete", "undelete") else "update"
        seq = _feed(batch, stored.table, stored.row_id, _Change(feed_op, changes),
                    scope.Owner(stored.committee_id, stored.region_code))
        for name, value in changes.items():
            if name == "deleted_at":
                stored.deleted_at = value
            else:
                stored.data[name] = value
            stored.field_seq[name] = [seq, batch.device_id]
        stored.updated_seq = seq
        batch.put(stored)
    if server_values:
        if not reason:
            reason = CONFLICT_REASON.format(fields=", ".join(sorted(server_values)))
        return OperationResult(op_id=op.op_id, outcome="conflict", seq=seq, reason=reason,
                               server_values=server_values)
    if changes and others:
        return OperationResult(op_id=op.op_id, outcome="merged", seq=seq)
    return OperationResult(op_id=op.op_id, outcome="applied", seq=seq)


def _changed_by_other(batch: _Batch, stored: StoredRecord, name: str) -> bool:
    last = stored.field_seq.get(name)
    return last is not None and last[0] > batch.cursor and last[1] != batch.device_id


def _feed(batch: _Batch, table: str, row_id: str, change: _Change, owner: scope.Owner) -> int:
    return batch.feed(table, row_id, change, owner)


def apply_push(conn: Connection, device: Device, request: PushRequest, *,
               now: datetime | None = None) -> PushResponse:
    """Apply a push in order and answer each operation. Raises ``OtherRegionError``."""
    batch = _Batch(conn, device.id, device.region_code, request.cursor, now or utc_now())
    known = sync_store.load_operations(conn, (op.op_id for op in request.operations))
    batch.prefetch([(op.table, op.row_id) for op in request.operations])
    results: list[OperationResult] = []
    fresh: list[OperationResult] = []
    hashes: set[str] = set()
    for op in request.operations:
        record: StoredRecord | None = None
        if op.op_id in known:
            sender, result = known[op.op_id]
            if sender != device.id:
                result = _rejected(op.op_id, "El identificador de esta operación ya fue usado "
                                             "por otro equipo.")
            elif result.outcome != "rejected" and op.table in SYNCED_TABLES:
                record = batch.get(op.table, op.row_id)
        else:
            result, record = _apply_one(batch, op)
            known[op.op_id] = (device.id, result)
            fresh.append(result)
        results.append(result)
        if record is not None and record.region_code in (None, device.region_code) \
                and record.blob_sha256 and op.table in BLOB_COLUMNS:
            hashes.add(record.blob_sha256)
    batch.flush()
    sync_store.remember_operations(conn, device.id, fresh, batch.now)
    return PushResponse(results=results,
                        missing_blobs=sync_store.incomplete_blobs(conn, hashes))


def push(engine: Engine, device: Device, request: PushRequest) -> PushResponse:
    """One push in its own write transaction, serialised as ``write_lock`` describes.

    Raises ``OtherRegionError`` after rolling everything back.
    """
    catalogue = any(op.table in CATALOGS for op in request.operations)
    with write_transaction(engine) as conn:
        write_lock(conn, device.region_code, catalogue=catalogue)
        return apply_push(conn, device, request)


def publish(conn: Connection, table: str, row_id: str, op: Op, fields: dict[str, Any], *,
            now: datetime | None = None) -> OperationResult:
    """Headquarters' own change: a central catalogue row, a correction from the dashboard.

    The same rules as a device's change, except that headquarters may write central
    catalogue rows, reaches every region and always wins (it has seen everything). The
    caller holds the catalogue write lock (``write_lock(conn, None, catalogue=True)``):
    its entries are seen by every device of the row's region, or by all for catalogues.
    """
    batch = _Batch(conn, None, None, cursor=2**62, now=now or utc_now())
    operation = Operation(op_id="sede-central", table=table, row_id=row_id, op=op,
                          fields=fields, changed_at="")
    result = _apply_one(batch, operation)[0]
    batch.flush()
    return result
