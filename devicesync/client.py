"""One sync round with headquarters: push, upload files, pull. Qt-free.

``sync_round(db, progress=…)`` is long work with a progress/cancel handle, the same for the
app (in a worker with its own connection) and ``sesiona sync``. Every step leaves the file
consistent, so a broken connection or a killed process at any moment loses nothing and a new
round continues without duplicates:

1. **Push.** ``change_log`` rows go in ``seq`` order, in batches (at most ``MAX_PUSH_OPS``
   and a safe share of ``MAX_BODY_BYTES``), with the stored cursor. Files the batch names
   are uploaded first, so headquarters never holds a row without its bytes. A log row is
   deleted only once the answer arrived, in one transaction per batch that also records
   conflicts (the device's value beside the server's, in the inbox) and rejections. If the
   answer never arrives, the batch is sent again: headquarters answers a replayed op_id
   with its first result and applies nothing twice.
2. **Upload** the files headquarters reported missing (queued in ``sync_uploads`` in that
   same transaction), in resumable chunks.
3. **Pull** feed pages after the cursor. Files a page names are downloaded and verified
   first (the row references its blob; a row whose file headquarters does not hold yet
   waits, with the cursor before it, for a later round); then the page and the new cursor
   are written in one transaction, without logging (``devicesync.pull``). **A pull never
   overwrites an unpushed local edit:** fields with a pending change in ``change_log`` are
   skipped, and if the server's value differs it goes to the conflict inbox. Only one page
   is in memory at a time.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from json.encoder import encode_basestring as _quote  # type: ignore[attr-defined]
from typing import Any

import httpx
import pydantic
import sqlite_utils

from contract.protocol import (
    MAX_BODY_BYTES,
    MAX_PUSH_OPS,
    PULL_PAGE,
    PullResponse,
    PushResponse,
)
from contract.tables import BLOB_COLUMNS
from db.storage import records
from db.storage.connection import transaction
from db.storage.progress import Progress, report
from devicesync import files, keys
from devicesync.files import invalid_answer
from devicesync.identity import LAST_SUCCESS, require_device, set_meta
from devicesync.inbox import record_conflict, record_rejection
from devicesync.pull import apply_page, pending_fields
from devicesync.transport import ForbiddenError, SyncError, Transport, check_url, load_token

BATCH_BYTES = MAX_BODY_BYTES // 2  # room for JSON framing and a server counting differently
PUSH_SPAN, UPLOAD_SPAN, PULL_SPAN = (0.0, 0.35), (0.35, 0.45), (0.45, 0.99)
OUTCOME_COUNTERS = {"applied": "applied", "merged": "merged", "conflict": "conflicts",
                    "rejected": "rejected"}
OPS = frozenset({"insert", "update", "delete", "undelete"})


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    blobs_up: int = 0
    blobs_down: int = 0
    waiting_files: int = 0  # pulled rows held back until their file reaches headquarters
    key_problem: str = ""  # the bundle-signing key exchange failed (the data moved anyway)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """What moved, in Spanish, for ``sesiona sync`` and the status area."""
        out = []
        if self.pushed:
            out.append(f"Enviados: {self.pushed} cambios (aplicados {self.applied}, "
                       f"combinados {self.merged}, en conflicto {self.conflicts}, "
                       f"rechazados {self.rejected}).")
        if self.pulled:
            out.append(f"Recibidos: {self.pulled} cambios de la sede.")
        if self.blobs_up or self.blobs_down:
            out.append(f"Archivos: {self.blobs_up} enviados, {self.blobs_down} recibidos.")
        if self.waiting_files:
            out.append("Hay registros cuyos archivos aún no llegan a la sede: se recibirán en "
                       "una próxima sincronización.")
        if self.key_problem:
            out.append("No se pudo registrar la clave para paquetes sin conexión (se "
                       f"reintentará en la próxima sincronización): {self.key_problem}")
        if self.conflicts:
            out.append("Revise los conflictos: Sincronización → Conflictos de sincronización.")
        if self.rejected:
            out.append("La sede rechazó cambios: véalos en Sincronización → Conflictos de "
                       "sincronización.")
        if not out:
            out.append("Todo estaba al día: no hubo cambios que enviar ni recibir.")
        out.append(f"Duración: {self.seconds:.1f} s".replace(".", ","))
        return out


def _step(progress: Progress | None, span: tuple[float, float], part: float, text: str) -> None:
    report(progress, span[0] + (span[1] - span[0]) * min(max(part, 0.0), 1.0), text)


# Push --------------------------------------------------------------------------------------

def _batches(db: sqlite_utils.Database, last_seq: int):
    """Log rows up to ``last_seq`` in batches bounded by count and size."""
    after = 0
    while True:
        batch: list[dict[str, Any]] = []
        size = 0
        for row in db.query("SELECT * FROM change_log WHERE seq > ? AND seq <= ? ORDER BY seq"
                            " LIMIT ?", [after, last_seq, MAX_PUSH_OPS]):
            weight = len(row["fields"]) + 200
            if batch and size + weight > BATCH_BYTES:
                break
            batch.append(row)
            size += weight
        if not batch:
            return
        after = batch[-1]["seq"]
        yield batch


def acknowledge(db: sqlite_utils.Database, batch: list[dict[str, Any]], answer: PushResponse,
                tally: SyncReport) -> None:
    """Clear the answered log rows, keeping conflicts and rejections: one transaction."""
    rows = {r["op_id"]: r for r in batch}
    answered: list[tuple[str]] = []  # cleared from the log in one statement…

    def clear() -> None:
        db.conn.executemany("DELETE FROM change_log WHERE op_id = ?", answered)
        answered.clear()

    with transaction(db):
        for result in answer.results:
            row = rows.pop(result.op_id, None)
            if row is None:  # not one we sent: ignore
                continue
            answered.append((row["op_id"],))
            server_values = _as_stored(db, row["table_name"], result.server_values)
            if server_values:
                clear()  # …before the log decides which fields are still pending here
            reason = result.reason
            if result.outcome == "conflict":
                fields = json.loads(row["fields"])
                for field, server_value in server_values.items():
                    record_conflict(db, row["table_name"], row["row_id"], field,
                                    fields.get(field), server_value, row["op_id"],
                                    result.reason)
            if server_values:
                if not _take_server_values(db, row["table_name"], row["row_id"],
                                           server_values):
                    reason += KEPT_LOCAL
            if result.outcome == "rejected":
                record_rejection(db, row["op_id"], row["table_name"], row["row_id"], row["op"],
                                 row["fields"], reason)
            tally.pushed += 1
            counter = OUTCOME_COUNTERS[result.outcome]
            setattr(tally, counter, getattr(tally, counter) + 1)
        clear()
        for digest in answer.missing_blobs:
            db.execute("INSERT OR IGNORE INTO sync_uploads (sha256, queued_at)"
                       " SELECT sha256, ? FROM blobs WHERE sha256 = ?", [records.utc_now(), digest])


def _as_stored(db: sqlite_utils.Database, table: str, values: dict[str, Any]
               ) -> dict[str, Any]:
    """Headquarters says None for a field it never received (the row was created without
    it): every device holds the column's default there, and so will this one."""
    if not values or table not in records.SYNCED_TABLES or None not in values.values():
        return values
    defaults = records.defaults(db, table)
    return {k: defaults.get(k) if v is None else v for k, v in values.items()}


