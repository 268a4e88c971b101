"""Offline bundles on the device: export the pending changes, import headquarters' reply.
Qt-free; long work with a progress/cancel handle, the same for the app and the CLI.

**Export** (``export_bundle(db, out, progress=…)``) writes what a push would send: the
``change_log`` in the push's own batches (``devicesync.client._batches`` and ``push_body``,
so each ``operations/…`` member is byte for byte a push request, with the stored cursor),
the files those changes name and the files queued for upload, signed with the device's
key (``devicesync.keys``). Nothing in the database changes but ``meta``'s count of exports
(``export_number``, which tells headquarters which of two bundles is newer). The change log
is **not** cleared: only the reply's answers clear it, exactly as after a push. Exporting
again before a reply arrived is harmless: headquarters answers a repeated operation with
its first answer.

**Import of a reply** (``import_reply(db, path, progress=…)``): verified whole first
(headquarters' key learnt online, addressed to this device, every member's hash), then:

1. the answers clear the change log with ``devicesync.client.acknowledge``, one transaction:
   conflicts go to the inbox, rejections to their list, headquarters' values are shown
   again. An answer whose operation is no longer in the log (a reply imported twice, or
   answered online meanwhile) is ignored;
2. the files are stored (verified by hash), one transaction;
3. each feed page is applied with ``devicesync.pull.apply_page``: the page and the new cursor
   in one transaction, never over an unpushed local edit. Entries at or below the device's
   cursor are dropped and the cursor never goes back, so importing a reply twice, or an
   older reply after a newer one (or after an online pull), applies nothing twice.

If a page cannot be applied (a clash with a row only this device has), the pages before
it stay applied with their cursor, and importing the same reply again continues there.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import sqlite_utils

from contract.bundle_format import (
    DEVICE_KIND,
    REPLY_KIND,
    BundleError,
    Member,
    damaged,
    open_bundle,
    operations_name,
    write_bundle,
)
from contract.protocol import OperationResult, PullResponse, PushResponse
from contract.tables import BLOB_COLUMNS
from db.storage import blobs as local_blobs
from db.storage import records
from db.storage.connection import transaction
from db.storage.progress import Progress, report
from devicesync.client import SyncReport, _batches, acknowledge, push_body
from devicesync.files import SHA256
from devicesync.identity import get_meta, require_device, set_meta
from devicesync.keys import EXPORT_NUMBER, hq_key, registered_key
from devicesync.pull import apply_page
from devicesync.transport import SyncError


@dataclass
class ExportReport:
    path: Path
    operations: int
    blobs: int
    export_number: int

    def lines(self) -> list[str]:
        return [f"Paquete guardado en «{self.path}».",
                f"Contiene {self.operations} cambios y {self.blobs} archivos adjuntos.",
                "Llévelo a la sede; los cambios quedan pendientes en este equipo hasta que "
                "importe la respuesta de la sede."]


def _blob_digests(db: sqlite_utils.Database, batch: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for row in batch:
        column = BLOB_COLUMNS.get(row["table_name"])
        if column and column in row["fields"]:  # cheap test before parsing
            digest = json.loads(row["fields"]).get(column)
            if isinstance(digest, str):
                found.append(digest)
    return found


def _blob_member(db: sqlite_utils.Database, digest: str) -> Member:
    return Member(f"blobs/{digest}", lambda: local_blobs.get(db, digest))


def export_bundle(db: sqlite_utils.Database, out: Path, *,
                  progress: Progress | None = None) -> ExportReport:
    """Write the pending changes and their files to ``out``, signed. Errors in Spanish."""
    out = Path(out)
    if out.is_dir():
        raise BundleError(f"«{out}» es una carpeta: indique el nombre del archivo del paquete.")
    if not out.parent.is_dir():
        raise BundleError(f"No existe la carpeta «{out.parent}».")
    enrolled = require_device(db)
    key = registered_key(db)
    report(progress, 0.0, "Reuniendo los cambios pendientes…")
    last_seq, total = db.execute(
        "SELECT coalesce(max(seq), 0), count(*) FROM change_log").fetchone()
    members: list[Member] = []
    digests: dict[str, None] = {}
    done = 0
    for index, batch in enumerate(_batches(db, last_seq)):
        members.append(Member(operations_name(index), push_body(enrolled.cursor, batch)))
        digests.update(dict.fromkeys(_blob_digests(db, batch)))
        done += len(batch)
        report(progress, 0.5 * done / max(total, 1),
               f"Reuniendo los cambios pendientes: {done} de {total}…")
    digests.update(dict.fromkeys(
        r[0] for r in db.execute("SELECT sha256 FROM sync_uploads ORDER BY queued_at")))
    present = [d for d in digests if SHA256.fullmatch(d) and db.execute(
        "SELECT 1 FROM blobs WHERE sha256 = ?", [d]).fetchone()]
    members.extend(_blob_member(db, digest) for digest in present)
    number = int(get_meta(db, EXPORT_NUMBER) or 0) + 1
    header = {"device_id": enrolled.device_id, "device_name": enrolled.device_name,
              "region_code": enrolled.region_code, "export_number": number,
              "cursor": enrolled.cursor, "operations": done,
              "created_at": records.utc_now()}
    count = len(members)
    write_bundle(out, DEVICE_KIND, header, members, key,
                 on_member=lambda i: report(progress, 0.5 + 0.5 * i / max(count, 1),
                                            "Escribiendo el paquete…"))
    with transaction(db):
        set_meta(db, EXPORT_NUMBER, str(number))
    report(progress, 1.0, "Paquete exportado.")
    return ExportReport(out, done, len(present), number)


# Importing a reply ------------------------------------------------------------------------

@dataclass
class ReplyImport:
    sync: SyncReport
    cursor: int
    already: bool  # nothing new: imported before, or older than what this device has

    def lines(self) -> list[str]:
        if self.already:
            return ["Esta respuesta ya se había importado (o es anterior a lo que este equipo "
                    "ya tiene): no se aplicó nada dos veces."]
        return [line for line in self.sync.lines() if not line.startswith("Duración")]


def _answers(raw: Any) -> list[OperationResult]:
    try:
        return [OperationResult.model_validate(item) for item in raw]
    except (pydantic.ValidationError, TypeError) as exc:
        raise damaged("las respuestas no tienen el formato esperado") from exc


def _page(raw: Any, name: str) -> PullResponse:
    try:
        return PullResponse.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise damaged(f"«{name}» no tiene el formato esperado") from exc


def import_reply(db: sqlite_utils.Database, path: Path, *,
                 progress: Progress | None = None) -> ReplyImport:
    """Verify and apply a reply bundle from headquarters; errors in Spanish, and a refused
    file writes nothing."""
    enrolled = require_device(db)
    trusted = hq_key(db)

    def key_for(manifest: dict[str, Any]):
        if manifest.get("device_id") != enrolled.device_id:
            raise BundleError("Esta respuesta de la sede es para otro equipo: impórtela en el "
                              "equipo que exportó el paquete. No se importó nada.")
        return trusted

    report(progress, 0.0, "Verificando la firma de la respuesta…")
    with open_bundle(path, REPLY_KIND, key_for) as bundle:
        answers = _answers(bundle.json("answers.json"))
        pages = [_page(bundle.json(name), name) for name in bundle.names("feed/")]
        files = {digest: bundle.read(f"blobs/{digest}") for digest in bundle.blobs()}
    tally = SyncReport()
    start = require_device(db).cursor
    try:
        _acknowledge(db, answers, tally)
        report(progress, 0.3, "Guardando los archivos recibidos…")
        with transaction(db):
            for data in files.values():
                local_blobs.put(db, data)
        cursor = start
        for index, page in enumerate(pages):
            report(progress, 0.4 + 0.6 * index / max(len(pages), 1),
                   f"Aplicando los cambios de la sede: {tally.pulled} aplicados…")
            entries = [entry for entry in page.entries if entry.seq > cursor]
            new_cursor = max(cursor, page.cursor)
            if entries or new_cursor != cursor:
                apply_page(db, entries, new_cursor)
            tally.pulled += len(entries)
            cursor = new_cursor
    except sqlite3.OperationalError as exc:
        raise SyncError(f"No se pudo escribir en la base de datos de este equipo ({exc}). "
                        "Importe la respuesta de nuevo: lo ya aplicado no se repite.") from exc
    tally.blobs_down = len(files)
    report(progress, 1.0, "Respuesta importada.")
    newest = max((page.cursor for page in pages), default=start)
    # Something in it, all of it here already (answered, applied), or older than our cursor.
    stale = bool(answers) or any(page.entries for page in pages) or newest < start
    return ReplyImport(tally, cursor, already=stale and not tally.pushed and cursor == start)


def _acknowledge(db: sqlite_utils.Database, answers: list[OperationResult],
                 tally: SyncReport) -> None:
    """Clear the answered log rows still pending here, as after a push."""
    wanted = [answer.op_id for answer in answers]
    batch: list[dict[str, Any]] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        batch.extend(db.query(f"SELECT * FROM change_log WHERE op_id IN ({marks}) ORDER BY seq",
                              chunk))
    if not batch:
        return
    pending = {row["op_id"] for row in batch}
    acknowledge(db, batch, PushResponse(results=[a for a in answers if a.op_id in pending]),
                tally)
