"""The apply rules as functions over a connection (no HTTP): cursors and conflicts,
headquarters' own changes, what is remembered, whole-batch refusal."""

from __future__ import annotations

import pytest

from contract.protocol import PushRequest
from server.core.accounts import Device
from server.core.db import write_lock, write_transaction
from server.sync import apply
from server.sync.apply import OtherRegionError, publish
from server.sync.store import feed_page, latest_seq, load_operations, load_record
from tests.server.support import LIMA, UCAYALI, committee, insert, session, update

ONE = Device(id="d-1", name="Uno", region_code=UCAYALI)
TWO = Device(id="d-2", name="Dos", region_code=UCAYALI)
LIMA_DEVICE = Device(id="d-3", name="Lima", region_code=LIMA)


def push(engine, device, operations, cursor=0):
    request = PushRequest.model_validate({"cursor": cursor, "operations": operations})
    return apply.push(engine, device, request)


def outcomes(response):
    return [r.outcome for r in response.results]


def test_a_field_conflicts_only_if_another_device_set_it_after_the_cursor(db_engine):
    c = committee(UCAYALI)
    created = push(db_engine, ONE, [c]).results[0].seq
    changed = push(db_engine, ONE, [update("committees", c["row_id"], city="A")], created)
    seq = changed.results[0].seq
    # TWO had not seen ONE's change: conflict. Had it seen it: an ordinary edit.
    stale = push(db_engine, TWO, [update("committees", c["row_id"], city="B")], seq - 1)
    assert outcomes(stale) == ["conflict"] and stale.results[0].server_values == {"city": "A"}
    fresh = push(db_engine, TWO, [update("committees", c["row_id"], city="B")], seq)
    assert outcomes(fresh) == ["applied"]
    # A device never conflicts with itself, whatever its cursor; ONE's other fields, which
    # TWO has not pulled (cursor 0), make it «merged».
    own = push(db_engine, TWO, [update("committees", c["row_id"], city="C")], 0)
    assert outcomes(own) == ["merged"] and own.results[0].server_values == {}
    # Setting the value already stored is no change and no conflict.
    same = push(db_engine, ONE, [update("committees", c["row_id"], city="C")], 0)
    assert (outcomes(same), same.results[0].seq) == (["applied"], None)


def test_two_devices_creating_the_same_row(db_engine):
    c = committee(UCAYALI, row_id="seeded")
    push(db_engine, ONE, [c])
    twin = committee(UCAYALI, row_id="seeded", name="Otro nombre")
    result = push(db_engine, TWO, [twin]).results[0]
    assert result.outcome == "conflict"
    assert result.server_values == {"name": c["fields"]["name"]}


def test_every_answer_is_remembered_even_rejections(db_engine):
    ops = [insert("tabla_nueva"), committee(UCAYALI)]
    first = push(db_engine, ONE, ops)
    with db_engine.connect() as conn:
        stored = load_operations(conn, [o["op_id"] for o in ops])
    assert {k: v[1] for k, v in stored.items()} == {r.op_id: r for r in first.results}
    assert all(device == ONE.id for device, _ in stored.values())


def test_another_region_refuses_the_batch_and_the_caller_rolls_back(db_engine):
    c = committee(UCAYALI)
    push(db_engine, ONE, [c])
    with pytest.raises(OtherRegionError):
        push(db_engine, LIMA_DEVICE, [committee(LIMA), session(c["row_id"])])
    with db_engine.connect() as conn:
        assert latest_seq(conn, LIMA) == 0  # Lima's committee was rolled back
        assert latest_seq(conn, UCAYALI) == 1


def test_headquarters_publishes_to_a_region_and_wins(db_engine):
    c = committee(UCAYALI)
    push(db_engine, ONE, [c])
    with write_transaction(db_engine) as conn:
        write_lock(conn, None, catalogue=True)
        result = publish(conn, "committees", c["row_id"], "update", {"name": "Corregido"})
    assert result.outcome == "applied"
    with db_engine.connect() as conn:
        assert load_record(conn, "committees", c["row_id"]).field_seq["name"][1] is None
        page = feed_page(conn, region_code=UCAYALI, device_id=ONE.id, cursor=1, upper=10,
                         limit=10)
        assert [(e.op, e.fields) for e in page] == [("update", {"name": "Corregido"})]
        assert feed_page(conn, region_code=LIMA, device_id="x", cursor=0, upper=10,
                         limit=10) == []
    late = push(db_engine, ONE, [update("committees", c["row_id"], name="Mío")], 1)
    assert outcomes(late) == ["conflict"]
