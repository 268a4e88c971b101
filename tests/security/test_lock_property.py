"""Issue 12, shown as a property: whatever happens, a signed acta's content stays as signed.

A hypothesis state machine drives two devices of the same region (real Sesiona files) and
a real headquarters (``server.main.create_app`` served by uvicorn on loopback, on a SQLite
file: the lock is the same code on PostgreSQL, whose attacks ``test_hq_lock`` runs one by
one). Each step is one of:

- an edit of a table a session's acta owns, through the data layer the app calls: add,
  edit or remove an invitee, an agenda item, an agreement (created on the first device
  only: two devices numbering agreements offline is a clash of its own, not of the lock),
  a responsible (each device its own institutions, for the same reason), a follow-up
  recorded at the agreement's session or at another one, an annex; an agreement's state
  (open after signing);
- approval, and a wet signature (``db.domain.signatures.sign_wet`` over
  ``db.documents.acta_loader``);
- an undo or redo of an earlier step, through the inverse the app pushes on its history
  (``desktop/operations.py``: soft delete, restore, the previous value);
- a device trying to write around the lock (replace or delete the signed file);
- a sync round of either device (push, upload, pull);
- a hostile device's crafted push straight to headquarters against a signed acta.

**Invariant, after every step.** Once a copy holds a session as signed, the fingerprint of
what its acta owns (``db.documents.acta_fingerprint``) never changes in that copy: on either device
and at headquarters. A device write the rule refuses raises ``LockedRecordError`` and
writes nothing (no row, no change-log entry), and the lock refuses nothing else; a
crafted operation comes back ``rejected`` with the contract's reason.

Two exceptions, both the protocol's answer to a real race and not a hole, and both
checked: (1) two devices sign the same acta offline: headquarters keeps the signing it
received first, and the other device then shows that one (its session row carries
headquarters' signing; its copy is pinned again there). (2) a device signs an acta whose
state or rows another device changed before the signing arrived, unseen by the signer:
headquarters rejects the signing whole (``server.sync_apply.SIGNING_HELD_BACK``), nobody
else ever held it, and the device shows the acta unsigned, as headquarters has it, to be
signed again. Finding this second race, and a locked field answered as a mere conflict,
is what changed ``server/sync_apply.py`` (``test_signing_races`` keeps one case of each).

Settings: ``derandomize`` (the same examples on every run: rows are picked in the order
they reached a copy, never by their random ids), 15 examples of up to 20 steps; about 15 s.
"""

from __future__ import annotations

import itertools
import sqlite3
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from contract import acta_ownership
from db.documents import acta_loader
from db.documents.acta_fingerprint import device_fingerprint, fingerprint
from db.domain import (
    agreements,
    attachments,
    catalog,
    minutes,
    session_lock,
    sessions,
    signatures,
)
from db.errors import LockedRecordError, SesionaError
from db.storage import records
from devicesync import identity
from devicesync import inbox as sync_inbox
from server.sync.apply import SIGNING_HELD_BACK
from tests.db.factories import SCANNED_PDF, snapshot
from tests.security.lock_bench import (
    CRAFTED,
    FORGED,
    Bench,
    bench,
    crafted,
    hq_rows,
    signed_sessions,
)
from tests.sync.conftest import make_committee

DEVICES = ("a", "b")
DAYS = ("2025-03-10", "2025-03-20", "2025-03-30")
# Each device adds and removes responsibles among its own institutions only.
RESPONSIBLES = {"a": ("MIMP", "DRTPE"), "b": ("MINEDU", "PNP")}
ANNEX = b"%PDF-1.4\n% anexo\n%%EOF\n"
REFUSALS = {acta_ownership.LOCKED_MESSAGE, acta_ownership.SIGNED_FILE_MESSAGE}
STEPS = settings(max_examples=15, stateful_step_count=20, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.filter_too_much])

devices = st.sampled_from(DEVICES)
picks = st.integers(min_value=0, max_value=999)
session_picks = st.integers(min_value=0, max_value=len(DAYS) - 1)
_texts = itertools.count(1)
TOTALS: dict[str, int] = {}  # what the examples did, over the whole run (for the report)


def text(prefix: str) -> str:
    """A value no row holds yet: every edit really changes something."""
    return f"{prefix} {next(_texts)}"


# The machine ---------------------------------------------------------------------------

