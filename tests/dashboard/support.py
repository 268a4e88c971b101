"""Synced data for the dashboard's tests: operations as a device pushes them, a signed-in
staff client, and the table read back from an export."""

from __future__ import annotations

import csv
import io
import re
import uuid
from typing import Any

from openpyxl import load_workbook

from db.domain.catalog import institution_id, unit_id
from server.core import accounts
from server.core.db import write_transaction
from tests.server.support import insert

ADMIN = ("admin.mtpe", "clave-admin-2026")
ANALYST = ("analista.mtpe", "clave-analista-2026")


def new_id() -> str:
    return str(uuid.uuid4())


def create_staff(engine: Any) -> None:
    with write_transaction(engine) as conn:
        accounts.create_user(conn, ADMIN[0], ADMIN[1], "admin")
        accounts.create_user(conn, ANALYST[0], ANALYST[1], "analista")


def login(client: Any, who: tuple[str, str] = ADMIN) -> Any:
    """Sign ``client`` (TestClient or httpx.Client) in through the login form."""
    form = client.get("/panel/ingresar")
    token = re.search(r'name="token" value="([^"]+)"', form.text)
    assert token, form.text
    answer = client.post("/panel/ingresar", data={
        "usuario": who[0], "clave": who[1], "token": token[1], "siguiente": "/panel/"},
        follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return answer


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found[1]


class CommitteeOps:
    """One committee's history as a device's operations."""

    def __init__(self, region: str, kind: str = "cdrpeti", acronym: str | None = None):
        self.id = new_id()
        self.region = region
        self.ops: list[dict[str, Any]] = [insert(
            "committees", self.id, kind=kind, name=f"Comité {kind} {region}",
            acronym=acronym or f"{kind.upper()} {region}", region_code=region,
            state="instalado", city="Capital")]
        self.seats: list[str] = []
        self._numbers = {"ordinaria": 0, "extraordinaria": 0}

    def seat(self, acronym: str, **extra: Any) -> str:
        seat_id = new_id()
        self.ops.append(insert("seats", seat_id, committee_id=self.id,
                               institution_id=institution_id(acronym),
                               position=len(self.seats), **extra))
        self.seats.append(seat_id)
        return seat_id

    def session(self, day: str, state: str = "realizada", kind: str = "ordinaria",
                attended: dict[str, str] | None = None) -> str:
        self._numbers[kind] += 1
        session_id = new_id()
        self.ops.append(insert("sessions", session_id, committee_id=self.id, kind=kind,
                               number=self._numbers[kind], date=day, state=state,
                               venue="Auditorio regional", city="Capital"))
        for seat_id, attendee in (attended or {}).items():
            self.ops.append(insert("attendance", session_id=session_id, seat_id=seat_id,
                                   attendee=attendee,
                                   person_name="" if attendee == "ninguno" else "Representante"))
        return session_id

    def agreement(self, session_id: str, number: int, state: str = "pendiente",
                  deadline_end: str | None = None, responsible: str | None = None) -> str:
        agreement_id = new_id()
        self.ops.append(insert("agreements", agreement_id, committee_id=self.id,
                               session_id=session_id, number=number,
                               text=f"Acuerdo {number}", state=state,
                               deadline_end=deadline_end,
                               deadline_text=deadline_end or ""))
        if responsible:
            self.ops.append(insert("agreement_responsibles", agreement_id=agreement_id,
                                   institution_id=institution_id(responsible)))
        return agreement_id

    def plan(self, year: int, objectives: list[tuple[str, list[tuple[float, float | None]]]],
             entry_day: str) -> str:
        """``objectives``: (code, [(annual target, executed or None for no entry)])."""
        plan_id = new_id()
        self.ops.append(insert("work_plans", plan_id, committee_id=self.id, year=year,
                               title=f"Plan de trabajo {year}"))
        for position, (code, indicators) in enumerate(objectives):
            objective = new_id()
            self.ops.append(insert("plan_nodes", objective, plan_id=plan_id, level="objetivo",
                                   code=code, text=f"Objetivo {code}", position=position))
            line = new_id()
            self.ops.append(insert("plan_nodes", line, plan_id=plan_id, parent_id=objective,
                                   level="linea", code=f"LA {position + 1}.1",
                                   text="Línea de acción", position=0))
            for index, (target, executed) in enumerate(indicators):
                indicator = new_id()
                self.ops.append(insert("indicators", indicator, node_id=line, position=index,
                                       name=f"Indicador {index + 1}",
                                       unit_id=unit_id("Evento"), annual_target=target))
                if executed is not None:
                    self.ops.append(insert("execution_entries", indicator_id=indicator,
                                           entry_date=entry_day, quantity=executed))
        return plan_id


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "the CSV needs a BOM for Excel"
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))


def xlsx_rows(body: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]
