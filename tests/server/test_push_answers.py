"""What a push answers besides «applied»: refusals carry headquarters' values when it
holds the row, reasons speak Spanish without column names, a refused batch names every
operation on another region's data, and a batch costs a few statements whatever its size."""

from __future__ import annotations

from sqlalchemy import event

from contract.protocol import MAX_PUSH_OPS, PushRequest
from server.core.accounts import Device
from server.sync import apply
from server.sync.apply import OtherRegionError
from server.sync.labels import column_label, column_list
from tests.server.support import (
    LIMA,
    UCAYALI,
    agreement,
    committee,
    delete,
    insert,
    new_id,
    session,
    update,
)

ONE = Device(id="d-1", name="Uno", region_code=UCAYALI)
LIMA_DEVICE = Device(id="d-3", name="Lima", region_code=LIMA)


def push(engine, device, operations, cursor=0):
    return apply.push(engine, device, PushRequest.model_validate(
        {"cursor": cursor, "operations": operations}))


def test_a_refusal_carries_the_stored_values_of_the_refused_fields(hq):
    device = hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    s = session(c["row_id"], state="acta_aprobada", notes="")
    central = new_id()
    hq.publish("institutions", central, "insert", acronym="MTPE", name="Ministerio",
               is_custom=0)
    device.push([c, s, update("sessions", s["row_id"], state="acta_firmada")])
    edit, removal, catalogue = device.push([
        update("sessions", s["row_id"], venue="Otra sala", notes="Corrección", city="Lima"),
        delete("sessions", s["row_id"]),
        update("institutions", central, name="Otro nombre"),
    ]).results
    assert edit.outcome == "rejected" and "firmada" in edit.reason
    assert edit.server_values == {"venue": "Sala 1", "notes": "", "city": None}
    assert (removal.outcome, removal.server_values) == ("rejected", {"deleted_at": None})
    assert catalogue.outcome == "rejected"
    assert catalogue.server_values == {"name": "Ministerio"}
    # Replayed, the same answer.
    again = device.push([update("sessions", s["row_id"], venue="x")]).results[0]
    assert again.server_values == {"venue": "Sala 1"}


def test_refusals_the_device_must_settle_carry_no_values(hq):
    device = hq.enroll(UCAYALI)
    c = committee(UCAYALI)
    s = session(c["row_id"])
    device.push([c, s])
    orphan, pointing, unknown = device.push([
        insert("invitees", session_id=new_id(), person_name="x"),  # a parent it lacks
        update("sessions", s["row_id"], approved_in_session_id=new_id()),
        update("sessions", new_id(), venue="x"),
    ]).results
    assert orphan.outcome == pointing.outcome == unknown.outcome == "rejected"
    assert orphan.server_values == pointing.server_values == unknown.server_values == {}
    assert orphan.reason.startswith("El registro al que pertenece (Sesión ")
    assert pointing.reason.startswith("El registro al que se refiere (Sesión ")
    assert "«sesión de aprobación»" in pointing.reason


def test_conflict_reasons_name_fields_in_spanish(hq):
    one, two = hq.enroll(UCAYALI, "Uno"), hq.enroll(UCAYALI, "Dos")
    c = committee(UCAYALI)
    s = session(c["row_id"])
    cursor = one.push([c, s]).results[-1].seq
    one.push_one(update("sessions", s["row_id"], venue="A", notes="a", conducted_by="x"),
                 cursor)
    late = two.push_one(update("sessions", s["row_id"], venue="B", notes="b",
                               conducted_by="y"), cursor)
    assert late.outcome == "conflict"
    assert late.reason.startswith(
        "Otro equipo cambió «conducción», «notas internas» y «sede» antes que este")
    for raw in ("venue", "notes", "conducted_by"):
        assert raw not in late.reason


def test_column_labels():
    assert [column_label(n) for n in ("venue", "notes", "state", "text", "deadline_text",
                                      "person_name", "title", "body")] == [
        "sede", "notas internas", "estado", "texto", "plazo", "nombre", "título", "texto"]
    assert column_label("campo_nuevo_de_otra_version") == "campo nuevo de otra version"
    assert column_list(["venue"]) == "«sede»"
    assert column_list(["text", "body", "venue"]) == "«texto» y «sede»"
    assert column_list([]) == ""


def test_a_refused_batch_names_every_operation_on_another_region(db_engine):
    c = committee(UCAYALI)
    s = session(c["row_id"])
    push(db_engine, ONE, [c, s])
    own = committee(LIMA)
    batch = [own, update("sessions", s["row_id"], venue="x"),
             session(own["row_id"], number=3), delete("committees", c["row_id"])]
    try:
        push(db_engine, LIMA_DEVICE, batch)
    except OtherRegionError as error:
        refused = error
    else:
        raise AssertionError("the batch was not refused")
    assert [op_id for op_id, *_ in refused.operations] == [batch[1]["op_id"], batch[3]["op_id"]]
    assert (refused.table, refused.row_id) == ("sessions", s["row_id"])
    assert refused.reason == (f"No tiene permiso sobre los datos de otra región: Sesión "
                              f"{s['row_id']} pertenece a otra región.")
    # Sent again without them, the rest applies.
    rest = push(db_engine, LIMA_DEVICE, [batch[0], batch[2]])
    assert [r.outcome for r in rest.results] == ["applied", "applied"]


def test_a_full_batch_costs_a_few_statements(db_engine):
    """Lookups and writes are per batch, not per operation (the speed of a 10 000-change
    push depends on it: see the README of the server)."""
    c = committee(UCAYALI)
    sessions = [session(c["row_id"], number=n) for n in range(1, 11)]
    seats = [insert("seats", committee_id=c["row_id"], institution_id=f"i-{n}")
             for n in range(20)]
    push(db_engine, ONE, [c, *sessions, *seats])
    operations = []
    for n in range(MAX_PUSH_OPS):
        s = sessions[n % 10]["row_id"]
        if n % 3 == 0:
            operations.append(insert("invitees", session_id=s, person_name=f"Invitado {n}"))
        elif n % 3 == 1:
            operations.append(agreement(c["row_id"], s, number=n))
        else:
            operations.append(insert("attendance", session_id=s,
                                     seat_id=seats[n % 20]["row_id"], attendee="titular"))
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db_engine, "before_cursor_execute", count)
    try:
        answer = push(db_engine, ONE, operations)
    finally:
        event.remove(db_engine, "before_cursor_execute", count)
    outcomes = [r.outcome for r in answer.results]
    assert outcomes.count("applied") == MAX_PUSH_OPS - outcomes.count("rejected")
    assert len(statements) < 30, statements


def test_postgresql_plans_every_statement_for_its_own_parameters(db_engine):
    """A plan cached while ``records`` was small must not outlive its growth."""
    with db_engine.connect() as conn:
        if db_engine.dialect.name == "postgresql":
            mode = conn.exec_driver_sql("SHOW plan_cache_mode").scalar()
            assert mode == "force_custom_plan"
