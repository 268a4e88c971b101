"""Export, import at headquarters, reply and import on the device: the same result as an
online sync, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from db.domain import attachments, sessions
from db.storage.progress import Cancelled, Progress
from devicesync import identity
from devicesync.bundles import export_bundle, import_reply
from tests.bundles.conftest import device_counts
from tests.sync.conftest import assert_converged, make_committee, make_session, pending

SCAN = b"%PDF-1.4\n% acta escaneada para el paquete\n" + bytes(range(256)) * 64


def test_a_bundle_carries_changes_and_files_and_the_reply_brings_them_back(office):
    first = office.device("laptop-1")
    second = office.device("laptop-2")
    committee = make_committee(first)
    session = make_session(first, committee)
    sessions.add_invitee(first, session, "Rosa Huamán")
    attachments.add_annex(first, session, "informe.pdf", SCAN)
    sent = len(pending(first))
    assert sent >= 4

    bundle = office.export(first)
    assert len(pending(first)) == sent, "the log waits for the reply"
    imported = office.import_(bundle)
    assert imported.operations == sent and imported.outcomes["applied"] == sent
    assert imported.blobs == 1 and imported.first_import
    assert len(office.files()) == 1

    path, reply = office.reply(first)
    assert reply.answers == sent and reply.entries == 0  # never its own changes
    result = import_reply(first, path)
    assert result.sync.pushed == sent and result.sync.applied == sent
    assert pending(first) == []
    assert identity.require_device(first).cursor == reply.cursor

    # The other laptop of the secretariat gets everything by bundle too, file included.
    office.round_trip(second, "segunda")
    assert_converged(first, second)
    assert attachments.for_session(second, session)[0]["sha256"]
    assert second.execute("SELECT data FROM blobs").fetchone()[0] == SCAN


def test_an_empty_export_still_asks_for_the_news(office):
    first = office.device("laptop-1")
    second = office.device("laptop-2")
    make_session(first, make_committee(first))
    office.round_trip(first, "primera")
    result = office.round_trip(second, "segunda")
    assert result.sync.pushed == 0 and result.sync.pulled > 0
    assert_converged(first, second)


def test_a_cancelled_export_leaves_no_file_and_nothing_changed(office, tmp_path):
    db = office.device("laptop")
    make_session(db, make_committee(db))
    before = device_counts(db)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        export_bundle(db, tmp_path / "cancelado.sesiona-paquete", progress=progress)
    assert device_counts(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "paquete" in p.name) == []
