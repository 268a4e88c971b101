"""Retry-safe both ways: a bundle imported twice applies nothing twice, a reply imported
twice (or an older one after a newer) never goes back, and a conflict found through a
bundle reaches the device's inbox exactly as after a push."""

from __future__ import annotations

from db.domain import sessions
from devicesync import identity, inbox
from devicesync.bundles import import_reply
from devicesync.client import sync_round
from tests.sync.conftest import assert_converged, make_committee, make_session, pending


def test_a_bundle_imported_twice_applies_nothing_twice(office):
    db = office.device("laptop")
    session = make_session(db, make_committee(db))
    bundle = office.export(db)
    first = office.import_(bundle)
    after_first = office.counts()
    again = office.import_(bundle)
    assert not again.first_import and again.repeated == again.operations == first.operations
    assert office.counts() == after_first, "no feed entry, record or answer twice"

    # A newer export repeats the pending operations and adds one: only that one applies.
    sessions.update_session(db, session, {"venue": "Sala de sesiones del GORE"})
    newer = office.import_(office.export(db, "segundo"))
    assert newer.repeated == first.operations and newer.operations == first.operations + 1
    counts = office.counts()
    assert counts["feed"] == after_first["feed"] + 1
    assert counts["bundle_imports"] == 2

    # The reply answers the newest bundle: every pending change clears.
    path, reply = office.reply(db)
    assert reply.answers == first.operations + 1
    import_reply(db, path)
    assert pending(db) == []


def test_replies_never_go_back_or_repeat(office):
    first = office.device("laptop-1")
    second = office.device("laptop-2")
    session = make_session(first, make_committee(first))
    office.import_(office.export(first))
    office.import_(office.export(second, "vacio"))
    old_reply, _ = office.reply(second, "antigua")

    sessions.update_session(first, session, {"venue": "Auditorio regional"})
    office.import_(office.export(first, "segundo"))
    office.import_(office.export(second, "vacio-2"))
    new_reply, report = office.reply(second, "nueva")

    assert import_reply(second, new_reply).sync.pulled > 0
    cursor = identity.require_device(second).cursor
    assert cursor == report.cursor
    snapshot = list(second.query("SELECT * FROM sessions"))
    again = import_reply(second, new_reply)
    assert again.already and again.sync.pulled == 0
    older = import_reply(second, old_reply)
    assert older.already and older.sync.pulled == 0
    assert identity.require_device(second).cursor == cursor, "the cursor never goes back"
    assert list(second.query("SELECT * FROM sessions")) == snapshot
    assert sessions.get_session(second, session)["venue"] == "Auditorio regional"


def test_a_conflict_found_through_a_bundle_goes_to_the_inbox(office):
    first = office.device("laptop-1")
    second = office.device("laptop-2")
    session = make_session(first, make_committee(first))
    sync_round(first, client=office.client)
    sync_round(second, client=office.client)

    sessions.update_session(first, session, {"venue": "Local comunal (sin conexión)"})
    bundle = office.export(first)  # carried to headquarters by road…
    sessions.update_session(second, session, {"venue": "Sala virtual"})
    sync_round(second, client=office.client)  # …while the other laptop syncs online first

    imported = office.import_(bundle)
    assert imported.outcomes["conflict"] == 1
    path, _ = office.reply(first)
    result = import_reply(first, path)
    assert result.sync.conflicts == 1 and pending(first) == []
    (conflict,) = inbox.conflicts(first)
    assert conflict["field"] == "venue"
    assert conflict["local_value"] == "Local comunal (sin conexión)"
    assert conflict["server_value"] == "Sala virtual"
    assert sessions.get_session(first, session)["venue"] == "Sala virtual"
    assert any("Revise los conflictos" in line for line in result.lines())
    assert import_reply(first, path).already
    assert len(inbox.conflicts(first)) == 1, "importing it again records nothing twice"
    sync_round(second, client=office.client)
    assert_converged(first, second)
