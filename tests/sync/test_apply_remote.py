"""Writing what headquarters sent: never logged, insert-or-update, pages atomic with the
cursor, foreign keys on, and a pull never overwrites an unpushed local edit."""

from __future__ import annotations

import uuid

import pytest

from contract.protocol import FeedEntry
from db.storage import records
from db.storage.connection import transaction
from devicesync import identity, inbox
from devicesync.pull import apply_page
from devicesync.transport import SyncError
from tests.db.factories import make_committee

COMMITTEE = {"kind": "cdrpeti", "name": "CDRPETI de Ucayali", "acronym": "CDRPETI UCA",
             "region_code": "PE-UCA", "created_at": "2025-01-06T15:00:00.000Z"}


def entry(seq: int, table: str, row_id: str, op: str, **fields) -> FeedEntry:
    return FeedEntry(seq=seq, table=table, row_id=row_id, op=op, fields=fields)


def test_apply_remote_inserts_updates_deletes_without_logging(db):
    row_id = str(uuid.uuid4())
    with transaction(db):
        records.apply_remote(db, "committees", row_id, "insert", COMMITTEE)
    row = records.get(db, "committees", row_id)
    assert row["acronym"] == "CDRPETI UCA" and row["created_at"] == COMMITTEE["created_at"]
    with transaction(db):
        records.apply_remote(db, "committees", row_id, "insert", {**COMMITTEE, "city": "X"})
        records.apply_remote(db, "committees", row_id, "update", {"notes": "nota"})
    assert records.get(db, "committees", row_id)["city"] == "X"
    with transaction(db):
        records.apply_remote(db, "committees", row_id, "delete",
                             {"deleted_at": "2025-02-01T00:00:00.000Z"})
    assert records.get(db, "committees", row_id)["deleted_at"] == "2025-02-01T00:00:00.000Z"
    with transaction(db):
        records.apply_remote(db, "committees", row_id, "undelete", {"deleted_at": None})
    assert records.get(db, "committees", row_id)["deleted_at"] is None
    assert records.pending_changes(db) == 0, "changes from headquarters are not logged"


def test_apply_remote_refuses_unknown_columns_and_tables(db):
    with pytest.raises(ValueError), transaction(db):
        records.apply_remote(db, "committees", str(uuid.uuid4()), "insert",
                             {**COMMITTEE, "columna_nueva": 1})
    with pytest.raises(ValueError):
        records.apply_remote(db, "sync_conflicts", "1", "insert", {})


def test_a_page_and_its_cursor_commit_together_and_parents_may_come_later_in_it(db):
    identity.set_meta(db, identity.CURSOR, "0")
    committee, session = str(uuid.uuid4()), str(uuid.uuid4())
    # The child first: foreign keys are checked at the commit of the page.
    apply_page(db, [
        entry(7, "sessions", session, "insert", committee_id=committee, kind="ordinaria",
              number=1, date="2025-03-10", created_at="2025-03-01T00:00:00.000Z"),
        entry(5, "committees", committee, "insert", **COMMITTEE),
    ], cursor=9)
    assert identity.get_meta(db, identity.CURSOR) == "9"
    assert records.get(db, "sessions", session)["committee_id"] == committee
    assert records.pending_changes(db) == 0


def test_a_missing_parent_is_a_clear_error_and_nothing_of_the_page_stays(db):
    identity.set_meta(db, identity.CURSOR, "3")
    orphan, committee = str(uuid.uuid4()), str(uuid.uuid4())
    with pytest.raises(SyncError, match="registro principal no existe"):
        apply_page(db, [
            entry(4, "committees", committee, "insert", **COMMITTEE),
            entry(5, "sessions", orphan, "insert", committee_id=str(uuid.uuid4()),
                  kind="ordinaria", number=1, date="2025-03-10"),
        ], cursor=5)
    assert identity.get_meta(db, identity.CURSOR) == "3"
    assert not db.execute("SELECT 1 FROM committees WHERE id = ?", [committee]).fetchone()
    assert not db.conn.in_transaction
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_pull_skips_fields_with_a_pending_local_edit_and_keeps_both_values(db):
    committee_id = make_committee(db, region_code="PE-UCA")
    db.execute("DELETE FROM change_log")
    records.update(db, "committees", committee_id, {"city": "Pucallpa (local)"})
    apply_page(db, [entry(3, "committees", committee_id, "update",
                          city="Pucallpa (sede)", notes="de la sede")], cursor=3)
    row = records.get(db, "committees", committee_id)
    assert row["city"] == "Pucallpa (local)", "the unpushed edit is not overwritten"
    assert row["notes"] == "de la sede", "other fields of the row are applied"
    (conflict,) = inbox.conflicts(db)
    assert (conflict["field"], conflict["local_value"], conflict["server_value"]) == \
        ("city", "Pucallpa (local)", "Pucallpa (sede)")
    assert records.pending_changes(db) == 1


def test_resolving_keeps_one_value_and_mine_is_logged_again(db):
    committee_id = make_committee(db, region_code="PE-UCA")
    db.execute("DELETE FROM change_log")
    with transaction(db):
        inbox.record_conflict(db, "committees", committee_id, "city", "Mía", "Sede",
                                   "op-1")
        inbox.record_conflict(db, "committees", committee_id, "notes", "a", "a", "op-1")
    (conflict,) = inbox.conflicts(db)  # equal values are no conflict
    inbox.resolve_conflict(db, conflict["id"], "mine")
    assert records.get(db, "committees", committee_id)["city"] == "Mía"
    (log,) = db.query("SELECT * FROM change_log")
    assert log["op"] == "update" and '"Mía"' in log["fields"]
    assert inbox.conflicts(db) == []
    assert inbox.conflicts(db, open_only=False)[0]["resolution"] == "mine"
