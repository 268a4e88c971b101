"""Read-side session queries: the whole list the command line prints."""

from db.domain import sessions
from db.domain.session_queries import all_sessions
from tests.db.factories import make_committee


def test_all_sessions_by_committee_oldest_first_without_deleted_ones(db):
    first = make_committee(db)
    second = make_committee(db)
    early = sessions.create_session(db, first, date="2024-01-10")  # N° 1
    extra = sessions.create_session(db, first, date="2024-01-10")  # N° 2, the same day
    late = sessions.create_session(db, first, kind="extraordinaria", date="2024-05-02")
    gone = sessions.create_session(db, first, date="2024-03-01")
    other = sessions.create_session(db, second, date="2023-12-01")
    sessions.delete_session(db, gone)

    listed = [row["id"] for row in all_sessions(db)]
    # Committee by committee (in id order), then by date, then by number.
    by_committee = sorted([(first, [early, extra, late]), (second, [other])])
    assert listed == [sid for _, ids in by_committee for sid in ids]
    assert [row["id"] for row in all_sessions(db, first)] == [early, extra, late]
    assert [row["id"] for row in all_sessions(db, second)] == [other]
    assert all_sessions(db, "no-such-committee") == []
    assert all_sessions(db, first)[0]["date"] == "2024-01-10"
