"""The demonstration database: realistic, complete, deterministic, written through the domain."""

import re
import time
from datetime import date, timedelta

import pytest

from contract.tables import SYNCED_TABLES
from db.demo.build import build_demo
from db.domain import agreements, membership, minutes, sessions
from db.domain.rules.deadlines import is_overdue
from db.locale_pe import lima_today
from db.storage.store import open_store

HELD = ("realizada", "acta_aprobada", "acta_firmada")


@pytest.fixture
def demo(demo_path):
    store = open_store(demo_path)
    yield store
    store.conn.close()


def rows(db, sql, params=()):
    return list(db.query(sql, params))


def test_two_committees_of_one_region_with_realistic_seats(demo):
    committees = rows(demo, "SELECT * FROM committees ORDER BY kind")
    assert [c["kind"] for c in committees] == ["cdrpeti", "trabajo_forzoso"]
    assert {c["region_code"] for c in committees} == {"PE-UCA"}
    assert {c["city"] for c in committees} == {"Pucallpa"}
    for committee in committees:
        assert committee["state"] == "activo" and committee["installed_on"]
        seats = membership.seats(demo, committee["id"])
        assert 12 <= len(seats) <= 20
        roles = [s["role"] for s in seats]
        assert [s["acronym"] for s in seats if s["role"] == "observador"] == ["DP"]
        assert 1 <= roles.count("invitado_permanente") <= 2
        drtpe = next(s for s in seats if s["acronym"] == "DRTPE")
        assert drtpe["is_presidency"] or drtpe["is_secretariat"]
        assert all(s["titular"] for s in seats), "every seat has a titular in office today"
        instruments = rows(demo, "SELECT * FROM legal_instruments WHERE committee_id = ?"
                                 " ORDER BY issued_on", [committee["id"]])
        assert instruments[0]["purpose"] == "creacion"
        assert instruments[0]["number"].startswith("O.R. N° ")
        assert any(i["number"].startswith("R.E.R. N° ") for i in instruments[1:])
    cdrpeti = committees[0]
    assert cdrpeti["inactive_since"] and cdrpeti["reactivated_on"] > cdrpeti["inactive_since"]


def test_designations_rotate_and_keep_their_history(demo):
    titulars = rows(demo, "SELECT seat_id, count(*) AS n FROM designations"
                          " WHERE position = 'titular' GROUP BY seat_id")
    assert sum(1 for t in titulars if t["n"] >= 2) >= 5
    assert max(t["n"] for t in titulars) == 3
    designations = rows(demo, "SELECT * FROM designations")
    closed = [d for d in designations if d["ended_on"]]
    assert closed and all(d["ended_on"] > d["designated_on"] for d in closed)
    assert all(re.fullmatch(r"(Oficio|Carta) N° \d{3}-\d{4}-\S+", d["document"])
               for d in designations)
    assert all(d["job_title"] for d in designations)
    # The DRTPE director sits in both committees: the same person, designated the same day.
    drtpe = rows(demo, "SELECT d.person_name, d.designated_on FROM designations d"
                       " JOIN seats s ON s.id = d.seat_id JOIN institutions i"
                       " ON i.id = s.institution_id WHERE i.acronym = 'DRTPE'"
                       " AND d.position = 'titular' ORDER BY d.designated_on")
    assert len(drtpe) == 6 and drtpe[0] == drtpe[1]


def test_two_years_of_sessions_with_one_without_quorum(demo):
    today = lima_today()
    all_sessions = rows(demo, "SELECT * FROM sessions ORDER BY date")
    assert 20 <= len(all_sessions) <= 40
    first, last = date.fromisoformat(all_sessions[0]["date"]), date.fromisoformat(
        all_sessions[-1]["date"])
    assert 650 <= (today - first).days <= 760
    assert today < last <= today + timedelta(days=30)
    states = [s["state"] for s in all_sessions]
    assert states.count("sin_quorum") == 1
    assert 1 <= states.count("programada") <= 2
    assert states.count("acta_firmada") >= 15, "older actas are signed and scanned"
    assert states.count("acta_aprobada") == 2 * 3, "the latest three of each committee"
    assert "realizada" in states
    assert all(date.fromisoformat(s["date"]) > today
               for s in all_sessions if s["state"] == "programada")
    assert {s["kind"] for s in all_sessions} == {"ordinaria", "extraordinaria"}
    assert {s["modality"] for s in all_sessions} == {"presencial", "virtual", "mixta"}

    failed = next(s for s in all_sessions if s["state"] == "sin_quorum")
    assert failed["quorum_present"] < failed["quorum_required"]
    assert not sessions.quorum_status(demo, failed["id"]).reached
    held = [s for s in all_sessions if s["state"] in HELD]
    for session in held:
        assert session["quorum_present"] >= session["quorum_required"]
        assert session["start_time"] < session["end_time"]
        assert session["conducted_by"] and session["venue"]
    assert any(s["call"] == "segunda" for s in held)
    approved = [s for s in held if s["state"] in ("acta_aprobada", "acta_firmada")]
    assert all(s["approved_in_session_id"] for s in approved)
    committee = rows(demo, "SELECT * FROM committees WHERE kind = 'cdrpeti'")[0]
    warnings = [sessions.notice_warning(committee, s) for s in all_sessions
                if s["committee_id"] == committee["id"]]
    assert sum(w is not None for w in warnings) == 1, "exactly one short-notice convocation"


