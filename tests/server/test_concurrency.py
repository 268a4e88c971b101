"""Receipt order under concurrency: devices of one region and a catalogue writer pushing
at once while another device pulls must never make the reader skip an entry (an entry
committed after the reader passed its seq would be lost to it for good)."""

from __future__ import annotations

import threading

from contract.protocol import PushRequest
from server.core.accounts import Device
from server.core.db import read_transaction
from server.sync import apply, store
from tests.server.support import LIMA, UCAYALI, committee, insert, session

ROUNDS = 15
BATCH = 4


def push(engine, device, operations):
    request = PushRequest.model_validate({"cursor": 0, "operations": operations})
    return apply.push(engine, device, request)


def test_a_reader_misses_nothing_while_others_push(db_engine):
    writers = [Device(f"w-{i}", f"Escribe {i}", UCAYALI) for i in range(3)]
    lima = Device("lima", "Lima", LIMA)
    reader = Device("reader", "Lee", UCAYALI)
    c = committee(UCAYALI)
    push(db_engine, writers[0], [c])
    errors: list[BaseException] = []
    done = threading.Event()

    def write(device: Device) -> None:
        first = 1000 * (writers.index(device) if device in writers else 0)
        try:
            for n in range(ROUNDS):
                if device is lima:  # catalogue rows reach every region
                    push(db_engine, lima, [insert("units", name=f"u-{n}", is_custom=1)])
                    push(db_engine, lima, [committee(LIMA)])
                else:
                    push(db_engine, device, [session(c["row_id"], number=first + n * 10 + k)
                                             for k in range(BATCH)])
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    seen: list[int] = []

    def read() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()
                with read_transaction(db_engine) as conn:
                    page = store.pull(conn, UCAYALI, reader.id, cursor, 7)
                seen.extend(e.seq for e in page.entries)
                cursor = page.cursor
                if finished and not page.more:
                    return
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write, args=(d,)) for d in [*writers, lima]]
    reading = threading.Thread(target=read)
    reading.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reading.join(timeout=60)
    assert not errors, errors
    with read_transaction(db_engine) as conn:
        expected, _ = [], 0
        cursor = 0
        while True:
            page = store.pull(conn, UCAYALI, "nobody", cursor, 1000)
            expected.extend(e.seq for e in page.entries)
            cursor = page.cursor
            if not page.more:
                break
    assert len(expected) == 1 + 3 * ROUNDS * BATCH + ROUNDS  # committee, sessions, units
    assert seen == expected  # in order, once each, none skipped
