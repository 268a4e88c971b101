"""Applying a device's push: the rules that keep every copy whole and every region apart.

``apply_push(conn, device, request)`` runs inside the caller's write transaction (one per
push, see ``server.core.db.write_transaction`` and ``write_lock``) and applies the operations
in order:

1. An ``op_id`` already answered gets the stored answer again; nothing is applied.
2. An unknown table is rejected (a newer client may sync tables this server lacks).
3. Scope (``server.sync.scope``): the row, its parent and what it points to must be of the
   device's region. One operation on another region's data refuses the **whole push**
   with ``OtherRegionError`` (the route answers 403 and the transaction is rolled back, so
   nothing is written, not even the answers). The error names every such operation of the
   batch, so that the device can set them aside and send the rest. The shared catalogues
   accept new custom rows and edits of custom rows; central rows are read-only.
4. A signed acta is immutable, by the one rule of ``contract.acta_ownership`` (what the
   acta owns, what stays open after signing), which the device's writer enforces too;
   ``server.sync.scope.acta_lock`` only adapts it to the stored rows. A locked operation is
   rejected with the contract's reason and writes nothing: no row, no feed entry, and so
   no reference to a file. A signed file can never change its hash or be deleted, and no
   file joins a signed acta afterwards: signed files arrive before the signing update,
   as a device logs them. An edit mixing fields the contract keeps open (an agreement's
   ``state``) with locked ones applies the open ones and answers **conflict** with the
   stored values of the rest. The lock is asked before rule 7: a locked field another
   device changed since the cursor is refused as locked, not answered as a conflict.
   Rows of a batch applied before count: a device that creates, fills and signs a
   session between two syncs sends the signing last.
5. What the devices keep unique (``server.sync.uniqueness``: session numbers, attendance per
   seat…) stays unique among live rows: an insert, undelete or change of those fields that
   would repeat another live row is rejected with a reason naming the clash.
6. Insert of a row the server already has (a replay under another op_id, or two devices
   creating the same seeded id) is an update of the fields that differ.
7. Per field, the first received wins: a field another device (or headquarters) changed
   after the device's ``cursor`` keeps its stored value, which is answered in
   ``server_values``; the op's other fields are applied. Except a signing, which is one
   act over the acta as the device saw it: if its state is held back, or another device
   changed a row the acta owns after the cursor (the signer never saw it), the whole
   signing is rejected, and the device shows the session as headquarters has it.
8. Deletes are soft: ``deleted_at`` set or cleared, with the same rule.
9. Every applied change appends one feed entry with exactly the fields applied.

Outcomes: **applied**: every change applied (or nothing to change); **merged**: every
change applied, and other fields of the row had been changed by another device since the
cursor (the device gets them on its next pull); **conflict**: at least one field kept the
server's value (``server_values``), other fields may have been applied (then ``seq`` is
set); **rejected**: nothing applied, ``reason`` says why. When the row exists here,
``server_values`` of a rejection holds its stored values of the refused fields, so that
the device shows the row as headquarters keeps it; except for refusals the device must
settle itself (a clash with another row, a parent headquarters lacks), where it keeps its
own values.

Speed: a batch reads what it needs up front (the answered op_ids, the rows it touches
and points to, the unique keys it may take: a few queries) and writes once at the end
(``store``'s bulk writes), whatever its size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from contract import acta_ownership
from contract.acta_ownership import SIGNED_STATE
from contract.protocol import Op, Operation, OperationResult, PushRequest, PushResponse
from contract.tables import BLOB_COLUMNS, CATALOGS, PARENTS, SYNCED_TABLES
from contract.uniqueness import CATALOGUE_KEYS, UNIQUE_KEYS
from server.core.accounts import Device
from server.core.db import write_lock, write_transaction
from server.core.models import utc_now
from server.sync import scope, store
from server.sync.labels import column_list
from server.sync.scope import OtherRegionError, Rejection
from server.sync.store import Answer, StoredRecord
from server.sync.uniqueness import clash_reason, key_columns, unique_key

__all__ = ["OtherRegionError", "apply_push", "publish", "push", "push_in"]

_MISSING = object()
SIGNING_HELD_BACK = (
    "Otro equipo cambió esta acta antes de que llegara esta firma, y este equipo firmó sin "
    "ver ese cambio: la sede no registró la firma. Revise el acta como está ahora y vuelva "
    "a firmarla.")
_LINK_ROUNDS = 3  # prefetching links from stored rows: interventions → items → sessions
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

    Reads are gathered too: ``prefetch_for`` reads, before the first operation is applied,
    every row the batch touches or points to and every unique key it may take, a few
    queries in all; a row or key missed there is read when asked for.
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
        self._answers: list[Answer] = []
        # unique key → the live row holding it (None: free), as this batch leaves it
        self._key_owners: dict[str, tuple[str, str] | None] = {}

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> list[StoredRecord]:
        """Read the rows not read yet in one query per table; returns those found."""
        missing = [key for key in dict.fromkeys(keys) if key not in self._cache]
        found = store.load_records(self.conn, missing)
        for key in missing:
            self._cache[key] = found.get(key)
        return list(found.values())

    def prefetch_for(self, operations: list[Operation]) -> None:
        keys: list[tuple[str, str]] = []
        for op in operations:
            if op.table in SYNCED_TABLES:
                keys.append((op.table, op.row_id))
                keys.extend(scope.references(op.table, op.fields))
        loaded = self.prefetch(keys)
        for _ in range(_LINK_ROUNDS):  # stored rows' links, then their parents'
            keys = [ref for record in loaded
                    for ref in scope.references(record.table, record.data)]
            if not keys:
                break
            loaded = self.prefetch(keys)
        wanted = []
        for op in operations:
            if op.table in UNIQUE_KEYS and op.op != "delete":
                stored = self._cache.get((op.table, op.row_id))
                data = {**stored.data, **op.fields} if stored else op.fields
                key = unique_key(op.table, data, None)
                if key is not None and key not in self._key_owners:
                    wanted.append(key)
        found = store.key_owners(self.conn, wanted)
        for key in wanted:
            self._key_owners[key] = found.get(key)

    def get(self, table: str, row_id: str) -> StoredRecord | None:
        key = (table, row_id)
        if key not in self._cache:
            self._cache[key] = store.load_record(self.conn, table, row_id)
        return self._cache[key]

    def put(self, record: StoredRecord) -> None:
        key = (record.table, record.row_id)
        self._cache[key] = self._dirty[key] = record

    def key_owner(self, key: str) -> tuple[str, str] | None:
        if key not in self._key_owners:
            self._key_owners[key] = store.key_owners(self.conn, [key]).get(key)
        return self._key_owners[key]

    def take_key(self, record: StoredRecord, key: str | None) -> None:
        """``record`` now holds ``key`` (and gives up the one it held)."""
        if record.unique_key == key:
            return
        if record.unique_key is not None:
            self._key_owners[record.unique_key] = None
        if key is not None:
            self._key_owners[key] = (record.table, record.row_id)
        record.unique_key = key

    def feed(self, table: str, row_id: str, change: _Change, owner: scope.Owner) -> int:
        self._feed.append({
            "table_name": table, "row_id": row_id, "op": change.op, "fields": change.fields,
            "device_id": self.device_id, "committee_id": owner.committee_id,
            "region_code": owner.region_code})
        return -len(self._feed)

    def answer(self, result: Answer) -> Answer:
        self._answers.append(result)
        return result

    def flush(self) -> None:
        seqs = store.insert_feed(self.conn, self._feed, received_at=self.now)
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
        store.save_records(self.conn, self._dirty.values())
        self._feed, self._dirty, self._answers = [], {}, []


def _same(a: Any, b: Any) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool) \
        and isinstance(a, str) == isinstance(b, str)


def _clean_fields(op: Operation, now: datetime) -> dict[str, Any]:
    """The fields to apply, without bookkeeping the server handles itself."""
    given = op.fields.get("id", op.row_id)
    if given != op.row_id:
        raise Rejection("El identificador del registro no coincide con el de la operación.",
                        converge=False)
    if op.op == "delete":
        stamp = op.fields.get("deleted_at")
        if stamp is None:
            stamp = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        if not isinstance(stamp, str):
            raise Rejection("La fecha de eliminación no es válida.", converge=False)
        return {"deleted_at": stamp}
    if op.op == "undelete":
        return {"deleted_at": None}
    drop = {"id", "updated_at", "deleted_at"} | ({"created_at"} if op.op == "update" else set())
    return {k: v for k, v in op.fields.items() if k not in drop}


def _rejected(op_id: str, reason: str,
              server_values: dict[str, Any] | None = None) -> Answer:
    return Answer(op_id, "rejected", reason=reason, server_values=server_values or {})


def _stored_value(stored: StoredRecord, name: str) -> Any:
    return stored.deleted_at if name == "deleted_at" else stored.data.get(name)


def _apply_one(batch: _Batch, op: Operation) -> tuple[Answer, StoredRecord | None]:
    """Apply one operation. Raises ``OtherRegionError`` before changing anything."""
    if op.table not in SYNCED_TABLES:
        return _rejected(op.op_id, f"La sede central no reconoce la tabla «{op.table}» "
                                   "(tabla desconocida)."), None
    stored: StoredRecord | None = None
    fields: dict[str, Any] = {}
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
        lock = None if _no_change(op, stored) else scope.acta_lock(
            batch.get, op.table, op.op, stored, fields)
        if stored is None and lock is not None:
            raise Rejection(lock.reason)
        scope.check_references(batch.get, op.table, fields if stored is None else {
            name: value for name, value in fields.items()
            if not _same(stored.data.get(name), value)})
        if stored is None:
            result = _insert(batch, op, fields, owner)
            return batch.answer(result), batch.get(op.table, op.row_id)
        return batch.answer(_update(batch, op, stored, fields, lock, owner)), stored
    except Rejection as refusal:
        # The row as headquarters keeps it, so that the device shows it again (its own
        # values stay in its list of rejected changes).
        kept = {} if stored is None or not refusal.converge else {
            name: _stored_value(stored, name) for name, value in fields.items()
            if not _same(_stored_value(stored, name), value)}
        return _rejected(op.op_id, str(refusal), kept), None


def _no_change(op: Operation, stored: StoredRecord | None) -> bool:
    """A delete of a deleted row or a restore of a live one: answered «applied», nothing
    written (a replay, or two devices that did the same), so no lock to ask."""
    return stored is not None and (
        (op.op == "delete" and stored.deleted_at is not None)
        or (op.op == "undelete" and stored.deleted_at is None))


def _check_unique(batch: _Batch, table: str, row_id: str, fields: dict[str, Any]) -> None:
    if table not in CATALOGUE_KEYS:
        return
    key, label = CATALOGUE_KEYS[table]
    value = fields.get(key)
    if not isinstance(value, str):
        return
    batch.flush()  # the query must see this batch's rows too
    if store.find_catalogue_duplicate(batch.conn, table, key, value, row_id):
        raise Rejection(f"Ya existe en el catálogo una entrada con {label} «{value}».",
                        converge=False)


def _claim_key(batch: _Batch, table: str, row_id: str, data: dict[str, Any],
               deleted_at: str | None) -> str | None:
    """The unique key the row would hold; ``Rejection`` if another live row holds it."""
    key = unique_key(table, data, deleted_at)
    holder = None if key is None else batch.key_owner(key)
    if holder is None or holder == (table, row_id):
        return key
    other = batch.get(*holder)
    setters = {other.field_seq.get(column, [0, None])[1]
               for column in key_columns(table)} if other else set()
    if setters - {None, batch.device_id}:
        where = "desde otro equipo"
    else:
        where = "en la sede central"
    raise Rejection(clash_reason(table, data, where), converge=False)


def _insert(batch: _Batch, op: Operation, fields: dict[str, Any],
            owner: scope.Owner) -> Answer:
    key = _claim_key(batch, op.table, op.row_id, fields, None)
    seq = _feed(batch, op.table, op.row_id, _Change("insert", fields), owner)
    record = StoredRecord(
        table=op.table, row_id=op.row_id, committee_id=owner.committee_id,
        region_code=owner.region_code, data=dict(fields),
        field_seq={name: [seq, batch.device_id] for name in fields}, deleted_at=None,
        created_seq=seq, updated_seq=seq)
    batch.take_key(record, key)
    batch.put(record)
    return Answer(op.op_id, "applied", seq)


def _update(batch: _Batch, op: Operation, stored: StoredRecord, fields: dict[str, Any],
            lock: scope.ActaLock | None, owner: scope.Owner) -> Answer:
    if _no_change(op, stored):
        return Answer(op.op_id, "applied")
    server_values: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    locked: set[str] = set()
    for name, value in fields.items():
        current = stored.deleted_at if name == "deleted_at" else stored.data.get(name, _MISSING)
        if _same(current, value):
            continue
        # The lock comes before «first received wins»: a locked field is refused as such,
        # even if another device changed it since the cursor (else it would come back as a
        # mere conflict, which the device could settle in its own favour).
        if lock is not None and name not in lock.open_fields:
            locked.add(name)
            server_values[name] = None if current is _MISSING else current
        elif _changed_by_other(batch, stored, name):
            server_values[name] = None if current is _MISSING else current
        else:
            changes[name] = value
    reason = ""
    if locked:
        if not changes:  # nothing of it can be applied: the lock refuses it
            raise Rejection(lock.reason)  # type: ignore[union-attr]
        reason = scope.SIGNED_PARTIAL_REASON.format(open=column_list(sorted(changes)))
    if stored.table == "sessions" and fields.get("state") == SIGNED_STATE and (
            "state" in server_values or _acta_changed_by_other(batch, stored)):
        # A signing is one act over the acta as the device saw it: never its date and
        # fingerprint over an unsigned session, nor over rows the device never received.
        raise Rejection(SIGNING_HELD_BACK)
    key = stored.unique_key
    if stored.table in UNIQUE_KEYS and changes.keys() & {"deleted_at",
                                                         *key_columns(stored.table)}:
        data = {**stored.data, **{k: v for k, v in changes.items() if k != "deleted_at"}}
        key = _claim_key(batch, stored.table, stored.row_id, data,
                         changes.get("deleted_at", stored.deleted_at))
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
        batch.take_key(stored, key)
        batch.put(stored)
    if server_values:
        if not reason:
            reason = CONFLICT_REASON.format(fields=column_list(sorted(server_values)))
        return Answer(op.op_id, "conflict", seq, reason, server_values)
    if changes and others:
        return Answer(op.op_id, "merged", seq)
    return Answer(op.op_id, "applied", seq)


def _acta_changed_by_other(batch: _Batch, session: StoredRecord) -> bool:
    """Whether another device changed a row this session's acta owns (a field the rule
    does not keep open) after the signing device's cursor: it signed without seeing it."""
    from server.core.models import records

    batch.flush()  # the query must see this batch's rows too
    keys = [(row.table_name, row.row_id) for row in batch.conn.execute(
        select(records.c.table_name, records.c.row_id).where(
            records.c.committee_id == session.committee_id,
            records.c.updated_seq > batch.cursor,
            records.c.table_name.in_(sorted(acta_ownership.PARTS))))]

    def lookup(table: str, row_id: str) -> dict[str, Any] | None:
        found = batch.get(table, row_id)
        return None if found is None else {**found.data, "id": found.row_id,
                                           "deleted_at": found.deleted_at}

    for table, row_id in keys:
        row = lookup(table, row_id)
        if row is None:
            continue
        owner = acta_ownership.owning_session(lookup, table, row)
        if owner is None or owner["id"] != session.row_id:
            continue
        part = acta_ownership.PARTS[table]
        stored = batch.get(table, row_id)
        assert stored is not None
        if any(_changed_by_other(batch, stored, name) for name in stored.field_seq
               if name not in acta_ownership.BOOKKEEPING and name not in part.open_fields(row)):
            return True
    return False