def test_attendance_is_by_seat_with_the_representative_in_office(demo):
    held = rows(demo, f"SELECT * FROM sessions WHERE state IN {HELD}")
    attendees = set()
    for session in held:
        sheet = sessions.attendance_sheet(demo, session["id"])
        assert all(r["attendance_id"] for r in sheet), "a row for every seat"
        for row in sheet:
            attendees.add(row["attendee"])
            if row["attendee"] == "titular":
                assert row["person_name"] == row["titular"]
            elif row["attendee"] == "alterno":
                assert row["person_name"] == row["alterno"]
            else:
                assert row["person_name"] == ""
    assert attendees == {"titular", "alterno", "ninguno"}
    justified = rows(demo, "SELECT count(*) AS n FROM attendance WHERE attendee = 'ninguno'"
                           " AND justification != ''")[0]["n"]
    assert justified > 0


def test_minutes_read_like_real_actas(demo):
    held = rows(demo, f"SELECT * FROM sessions WHERE state IN {HELD}")
    sections = {r["section"] for s in held for r in minutes.listing(demo, "reports", s["id"])}
    assert sections == {"presidencia", "sectores"}
    assert sum(bool(minutes.listing(demo, "requests", s["id"])) for s in held) >= 5
    assert sum(bool(sessions.invitees(demo, s["id"])) for s in held) >= 5
    for session in held:
        items = minutes.listing(demo, "agenda_items", session["id"])
        assert items
        spoken = [i for item in items for i in minutes.listing(demo, "interventions", item["id"])]
        assert spoken
        for intervention in spoken:
            assert intervention["speaker"]
            assert re.match(r"(La|El) (representante|Secretaría Técnica) ", intervention["body"])
    upcoming = rows(demo, "SELECT id FROM sessions WHERE state = 'programada'")
    for session in upcoming:
        assert minutes.listing(demo, "agenda_items", session["id"]), "convened with an agenda"
        assert not sessions.has_attendance(demo, session["id"])


def test_agreements_cover_every_state_deadline_kind_and_vote(demo):
    today = lima_today()
    rows_ = rows(demo, "SELECT * FROM agreements")
    assert len(rows_) >= 40
    assert {a["state"] for a in rows_} == {"pendiente", "en_proceso", "cumplido", "anulado"}
    assert sum(is_overdue(a["state"], a["deadline_end"], today) for a in rows_) >= 3
    assert any("trimestre" in a["deadline_text"] for a in rows_)
    assert any(re.fullmatch(r"\d\d/\d\d/\d{4}", a["deadline_text"]) for a in rows_)
    assert any(a["target"] for a in rows_)
    assert any("se compromete" in a["text"] for a in rows_)
    assert all(agreements.responsibles(demo, a["id"]) for a in rows_)
    majority = [a for a in rows_ if a["vote_mode"] == "mayoria"]
    assert majority and all(a["votes_for"] > a["votes_against"] for a in majority)
    assert any(a["dissent"] for a in majority)
    assert {a["vote_mode"] for a in rows_} == {"unanimidad", "mayoria"}


def test_follow_up_notes_tell_the_story_of_each_agreement(demo):
    notes = rows(demo, "SELECT * FROM agreement_followups")
    reported = [n for n in notes if n["body"]]
    assert len(reported) >= 50
    assert any(n["session_id"] is None and n["evidence"] for n in reported), "between sessions"
    assert {n["state_after"] for n in reported} >= {"en_proceso", "cumplido", "anulado"}
    closed = rows(demo, "SELECT id, state FROM agreements"
                        " WHERE state IN ('cumplido', 'anulado')")
    for agreement in closed:  # every closed agreement says when and why it was closed
        assert any(f["state_after"] == agreement["state"] and f["body"]
                   for f in agreements.followups(demo, agreement["id"]))
    # Open agreements are carried to the upcoming session, waiting for what will be reported.
    upcoming = rows(demo, "SELECT id FROM sessions WHERE state = 'programada'")
    waiting = [f for s in upcoming for f in agreements.session_followups(demo, s["id"])]
    assert waiting and all(f["body"] == "" for f in waiting)
    failed = rows(demo, "SELECT id FROM sessions WHERE state = 'sin_quorum'")[0]
    assert all("falta de quórum" in f["body"]
               for f in agreements.session_followups(demo, failed["id"]))


