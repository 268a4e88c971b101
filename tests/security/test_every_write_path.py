"""Every public write function of db/, discovered from the source, tried against a signed
acta: each path the ownership rule locks is refused and nothing moves (row counts, change
log, blob bytes, the acta's fingerprint); each path the rule keeps open works and leaves
the acta's fingerprint as it was.

The functions are found by ``write_paths.write_functions`` (an AST call graph over db/),
never listed by hand. ``CASES`` gives each one its arguments, or a reasoned ``NotActa``
entry; a discovered function without an entry fails ``test_every_write_function_has_a_case``,
so a new write function cannot slip by.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from contract import acta_ownership
from db.demo import signing as demo_signing
from db.documents import acta_loader
from db.documents.acta_fingerprint import device_fingerprint
from db.domain import agreements, attachments, catalog, membership, minutes, sessions, signatures
from db.errors import LockedRecordError, SesionaError, ValidationError
from db.storage import records
from devicesync import inbox as sync_inbox
from tests.db.factories import SCANNED_PDF
from tests.security.device_support import OTHER_PDF, signed_acta, state
from tests.security.write_paths import write_functions

Call = Callable[[Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class Refused:
    """The rule locks this path: ``call`` raises ``error`` and nothing moves."""
    call: Call
    error: type[SesionaError] = LockedRecordError
    setup: Call | None = None  # writes that are not part of the attempt (a seat, a conflict)


@dataclass(frozen=True)
class Open:
    """The rule keeps this path open: ``call`` works; the acta's fingerprint stays."""
    call: Call


@dataclass(frozen=True)
class NotActa:
    """The function cannot reach a signed acta; ``why`` says why."""
    why: str


HEADQUARTERS = NotActa(
    "applies what headquarters accepted, through records.apply_remote, which is unchecked "
    "by design: headquarters enforces the same rule (contract.acta_ownership) before "
    "accepting anything, and refusing its answer would leave this copy apart for ever")
PLANS = NotActa("work plans, their nodes, indicators and execution: tables the acta does "
                "not own (contract.acta_ownership.PARTS)")
COMMITTEE = NotActa("the committee, its instruments, seats and designations, and the "
                    "catalogues: tables the acta does not own (a signed session's stored "
                    "quorum does not follow them: see sessions.record_quorum)")
LOGO = NotActa("a committee's logo (committees.logo_sha256): not a table the acta owns")
DEMO = NotActa("builds the demonstration file from an empty one: its own committees, "
               "sessions and plans, never an existing session")


def _seat(db, a):
    membership.add_seat(db, a["committee"], catalog.institution_id("MINSA"), "miembro")


def _conflict(db, a):
    sync_inbox.record_conflict(db, "sessions", a["session"], "venue",
                               sessions.get_session(db, a["session"])["venue"], "Otra sede",
                               records.new_id())


def _rejected_delete(db, a):
    row = records.get(db, "invitees", a["removed_invitee"])
    sync_inbox.record_rejection(db, records.new_id(), "invitees", a["removed_invitee"],
                                "delete", f'{{"deleted_at": "{row["deleted_at"]}"}}',
                                "La sede rechazó el cambio.")


def _content(db, a):
    return acta_loader.load_acta(db, a["session"])


