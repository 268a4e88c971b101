"""What the headquarters attacks share: a device that reaches headquarters by push or by
bundle, a signed acta built the way a device logs one, and a snapshot of everything a
refused operation must leave as it was.

A hostile device is one whose software was changed to send what the app itself would
refuse: it speaks the protocol exactly (its bundles are signed with its registered key),
only the operations are forged. So the operations here are written by hand, as in
``tests/server``, not produced through ``db``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.bundle_format import DEVICE_KIND, Member, operations_name, public_text, write_bundle
from contract.protocol import OperationResult
from server.bundles.importer import import_bundle
from server.core.settings import Settings
from server.sync.store import load_operations
from tests.server.support import (
    STAMP,
    UCAYALI,
    Headquarters,
    agreement,
    committee,
    insert,
    session,
    update,
)

SCAN = b"%PDF-1.4\n% acta firmada a mano y escaneada\n" + bytes(range(256)) * 8 + b"%%EOF\n"
FORGED = b"%PDF-1.4\n% otra acta, con otro contenido\n" + bytes(range(255, -1, -1)) * 8 \
    + b"%%EOF\n"
# Tables whose rows only record how an operation was answered or a bundle was received:
# a refused operation is answered and remembered (a replay gets the same answer).
ANSWER_TABLES = frozenset({"operations", "bundle_imports"})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Channel:
    """One enrolled device of Ucayali and the way its changes reach headquarters:
    ``push`` (the online route, then the files headquarters asks for) or ``paquete`` (an
    offline bundle signed with the device's registered key, imported at headquarters)."""

    def __init__(self, kind: str, hq: Headquarters, settings: Settings, tmp: Path):
        self.kind = kind
        self.hq = hq
        self.settings = settings
        self.tmp = tmp
        self.device = hq.enroll(UCAYALI)
        self.asked: list[str] = []  # the files headquarters asked for after the last push
        self._key: Ed25519PrivateKey | None = None
        self._exports = 0

    def send(self, operations: list[dict[str, Any]],
             files: tuple[bytes, ...] = ()) -> list[OperationResult]:
        """Deliver ``operations`` (and the bytes of ``files``); headquarters' answers."""
        by_hash = {sha256(data): data for data in files}
        if self.kind == "push":
            answer = self.device.push(operations)
            self.asked = list(answer.missing_blobs)
            for digest in self.asked:
                self.upload(by_hash[digest])
            return answer.results
        import_bundle(self.hq.engine, self.settings, self._bundle(operations, by_hash))
        with self.hq.engine.connect() as conn:
            known = load_operations(conn, [op["op_id"] for op in operations])
        return [known[op["op_id"]][1] for op in operations]

    def upload(self, data: bytes) -> Any:
        return self.hq.client.put(
            f"/api/v1/blobs/{sha256(data)}", params={"offset": 0, "size": len(data)},
            content=data, headers={**self.device.headers,
                                   "Content-Type": "application/octet-stream"})

    def _bundle(self, operations: list[dict[str, Any]], files: dict[str, bytes]) -> Path:
        if self._key is None:
            self._key = Ed25519PrivateKey.generate()
            registered = self.hq.client.post(
                "/api/v1/device-key", json={"public_key": public_text(self._key)},
                headers=self.device.headers)
            assert registered.status_code == 200, registered.text
        self._exports += 1
        body = json.dumps({"cursor": 0, "operations": operations},
                          ensure_ascii=False).encode("utf-8")
        members = [Member(operations_name(0), body)]
        members += [Member(f"blobs/{digest}", data) for digest, data in files.items()]
        header = {"device_id": self.device.id, "device_name": "Laptop",
                  "region_code": UCAYALI, "export_number": self._exports, "cursor": 0,
                  "operations": len(operations), "created_at": STAMP}
        out = self.tmp / f"paquete-{self._exports}.sesiona-paquete"
        write_bundle(out, DEVICE_KIND, header, members, self._key)
        return out


@dataclass
class Acta:
    """A session signed with its scanned file, and what hangs from it."""

    committee_id: str
    session_id: str
    later_session_id: str  # held later, unsigned: where the agreement is followed up
    invitee_id: str
    agreement_id: str
    followup_id: str  # recorded at the signed session itself
    file_id: str

    def rows(self) -> list[tuple[str, str]]:
        return [("committees", self.committee_id), ("sessions", self.session_id),
                ("sessions", self.later_session_id), ("invitees", self.invitee_id),
                ("agreements", self.agreement_id),
                ("agreement_followups", self.followup_id), ("attachments", self.file_id)]


def sign_acta(channel: Channel) -> Acta:
    """The ordinary flow: a device creates a session, fills it and signs it between two
    syncs, so one push (or bundle) carries the inserts first and the signing update last.
    All of it must be applied."""
    c = committee(UCAYALI)
    cid = c["row_id"]
    s = session(cid, state="acta_aprobada")
    later = session(cid, number=2, date="2025-03-20")
    sid = s["row_id"]
    invitee = insert("invitees", session_id=sid, person_name="Ana Ríos Vela",
                     entity="ONG Selva Viva", job_title="Directora")
    a = agreement(cid, sid)
    followup = insert("agreement_followups", agreement_id=a["row_id"], session_id=sid,
                      noted_on="2025-02-20", body="Se encargó el diagnóstico a la DRTPE.")
    scan = insert("attachments", committee_id=cid, session_id=sid,
                  purpose="acta_firmada_fisica", file_name="acta-firmada.pdf",
                  mime_type="application/pdf", size=len(SCAN), sha256=sha256(SCAN))
    signing = update("sessions", sid, state="acta_firmada", signature_mode="fisica",
                     signed_on="2025-03-01")
    operations = [c, s, later, invitee, a, followup, scan, signing]
    results = channel.send(operations, (SCAN,))
    assert [r.outcome for r in results] == ["applied"] * len(operations), results
    if channel.kind == "push":
        assert channel.asked == [sha256(SCAN)], "the signed file is asked for and uploaded"
    stored = channel.hq.record("sessions", sid)
    assert stored.data["state"] == "acta_firmada"
    assert blob_files(channel.settings) == {sha256(SCAN): SCAN}
    return Acta(cid, sid, later["row_id"], invitee["row_id"], a["row_id"],
                followup["row_id"], scan["row_id"])


def blob_files(settings: Settings) -> dict[str, bytes]:
    """Every file of headquarters' blob store, by name, with its bytes."""
    return {path.name: path.read_bytes()
            for path in sorted(settings.blob_dir.rglob("*")) if path.is_file()}


@dataclass
class State:
    """What a refused operation must leave as it was at headquarters."""

    counts: dict[str, int]  # rows of every table, except the answers' bookkeeping
    answers: int  # operations answered
    files: dict[str, bytes]
    rows: dict[tuple[str, str], tuple[dict[str, Any], str | None]]


def state(channel: Channel, acta: Acta) -> State:
    counts = channel.hq.counts()
    rows = {}
    for table, row_id in acta.rows():
        record = channel.hq.record(table, row_id)
        rows[(table, row_id)] = (dict(record.data), record.deleted_at)
    return State({name: n for name, n in counts.items() if name not in ANSWER_TABLES},
                 counts["operations"], blob_files(channel.settings), rows)


def assert_refused(channel: Channel, acta: Acta, before: State,
                   results: list[OperationResult], reason: str) -> None:
    """Every operation rejected with ``reason``, and nothing written but their answers:
    no row, no feed entry, no file, no stored row changed."""
    assert [(r.outcome, r.reason) for r in results] == [("rejected", reason)] * len(results)
    after = state(channel, acta)
    assert after.counts == before.counts, "no row and no feed entry"
    assert after.answers == before.answers + len(results), "each refusal is answered once"
    assert after.files == before.files, "the blob store keeps exactly its bytes"
    assert after.rows == before.rows
    if channel.kind == "push":
        assert channel.asked == [], "headquarters asks for no file of a refused operation"
