"""Offline bundles at headquarters: import a device's bundle, write its reply. No Qt.

``import_bundle(engine, settings, path, progress=…)`` applies a device bundle under the
rules of an online push, because it *is* pushes: each ``operations/…`` member is a
``PushRequest`` body, parsed by the push route's own strict parser and applied by
``server.sync.apply.apply_push``:

* **Verified first**: the signature (the device's registered key; a revoked or unknown
  device is refused), the member list and every hash (``contract.bundle_format``). Nothing is
  read from an unverified bundle but its manifest.
* **One transaction** for the whole bundle, with the region's write lock. Operations
  already answered (a bundle imported twice, or one that repeats a previous bundle's or an
  online push's operations) get their first answer again and apply nothing.
* **Scoped**: one operation on another region's data refuses the whole bundle
  (``OtherRegionError`` rolls everything back) with the reason in Spanish.
* **Attachments** are checked against their SHA-256 and stored like uploaded blobs. Their
  files are written before the transaction (content-addressed, so harmless) and the new
  ones removed again if the import is refused: a refused bundle leaves nothing behind.
  Nor does a refused operation: a file is kept only if, once the operations are applied,
  a row of the device's region names it (so the replacement of a signed acta, rejected by
  ``contract.acta_ownership``, leaves neither a row nor its bytes).

``write_reply(engine, settings, device_id, out, progress=…)`` writes what the device would
get online: the answers to the operations of its newest imported bundle (an export holds
everything pending then, so older bundles' operations are included or already settled),
and the feed after that bundle's cursor as pull pages (``store.pull``: its region and
the catalogues, never its own changes), with the files those entries name. A page stops
before an entry whose file headquarters does not hold complete, as an online pull would.
Signed with headquarters' key (``server.bundles.keys``).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import HTTPException
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from contract.bundle_format import (
    DEVICE_KIND,
    REPLY_KIND,
    Bundle,
    BundleError,
    Member,
    feed_name,
    open_bundle,
    sha256_hex,
    write_bundle,
)
from contract.protocol import PULL_PAGE, OperationResult, PushRequest
from contract.tables import BLOB_COLUMNS, CATALOGS
from db.storage.progress import Progress, report
from server.bundles.keys import BundleSender, bundle_sender, hq_private_key
from server.core import blobstore
from server.core.accounts import Device
from server.core.db import is_postgres, read_transaction, write_lock, write_transaction
from server.core.models import blobs, bundle_imports, devices, utc_now
from server.core.settings import Settings
from server.payloads import parse_push
from server.sync import store
from server.sync.apply import OtherRegionError, apply_push

OUTCOMES = ("applied", "merged", "conflict", "rejected")


@dataclass
class ImportReport:
    device_name: str = ""
    region_code: str = ""
    operations: int = 0
    repeated: int = 0  # answered before (a replay): nothing applied again
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    blobs: int = 0
    first_import: bool = True

    def lines(self) -> list[str]:
        out = [f"Paquete del equipo «{self.device_name}» ({self.region_code}) importado.",
               f"Operaciones: {self.operations} (aplicadas {self.outcomes['applied']}, "
               f"combinadas {self.outcomes['merged']}, en conflicto "
               f"{self.outcomes['conflict']}, rechazadas {self.outcomes['rejected']}).",
               f"Archivos adjuntos: {self.blobs}."]
        if self.repeated:
            out.append(f"{self.repeated} operaciones ya se habían recibido antes: no se "
                       "aplicaron de nuevo.")
        if not self.first_import:
            out.append("Este paquete ya se había importado: no se aplicó nada dos veces.")
        return out


def _key_finder(engine: Engine, found: list[BundleSender]):
    def key_for(manifest: dict[str, Any]):
        with read_transaction(engine) as conn:
            sender = bundle_sender(conn, manifest.get("device_id"))
        found.append(sender)
        return sender.key
    return key_for


def _number(manifest: dict[str, Any], name: str) -> int:
    value = manifest.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**62:
        raise BundleError(f"El índice del paquete no es válido («{name}»). No se importó "
                          "nada.")
    return value


def _requests(bundle: Bundle) -> list[PushRequest]:
    requests = []
    for name in bundle.names("operations/"):
        try:
            requests.append(parse_push(bundle.read(name), None))
        except HTTPException as problem:
            raise BundleError(f"El paquete contiene datos no válidos en «{name}»: "
                              f"{problem.detail} No se importó nada.") from None
    return requests


def _write_blob_file(root: Path, digest: str, data: bytes) -> bool:
    """Put a verified file in place; True if it was not there before."""
    final = blobstore.final_path(root, digest)
    if final.exists():
        return False
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=final.parent, suffix=".paquete")
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, final)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return True


def _mark_complete(conn: Connection, digest: str, size: int) -> None:
    now = utc_now()
    values = {"sha256": digest, "size": size, "received": size, "complete": True,
              "created_at": now, "completed_at": now}
    statement = (pg_insert(blobs) if is_postgres(conn) else sqlite_insert(blobs)).values(
        **values)
    conn.execute(statement.on_conflict_do_nothing())
    conn.execute(update(blobs).where(blobs.c.sha256 == digest, blobs.c.complete.is_(False))
                 .values(size=size, received=size, complete=True, completed_at=now))


def _forget_files(engine: Engine, root: Path, written: list[str]) -> None:
    """A refused bundle leaves no file behind either, except a file that another import
    or upload completed meanwhile (its row says so)."""
    with read_transaction(engine) as conn:
        kept = set(conn.execute(select(blobs.c.sha256).where(
            blobs.c.sha256.in_(written), blobs.c.complete.is_(True))).scalars())
    for digest in written:
        if digest not in kept:
            blobstore.final_path(root, digest).unlink(missing_ok=True)


def import_bundle(engine: Engine, settings: Settings, path: Path, *,
                  progress: Progress | None = None) -> ImportReport:
    """Verify and apply a device's bundle; ``BundleError`` (Spanish) if refused, with
    nothing written."""
    report(progress, 0.0, "Verificando la firma del paquete…")
    senders: list[BundleSender] = []
    with open_bundle(path, DEVICE_KIND, _key_finder(engine, senders)) as bundle:
        sender = senders[-1]
        manifest = bundle.manifest
        export_number = _number(manifest, "export_number")
        cursor = _number(manifest, "cursor")
        requests = _requests(bundle)
        digests = bundle.blobs()
        tally = ImportReport(device_name=sender.name, region_code=sender.region_code)
        report(progress, 0.2, "Guardando los archivos adjuntos…")
        sizes: dict[str, int] = {}
        written: list[str] = []
        kept: set[str] = set()
        imported = False
        try:
            for digest in digests:
                data = bundle.read(f"blobs/{digest}")
                if len(data) > settings.max_blob_bytes:
                    raise BundleError("Un archivo adjunto del paquete supera el tamaño "
                                      "máximo de la sede. No se importó nada.")
                sizes[digest] = len(data)
                if _write_blob_file(settings.blob_dir, digest, data):
                    written.append(digest)
            kept = _apply(engine, sender, bundle.bundle_id, export_number, cursor, requests,
                          sizes, tally, progress)
            imported = True
        finally:
            unused = written if not imported else [d for d in written if d not in kept]
            if unused:
                _forget_files(engine, settings.blob_dir, unused)
    report(progress, 1.0, "Paquete importado.")
    return tally


def _apply(engine: Engine, sender: BundleSender, bundle_id: str, export_number: int,
           cursor: int, requests: list[PushRequest], sizes: dict[str, int],
           tally: ImportReport, progress: Progress | None) -> set[str]:
    """Apply the operations in one transaction; the files kept (named by a row)."""
    device = Device(id=sender.id, name=sender.name, region_code=sender.region_code)
    op_ids = [op.op_id for request in requests for op in request.operations]
    catalogue = any(op.table in CATALOGS for request in requests for op in request.operations)
    total = max(len(op_ids), 1)
    try:
        with write_transaction(engine) as conn:
            write_lock(conn, device.region_code, catalogue=catalogue)
            revoked = conn.execute(select(devices.c.revoked_at).where(
                devices.c.id == device.id)).scalar()
            if revoked is not None:
                raise BundleError(f"El equipo «{device.name}» fue dado de baja en la sede. "
                                  "No se importó nada.")
            known = store.load_operations(conn, op_ids)
            tally.repeated = sum(1 for op_id in op_ids if op_id in known)
            done = 0
            for request in requests:
                report(progress, 0.25 + 0.7 * done / total,
                       f"Aplicando operaciones: {done} de {len(op_ids)}…")
                answer = apply_push(conn, device, request)
                for result in answer.results:
                    tally.outcomes[result.outcome] += 1
                done += len(request.operations)
            tally.operations = len(op_ids)
            kept = store.referenced_blobs(conn, sizes, device.region_code)
            for digest in kept:
                _mark_complete(conn, digest, sizes[digest])
                blobstore.grant(conn, digest, device.region_code, "paquete")  # it held them
            tally.blobs = len(kept)
            seen = conn.execute(select(bundle_imports.c.bundle_id).where(
                bundle_imports.c.bundle_id == bundle_id)).first()
            tally.first_import = seen is None
            if seen is None:
                conn.execute(insert(bundle_imports).values(
                    bundle_id=bundle_id, device_id=device.id, export_number=export_number,
                    cursor=cursor, op_ids=op_ids, imported_at=utc_now()))
        return kept
    except OtherRegionError as error:
        raise BundleError(f"El paquete contiene datos de otra región: {error.reason} El "
                          f"equipo «{device.name}» solo puede escribir los de su región "
                          f"({device.region_code}); en el equipo, elimine ese registro o "
                          "sincronice en línea (lo aparta como rechazado) y exporte de nuevo. "
                          "No se importó nada.") from error
    except IntegrityError as error:
        raise BundleError("Otro envío registró los mismos datos al mismo tiempo; no se "
                          "importó nada. Vuelva a importar el paquete.") from error


# The reply ---------------------------------------------------------------------------------

@dataclass
class ReplyReport:
    device_name: str = ""
    answers: int = 0
    entries: int = 0
    blobs: int = 0
    cursor: int = 0
    waiting_files: bool = False

    def lines(self) -> list[str]:
        out = [f"Respuesta para el equipo «{self.device_name}»: {self.answers} respuestas a "
               f"sus operaciones, {self.entries} cambios de la sede y {self.blobs} archivos."]
        if self.waiting_files:
            out.append("Algunos cambios nombran archivos que la sede aún no recibió completos:"
                       " irán en una próxima respuesta.")
        return out


def _page_blobs(conn: Connection, root: Path, entries: list[Any], have: set[str],
                region_code: str) -> tuple[int, list[str]]:
    """How many leading entries can go (their files are complete here and the region may
    read them, ``blobstore.readable``), and new files."""
    new: list[str] = []
    for index, entry in enumerate(entries):
        column = BLOB_COLUMNS.get(entry.table)
        digest = entry.fields.get(column) if column else None
        if not isinstance(digest, str) or digest in have:
            continue
        if not store.SHA256_RE.fullmatch(digest) or \
                not blobstore.readable(conn, root, digest, region_code):
            return index, new
        have.add(digest)
        new.append(digest)
    return len(entries), new


def _blob_member(root: Path, digest: str) -> Member:
    def content() -> bytes:
        data = blobstore.final_path(root, digest).read_bytes()
        if sha256_hex(data) != digest:
            raise BundleError("Un archivo adjunto de la sede está dañado (no coincide con su "
                              "huella); no se escribió la respuesta.")
        return data
    return Member(f"blobs/{digest}", content)


def write_reply(engine: Engine, settings: Settings, device_id: str, out: Path, *,
                progress: Progress | None = None) -> ReplyReport:
    """Write the reply bundle for ``device_id`` to ``out``."""
    report(progress, 0.0, "Preparando la respuesta…")
    tally = ReplyReport()
    members: list[Member] = []
    with read_transaction(engine) as conn:
        row = conn.execute(select(devices).where(devices.c.id == device_id)).mappings().first()
        if row is None:
            raise BundleError(f"No existe el equipo {device_id} (vea «sesiona-hq devices»).")
        if row["revoked_at"] is not None:
            raise BundleError(f"El equipo «{row['name']}» fue dado de baja: no se le prepara "
                              "una respuesta.")
        tally.device_name = row["name"]
        latest = conn.execute(select(bundle_imports).where(
            bundle_imports.c.device_id == device_id).order_by(
            bundle_imports.c.export_number.desc(), bundle_imports.c.imported_at.desc(),
        ).limit(1)).mappings().first()
        start = latest["cursor"] if latest else 0
        answers: list[OperationResult] = []
        if latest is not None:
            known = store.load_operations(conn, latest["op_ids"])
            answers = [known[op_id][1] for op_id in latest["op_ids"]
                       if op_id in known and known[op_id][0] == device_id]
        members.append(Member("answers.json", json.dumps(
            [answer.model_dump(mode="json") for answer in answers],
            ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
        tally.answers = len(answers)
        have: set[str] = set()
        cursor, index = start, 0
        while True:
            page = store.pull(conn, row["region_code"], device_id, cursor, PULL_PAGE)
            usable, new = _page_blobs(conn, settings.blob_dir, page.entries, have,
                                      row["region_code"])
            members.extend(_blob_member(settings.blob_dir, digest) for digest in new)
            if usable < len(page.entries):
                kept = page.entries[:usable]
                page = page.model_copy(update={
                    "entries": kept, "more": False,
                    "cursor": kept[-1].seq if kept else cursor})
                tally.waiting_files = True
            members.append(Member(feed_name(index), page.model_dump_json().encode("utf-8")))
            tally.entries += len(page.entries)
            tally.blobs += len(new)
            index += 1
            report(progress, min(0.1 + 0.5 * tally.entries / max(page.latest - start, 1), 0.6),
                   f"Reuniendo cambios de la sede: {tally.entries}…")
            if not page.more or page.cursor <= cursor:
                cursor = page.cursor
                break
            cursor = page.cursor
        tally.cursor = cursor
    header = {"device_id": device_id, "region_code": row["region_code"],
              "reply_to": latest["bundle_id"] if latest else None,
              "export_number": latest["export_number"] if latest else 0,
              "cursor_from": start, "cursor": cursor,
              "created_at": utc_now().isoformat(timespec="seconds")}
    count = len(members)
    write_bundle(Path(out), REPLY_KIND, header, members, hq_private_key(settings.data_dir),
                 on_member=lambda i: report(progress, 0.6 + 0.4 * i / max(count, 1),
                                            "Escribiendo la respuesta…"))
    report(progress, 1.0, "Respuesta escrita.")
    return tally