CASES: dict[str, list[Refused | Open] | NotActa] = {
    "db.domain.agreements.add_followup": [
        Refused(lambda db, a: agreements.add_followup(
            db, a["open_agreement"], "2020-01-16", "Tarde", session_id=a["session"])),
        Open(lambda db, a: agreements.add_followup(
            db, a["agreements"][0], "2099-02-20", "Avance", session_id=a["later"],
            state_after="en_proceso"))],
    "db.domain.agreements.add_responsible": [Refused(
        lambda db, a: agreements.add_responsible(db, a["agreements"][1], a["minedu"]))],
    "db.domain.agreements.carry_over": [
        Refused(lambda db, a: agreements.carry_over(db, a["committee"], a["session"],
                                                    "2020-01-16")),
        Open(lambda db, a: agreements.carry_over(db, a["committee"], a["later"],
                                                 "2099-02-20"))],
    "db.domain.agreements.create_agreement": [Refused(
        lambda db, a: agreements.create_agreement(db, a["session"], "Acuerdo tardío"))],
    "db.domain.agreements.delete_agreement": [Refused(
        lambda db, a: agreements.delete_agreement(db, a["agreements"][0]))],
    "db.domain.agreements.set_responsibles": [Refused(
        lambda db, a: agreements.set_responsibles(db, a["agreements"][0], [a["minedu"]]))],
    "db.domain.agreements.update_agreement": [
        Refused(lambda db, a: agreements.update_agreement(db, a["agreements"][0],
                                                          {"text": "Otro texto"})),
        Open(lambda db, a: agreements.update_agreement(db, a["agreements"][0],
                                                       {"state": "anulado"}))],
    "db.domain.agreements.update_followup": [Refused(
        lambda db, a: agreements.update_followup(db, a["followup_here"], {"body": "Otro"}))],
    "db.domain.attachments.add": [Refused(lambda db, a, purpose=purpose: attachments.add(
        db, a["committee"], a["session"], purpose, "otra.pdf", OTHER_PDF))
        for purpose in attachments.PURPOSES],
    "db.domain.attachments.add_annex": [Refused(
        lambda db, a: attachments.add_annex(db, a["session"], "tarde.pdf", OTHER_PDF))],
    "db.domain.attachments.remove_annex": [Refused(
        lambda db, a: attachments.remove_annex(db, a["annex"]))],
    "db.domain.attachments.replace_content": [Refused(
        lambda db, a: attachments.replace_content(db, a["signed_file"], OTHER_PDF))],
    "db.domain.attachments.restore_annex": [Refused(
        lambda db, a: attachments.restore_annex(db, a["removed_annex"]))],
    "db.domain.attachments.restore_logo": LOGO,
    "db.domain.attachments.set_logo": LOGO,
    "devicesync.bundles.import_reply": HEADQUARTERS,
    "db.domain.catalog.add_institution": COMMITTEE,
    "db.domain.catalog.add_unit": COMMITTEE,
    "db.domain.committees.add_instrument": COMMITTEE,
    "db.domain.committees.create_committee": COMMITTEE,
    "db.domain.committees.update_committee": COMMITTEE,
    "db.domain.committees.update_instrument": COMMITTEE,
    "db.demo.build.build_demo": DEMO,
    "db.demo.plans.build_plans": DEMO,
    "db.demo.signing.add_demo_errata": [Open(
        lambda db, a: demo_signing.add_demo_errata(db, sessions.get_session(db, a["session"])))],
    "db.demo.signing.sign_older_actas": [Open(
        lambda db, a: demo_signing.sign_older_actas(db, a["committee"]))],
    **{f"db.domain.indicators.{name}": PLANS for name in (
        "add_entry", "add_evidence", "add_indicator", "copy_indicator", "remove_entry",
        "remove_evidence", "remove_indicator", "restore_entry", "restore_evidence",
        "restore_indicator", "set_schedule", "update_entry", "update_indicator")},
    **{f"db.domain.membership.{name}": COMMITTEE for name in (
        "add_seat", "designate", "remove_seat", "update_seat")},
    "db.domain.minutes.add": [Refused(lambda db, a, table=table, parent=parent: minutes.add(
        db, table, a[parent], **{"title" if table in ("reports", "agenda_items") else "body":
                                 "Tarde"}))
        for table, parent in (("reports", "session"), ("requests", "session"),
                              ("agenda_items", "session"), ("interventions", "item"))],
    "db.domain.minutes.edit": [Refused(
        lambda db, a: minutes.edit(db, "reports", a["report"], {"title": "Otro"}))],
    "db.domain.minutes.move": [Refused(lambda db, a: minutes.move(db, "reports", a["report"], 1))],
    "db.domain.minutes.remove": [Refused(
        lambda db, a: minutes.remove(db, "interventions", a["intervention"]))],
    "db.domain.minutes.restore": [Refused(
        lambda db, a: minutes.restore(db, "reports", a["report"]))],
    **{f"db.domain.plan_import.{name}": PLANS for name in ("import_parsed", "import_plan")},
    "db.domain.plan_copy.copy_plan": PLANS,
    "db.domain.plan_templates.create_plan_from_template": PLANS,
    **{f"db.domain.plans.{name}": PLANS for name in (
        "add_node", "create_plan", "move_node", "remove_node", "restore_rows",
        "set_institutions", "update_node", "update_plan")},
    "db.storage.records.apply_remote": HEADQUARTERS,
    "db.storage.records.insert": [Refused(lambda db, a: records.insert(
        db, "invitees", {"session_id": a["session"], "person_name": "Colado"}))],
    "db.storage.records.log_again": [Refused(lambda db, a: records.log_again(
        db, "invitees", a["removed_invitee"], "delete", {"deleted_at": "2099-01-01"}))],
    "db.storage.records.reassert": [Refused(lambda db, a: records.reassert(
        db, "sessions", a["session"], {"venue": "Otra sede"}))],
    # Resending a row as it is changes nothing (a session signed before headquarters
    # accepted it must still reach it).
    "db.storage.records.resend": [Open(lambda db, a: records.resend(db, "sessions", a["session"]))],
    "db.storage.records.soft_delete": [Refused(
        lambda db, a: records.soft_delete(db, "attendance", a["attendance"]))],
    "db.storage.records.undelete": [Refused(
        lambda db, a: records.undelete(db, "invitees", a["removed_invitee"]))],
    "db.storage.records.update": [Refused(lambda db, a: records.update(
        db, "interventions", a["intervention"], {"body": "Otro"}))],
    "db.domain.sessions.add_invitee": [Refused(
        lambda db, a: sessions.add_invitee(db, a["session"], "Colado"))],
    "db.domain.sessions.create_session": [Open(lambda db, a: sessions.create_session(
        db, a["committee"], date="2099-03-10"))],
    "db.domain.sessions.delete_session": [Refused(
        lambda db, a: sessions.delete_session(db, a["session"]))],
    # A seat added later changes the committee's quorum: the signed session keeps its own.
    "db.domain.sessions.record_quorum": [Refused(
        lambda db, a: sessions.record_quorum(db, a["session"]), setup=_seat)],
    "db.domain.sessions.remove_invitee": [Refused(
        lambda db, a: sessions.remove_invitee(db, a["invitee"]))],
    "db.domain.sessions.restore_invitee": [Refused(
        lambda db, a: sessions.restore_invitee(db, a["removed_invitee"]))],
    "db.domain.sessions.set_attendance": [Refused(lambda db, a: sessions.set_attendance(
        db, a["session"], a["seats"]["MINEDU"], "titular"))],
    "db.domain.sessions.set_state": [Refused(
        lambda db, a: sessions.set_state(db, a["session"], "realizada"), ValidationError)],
    "db.domain.sessions.update_session": [Refused(
        lambda db, a: sessions.update_session(db, a["session"], {"venue": "Otra"}))],
    "db.domain.signatures.add_errata": [Open(lambda db, a: signatures.add_errata(
        db, a["session"], "2099-01-01", "Otra corrección."))],
    "db.domain.signatures.approve": [Refused(
        lambda db, a: signatures.approve(db, a["session"], a["session"]))],
    "db.domain.signatures.prepare_digital": [Refused(lambda db, a: signatures.prepare_digital(
        db, a["session"], SCANNED_PDF, "para-firma.pdf"), ValidationError)],
    "db.domain.signatures.record_signature": [Refused(lambda db, a: signatures.record_signature(
        db, a["signed_file"], OTHER_PDF, "[]"), ValidationError)],
    "db.domain.signatures.sign_digital": [Refused(lambda db, a: signatures.sign_digital(
        db, a["session"], "firmada.pdf", OTHER_PDF, "[]", _content(db, a)), ValidationError)],
    "db.domain.signatures.sign_wet": [Refused(lambda db, a: signatures.sign_wet(
        db, a["session"], [("otra.pdf", OTHER_PDF)], _content(db, a)), ValidationError)],
    "db.domain.signatures.update_validation": [Open(
        lambda db, a: signatures.update_validation(db, a["signed_file"], "[]"))],
    "devicesync.client.acknowledge": HEADQUARTERS,
    "devicesync.client.sync_round": HEADQUARTERS,
    "devicesync.inbox.resolve_conflict": [Refused(
        lambda db, a: sync_inbox.resolve_conflict(db, 1, "server"), setup=_conflict)],
    "devicesync.inbox.retry_rejected": [Refused(
        lambda db, a: sync_inbox.retry_rejected(db, 1), setup=_rejected_delete)],
    "devicesync.pull.apply_page": HEADQUARTERS,
}