KEPT_LOCAL = (" (Este equipo no pudo mostrar los valores de la sede porque chocan con otro "
              "registro de este equipo: corrija el duplicado.)")


def _take_server_values(db: sqlite_utils.Database, table: str, row_id: str,
                        values: dict[str, Any]) -> bool:
    """The row shows what headquarters kept (the device's value waits in the inbox or the
    rejections), except fields a later local change still has to push. False if they
    cannot be shown: they would repeat another row of this device (a unique number), which
    the secretary has to correct; the row then stays as it is."""
    if table not in records.SYNCED_TABLES or not db.execute(
            f"SELECT 1 FROM [{table}] WHERE id = ?", [row_id]).fetchone():
        return True
    pending = pending_fields(db, table, row_id)
    known = records.columns(db, table)
    keep = {k: v for k, v in values.items() if k in known and k not in pending}
    if not keep:
        return True
    try:
        with transaction(db):  # a savepoint: a clash undoes this row only
            records.apply_remote(db, table, row_id, "update", keep)
    except sqlite3.IntegrityError:
        return False
    return True


def _referenced_blobs(rows: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for row in rows:
        column = BLOB_COLUMNS.get(row["table_name"])
        if column and column in row["fields"]:  # cheap test before parsing
            digest = json.loads(row["fields"]).get(column)
            if isinstance(digest, str) and digest not in found:
                found.append(digest)
    return found


def push_body(cursor: int, batch: list[dict[str, Any]]) -> bytes:
    """The push request as JSON. Each row's ``fields`` is already JSON text in the log
    (written by ``records``): it is spliced in as it is, never decoded and encoded again."""
    parts = []
    for r in batch:
        fields = r["fields"]
        if r["op"] not in OPS or not isinstance(fields, str) or not (
                fields.startswith("{") and fields.endswith("}")) or not all(
                isinstance(r[k], str) for k in ("op_id", "table_name", "row_id", "changed_at")):
            raise SyncError(f"Un cambio pendiente no tiene un formato válido (n.º {r['seq']} "
                            "del registro de cambios).")
        parts.append(f'{{"op_id":{_quote(r["op_id"])},"table":{_quote(r["table_name"])},'
                     f'"row_id":{_quote(r["row_id"])},"op":"{r["op"]}",'
                     f'"changed_at":{_quote(r["changed_at"])},"fields":{fields}}}')
    return f'{{"cursor":{int(cursor)},"operations":[{",".join(parts)}]}}'.encode()


def set_aside(db: sqlite_utils.Database, batch: list[dict[str, Any]],
              refused: list[dict[str, Any]], tally: SyncReport) -> int:
    """Operations headquarters refused as another region's (403): they move from the log to
    the rejections with its reason, so that the rest can go. Returns how many."""
    reasons = {item["op_id"]: item["reason"] for item in refused}
    moved = 0
    with transaction(db):
        for row in batch:
            if row["op_id"] not in reasons:
                continue
            record_rejection(db, row["op_id"], row["table_name"], row["row_id"], row["op"],
                             row["fields"], f"{reasons[row['op_id']]} {OTHER_REGION_HINT}")
            db.execute("DELETE FROM change_log WHERE op_id = ?", [row["op_id"]])
            moved += 1
    tally.pushed += moved
    tally.rejected += moved
    return moved


OTHER_REGION_HINT = ("Este equipo solo puede enviar datos de los comités de su región: el "
                     "cambio quedó solo en este equipo y no se volverá a enviar.")


def _push(db: sqlite_utils.Database, transport: Transport, tally: SyncReport,
          progress: Progress | None) -> None:
    last_seq, total = db.execute("SELECT coalesce(max(seq), 0), count(*) FROM change_log"
                                 ).fetchone()
    done = 0
    for batch in _batches(db, last_seq):
        _step(progress, PUSH_SPAN, done / max(total, 1),
              f"Enviando cambios a la sede: {done} de {total}…")
        for digest in _referenced_blobs(batch):
            if files.upload(db, transport, digest):
                tally.blobs_up += 1
        while batch:
            try:
                answer = _send(db, transport, batch)
            except ForbiddenError as refused:
                # Operations on another region's data: set them aside, send the rest.
                if not set_aside(db, batch, refused.operations, tally):
                    raise
                kept = {r["op_id"] for r in batch} - {o["op_id"] for o in refused.operations}
                done += len(batch) - len(kept)
                batch = [r for r in batch if r["op_id"] in kept]
                continue
            acknowledge(db, batch, answer, tally)
            done += len(batch)
            break
    if total:
        _step(progress, PUSH_SPAN, 1.0, f"Enviados {done} cambios.")


def _send(db: sqlite_utils.Database, transport: Transport,
          batch: list[dict[str, Any]]) -> PushResponse:
    body = push_body(require_device(db).cursor, batch)
    try:
        return PushResponse.model_validate(transport.json("POST", "/push", raw_json=body,
                                                          compress=True))
    except pydantic.ValidationError as exc:
        raise invalid_answer(exc) from exc


def _upload_queued(db: sqlite_utils.Database, transport: Transport, tally: SyncReport,
                   progress: Progress | None) -> None:
    queued = files.queued_uploads(db)
    for index, digest in enumerate(queued):
        _step(progress, UPLOAD_SPAN, index / len(queued),
              f"Enviando archivos a la sede: {index + 1} de {len(queued)}…")
        if files.upload_queued(db, transport, digest):
            tally.blobs_up += 1


# Pull ---------------------------------------------------------------------------------------

def _pull(db: sqlite_utils.Database, transport: Transport, tally: SyncReport,
          progress: Progress | None) -> None:
    start = cursor = require_device(db).cursor
    while True:
        try:
            page = PullResponse.model_validate(transport.json(
                "GET", "/pull", params={"cursor": cursor, "limit": PULL_PAGE}))
        except pydantic.ValidationError as exc:
            raise invalid_answer(exc) from exc
        usable, downloaded = files.fetch_for_page(db, transport, page.entries)
        tally.blobs_down += downloaded
        entries = page.entries[:usable]
        new_cursor = page.cursor if usable == len(page.entries) else \
            (entries[-1].seq if entries else cursor)
        if entries or new_cursor != cursor:
            apply_page(db, entries, new_cursor)
        tally.pulled += len(entries)
        if usable < len(page.entries):
            tally.waiting_files += 1
            return
        span = max(page.latest - start, 1)
        _step(progress, PULL_SPAN, (new_cursor - start) / span,
              f"Recibiendo cambios de la sede: {tally.pulled} recibidos…")
        if not page.more or new_cursor <= cursor:
            return
        cursor = new_cursor


# The round ---------------------------------------------------------------------------------

def sync_round(db: sqlite_utils.Database, *, progress: Progress | None = None,
               client: httpx.Client | None = None) -> SyncReport:
    """Push, upload, pull. Raises a Spanish SyncError (the file stays consistent)."""
    started = time.monotonic()
    enrolled = require_device(db)
    url = check_url(enrolled.server_url, allow_http=enrolled.allow_http)
    token = load_token(enrolled.device_id)
    tally = SyncReport()
    report(progress, 0.0, "Conectando con la sede…")
    try:
        with Transport(url, token, client) as transport:
            _push(db, transport, tally, progress)
            _upload_queued(db, transport, tally, progress)
            _pull(db, transport, tally, progress)
            try:
                keys.exchange_keys(db, transport)
            except SyncError as exc:  # the data moved; only offline bundles wait for this
                tally.key_problem = exc.message
        with transaction(db):
            set_meta(db, LAST_SUCCESS, records.utc_now())
    except sqlite3.OperationalError as exc:  # e.g. locked by another program for too long
        raise SyncError(f"No se pudo escribir en la base de datos de este equipo ({exc}); "
                        "se reintentará en la próxima sincronización.") from exc
    tally.seconds = time.monotonic() - started
    report(progress, 1.0, "Sincronización terminada.")
    return tally