class SignedActaMachine(RuleBasedStateMachine):
    """Two devices, headquarters and a hostile device; see the module docstring."""

    bench: Bench  # set by the test: one headquarters for the whole run

    def __init__(self) -> None:
        super().__init__()
        folder, region = self.bench.folder(), next(self.bench.regions)
        self.db = {"a": self.bench.device(folder / "a.sqlite", region, "Laptop A")}
        committee = make_committee(self.db["a"], region, f"CDRPETI {folder.name}")
        self.sessions = [sessions.create_session(self.db["a"], committee, date=day,
                                                 venue="Auditorio DRTPE") for day in DAYS]
        self.bench.sync(self.db["a"])
        self.db["b"] = self.bench.device(folder / "b.sqlite", region, "Laptop B")
        self.bench.sync(self.db["b"])
        self.hostile = self.bench.hostile(region)
        # device → its undo history: (label, table, row id or None for a write the rule
        # keeps open, undo, redo)
        self.history: dict[str, list[tuple[str, str, str | None, Any, Any]]] = {
            d: [] for d in DEVICES}
        self.pins: dict[tuple[str, str], str] = {}  # (copy, session) → fingerprint
        self.resigned: set[tuple[str, str]] = set()  # a device's signing headquarters refused
        self.outcomes: dict[str, int] = {
            "applied": 0, "locked": 0, "other": 0, "crafted": 0, "signed": 0}

    def teardown(self) -> None:
        for name, n in self.outcomes.items():
            TOTALS[name] = TOTALS.get(name, 0) + n
        self.bench.close_devices()

    @initialize(dev=devices, sign=st.booleans())
    def fill_the_first_acta(self, dev: str, sign: bool) -> None:
        """Every part of the first session's acta, on both devices; maybe signed on one and
        sent to headquarters (the other device does not know yet)."""
        db, sid = self.db["a"], self.session(0)
        sessions.add_invitee(db, sid, "Rosa Ticona Mamani", "UNU", "Docente")
        minutes.add(db, "agenda_items", sid, title="Plan Operativo Anual 2025")
        agreement = agreements.create_agreement(
            db, sid, "Aprobar el plan operativo", responsibles=[catalog.institution_id("MIMP")])
        agreements.add_followup(db, agreement, "2025-03-10", "Se encargó el plan.",
                                session_id=sid)
        attachments.add_annex(db, sid, "anexo.pdf", ANNEX)
        self.bench.sync(db)
        self.bench.sync(self.db["b"])
        if sign:
            self.sign(dev, 0)
            self.bench.sync(self.db[dev])

    # Helpers -----------------------------------------------------------------------------

    def session(self, index: int) -> str:
        return self.sessions[index]

    def rows(self, dev: str, table: str, where: str = "1", params: tuple = ()) -> list[dict]:
        # In the order the rows reached this file (ids are random: the same example must
        # pick the same rows on every run).
        return list(self.db[dev].query(
            f"SELECT * FROM [{table}] WHERE {where} ORDER BY rowid", list(params)))

    def owner(self, dev: str, table: str, row: dict[str, Any]) -> str | None:
        found = acta_ownership.owning_session(records._lookup(self.db[dev]), table, row)
        return None if found is None else found["id"]

    def attempt(self, dev: str, touched: set[str | None], write: Any) -> tuple[str, Any]:
        """Run one device write. If it touches a session signed on that device it must be
        refused with ``LockedRecordError`` and write nothing; otherwise the lock must not
        refuse it (another rule may: a deleted row, a clash of this device's own rows)."""
        db = self.db[dev]
        locked = any(s is not None and session_lock.is_locked(db, s) for s in touched)
        before = snapshot(db)
        try:
            result = write()
        except LockedRecordError as exc:
            assert locked, f"refused by the lock, but no signed acta is touched: {exc}"
            assert exc.message in REFUSALS, exc.message
            assert snapshot(db) == before, "a refused write left rows or log entries"
            self.outcomes["locked"] += 1
            return "locked", None
        except (SesionaError, sqlite3.IntegrityError) as exc:
            assert not locked, f"a write to a signed acta failed with {exc!r}, not the lock"
            assert snapshot(db) == before, "a failed write left rows or log entries"
            self.outcomes["other"] += 1
            return "other", None
        if locked:
            assert snapshot(db) == before, "a write to a signed acta went through"
            self.outcomes["locked"] += 1
            return "locked", None
        self.outcomes["applied"] += 1
        return "applied", result

    def remember(self, dev: str, label: str, table: str, row_id: str | None, undo: Any,
                 redo: Any) -> None:
        self.history[dev].append((label, table, row_id, undo, redo))

    def pick_row(self, dev: str, table: str, pick: int, where: str = "1",
                 params: tuple = ()) -> dict[str, Any] | None:
        found = self.rows(dev, table, where, params)
        return found[pick % len(found)] if found else None

    # Edits of what an acta owns --------------------------------------------------------------

    @rule(dev=devices, index=session_picks)
    def add_invitee(self, dev: str, index: int) -> None:
        db, sid = self.db[dev], self.session(index)
        outcome, row_id = self.attempt(dev, {sid}, lambda: sessions.add_invitee(
            db, sid, text("Invitada"), "ONG Selva Viva", "Directora"))
        if outcome == "applied":  # Operations.create: undo soft-deletes, redo restores
            self.remember(dev, "Añadir invitado/a", "invitees", row_id,
                          lambda: records.soft_delete(db, "invitees", row_id),
                          lambda: records.undelete(db, "invitees", row_id))

    @rule(dev=devices, pick=picks)
    def edit_invitee(self, dev: str, pick: int) -> None:
        def edit(db: Any, row_id: str, changes: dict) -> dict:
            return records.update(db, "invitees", row_id, changes)
        self._edit_field(dev, "invitees", "job_title", pick, edit, "Cargo")

    @rule(dev=devices, pick=picks)
    def remove_invitee(self, dev: str, pick: int) -> None:
        db = self.db[dev]
        row = self.pick_row(dev, "invitees", pick, "deleted_at IS NULL")
        if row is None:
            return
        outcome, _ = self.attempt(dev, {row["session_id"]},
                                  lambda: sessions.remove_invitee(db, row["id"]))
        if outcome == "applied":
            self.remember(dev, "Quitar invitado/a", "invitees", row["id"],
                          lambda: sessions.restore_invitee(db, row["id"]),
                          lambda: sessions.remove_invitee(db, row["id"]))

    @rule(dev=devices, index=session_picks)
    def add_agenda_item(self, dev: str, index: int) -> None:
        db, sid = self.db[dev], self.session(index)
        outcome, row_id = self.attempt(dev, {sid}, lambda: minutes.add(
            db, "agenda_items", sid, title=text("Punto")))
        if outcome == "applied":
            self.remember(dev, "Añadir punto", "agenda_items", row_id,
                          lambda: minutes.remove(db, "agenda_items", row_id),
                          lambda: minutes.restore(db, "agenda_items", row_id))

    @rule(dev=devices, pick=picks)
    def edit_agenda_item(self, dev: str, pick: int) -> None:
        def edit(db: Any, row_id: str, changes: dict) -> dict:
            return minutes.edit(db, "agenda_items", row_id, changes)
        self._edit_field(dev, "agenda_items", "title", pick, edit, "Punto")

    @rule(dev=devices, pick=picks)
    def remove_agenda_item(self, dev: str, pick: int) -> None:
        db = self.db[dev]
        row = self.pick_row(dev, "agenda_items", pick, "deleted_at IS NULL")
        if row is None:
            return
        outcome, _ = self.attempt(dev, {row["session_id"]},
                                  lambda: minutes.remove(db, "agenda_items", row["id"]))
        if outcome == "applied":
            self.remember(dev, "Quitar punto", "agenda_items", row["id"],
                          lambda: minutes.restore(db, "agenda_items", row["id"]),
                          lambda: minutes.remove(db, "agenda_items", row["id"]))

    @rule(index=session_picks)
    def add_agreement(self, index: int) -> None:
        db, sid = self.db["a"], self.session(index)
        outcome, row_id = self.attempt("a", {sid}, lambda: agreements.create_agreement(
            db, sid, text("Acuerdo")))
        if outcome == "applied":
            self.remember("a", "Nuevo acuerdo", "agreements", row_id,
                          lambda: agreements.delete_agreement(db, row_id),
                          lambda: records.undelete(db, "agreements", row_id))

    @rule(dev=devices, pick=picks)
    def edit_agreement(self, dev: str, pick: int) -> None:
        self._edit_field(dev, "agreements", "text", pick, agreements.update_agreement,
                         "Acuerdo")

    @rule(pick=picks)
    def remove_agreement(self, pick: int) -> None:
        db = self.db["a"]
        row = self.pick_row("a", "agreements", pick, "deleted_at IS NULL")
        if row is None:
            return
        outcome, _ = self.attempt("a", {row["session_id"]},
                                  lambda: agreements.delete_agreement(db, row["id"]))
        if outcome == "applied":
            self.remember("a", "Quitar acuerdo", "agreements", row["id"],
                          lambda: records.undelete(db, "agreements", row["id"]),
                          lambda: agreements.delete_agreement(db, row["id"]))

    @rule(dev=devices, pick=picks, state=st.sampled_from(sorted(agreements.STATES)))
    def change_agreement_state(self, dev: str, pick: int, state: str) -> None:
        """Open after signing: following an agreement up is not editing the acta."""
        db = self.db[dev]
        row = self.pick_row(dev, "agreements", pick)
        if row is None or row["state"] == state:
            return
        outcome, old = self.attempt(dev, set(), lambda: agreements.update_agreement(
            db, row["id"], {"state": state}))
        assert outcome == "applied", "an agreement's state stays open after signing"
        self.remember(dev, "Estado del acuerdo", "agreements", None,
                      lambda: agreements.update_agreement(db, row["id"], old),
                      lambda: agreements.update_agreement(db, row["id"], {"state": state}))

    @rule(dev=devices, pick=picks, which=st.integers(min_value=0, max_value=1))
    def toggle_responsible(self, dev: str, pick: int, which: int) -> None:
        db = self.db[dev]
        agreement = self.pick_row(dev, "agreements", pick)
        if agreement is None:
            return
        institution = catalog.institution_id(RESPONSIBLES[dev][which])
        live = self.rows(dev, "agreement_responsibles", "agreement_id = ? AND institution_id"
                         " = ? AND deleted_at IS NULL", (agreement["id"], institution))
        touched = {agreement["session_id"]}
        if live:
            row_id = live[0]["id"]
            outcome, _ = self.attempt(dev, touched, lambda: records.soft_delete(
                db, "agreement_responsibles", row_id))
            undo, redo = (lambda: records.undelete(db, "agreement_responsibles", row_id),
                          lambda: records.soft_delete(db, "agreement_responsibles", row_id))
        else:
            outcome, row_id = self.attempt(dev, touched, lambda: agreements.add_responsible(
                db, agreement["id"], institution))
            undo, redo = (lambda: records.soft_delete(db, "agreement_responsibles", row_id),
                          lambda: records.undelete(db, "agreement_responsibles", row_id))
        if outcome == "applied":
            self.remember(dev, "Cambiar responsables", "agreement_responsibles", row_id,
                          undo, redo)

    @rule(dev=devices, pick=picks, index=session_picks)
    def add_followup(self, dev: str, pick: int, index: int) -> None:
        """At the agreement's own session or at another one (then not owned by its acta)."""
        db, sid = self.db[dev], self.session(index)
        agreement = self.pick_row(dev, "agreements", pick)
        if agreement is None:
            return
        outcome, row_id = self.attempt(dev, {sid}, lambda: agreements.add_followup(
            db, agreement["id"], "2025-04-01", text("Se informó avance"), session_id=sid))
        if outcome == "applied":
            self.remember(dev, "Seguimiento", "agreement_followups", row_id,
                          lambda: records.soft_delete(db, "agreement_followups", row_id),
                          lambda: records.undelete(db, "agreement_followups", row_id))

    @rule(dev=devices, pick=picks)
    def edit_followup(self, dev: str, pick: int) -> None:
        self._edit_field(dev, "agreement_followups", "body", pick, agreements.update_followup,
                         "Lo informado")

    @rule(dev=devices, pick=picks)
    def remove_followup(self, dev: str, pick: int) -> None:
        db = self.db[dev]
        row = self.pick_row(dev, "agreement_followups", pick, "deleted_at IS NULL")
        if row is None:
            return
        outcome, _ = self.attempt(dev, {row["session_id"]}, lambda: records.soft_delete(
            db, "agreement_followups", row["id"]))
        if outcome == "applied":
            self.remember(dev, "Quitar seguimiento", "agreement_followups", row["id"],
                          lambda: records.undelete(db, "agreement_followups", row["id"]),
                          lambda: records.soft_delete(db, "agreement_followups", row["id"]))

    @rule(dev=devices, index=session_picks)
    def add_annex(self, dev: str, index: int) -> None:
        db, sid = self.db[dev], self.session(index)
        outcome, row_id = self.attempt(dev, {sid}, lambda: attachments.add_annex(
            db, sid, f"{text('anexo')}.pdf", ANNEX))
        if outcome == "applied":
            self.remember(dev, "Adjuntar anexo", "attachments", row_id,
                          lambda: attachments.remove_annex(db, row_id),
                          lambda: attachments.restore_annex(db, row_id))

    @rule(dev=devices, pick=picks)
    def remove_annex(self, dev: str, pick: int) -> None:
        db = self.db[dev]
        row = self.pick_row(dev, "attachments", pick,
                            "purpose = 'anexo' AND deleted_at IS NULL")
        if row is None:
            return
        outcome, _ = self.attempt(dev, {row["session_id"]},
                                  lambda: attachments.remove_annex(db, row["id"]))
        if outcome == "applied":
            self.remember(dev, "Quitar anexo", "attachments", row["id"],
                          lambda: attachments.restore_annex(db, row["id"]),
                          lambda: attachments.remove_annex(db, row["id"]))

    def _edit_field(self, dev: str, table: str, field: str, pick: int, update_fn: Any,
                    prefix: str) -> None:
        """``Operations.edit``: the update returns the previous values, which undo writes."""
        db = self.db[dev]
        row = self.pick_row(dev, table, pick, "deleted_at IS NULL")
        if row is None:
            return
        value = text(prefix)

        def edit() -> dict:
            return update_fn(db, row["id"], {field: value})
        outcome, old = self.attempt(dev, {self.owner(dev, table, row)}, edit)
        if outcome == "applied" and old:
            self.remember(dev, f"Editar «{field}»", table, row["id"],
                          lambda: update_fn(db, row["id"], old), edit)

    # Approval and signing -------------------------------------------------------------------

    @rule(dev=devices, index=session_picks)
    def approve(self, dev: str, index: int) -> None:
        db, sid = self.db[dev], self.session(index)
        state = sessions.get_session(db, sid)["state"]
        if state == "programada":
            sessions.set_state(db, sid, "realizada")
            state = "realizada"
        if state == "realizada":
            signatures.approve(db, sid, sid)

    @rule(dev=devices, index=session_picks)
    def sign(self, dev: str, index: int) -> None:
        """A wet signature; an acta not yet approved on this device is approved first."""
        db, sid = self.db[dev], self.session(index)
        if session_lock.is_locked(db, sid):
            return
        self.approve(dev, index)
        content = acta_loader.load_acta(db, sid)
        scan = SCANNED_PDF + f"% {text('firmada en ' + dev)}\n".encode()
        signatures.sign_wet(db, sid, [("acta-firmada.pdf", scan)], content)
        assert session_lock.is_locked(db, sid)
        self.outcomes["signed"] += 1

    # Undo and redo ----------------------------------------------------------------------

    @rule(dev=devices, pick=picks)
    def undo(self, dev: str, pick: int) -> None:
        """An earlier step of this device's history, undone (or redone) through the inverse
        the app keeps; applied, it becomes the next step (its redo)."""
        if not self.history[dev]:
            return
        index = pick % len(self.history[dev])
        label, table, row_id, back, forth = self.history[dev][index]
        touched = set() if row_id is None else {
            self.owner(dev, table, records.get(self.db[dev], table, row_id))}
        outcome, _ = self.attempt(dev, touched, back)
        if outcome != "locked":
            del self.history[dev][index]
        if outcome == "applied":
            self.remember(dev, label, table, row_id, forth, back)

    # Writing around the lock ---------------------------------------------------------------

    @rule(dev=devices, pick=picks, how=st.sampled_from(["replace", "delete"]))
    def tamper_signed_file(self, dev: str, pick: int, how: str) -> None:
        db = self.db[dev]
        row = self.pick_row(dev, "attachments", pick, "purpose IN ('acta_firmada_fisica',"
                            " 'acta_firmada_digital') AND deleted_at IS NULL")
        if row is None:
            return
        write = (lambda: attachments.replace_content(db, row["id"], FORGED)) \
            if how == "replace" else (lambda: records.soft_delete(db, "attachments", row["id"]))
        outcome, _ = self.attempt(dev, {row["session_id"]}, write)
        assert outcome == "locked", "a signed file was replaced or deleted on a device"

    # Sync -----------------------------------------------------------------------------------

    @rule(dev=devices)
    def sync_round(self, dev: str) -> None:
        db = self.db[dev]
        signed_here = [s for s in self.sessions if session_lock.is_locked(db, s)]
        known = {r["id"] for r in sync_inbox.rejections(db, include_dismissed=True)}
        self.bench.sync(db)
        me = identity.require_device(db).device_id
        refused = {r["row_id"]: r["reason"] for r in sync_inbox.rejections(
            db, include_dismissed=True) if r["id"] not in known and r["table_name"] ==
            "sessions" and r["fields"].get("state") == acta_ownership.SIGNED_STATE}
        for sid in signed_here:
            stored = self.bench.stored("sessions", sid)
            if acta_ownership.is_signed(stored.data) and stored.field_seq["state"][1] == me:
                continue  # headquarters holds this device's signing
            mine = sessions.get_session(db, sid)
            if not acta_ownership.is_signed(mine):
                # Another device changed the acta before this signing arrived, unseen
                # here: headquarters refused the signing whole, and this device shows the
                # acta as it is there, to be signed again. Nobody else held this signing.
                assert refused.get(sid) == SIGNING_HELD_BACK, refused
                assert not acta_ownership.is_signed(stored.data)
                assert mine["state"] == stored.data["state"]
                self.pins.pop((dev, sid))
                continue
            # Signed here and on the other device offline: headquarters kept the signing
            # it received first, and this device now shows that one.
            assert acta_ownership.is_signed(stored.data)
            for name in ("state", "signature_mode", "signed_on", "acta_fingerprint",
                         "acta_snapshot"):
                assert mine[name] == stored.data[name], f"{name}: not headquarters' signing"
            self.resigned.add((dev, sid))

    # A hostile device ------------------------------------------------------------------------

    @rule(pick=picks, hows=st.lists(st.sampled_from(CRAFTED), min_size=1, max_size=4,
                                    unique=True))
    def crafted_push(self, pick: int, hows: list[str]) -> None:
        """Operations the app would refuse, sent in one push by a device whose software was
        changed: each is rejected with the contract's reason (and writes nothing: the
        invariant sees headquarters' copy unchanged)."""
        rows = hq_rows(self.bench.hq.engine, self.sessions)
        signed = signed_sessions(rows)
        if not signed:
            return
        sid = signed[pick % len(signed)]
        ops = [op for how in hows
               if (op := crafted(rows, sid, how, pick, text("Alterado"))) is not None]
        if not ops:
            return
        results = self.hostile.push(ops).results
        assert [r.outcome for r in results] == ["rejected"] * len(ops), (hows, results)
        assert all(r.reason in REFUSALS for r in results), (hows, results)
        self.outcomes["crafted"] += len(ops)

    # The invariant --------------------------------------------------------------------------

    @invariant()
    def signed_actas_never_change(self) -> None:
        copies: dict[str, dict[str, str]] = {}
        for dev in DEVICES:
            db = self.db[dev]
            copies[dev] = {sid: device_fingerprint(db, sid) for sid in self.sessions
                           if session_lock.is_locked(db, sid)}
        rows = hq_rows(self.bench.hq.engine, self.sessions)
        copies["sede"] = {sid: fingerprint(sid, rows) for sid in signed_sessions(rows)}
        for copy, signed in copies.items():
            for sid, value in signed.items():
                pinned = self.pins.setdefault((copy, sid), value)
                if pinned != value and (copy, sid) in self.resigned:
                    self.pins[(copy, sid)] = value  # the second signing, given up
                    self.resigned.discard((copy, sid))
                    continue
                assert pinned == value, f"the signed acta {sid} changed in copy «{copy}»"
        self.resigned.clear()
        for copy, sid in self.pins:  # a signed acta stays signed everywhere
            assert sid in copies[copy], f"the acta {sid} is no longer signed in «{copy}»"


def test_a_signed_acta_never_changes_anywhere(tmp_path):
    with bench(tmp_path) as made:
        SignedActaMachine.bench = made
        run_state_machine_as_test(SignedActaMachine, settings=STEPS)
    # The run really signed actas, refused writes to them and pushed crafted operations.
    assert TOTALS["signed"] and TOTALS["locked"] and TOTALS["crafted"], TOTALS