def test_everything_is_in_the_change_log(demo):
    # Catalogues come with Sesiona or from headquarters (plan templates only from there).
    for table in sorted(SYNCED_TABLES - {"institutions", "units", "plan_templates"}):
        count = demo.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
        logged = demo.execute("SELECT count(DISTINCT row_id) FROM change_log"
                              " WHERE table_name = ? AND op = 'insert'", [table]).fetchone()[0]
        assert count > 0, table
        assert logged == count, table
    assert demo.execute("SELECT count(*) FROM change_log WHERE table_name = 'institutions'"
                        ).fetchone()[0] == 0, "the demo adds no institution to the catalogue"
    assert demo.execute("SELECT count(*) FROM plan_templates").fetchone()[0] == 0
    assert list(demo.conn.execute("PRAGMA foreign_key_check")) == []


def _content(db) -> list:
    """What a user sees, without ids and timestamps."""
    return [
        rows(db, "SELECT date, kind, number, state, start_time, end_time, venue, conducted_by"
                 " FROM sessions ORDER BY date, kind"),
        rows(db, "SELECT person_name, position, designated_on, ended_on, document"
                 " FROM designations ORDER BY person_name, designated_on"),
        rows(db, "SELECT s.date, a.number, a.text, a.deadline_text, a.state FROM agreements a"
                 " JOIN sessions s ON s.id = a.session_id ORDER BY s.date, a.number"),
        rows(db, "SELECT body, noted_on, state_after FROM agreement_followups"
                 " ORDER BY noted_on, body"),
    ]


def test_deterministic_for_a_given_date_and_seed_and_fast(tmp_path):
    today = date(2025, 3, 14)
    built = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        store = open_store(tmp_path / f"{name}.sqlite")
        started = time.perf_counter()
        summary = build_demo(store, today=today, seed=seed)
        assert time.perf_counter() - started < 10
        assert summary["today"] == "2025-03-14" and summary["committees"] == 2
        built.append(_content(store))
        store.conn.close()
    assert built[0] == built[1]
    assert built[0] != built[2]
    sessions_ = built[0][0]
    held = [s for s in sessions_ if s["state"] != "programada"]
    assert max(date.fromisoformat(s["date"]) for s in held) <= today
    assert all(date.fromisoformat(s["date"]) > today
               for s in sessions_ if s["state"] == "programada")


def test_older_actas_are_signed_by_hand_with_their_scan_and_one_errata(demo):
    from db.domain import attachments, signatures
    from db.storage import blobs

    signed = rows(demo, "SELECT * FROM sessions WHERE state = 'acta_firmada'")
    for session in signed:
        assert session["signature_mode"] == "fisica"
        assert session["acta_snapshot"] and len(session["acta_fingerprint"]) == 64
        scans = attachments.for_session(demo, session["id"], ("acta_firmada_fisica",))
        assert len(scans) == 1
        data = attachments.content(demo, scans[0]["id"])
        assert blobs.sniff(data) == "application/pdf"
        assert scans[0]["sha256"] == blobs.sha256_hex(data)
    errata = rows(demo, "SELECT * FROM errata")
    assert len(errata) == 1 and "debe decir" in errata[0]["body"]
    assert signatures.errata_for(demo, errata[0]["session_id"])[0]["number"] == 1


def test_each_committee_has_this_and_last_years_plan_covering_every_state(demo):
    from collections import Counter

    from db.domain import plans
    from db.domain.plan_execution import compute

    today = lima_today()
    committees = rows(demo, "SELECT id FROM committees")
    for committee in committees:
        found = plans.plans_for(demo, committee["id"])
        assert [p["year"] for p in found] == [today.year, today.year - 1]
        for plan in found:
            matrix = compute(demo, plan["id"])
            objectives = [n for n in plans.nodes(demo, plan["id"]) if n["level"] == "objetivo"]
            assert 4 <= len(objectives) <= 6
            assert 20 <= len(matrix.results) <= 30
            states = Counter(r.state for r in matrix.results)
            if plan["year"] < today.year or today.month > 2:
                assert set(states) == {"alcanzada", "parcial", "no_realizada", "no_reportado"}
            assert any(r.target == 0 for r in matrix.results), "a zero target"
            if plan["year"] < today.year:
                assert any((r.executed_percent or 0) > 100 for r in matrix.results)