DISCOVERED = write_functions()
TRIED = [(name, index, case) for name, cases in sorted(CASES.items())
         if isinstance(cases, list) for index, case in enumerate(cases)]


def test_the_discovery_finds_the_known_writers():
    """A sanity check of the discovery itself: direct, indirect and reference paths."""
    assert {"db.storage.records.insert", "db.domain.minutes.restore",
            "db.domain.sessions.remove_invitee",
            "db.domain.signatures.sign_wet", "devicesync.inbox.retry_rejected"} <= set(DISCOVERED)
    assert "db.domain.sessions.get_session" not in DISCOVERED
    assert "db.documents.acta_fingerprint.device_fingerprint" not in DISCOVERED
    assert len(DISCOVERED) > 60


def test_every_write_function_has_a_case():
    missing = sorted(set(DISCOVERED) - set(CASES))
    stale = sorted(set(CASES) - set(DISCOVERED))
    assert missing == [], f"write functions of db/ without a case: {missing}"
    assert stale == [], f"cases for functions that no longer write: {stale}"
    for name, cases in CASES.items():
        assert cases, name
        assert not isinstance(cases, NotActa) or len(cases.why) > 40, name


@pytest.mark.parametrize(("name", "index", "case"), TRIED,
                         ids=[f"{name.removeprefix('db.')}-{index}" for name, index, _ in TRIED])
