"""Helpers for headquarters tests: enrolled devices speaking the protocol, operations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, func, select

from contract.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    OperationResult,
    PullResponse,
    PushResponse,
)
from server.core import accounts
from server.core.db import write_lock, write_transaction
from server.core.models import metadata
from server.sync.apply import publish

UCAYALI = "PE-UCA"
LIMA = "PE-LIM"
STAMP = "2025-03-01T10:00:00.000Z"


def new_id() -> str:
    return str(uuid.uuid4())


def op(kind: str, table: str, row_id: str, /, **fields: Any) -> dict[str, Any]:
    return {"op_id": new_id(), "table": table, "row_id": row_id, "op": kind,
            "fields": fields, "changed_at": STAMP}


def insert(table: str, row_id: str | None = None, /, **fields: Any) -> dict[str, Any]:
    return op("insert", table, row_id or new_id(), created_at=STAMP, **fields)


def update(table: str, row_id: str, /, **fields: Any) -> dict[str, Any]:
    return op("update", table, row_id, **fields)


def delete(table: str, row_id: str) -> dict[str, Any]:
    return op("delete", table, row_id, deleted_at=STAMP)


def undelete(table: str, row_id: str) -> dict[str, Any]:
    return op("undelete", table, row_id, deleted_at=None)


def committee(region: str = UCAYALI, row_id: str | None = None, **extra: Any) -> dict[str, Any]:
    values = {"kind": "cdrpeti", "name": "Comité Directivo Regional", "acronym": "CDRPETI",
              "region_code": region, "state": "instalado", **extra}
    return insert("committees", row_id, **values)


def session(committee_id: str, row_id: str | None = None, **extra: Any) -> dict[str, Any]:
    values = {"committee_id": committee_id, "kind": "ordinaria", "number": 1,
              "date": "2025-02-20", "state": "realizada", "venue": "Sala 1", **extra}
    return insert("sessions", row_id, **values)


def agreement(committee_id: str, session_id: str, row_id: str | None = None,
              **extra: Any) -> dict[str, Any]:
    values = {"committee_id": committee_id, "session_id": session_id, "number": 1,
              "text": "Elaborar el diagnóstico regional.", "state": "pendiente", **extra}
    return insert("agreements", row_id, **values)


@dataclass
class Device:
    client: TestClient
    id: str
    token: str
    region_code: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)}

    def push_raw(self, operations: list[dict[str, Any]], cursor: int = 0) -> Response:
        return self.client.post("/api/v1/push", headers=self.headers,
                                json={"cursor": cursor, "operations": operations})

    def push(self, operations: list[dict[str, Any]], cursor: int = 0) -> PushResponse:
        response = self.push_raw(operations, cursor)
        assert response.status_code == 200, response.text
        return PushResponse.model_validate(response.json())

    def push_one(self, operation: dict[str, Any], cursor: int = 0) -> OperationResult:
        return self.push([operation], cursor).results[0]

    def pull(self, cursor: int = 0, limit: int | None = None) -> PullResponse:
        params = {"cursor": cursor} | ({"limit": limit} if limit else {})
        response = self.client.get("/api/v1/pull", headers=self.headers, params=params)
        assert response.status_code == 200, response.text
        return PullResponse.model_validate(response.json())

    def pull_all(self, cursor: int = 0, limit: int | None = None) -> tuple[list[Any], int]:
        entries = []
        while True:
            page = self.pull(cursor, limit)
            entries.extend(page.entries)
            cursor = page.cursor
            if not page.more:
                return entries, cursor


class Headquarters:
    def __init__(self, client: TestClient, engine: Engine):
        self.client = client
        self.engine = engine

    def code(self, region: str = UCAYALI, hours: int = 72) -> str:
        with write_transaction(self.engine) as conn:
            code, _ = accounts.create_enrollment_code(conn, region, ["CDRPETI"], hours=hours)
        return code

    def enroll(self, region: str = UCAYALI, name: str = "Laptop") -> Device:
        response = self.client.post(
            "/api/v1/enroll", json={"code": self.code(region), "device_name": name},
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)})
        assert response.status_code == 200, response.text
        body = response.json()
        return Device(self.client, body["device_id"], body["token"], body["region_code"])

    def revoke(self, device: Device) -> None:
        with write_transaction(self.engine) as conn:
            assert accounts.revoke_device(conn, device.id)

    def publish(self, table: str, row_id: str, kind: str, /,
                **fields: Any) -> OperationResult:
        with write_transaction(self.engine) as conn:
            write_lock(conn, None, catalogue=True)
            return publish(conn, table, row_id, kind, fields)  # type: ignore[arg-type]

    def counts(self) -> dict[str, int]:
        """Rows in every table: a request refused must leave all of them unchanged."""
        with self.engine.connect() as conn:
            return {name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                    for name, table in metadata.tables.items()}

    def record(self, table: str, row_id: str) -> Any:
        from server.sync.store import load_record

        with self.engine.connect() as conn:
            return load_record(conn, table, row_id)
