"""Pushing changes: apply, replay safety, field merges and conflicts between two devices,
regions kept apart (403, nothing written), catalogues, signed actas."""

from __future__ import annotations

from sqlalchemy import func, select

from server.core.models import feed
from tests.server.support import (
    LIMA,
    UCAYALI,
    agreement,
    committee,
    delete,
    insert,
    new_id,
    session,
    undelete,
    update,
)


def feed_count(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(feed)).scalar_one())


def test_insert_update_delete_undelete(hq):
    device = hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    cid = c["row_id"]
    results = device.push([c, update("committees", cid, name="CDRPETI Ucayali", city="Pucallpa"),
                           delete("committees", cid), undelete("committees", cid)]).results
    assert [r.outcome for r in results] == ["applied"] * 4
    seqs = [r.seq for r in results]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    stored = hq.record("committees", cid)
    assert stored.data["name"] == "CDRPETI Ucayali" and stored.data["city"] == "Pucallpa"
    assert stored.data["created_at"] == c["fields"]["created_at"]
    assert stored.deleted_at is None
    assert stored.committee_id == cid and stored.region_code == UCAYALI
    assert stored.field_seq["name"] == [seqs[1], device.id]
    # Deleting twice changes nothing the second time.
    first = device.push_one(delete("committees", cid))
    second = device.push_one(delete("committees", cid))
    assert first.seq is not None and (second.outcome, second.seq) == ("applied", None)


def test_children_follow_their_parent_to_the_committee(hq):
    device = hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    s = session(c["row_id"])
    a = agreement(c["row_id"], s["row_id"])
    item = insert("agenda_items", session_id=s["row_id"], position=1, title="Informes")
    talk = insert("interventions", agenda_item_id=item["row_id"], position=1, body="…")
    results = device.push([c, s, a, item, talk]).results
    assert {r.outcome for r in results} == {"applied"}
    stored = hq.record("interventions", talk["row_id"])
    assert (stored.committee_id, stored.region_code) == (c["row_id"], UCAYALI)


def test_a_child_without_its_parent_is_rejected(hq):
    device = hq.enroll(UCAYALI)
    result = device.push_one(session(new_id()))
    assert result.outcome == "rejected"
    assert "no existe en la sede central" in result.reason
    missing_link = device.push_one(insert("sessions", number=1))
    assert missing_link.outcome == "rejected" and "(comité)" in missing_link.reason
    assert "committee_id" not in missing_link.reason


def test_unknown_table_and_unknown_row_are_rejected(hq):
    device = hq.enroll(UCAYALI)
    results = device.push([insert("tabla_nueva", nombre="x"),
                           update("sessions", new_id(), venue="x")]).results
    assert [r.outcome for r in results] == ["rejected", "rejected"]
    assert "tabla desconocida" in results[0].reason
    assert "no existe" in results[1].reason


def test_a_batch_replayed_three_times_is_applied_once(hq, engine):
    device = hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    batch = [c, session(c["row_id"]), update("committees", c["row_id"], city="Pucallpa")]
    first = device.push(batch)
    count = feed_count(engine)
    before = hq.counts()
    for _ in range(3):
        again = device.push(batch)
        assert again.results == first.results
    assert feed_count(engine) == count == 3
    assert hq.counts() == before


def test_an_op_id_of_another_device_is_not_answered_with_its_result(hq):
    one, two = hq.enroll(UCAYALI), hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    one.push([c])
    stolen = two.push_one(c)
    assert stolen.outcome == "rejected" and "otro equipo" in stolen.reason


def test_insert_of_an_existing_row_updates_the_fields_that_differ(hq):
    device = hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    device.push([c])
    again = dict(c, op_id=new_id(), fields={**c["fields"], "city": "Pucallpa"})
    result = device.push_one(again)
    assert result.outcome == "applied" and result.seq is not None
    entries, _ = hq.enroll(UCAYALI).pull_all()
    assert [(e.op, e.fields) for e in entries][-1] == ("update", {"city": "Pucallpa"})


def test_two_devices_edit_different_fields_and_both_are_kept(hq):
    one, two = hq.enroll(UCAYALI, "Uno"), hq.enroll(UCAYALI, "Dos")
    c = committee(UCAYALI)
    cursor = one.push([c]).results[0].seq
    two.pull()  # both start from the same row
    assert one.push_one(update("committees", c["row_id"], city="Pucallpa"), cursor).outcome \
        == "applied"
    merged = two.push_one(update("committees", c["row_id"], notes="Sesiona"), cursor)
    assert merged.outcome == "merged" and merged.server_values == {}
    data = hq.record("committees", c["row_id"]).data
    assert (data["city"], data["notes"]) == ("Pucallpa", "Sesiona")