def test_a_write_function_against_a_signed_acta(db, name, index, case):
    acta = signed_acta(db)
    if isinstance(case, Open):
        before = device_fingerprint(db, acta["session"])
        case.call(db, acta)
        assert device_fingerprint(db, acta["session"]) == before
        return
    if case.setup is not None:
        case.setup(db, acta)
    before = state(db, acta["session"])
    with pytest.raises(case.error) as info:
        case.call(db, acta)
    if case.error is LockedRecordError:
        assert info.value.message in (acta_ownership.LOCKED_MESSAGE,
                                      acta_ownership.SIGNED_FILE_MESSAGE)
    else:
        assert "firmada" in info.value.message
    assert state(db, acta["session"]) == before


# records, table by table and op by op ----------------------------------------------------

OPS = ("insert", "update", "reassert", "soft_delete", "undelete", "log_again")


def _changed(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return "otro valor"
    if isinstance(value, int | float):
        return value + 1
    return f"{value} (cambiado)"


def _write(db, table: str, row: dict[str, Any], op: str) -> None:
    part = acta_ownership.PARTS[table]
    closed = [k for k in row if k not in records.BOOKKEEPING
              and k not in part.open_fields(row) and k not in dict(part.path)]
    if op == "insert":
        values = {k: v for k, v in row.items() if k not in records.BOOKKEEPING}
        if "number" in values:  # numbered per session (an erratum, an agreement)
            values["number"] += 100
        records.insert(db, table, values)
    elif op in ("update", "reassert"):
        getattr(records, op)(db, table, row["id"], {closed[0]: _changed(row[closed[0]])})
    elif op == "log_again":
        records.log_again(db, table, row["id"], "delete", {"deleted_at": "2099-01-01"})
    else:
        getattr(records, op)(db, table, row["id"])


@pytest.mark.parametrize("op", OPS)
def test_records_refuses_every_op_on_every_table_of_a_signed_acta(db, op):
    acta = signed_acta(db)
    lookup_rows = {}
    for table in acta_ownership.PARTS:
        for row in db.query(f"SELECT * FROM [{table}] WHERE deleted_at IS NULL"
                            " ORDER BY created_at DESC"):
            session = acta_ownership.owning_session(
                lambda t, i: next(iter(db.query(f"SELECT * FROM [{t}] WHERE id = ?", [i])),
                                  None), table, row)
            if session is not None and session["id"] == acta["session"]:
                lookup_rows[table] = row
                break
    assert set(lookup_rows) == set(acta_ownership.PARTS)
    for table, row in sorted(lookup_rows.items()):
        before = state(db, acta["session"])
        if op == "insert" and acta_ownership.PARTS[table].insert_after_signing:
            _write(db, table, row, op)  # a new fe de erratas: the rule's one open insert
            continue
        if op == "insert" and table == "sessions":
            # A new session row is a new acta, not a write to this one (a session signed
            # offline reaches headquarters as the insert of its whole row).
            continue
        with pytest.raises(LockedRecordError) as info:
            _write(db, table, row, op)
        assert info.value.message in (acta_ownership.LOCKED_MESSAGE,
                                      acta_ownership.SIGNED_FILE_MESSAGE), table
        assert state(db, acta["session"]) == before, (table, op)
