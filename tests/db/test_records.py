"""Every write to a synced table logs itself in change_log, in the same transaction."""

import json
import uuid

import pytest

from db.domain import committees
from db.errors import NotFoundError
from db.storage import records
from tests.db.factories import count_rows, last_log, make_committee, snapshot

COMMITTEE = {"kind": "trata", "name": "Red Regional contra la Trata de Personas",
             "acronym": "RRCTP", "region_code": "PE-PUN"}


def _log_rows(db, row_id):
    return list(db.query("SELECT * FROM change_log WHERE row_id = ? ORDER BY seq", [row_id]))


def test_a_new_file_has_an_empty_change_log(db):
    # The seeded catalogues are central data: they are not logged.
    assert count_rows(db, "institutions") > 0
    assert count_rows(db, "change_log") == 0
    assert records.pending_changes(db) == 0


def test_insert_writes_the_row_and_one_log_row(db):
    row_id = records.insert(db, "committees", COMMITTEE)
    uuid.UUID(row_id)  # a client-generated UUID
    row = records.get(db, "committees", row_id)
    assert row["name"] == COMMITTEE["name"]
    assert row["created_at"] == row["updated_at"] and row["created_at"].endswith("Z")
    assert row["deleted_at"] is None

    (log,) = _log_rows(db, row_id)
    assert log["op"] == "insert"
    assert log["table_name"] == "committees"
    fields = json.loads(log["fields"])
    assert fields == {**COMMITTEE, "created_at": row["created_at"]}
    assert log["changed_at"] == row["created_at"]
    assert records.pending_changes(db) == 1


def test_insert_keeps_a_given_id_and_ignores_bookkeeping_values(db):
    given = records.new_id()
    row_id = records.insert(db, "committees", {**COMMITTEE, "id": given,
                                               "created_at": "1999-01-01", "deleted_at": "x"})
    assert row_id == given
    row = records.get(db, "committees", given)
    assert row["created_at"] != "1999-01-01"
    assert row["deleted_at"] is None
    assert "deleted_at" not in json.loads(last_log(db)["fields"])


def test_update_logs_only_the_fields_that_really_change(db):
    row_id = records.insert(db, "committees", COMMITTEE)
    old = records.update(db, "committees", row_id,
                         {"name": "Mesa Regional contra la Trata", "acronym": "RRCTP"})
    assert old == {"name": COMMITTEE["name"]}
    log = last_log(db)
    assert (log["op"], log["row_id"]) == ("update", row_id)
    assert json.loads(log["fields"]) == {"name": "Mesa Regional contra la Trata"}
    assert records.get(db, "committees", row_id)["name"] == "Mesa Regional contra la Trata"
    assert count_rows(db, "change_log") == 2


def test_update_without_a_real_change_writes_nothing(db):
    row_id = records.insert(db, "committees", COMMITTEE)
    before = snapshot(db)
    updated_at = records.get(db, "committees", row_id)["updated_at"]
    assert records.update(db, "committees", row_id, {"name": COMMITTEE["name"]}) == {}
    assert records.update(db, "committees", row_id, {"updated_at": "2000-01-01"}) == {}
    assert snapshot(db) == before
    assert records.get(db, "committees", row_id)["updated_at"] == updated_at


def test_update_of_an_unknown_column_is_refused_and_writes_nothing(db):
    row_id = records.insert(db, "committees", COMMITTEE)
    before = snapshot(db)
    with pytest.raises(ValueError, match="unknown columns"):
        records.update(db, "committees", row_id, {"name": "Otro", "colour": "rojo"})
    assert snapshot(db) == before
    assert records.get(db, "committees", row_id)["name"] == COMMITTEE["name"]


def test_soft_delete_and_undelete_are_logged(db):
    row_id = records.insert(db, "committees", COMMITTEE)
    records.soft_delete(db, "committees", row_id)
    row = records.get(db, "committees", row_id)
    assert row["deleted_at"] is not None
    log = last_log(db)
    assert log["op"] == "delete"
    assert json.loads(log["fields"]) == {"deleted_at": row["deleted_at"]}
    assert count_rows(db, "committees") == 1  # soft: the row stays

    records.undelete(db, "committees", row_id)
    assert records.get(db, "committees", row_id)["deleted_at"] is None
    log = last_log(db)
    assert log["op"] == "undelete"
    assert json.loads(log["fields"]) == {"deleted_at": None}
    assert [r["op"] for r in _log_rows(db, row_id)] == ["insert", "delete", "undelete"]


def test_domain_operations_log_through_records(db):
    committee_id = make_committee(db)
    assert [r["op"] for r in _log_rows(db, committee_id)] == ["insert"]
    committees.update_committee(db, committee_id, {"city": "Sicuani"})
    assert [r["op"] for r in _log_rows(db, committee_id)] == ["insert", "update"]
    assert json.loads(last_log(db)["fields"]) == {"city": "Sicuani"}


def test_log_sequence_and_op_ids_are_unique(db):
    ids = [records.insert(db, "committees", {**COMMITTEE, "acronym": f"R{i}"}) for i in range(5)]
    rows = list(db.query("SELECT seq, op_id, row_id FROM change_log ORDER BY seq"))
    assert [r["row_id"] for r in rows] == ids
    assert len({r["op_id"] for r in rows}) == 5


def test_get_of_a_missing_row_raises_a_spanish_not_found(db):
    with pytest.raises(NotFoundError, match="No se encontró"):
        records.get(db, "committees", records.new_id())
    before = snapshot(db)
    with pytest.raises(NotFoundError):
        records.soft_delete(db, "committees", records.new_id())
    with pytest.raises(NotFoundError):
        records.update(db, "committees", records.new_id(), {"name": "x"})
    assert snapshot(db) == before


@pytest.mark.parametrize("table", ["regions", "change_log", "meta", "sqlite_master"])
def test_only_synced_tables_can_be_written(db, table):
    before = snapshot(db)
    with pytest.raises(ValueError, match="not a synced table"):
        records.insert(db, table, {"x": 1})
    with pytest.raises(ValueError, match="not a synced table"):
        records.get(db, table, "x")
    assert snapshot(db) == before


def test_a_refused_insert_writes_no_log_row(db):
    before = snapshot(db)
    with pytest.raises(Exception, match="NOT NULL"):
        records.insert(db, "committees", {"kind": "otro", "region_code": "PE-LIM"})
    assert snapshot(db) == before
