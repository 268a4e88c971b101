"""The sync protocol between a Sesiona device and headquarters, version 1 (``/api/v1``).

Part of the sync contract: shared by headquarters (``server/``) and the device's sync engine
(``devicesync/``), one definition of every payload, validated by pydantic on both sides.

Rules both sides rely on:

* **Operations** are the client's ``change_log`` rows. ``op_id`` (the log's UUID) is the
  idempotency key: the server remembers every op_id it has answered and answers a replay
  with the same result, applying nothing twice. The client deletes a log row only after the
  server answered it (applied, merged, conflict or rejected).
* **Order**: the server applies a batch in one transaction, in the given order (a device's
  order: parents before children), and appends what it applied to its **change feed**,
  numbered by ``seq`` in receipt order. Device clocks never order anything.
* **Conflicts** are per field. With each push the client sends ``cursor``: the last feed
  seq it has pulled. A field of an incoming update conflicts when another device changed the
  same field of the same row after ``cursor``. The stored value stays (the first received
  wins); the op's other fields are applied («merged»); the answer is «conflict» with the
  stored values, which the client keeps in its conflict inbox beside its own.
* **Pull** returns feed entries after a cursor, in pages, filtered to the device's scope
  (its region's committees and the shared catalogues), never the device's own changes.
* **Blobs** (files named by SHA-256 in ``attachments``, ``execution_evidence`` and
  committees' logos) travel separately, in resumable chunks, verified against the hash.
* **Uniqueness**: what a device keeps unique among live rows (session numbers, attendance
  per seat…, ``contract.uniqueness.UNIQUE_KEYS``) the server keeps too: a second such row is
  «rejected» with a reason naming the clash. A refused insert leaves the row only on the
  device, which sends it whole again once corrected.
* **Another region's data**: a push touching it is refused whole (403, ``ForbiddenPush``),
  naming each such operation; the device sets those aside (as rejected) and sends the rest.
* A client whose ``X-Sesiona-Protocol`` is outside the server's range gets 426 with a
  Spanish «actualice Sesiona» message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS = (1, 1)  # the server accepts clients in this inclusive range
PROTOCOL_HEADER = "X-Sesiona-Protocol"
API_PREFIX = "/api/v1"

MAX_PUSH_OPS = 500  # operations per push request
MAX_BODY_BYTES = 8 * 1024 * 1024  # a request body after decompression; more → 413
PULL_PAGE = 1000  # feed entries per pull page (the server may send fewer)
BLOB_CHUNK = 1024 * 1024  # upload chunk size the client uses

Op = Literal["insert", "update", "delete", "undelete"]
Outcome = Literal["applied", "merged", "conflict", "rejected"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


# Enrolment ---------------------------------------------------------------------------------

class EnrollRequest(Strict):
    code: str = Field(min_length=8, max_length=64)
    device_name: str = Field(min_length=1, max_length=120)


class EnrollResponse(Strict):
    device_id: str
    token: str  # shown once; the server keeps only its hash
    region_code: str  # ISO 3166-2:PE, e.g. PE-UCA: the device's scope
    committees: list[str]  # committee references named at enrolment (informative)


# Push --------------------------------------------------------------------------------------

class Operation(Strict):
    op_id: str = Field(min_length=1, max_length=80)
    table: str = Field(min_length=1, max_length=64)
    row_id: str = Field(min_length=1, max_length=64)
    op: Op
    fields: dict[str, Any]
    changed_at: str  # the device's clock: informative only


class PushRequest(Strict):
    cursor: int = Field(ge=0)  # last feed seq this device has pulled
    operations: list[Operation] = Field(max_length=MAX_PUSH_OPS)


class OperationResult(Strict):
    op_id: str
    outcome: Outcome
    seq: int | None = None  # the feed entry it produced, if anything was applied
    reason: str = ""  # Spanish, for «rejected» and «conflict» (no raw column names)
    # For «conflict»: field → the value the server kept (the device keeps its own in its
    # inbox, so the secretary can choose). For «rejected», when the server holds the row:
    # its values of the refused fields, which the device shows again (its own stay in its
    # list of rejected changes); empty when the device has to settle the refusal itself (a
    # clash with another row, a parent the server lacks) or the row is not on the server.
    # None stands for a field the server never received (the device's column default).
    server_values: dict[str, Any] = Field(default_factory=dict)


class PushResponse(Strict):
    results: list[OperationResult]
    missing_blobs: list[str] = Field(default_factory=list)  # hashes the server lacks


# Offline bundles: the device's signing key --------------------------------------------------

class DeviceKeyRequest(Strict):
    public_key: str = Field(min_length=40, max_length=60)  # base64 of 32 raw bytes


class DeviceKeyResponse(Strict):
    hq_key: str  # headquarters' public key, base64: it signs the device's reply bundles


# Pull --------------------------------------------------------------------------------------

class FeedEntry(Strict):
    seq: int
    table: str
    row_id: str
    op: Op
    fields: dict[str, Any]


class PullResponse(Strict):
    entries: list[FeedEntry]
    cursor: int  # store this after applying ``entries`` (same transaction)
    more: bool  # ask again with the new cursor
    latest: int  # the newest seq in the device's scope, for progress


# Blobs -------------------------------------------------------------------------------------

class BlobStatus(Strict):
    sha256: str
    size: int | None  # None until complete
    received: int  # bytes received so far (resume from here)
    complete: bool


class ServerInfo(Strict):
    name: str = "Sesiona — Sede central MTPE"
    protocol: tuple[int, int] = SUPPORTED_VERSIONS
    time: datetime


class Problem(Strict):
    """Every 4xx body: a Spanish message the client shows as it is."""

    detail: str


class RefusedOperation(Strict):
    op_id: str
    table: str
    row_id: str
    reason: str  # Spanish: which row of another region it touches


class ForbiddenPush(Problem):
    """A push refused (403) because operations touch another region's data: ``detail``
    names the first; ``operations`` lists every such operation of the batch. Nothing of the
    batch was applied; the device sets these aside and sends the rest again."""

    operations: list[RefusedOperation] = Field(default_factory=list)
