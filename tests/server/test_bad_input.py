"""Malformed, wrongly typed or oversize requests: a 4xx naming the problem, never a 5xx,
and every table exactly as it was."""

from __future__ import annotations

import gzip
import json

import pytest

from contract.protocol import MAX_BODY_BYTES, MAX_PUSH_OPS
from tests.server.support import UCAYALI, committee, new_id, update


@pytest.fixture
def device(hq):
    device = hq.enroll(UCAYALI)
    device.push([committee(UCAYALI, row_id="c-1")])
    return device


def post(device, content: bytes, **headers: str):
    return device.client.post("/api/v1/push", content=content,
                              headers={**device.headers, "Content-Type": "application/json",
                                       **headers})


def body(operations=None, cursor=0) -> dict:
    return {"cursor": cursor, "operations": operations or [update("committees", "c-1",
                                                                   city="Pucallpa")]}


BAD_JSON = [
    (b"", 400, "vacío"),
    (b"{", 400, "no es JSON válido"),
    (b'{"cursor": NaN, "operations": []}', 400, "NaN"),
    (b'{"cursor": 0, "operations": [' + b"[" * 5000 + b"]" * 5000 + b"]}", 400, "anidados"),
    ("{\"cursor\": 0}".encode("utf-16"), 400, "UTF-8"),
]


@pytest.mark.parametrize(("content", "status", "words"), BAD_JSON)
def test_malformed_json_is_400(hq, device, content, status, words):
    before = hq.counts()
    response = post(device, content)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]
    assert hq.counts() == before


def _op(**changes):
    return {**update("committees", "c-1", city="Pucallpa"), **changes}


WRONG = [
    ({"cursor": "diez", "operations": []}, "cursor: debe ser un número entero"),
    ({"cursor": -1, "operations": []}, "cursor: debe ser mayor o igual que 0"),
    ({"cursor": 0}, "operations: falta este campo"),
    ({"cursor": 0, "operations": {}}, "operations: debe ser una lista"),
    ({"cursor": 0, "operations": [], "extra": 1}, "extra: campo no permitido"),
    (body([_op(op="upsert")]), "operations[0].op: valor no permitido"),
    (body([_op(fields=["city"])]), "operations[0].fields: debe ser un objeto JSON"),
    (body([_op(fields={"city": {"a": 1}})]), "operations[0].fields.city debe ser un valor"),
    (body([_op(fields={"city": [1]})]), "operations[0].fields.city debe ser un valor"),
    (body([_op(fields={"ci ty": "x"})]), "no es un nombre de campo válido"),
    (body([_op(op_id="")]), "operations[0].op_id: es demasiado corto"),
    (body([{k: v for k, v in _op().items() if k != "row_id"}]), "row_id: falta este campo"),
    (body([_op(fields={"city": "a\u0000b"})]), "carácter nulo"),
    (body([_op(fields={"number": 2**64})]), "demasiado grande"),
    ({"cursor": 2**64, "operations": []}, "demasiado grande"),
    ({"cursor": 0, "operations": [_op() for _ in range(MAX_PUSH_OPS + 1)]},
     f"tiene demasiados elementos (máximo {MAX_PUSH_OPS})"),
]


@pytest.mark.parametrize(("payload", "words"), WRONG)
def test_wrong_types_are_422_and_name_the_problem(hq, device, payload, words):
    before = hq.counts()
    response = post(device, json.dumps(payload).encode())
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"]
    assert hq.counts() == before
    assert hq.record("committees", "c-1").data.get("city") != "Pucallpa"


UNSTORABLE = [  # as the JSON text says them (the parser turns them into inf, NUL, big ints)
    (b'1e400', "no es un número finito"),
    (b'-1.5E+999', "no es un número finito"),
    (b'1' + b'0' * 400 + b'.5', "no es un número finito"),
    (b'-99999999999999999999', "demasiado grande"),
    (b'"a\\u0000b"', "carácter nulo"),
    (b'"\\udfff"', "mal codificado"),
]


@pytest.mark.parametrize(("value", "words"), UNSTORABLE)
def test_values_no_database_can_store_are_422(hq, device, value, words):
    before = hq.counts()
    raw = (b'{"cursor": 0, "operations": [{"op_id": "x", "table": "committees", '
           b'"row_id": "c-1", "op": "update", "fields": {"city": ' + value +
           b'}, "changed_at": ""}]}')
    response = post(device, raw)
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"]
    assert hq.counts() == before


def test_a_lone_surrogate_is_422(hq, device):
    before = hq.counts()
    raw = b'{"cursor": 0, "operations": [{"op_id": "x", "table": "committees", ' \
          b'"row_id": "c-1", "op": "update", "fields": {"city": "\\ud800"}, "changed_at": ""}]}'
    response = post(device, raw)
    assert response.status_code == 422 and "mal codificado" in response.json()["detail"]
    assert hq.counts() == before


def test_one_bad_operation_refuses_the_whole_batch(hq, device):
    before = hq.counts()
    good = update("committees", "c-1", city="Pucallpa")
    response = post(device, json.dumps(body([good, _op(op="upsert")])).encode())
    assert response.status_code == 422
    assert hq.counts() == before


def test_oversize_bodies_are_413(hq, device):
    before = hq.counts()
    big = json.dumps(body([update("committees", "c-1", notes="x" * MAX_BODY_BYTES)])).encode()
    declared = post(device, big)
    assert declared.status_code == 413
    assert "tamaño máximo" in declared.json()["detail"]

    def chunks():  # no Content-Length: counted while it arrives
        for start in range(0, len(big), 65536):
            yield big[start:start + 65536]

    streamed = device.client.post("/api/v1/push", content=chunks(), headers=device.headers)
    assert streamed.status_code == 413
    # Small on the wire, too large once decompressed.
    bomb = gzip.compress(big)
    assert len(bomb) < MAX_BODY_BYTES
    inflated = post(device, bomb, **{"Content-Encoding": "gzip"})
    assert inflated.status_code == 413
    assert hq.counts() == before


def test_gzip_bodies_are_accepted_and_bad_encodings_refused(hq, device):
    ok = post(device, gzip.compress(json.dumps(body()).encode()), **{"Content-Encoding": "gzip"})
    assert ok.status_code == 200 and ok.json()["results"][0]["outcome"] == "applied"
    before = hq.counts()
    broken = post(device, b"\x1f\x8b not gzip", **{"Content-Encoding": "gzip"})
    assert broken.status_code == 400 and "gzip" in broken.json()["detail"]
    cut = post(device, gzip.compress(json.dumps(body()).encode())[:-12],
               **{"Content-Encoding": "gzip"})
    assert cut.status_code == 400
    other = post(device, b"{}", **{"Content-Encoding": "br"})
    assert other.status_code == 415
    assert hq.counts() == before


def test_wrong_or_revoked_token_and_other_regions_ids_write_nothing(hq, device):
    before = hq.counts()
    for headers in ({"Authorization": "Bearer x"}, {"Authorization": "Basic abc"}):
        response = device.client.post("/api/v1/push", json=body(),
                                      headers={**device.headers, **headers})
        assert response.status_code == 401
    other = hq.enroll("PE-LIM")
    before = hq.counts()
    response = other.push_raw([update("committees", "c-1", city="Lima"),
                               update("committees", new_id(), city="x")])
    assert response.status_code == 403
    assert hq.counts() == before