def test_same_field_conflict_keeps_the_first_received(hq):
    one, two = hq.enroll(UCAYALI, "Uno"), hq.enroll(UCAYALI, "Dos")
    c = committee(UCAYALI)
    cursor = one.push([c]).results[0].seq
    first = one.push_one(update("committees", c["row_id"], city="Pucallpa"), cursor)
    assert first.outcome == "applied"
    second = two.push_one(update("committees", c["row_id"], city="Coronel Portillo",
                                 notes="también"), cursor)
    assert second.outcome == "conflict"
    assert second.server_values == {"city": "Pucallpa"}
    assert "«ciudad»" in second.reason and second.seq is not None  # notes was applied
    assert "city" not in second.reason
    data = hq.record("committees", c["row_id"]).data
    assert (data["city"], data["notes"]) == ("Pucallpa", "también")
    # Once the second device has seen the first's change, its edit is an ordinary one.
    _, seen = two.pull_all()
    later = two.push_one(update("committees", c["row_id"], city="Coronel Portillo"), seen)
    assert later.outcome == "applied"
    assert hq.record("committees", c["row_id"]).data["city"] == "Coronel Portillo"


def test_a_conflict_that_changes_nothing_has_no_feed_entry(hq, engine):
    one, two = hq.enroll(UCAYALI), hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    cursor = one.push([c]).results[0].seq
    one.push_one(delete("committees", c["row_id"]), cursor)
    count = feed_count(engine)
    result = two.push_one(update("committees", c["row_id"], state="inactivo"), cursor)
    assert result.outcome == "merged"  # another field: applies to the deleted row
    again = two.push_one(undelete("committees", c["row_id"]), cursor)
    assert (again.outcome, again.seq) == ("conflict", None)
    assert again.server_values == {"deleted_at": "2025-03-01T10:00:00.000Z"}
    assert feed_count(engine) == count + 1


def test_another_regions_data_is_403_and_nothing_is_written(hq):
    ucayali, lima = hq.enroll(UCAYALI), hq.enroll(LIMA)
    c = committee(UCAYALI)
    s = session(c["row_id"])
    ucayali.push([c, s])
    before = hq.counts()
    cid, sid = c["row_id"], s["row_id"]
    # (the batch, which of its operations touch Ucayali's data, the first row it names)
    attempts = [
        ([committee(UCAYALI)], [0], None),  # a committee in someone else's region
        ([committee(LIMA), update("committees", cid, name="mío")], [1], f"Comité {cid}"),
        ([committee(LIMA), session(cid)], [1], f"Comité {cid}"),  # under their committee
        ([update("sessions", sid, venue="x")], [0], f"Sesión {sid}"),
        ([delete("sessions", sid)], [0], f"Sesión {sid}"),
        ([update("sessions", sid, venue="x"), committee(LIMA), delete("committees", cid)],
         [0, 2], f"Sesión {sid}"),
    ]
    for batch, refused, named in attempts:
        response = lima.push_raw(batch)
        assert response.status_code == 403, batch
        body = response.json()
        # The detail names the first row of the other region; every refused op is listed.
        named = named or f"Comité {batch[0]['row_id']}"
        assert body["detail"] == ("No tiene permiso sobre los datos de otra región: "
                                  f"{named} pertenece a otra región.")
        assert [o["op_id"] for o in body["operations"]] == [batch[i]["op_id"] for i in refused]
        assert all(o["reason"].startswith("No tiene permiso") for o in body["operations"])
        assert hq.counts() == before
    # Moving one's own row under another region's parent, or pointing at its rows, too.
    own = committee(LIMA)
    lima.push([own])
    before = hq.counts()
    moved = lima.push_raw([update("committees", own["row_id"], region_code=UCAYALI)])
    assert moved.status_code == 403
    pointing = lima.push_raw([session(own["row_id"], approved_in_session_id=s["row_id"])])
    assert pointing.status_code == 403
    assert hq.counts() == before