def _changed_by_other(batch: _Batch, stored: StoredRecord, name: str) -> bool:
    last = stored.field_seq.get(name)
    return last is not None and last[0] > batch.cursor and last[1] != batch.device_id


def _feed(batch: _Batch, table: str, row_id: str, change: _Change, owner: scope.Owner) -> int:
    return batch.feed(table, row_id, change, owner)


def apply_push(conn: Connection, device: Device, request: PushRequest, *,
               now: datetime | None = None) -> PushResponse:
    """Apply a push in order and answer each operation.

    Raises ``OtherRegionError`` naming every operation of the batch that touches another
    region's data (the caller rolls back: nothing is written)."""
    batch = _Batch(conn, device.id, device.region_code, request.cursor, now or utc_now())
    known = store.load_operations(conn, (op.op_id for op in request.operations))
    batch.prefetch_for(request.operations)
    results: list[Answer] = []
    fresh: list[Answer] = []
    foreign: list[tuple[Operation, OtherRegionError]] = []
    hashes: set[str] = set()
    for op in request.operations:
        record: StoredRecord | None = None
        if op.op_id in known:
            sender, stored_result = known[op.op_id]
            result = Answer.of(stored_result)
            if sender != device.id:
                result = _rejected(op.op_id, "El identificador de esta operación ya fue usado "
                                             "por otro equipo.")
            elif result.outcome != "rejected" and op.table in SYNCED_TABLES:
                record = batch.get(op.table, op.row_id)
        else:
            try:
                result, record = _apply_one(batch, op)
            except OtherRegionError as error:
                foreign.append((op, error))  # go on: the 403 names every such operation
                continue
            fresh.append(result)
        results.append(result)
        if record is not None and record.region_code in (None, device.region_code) \
                and record.blob_sha256 and op.table in BLOB_COLUMNS:
            hashes.add(record.blob_sha256)
    if foreign:
        raise OtherRegionError.of_batch(
            [(op.op_id, op.table, op.row_id, error) for op, error in foreign])
    batch.flush()
    store.remember_operations(conn, device.id, fresh, batch.now)
    return PushResponse.model_validate({
        "results": [result.wire() for result in results],
        "missing_blobs": store.incomplete_blobs(conn, hashes)})


def push(engine: Engine, device: Device, request: PushRequest) -> PushResponse:
    """One push in its own write transaction, serialised as ``write_lock`` describes.

    Raises ``OtherRegionError`` after rolling everything back.
    """
    with write_transaction(engine) as conn:
        return push_in(conn, device, request)


def push_in(conn: Connection, device: Device, request: PushRequest) -> PushResponse:
    """``apply_push`` under the write lock, in the caller's write transaction (which must
    roll back on ``OtherRegionError``)."""
    catalogue = any(op.table in CATALOGS for op in request.operations)
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
    return OperationResult.model_validate(result.wire())
