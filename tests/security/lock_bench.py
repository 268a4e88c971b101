"""The bench of ``test_lock_property``: one real headquarters for the whole run, fresh
enrolled devices for each example, headquarters' copy of an acta, and crafted operations.

**Headquarters** is ``server.main.create_app`` over a throwaway SQLite file, served by
uvicorn on loopback (``tests/sync/conftest.py``'s ``_serve``). SQLite is enough here: the
lock at headquarters is the same code on both backends, and ``test_hq_lock`` runs each
attack on PostgreSQL too. It is started once per run, not once per example (starting it
costs more than an example's steps); examples stay apart because each one takes the next
region of Peru, so its devices see only their own rows, and everything the property looks
at is keyed by the example's own session ids.

**Devices** are real Sesiona files, copied from one freshly created file (the schema and
the seeded catalogue are the same for every example) and enrolled with a real code. One
``httpx.Client`` serves every request of the run (each new client loads the certificate
store, which costs more than a sync round here).
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlite_utils
from sqlalchemy import select

from contract import acta_ownership
from db.storage.store import open_store
from devicesync import enrollment
from devicesync.client import SyncReport, sync_round
from tests.server.support import Device, delete, insert, undelete, update
from tests.sync.conftest import Headquarters, _serve, wait_until_up

Rows = dict[str, list[dict[str, Any]]]
FORGED = b"%PDF-1.4\n% otra acta firmada\n%%EOF\n"


@dataclass
class Bench:
    hq: Headquarters
    client: httpx.Client  # the devices' (absolute URLs)
    hq_client: httpx.Client  # the hostile devices' (paths under headquarters' URL)
    root: Path
    template: Path
    regions: Iterator[str]
    opened: list[sqlite_utils.Database] = field(default_factory=list)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def folder(self) -> Path:
        path = self.root / f"ejemplo-{next(self._names)}"
        path.mkdir()
        return path

    def device(self, path: Path, region: str, name: str) -> sqlite_utils.Database:
        shutil.copyfile(self.template, path)
        db = open_store(path)
        self.opened.append(db)
        enrollment.enroll(db, self.hq.url, self.hq.code(region), name, client=self.client)
        return db

    def sync(self, db: sqlite_utils.Database) -> SyncReport:
        return sync_round(db, client=self.client)

    def hostile(self, region: str) -> Device:
        """A device of ``region`` whose software was changed: it pushes what it likes."""
        from contract.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

        answer = self.client.post(f"{self.hq.url}/api/v1/enroll", json={
            "code": self.hq.code(region), "device_name": "Equipo alterado"},
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return Device(self.hq_client, body["device_id"],  # type: ignore[arg-type]
                      body["token"], body["region_code"])

    def stored(self, table: str, row_id: str) -> Any:
        """Headquarters' ``StoredRecord`` of a row, or None."""
        from server.sync.store import load_record

        with self.hq.engine.connect() as conn:
            return load_record(conn, table, row_id)

    def close_devices(self) -> None:
        for db in self.opened:
            db.conn.close()
        self.opened.clear()


@contextmanager
def bench(root: Path) -> Iterator[Bench]:
    from server.core.accounts import region_names
    from server.core.settings import Settings
    from server.main import create_app

    data = root / "sede"
    app = create_app(Settings(database_url=f"sqlite:///{data / 'hq.sqlite'}", data_dir=data))
    server, thread, port = _serve(app)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, thread)
    template = root / "plantilla.sqlite"
    open_store(template).conn.close()
    client = httpx.Client(timeout=10)
    hq_client = httpx.Client(base_url=url, timeout=10)
    made = Bench(Headquarters(url, app, server, thread), client, hq_client, root, template,
                 itertools.cycle(sorted(region_names())))
    try:
        yield made
    finally:
        made.close_devices()
        client.close()
        hq_client.close()
        server.should_exit = True
        thread.join(timeout=10)
        assert not thread.is_alive(), "uvicorn did not stop"


# Headquarters' copy ------------------------------------------------------------------------