def test_central_catalogue_is_read_only_and_custom_rows_are_shared(hq):
    device = hq.enroll(UCAYALI)
    central = new_id()
    assert hq.publish("institutions", central, "insert", acronym="MTPE",
                      name="Ministerio de Trabajo", is_custom=0).outcome == "applied"
    results = device.push([
        update("institutions", central, name="otro"),
        delete("institutions", central),
        insert("institutions", acronym="NUEVA", name="Central falsa", is_custom=0),
        update("institutions", new_id(), name="desconocida"),
    ]).results
    assert [r.outcome for r in results] == ["rejected"] * 4
    assert all("solo lectura" in r.reason for r in results[:3])
    custom = insert("institutions", acronym="ONG Selva", name="ONG Selva Viva", is_custom=1)
    unit = insert("units", name="talleres", is_custom=1)
    assert [r.outcome for r in device.push([custom, unit]).results] == ["applied"] * 2
    assert device.push_one(update("institutions", custom["row_id"], name="ONG Selva")) \
        .outcome == "applied"
    assert device.push_one(update("institutions", custom["row_id"], is_custom=0)) \
        .outcome == "rejected"
    twin = device.push_one(insert("institutions", acronym="ong selva", name="x", is_custom=1))
    assert twin.outcome == "rejected" and "sigla" in twin.reason
    stored = hq.record("institutions", custom["row_id"])
    assert (stored.committee_id, stored.region_code) == (None, None)
    # Another region receives custom catalogue rows.
    entries, _ = hq.enroll(LIMA).pull_all()
    assert {e.row_id for e in entries} == {central, custom["row_id"], unit["row_id"]}


def _signed_session(hq, device):
    c = committee(UCAYALI)
    s = session(c["row_id"], state="acta_aprobada")
    a = agreement(c["row_id"], s["row_id"])
    item = insert("agenda_items", session_id=s["row_id"], position=1, title="Informes")
    annex = insert("attachments", committee_id=c["row_id"], session_id=s["row_id"],
                   purpose="anexo", file_name="a.pdf", mime_type="application/pdf", size=3,
                   sha256="a" * 64)
    signed = update("sessions", s["row_id"], state="acta_firmada", signed_on="2025-03-01")
    results = device.push([c, s, a, item, annex, signed]).results
    assert {r.outcome for r in results} == {"applied"}, results
    return c, s, a, item, annex


def test_a_signed_acta_is_immutable_but_agreements_keep_their_state_open(hq, engine):
    device = hq.enroll(UCAYALI)
    c, s, a, item, annex = _signed_session(hq, device)
    count = feed_count(engine)
    refused = device.push([
        update("sessions", s["row_id"], venue="otra"),
        delete("sessions", s["row_id"]),
        update("agreements", a["row_id"], text="cambiado"),
        update("agenda_items", item["row_id"], title="cambiado"),
        insert("interventions", agenda_item_id=item["row_id"], position=1, body="nuevo"),
        insert("attendance", session_id=s["row_id"], seat_id=new_id(), attendee="titular"),
        update("attachments", annex["row_id"], file_name="b.pdf"),
        agreement(c["row_id"], s["row_id"], number=2),
        # Signed files arrive with the signing, never after it.
        insert("attachments", committee_id=c["row_id"], session_id=s["row_id"],
               purpose="acta_firmada_fisica", file_name="f.pdf", mime_type="application/pdf",
               size=3, sha256="b" * 64),
    ]).results
    assert [r.outcome for r in refused] == ["rejected"] * 9
    assert all("firmada" in r.reason for r in refused)
    assert feed_count(engine) == count
    state = device.push_one(update("agreements", a["row_id"], state="cumplido"))
    assert state.outcome == "applied"
    mixed = device.push_one(update("agreements", a["row_id"], state="en_proceso", text="otro"))
    assert mixed.outcome == "conflict" and mixed.server_values == {"text": a["fields"]["text"]}
    assert hq.record("agreements", a["row_id"]).data["state"] == "en_proceso"
    # What a signed acta allows: errata, follow-ups recorded elsewhere.
    allowed = device.push([
        insert("errata", session_id=s["row_id"], number=1, noted_on="2025-03-02", body="Fe"),
        insert("agreement_followups", agreement_id=a["row_id"], noted_on="2025-03-02"),
    ]).results
    assert {r.outcome for r in allowed} == {"applied"}


def test_a_row_moved_to_another_committee_of_the_region_follows_it(hq):
    device = hq.enroll(UCAYALI)
    first, second = committee(UCAYALI), committee(UCAYALI, acronym="CRTF")
    s = session(first["row_id"])
    device.push([first, second, s])
    moved = device.push_one(update("sessions", s["row_id"], committee_id=second["row_id"]))
    assert moved.outcome == "applied"
    assert hq.record("sessions", s["row_id"]).committee_id == second["row_id"]
