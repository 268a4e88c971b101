"""What the devices keep unique stays unique at headquarters: a second «Sesión Ordinaria
N° 5» (or attendance for the same seat, agreement number, plan code…) created offline on
another device is refused with a Spanish reason naming the clash, instead of reaching every
device and stopping their pulls."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from contract.tables import CATALOGS
from contract.uniqueness import CATALOGUE_KEYS, UNIQUE_KEYS
from db.storage.store import open_store
from server.core.db import make_engine, write_transaction
from server.core.models import feed, records
from server.migrations import alembic_config, run_migrations
from server.sync.store import StoredRecord, load_record, save_records
from server.sync.uniqueness import unique_key
from tests.server.support import (
    UCAYALI,
    agreement,
    committee,
    delete,
    session,
    undelete,
    update,
)
from tests.server.support import (
    insert as insert_op,
)

OTHER_DEVICE = "desde otro equipo. Cambie el número y sincronice de nuevo."


def feed_count(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(feed)).scalar_one())


def _base(hq):
    one, two = hq.enroll(UCAYALI, "Uno"), hq.enroll(UCAYALI, "Dos")
    c = committee(UCAYALI)
    s = session(c["row_id"], number=5)
    seat = insert_op("seats", committee_id=c["row_id"], institution_id="inst-1")
    plan = insert_op("work_plans", committee_id=c["row_id"], year=2025, title="Plan 2025")
    node = insert_op("plan_nodes", plan_id=plan["row_id"], level="objetivo", code="OE1")
    indicator = insert_op("indicators", node_id=node["row_id"], name="Talleres",
                          unit_id="u-1", annual_target=4)
    a = agreement(c["row_id"], s["row_id"], number=1)
    first = [c, s, seat, plan, node, indicator, a]
    assert {r.outcome for r in one.push(first).results} == {"applied"}
    return one, two, c, s, seat, plan, node, indicator, a


def test_each_unique_rule_refuses_a_second_live_row_from_another_device(hq, engine):
    one, two, c, s, seat, plan, node, indicator, a = _base(hq)
    cid, sid = c["row_id"], s["row_id"]
    firsts = [
        insert_op("attendance", session_id=sid, seat_id=seat["row_id"], attendee="titular"),
        insert_op("errata", session_id=sid, number=1, noted_on="2025-03-02", body="Fe"),
        insert_op("indicator_targets", indicator_id=indicator["row_id"], period=3, target=1),
        insert_op("agreement_responsibles", agreement_id=a["row_id"], institution_id="i-2"),
        insert_op("plan_node_institutions", node_id=node["row_id"], institution_id="i-2"),
    ]
    assert {r.outcome for r in one.push(firsts).results} == {"applied"}
    count = feed_count(engine)
    twins = [  # (the twin another device created offline, what the reason says)
        (session(cid, number=5, date="2025-06-01"),
         "Ya existe la Sesión Ordinaria N° 5 de este comité, registrada desde otro equipo. "
         "Cambie el número y sincronice de nuevo."),
        (insert_op("attendance", session_id=sid, seat_id=seat["row_id"], attendee="alterno"),
         "La asistencia de este miembro a esta sesión ya fue registrada desde otro equipo."),
        (agreement(cid, sid, number=1, text="Otro"),
         "Ya existe el Acuerdo N° 1 de esta sesión, registrado " + OTHER_DEVICE),
        (insert_op("errata", session_id=sid, number=1, noted_on="2025-03-03", body="Otra"),
         "Ya existe la Fe de erratas N° 1 de esta sesión, registrada " + OTHER_DEVICE),
        (insert_op("work_plans", committee_id=cid, year=2025, title="Otro plan"),
         "Ya existe el plan de trabajo 2025 de este comité, registrado desde otro equipo."),
        (insert_op("plan_nodes", plan_id=plan["row_id"], level="objetivo", code="oe1"),
         "Ya existe el código «oe1» en este plan, registrado desde otro equipo."),
        (insert_op("indicator_targets", indicator_id=indicator["row_id"], period=3, target=2),
         "Ya existe la meta del periodo 3 de este indicador, registrada desde otro equipo."),
        (insert_op("agreement_responsibles", agreement_id=a["row_id"], institution_id="i-2"),
         "Esta institución ya figura como responsable de este acuerdo, registrada desde otro "
         "equipo."),
        (insert_op("plan_node_institutions", node_id=node["row_id"], institution_id="i-2"),
         "Esta institución ya está asociada a este elemento del plan, registrada desde otro "
         "equipo."),
        (insert_op("seats", committee_id=cid, institution_id="inst-1"),
         "Esta institución ya tiene un asiento en este comité, registrado desde otro equipo."),
    ]
    results = two.push([twin for twin, _ in twins]).results
    for (twin, words), result in zip(twins, results, strict=True):
        assert result.outcome == "rejected", twin["table"]
        assert result.reason.startswith(words), (twin["table"], result.reason)
        assert result.server_values == {} and result.seq is None
        assert hq.record(twin["table"], twin["row_id"]) is None
    assert feed_count(engine) == count
    # The table list covers every unique rule of the device (the catalogues have theirs).
    assert {twin["table"] for twin, _ in twins} == set(UNIQUE_KEYS)


def test_deleted_rows_free_their_number_and_an_undelete_may_clash(hq):
    one, two, c, s, *_ = _base(hq)
    cid, sid = c["row_id"], s["row_id"]
    assert one.push_one(delete("sessions", sid)).outcome == "applied"
    again = session(cid, number=5)
    assert two.push_one(again).outcome == "applied"  # the number was free again
    restored = one.push_one(undelete("sessions", sid))
    assert restored.outcome == "rejected"
    assert restored.reason.startswith("Ya existe la Sesión Ordinaria N° 5 de este comité")
    assert hq.record("sessions", sid).deleted_at is not None


def test_a_change_to_a_taken_number_is_refused_and_the_device_keeps_its_value(hq):
    one, two, c, s, *_ = _base(hq)
    other = session(c["row_id"], number=6)
    assert two.push_one(other).outcome == "applied"
    moved = one.push_one(update("sessions", s["row_id"], number=6, venue="Sala 2"))
    assert moved.outcome == "rejected" and "Sesión Ordinaria N° 6" in moved.reason
    assert moved.server_values == {}  # the device must settle it: it keeps its own values
    assert hq.record("sessions", s["row_id"]).data["number"] == 5
    assert hq.record("sessions", s["row_id"]).data["venue"] == "Sala 1"  # nothing applied
    # Other kinds of session have numbers of their own; text compares as the device does.
    assert one.push_one(session(c["row_id"], number=5, kind="extraordinaria")).outcome \
        == "applied"
    assert one.push_one(session(c["row_id"], number="7")).outcome == "applied"
    twin = two.push_one(session(c["row_id"], number=7.0))
    assert twin.outcome == "rejected" and "N° 7.0" in twin.reason


def test_numbers_traded_within_one_push_are_applied(hq):
    one, _two, c, s, *_ = _base(hq)
    cid, sid = c["row_id"], s["row_id"]
    six = session(cid, number=6)
    assert one.push_one(six).outcome == "applied"
    # Swap 5 and 6 through a free number, and give 5's old number... to a new session.
    results = one.push([
        update("sessions", sid, number=99),
        update("sessions", six["row_id"], number=5),
        update("sessions", sid, number=6),
        delete("sessions", six["row_id"]),
        session(cid, number=5),
    ]).results
    assert [r.outcome for r in results] == ["applied"] * 5
    assert hq.record("sessions", sid).data["number"] == 6


def test_headquarters_own_rows_are_named_as_such(hq):
    one, _two, c, s, *_ = _base(hq)
    hq.publish("sessions", "hq-session", "insert", committee_id=c["row_id"], kind="ordinaria",
               number=8, date="2025-07-01", state="programada")
    refused = one.push_one(session(c["row_id"], number=8))
    assert refused.reason.startswith(
        "Ya existe la Sesión Ordinaria N° 8 de este comité, registrada en la sede central.")


def test_the_database_refuses_a_duplicate_the_rules_would_miss(db_engine):
    key = unique_key("sessions", {"committee_id": "c", "kind": "ordinaria", "number": 1}, None)

    def row(row_id: str) -> StoredRecord:
        return StoredRecord(table="sessions", row_id=row_id, committee_id="c",
                            region_code=UCAYALI, data={}, field_seq={}, deleted_at=None,
                            created_seq=1, updated_seq=1, unique_key=key)

    with write_transaction(db_engine) as conn:
        save_records(conn, [row("a")])
    with pytest.raises(IntegrityError), write_transaction(db_engine) as conn:
        save_records(conn, [row("b")])


def test_unique_keys_compare_as_the_device_does():
    def key(table, **data):
        return unique_key(table, data, None)

    base = {"committee_id": "c", "kind": "ordinaria"}
    assert key("sessions", **base, number=5) == key("sessions", **base, number="5") \
        == key("sessions", **base, number=5.0)
    assert key("sessions", **base, number=5) != key("sessions", **base, number=6)
    assert key("plan_nodes", plan_id="p", code="OE1") == key("plan_nodes", plan_id="p",
                                                             code="oe1")
    # NOCASE folds ASCII letters only.
    assert key("plan_nodes", plan_id="p", code="Ñ") != key("plan_nodes", plan_id="p", code="ñ")
    assert unique_key("sessions", {**base, "number": 5}, "2025-01-01T00:00:00Z") is None
    assert key("sessions", kind="ordinaria", number=5) is None  # no committee: no key
    assert key("invitees", session_id="s", person_name="x") is None  # no rule


def test_the_rules_match_the_device_schema(tmp_path):
    db = open_store(tmp_path / "device.sqlite")
    found = {}
    for table, sql in db.execute(
            "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index'"
            " AND sql LIKE 'CREATE UNIQUE INDEX%'").fetchall():
        if "deleted_at IS NULL" not in sql:
            continue
        columns = sql[sql.index("(", sql.index(" ON ")) + 1:sql.index(")")]
        parts = [part.split() for part in columns.split(",")]
        found[table] = (tuple(p[0] for p in parts),
                        frozenset(p[0] for p in parts if "NOCASE" in p))
    db.conn.close()
    assert {t: v for t, v in found.items() if t not in CATALOGS} == UNIQUE_KEYS
    # The catalogues' one key each, compared without regard to case on the device.
    assert {t: v for t, v in found.items() if t in CATALOGS} == {
        table: ((column,), frozenset({column})) for table, (column, _) in CATALOGUE_KEYS.items()}


def test_the_migration_keys_existing_rows_and_leaves_earlier_duplicates_unkeyed(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = alembic_config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.commit()
    rows = [("first", 1, None), ("twin", 2, None), ("gone", 3, "2025-01-01T00:00:00Z"),
            ("other", 4, None)]
    with engine.begin() as conn:
        for row_id, seq, deleted in rows:
            number = 2 if row_id == "other" else 1
            conn.execute(insert(records).values(
                table_name="sessions", row_id=row_id, committee_id="c", region_code=UCAYALI,
                data={"committee_id": "c", "kind": "ordinaria", "number": number},
                field_seq={}, deleted_at=deleted, created_seq=seq, updated_seq=seq))
    # (records.unique_key does not exist yet at 0001: inserted above without it)
    run_migrations(engine)
    with engine.connect() as conn:
        keys = {row_id: load_record(conn, "sessions", row_id).unique_key
                for row_id, *_ in rows}
    engine.dispose()
    assert keys["first"] is not None and keys["other"] is not None
    assert keys["twin"] is None and keys["gone"] is None