def hq_rows(engine: Any, session_ids: list[str]) -> Rows:
    """Headquarters' stored rows of the tables an acta owns (as ``db.documents.acta_fingerprint``
    reads them) that belong to the committee of ``session_ids``, in the order they arrived
    (ids are random: the same example must pick the same rows on every run)."""
    from server.core.models import records as stored

    with engine.connect() as conn:
        committees = {row.data["committee_id"] for row in conn.execute(
            select(stored.c.data).where(stored.c.table_name == "sessions",
                                        stored.c.row_id.in_(session_ids)))}
        found = conn.execute(select(
            stored.c.table_name, stored.c.row_id, stored.c.data, stored.c.deleted_at).where(
            stored.c.table_name.in_(sorted(acta_ownership.PARTS)),
            stored.c.committee_id.in_(sorted(committees))).order_by(stored.c.created_seq)).all()
    rows: Rows = {}
    for table, row_id, data, deleted_at in found:
        rows.setdefault(table, []).append({**data, "id": row_id, "deleted_at": deleted_at})
    return rows


def signed_sessions(rows: Rows) -> list[str]:
    return sorted(r["id"] for r in rows.get("sessions", []) if acta_ownership.is_signed(r))


# Crafted operations ------------------------------------------------------------------------

CRAFTED = ("session", "invitee", "new_invitee", "agenda", "new_agenda", "agreement",
           "move_agreement", "responsible", "followup", "annex", "undelete", "signed_file",
           "delete_signed_file", "new_signed_file")
_EDITS = {"invitee": ("invitees", "person_name"), "agenda": ("agenda_items", "title"),
          "agreement": ("agreements", "text"), "responsible": ("agreement_responsibles", None),
          "followup": ("agreement_followups", "body"), "annex": ("attachments", None),
          "signed_file": ("attachments", "sha256"), "delete_signed_file": ("attachments", None)}


def crafted(rows: Rows, sid: str, how: str, pick: int, value: str) -> dict[str, Any] | None:
    """An operation against the signed acta ``sid`` as headquarters holds it (``rows``)
    that the rule refuses; None if the acta has no row of the kind ``how`` names."""
    by_id = {table: {r["id"]: r for r in table_rows} for table, table_rows in rows.items()}

    def lookup(table: str, row_id: str) -> dict[str, Any] | None:
        return by_id.get(table, {}).get(row_id)

    def owned(table: str, deleted: bool = False) -> list[dict[str, Any]]:
        return [r for r in rows.get(table, [])
                if (acta_ownership.owning_session(lookup, table, r) or {}).get("id") == sid
                and (r["deleted_at"] is not None) == deleted]

    def nth(found: list[dict[str, Any]]) -> dict[str, Any] | None:
        return found[pick % len(found)] if found else None

    session = by_id["sessions"][sid]
    digest = hashlib.sha256(FORGED).hexdigest()
    if how == "session":
        return update("sessions", sid, venue=value)
    if how == "new_invitee":
        return insert("invitees", session_id=sid, person_name=value, position=99)
    if how == "new_agenda":
        return insert("agenda_items", session_id=sid, title=value, position=99)
    if how == "new_signed_file":
        return insert("attachments", purpose="acta_firmada_fisica", file_name="firmada-2.pdf",
                      committee_id=session["committee_id"], session_id=sid,
                      mime_type="application/pdf", size=len(FORGED), sha256=digest)
    if how == "move_agreement":  # an agreement of an open session moved into the signed one
        row = nth([r for r in rows.get("agreements", [])
                   if not acta_ownership.is_signed(lookup("sessions", r["session_id"]))])
        return None if row is None else update("agreements", row["id"], session_id=sid)
    if how == "undelete":
        for table in ("invitees", "agenda_items", "agreement_followups", "attachments"):
            row = nth(owned(table, deleted=True))
            if row is not None:
                return undelete(table, row["id"])
        return None
    table, name = _EDITS[how]
    found = owned(table)
    if table == "attachments":
        found = [r for r in found if (r["purpose"] == "anexo") == (how == "annex")]
    row = nth(found)
    if row is None:
        return None
    if name is None:
        return delete(table, row["id"])
    return update(table, row["id"], **{name: digest if name == "sha256" else value})
