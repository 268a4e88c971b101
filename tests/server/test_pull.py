"""Pulling the feed: pages, cursor, a device's own changes skipped, regions apart."""

from __future__ import annotations

from contract.protocol import PULL_PAGE
from tests.server.support import LIMA, UCAYALI, committee, insert, session, update


def test_pages_in_order_and_own_changes_are_skipped(hq):
    writer, reader = hq.enroll(UCAYALI, "Escribe"), hq.enroll(UCAYALI, "Lee")
    c = committee(UCAYALI)
    ops = [c] + [session(c["row_id"], number=n) for n in range(1, 12)]
    seqs = [r.seq for r in writer.push(ops).results]
    mine = reader.push_one(update("committees", c["row_id"], city="Pucallpa"), seqs[-1]).seq

    first = reader.pull(0, limit=5)
    assert [e.seq for e in first.entries] == seqs[:5]
    assert first.more and first.cursor == seqs[4] and first.latest == mine
    entries, cursor = reader.pull_all(first.cursor, limit=5)
    assert [e.seq for e in first.entries + entries] == seqs  # nothing of its own
    assert cursor == mine  # passed its own entry too: never asked for again
    empty = reader.pull(cursor)
    assert (empty.entries, empty.cursor, empty.more) == ([], mine, False)

    # The writer receives the reader's change, and only that.
    back, _ = writer.pull_all(seqs[-1])
    assert [(e.seq, e.op, e.fields) for e in back] == [(mine, "update", {"city": "Pucallpa"})]


def test_entries_carry_what_was_applied(hq):
    writer, reader = hq.enroll(UCAYALI), hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    writer.push([c])
    entry = reader.pull().entries[0]
    assert (entry.table, entry.row_id, entry.op) == ("committees", c["row_id"], "insert")
    assert entry.fields == c["fields"]


def test_a_device_sees_its_region_and_the_catalogues_only(hq):
    ucayali, lima = hq.enroll(UCAYALI), hq.enroll(LIMA)
    ucayali.push([committee(UCAYALI)])
    custom = insert("units", name="ferias", is_custom=1)
    ucayali.push([custom])
    lima_committee = committee(LIMA)
    lima.push([lima_committee])
    seen, _ = hq.enroll(LIMA, "Otra laptop").pull_all()
    assert [e.row_id for e in seen] == [custom["row_id"], lima_committee["row_id"]]
    assert lima.pull().latest == max(e.seq for e in seen)


def test_limit_is_capped_and_validated(hq):
    device = hq.enroll(UCAYALI)
    assert device.pull(0, limit=PULL_PAGE * 10).entries == []
    for params in ({"limit": 0}, {"cursor": -1}, {"cursor": "x"}, {"cursor": 2**70}):
        response = device.client.get("/api/v1/pull", headers=device.headers, params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"].startswith("Datos no válidos: parámetro")


def test_a_first_sync_downloads_the_whole_history_in_pages(hq):
    writer = hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    writer.push([c])
    for start in range(0, 1200, 400):
        writer.push([session(c["row_id"], number=n) for n in range(start, start + 400)])
    fresh = hq.enroll(UCAYALI, "Laptop nueva")
    pages = []
    cursor = 0
    while True:
        page = fresh.pull(cursor)
        pages.append(len(page.entries))
        cursor = page.cursor
        if not page.more:
            break
    assert pages == [PULL_PAGE, 201] and cursor == page.latest
