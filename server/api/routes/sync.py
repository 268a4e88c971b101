"""``POST /api/v1/push`` and ``GET /api/v1/pull``: the change feed, both ways."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from contract.protocol import (
    PULL_PAGE,
    ForbiddenPush,
    Problem,
    PullResponse,
    PushResponse,
    RefusedOperation,
)
from server.api.deps import (
    EngineDep,
    authenticated,
    authorized_device,
    check_protocol,
    touch_if_due,
)
from server.core.db import read_transaction, write_transaction
from server.payloads import MAX_INT, parse_push
from server.sync import apply, store
from server.sync.apply import OtherRegionError

router = APIRouter(tags=["sync"], dependencies=[Depends(check_protocol)])
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem} for code in (400, 401, 403, 409, 413, 415, 422, 426)}
_PUSH_ERRORS: dict[int | str, dict[str, Any]] = {**_ERRORS, 403: {"model": ForbiddenPush}}


@router.post("/push", response_model=PushResponse, responses=_PUSH_ERRORS)
async def push(request: Request, engine: EngineDep,
               authorization: Annotated[str | None, Header()] = None) -> Response:
    """Apply a batch in one transaction; one answer per operation, in order.

    The body is ``PushRequest`` as JSON, optionally ``Content-Encoding: gzip``. Any
    operation on another region's data refuses the whole batch: 403, nothing written; the
    answer (``ForbiddenPush``) names every such operation, so that the device can set them
    aside and send the rest.

    The device is authenticated inside the push's own transaction (401 before anything is
    written): one connection and one transaction per push.
    """
    body = await request.body()
    try:
        answer = await run_in_threadpool(_push, engine, authorization, body,
                                         request.headers.get("content-encoding"))
    except OtherRegionError as error:
        refused = ForbiddenPush(detail=error.reason, operations=[
            RefusedOperation(op_id=op_id, table=table, row_id=row_id, reason=reason)
            for op_id, table, row_id, reason in error.operations])
        return Response(refused.model_dump_json(), status_code=403,
                        media_type="application/json")
    except IntegrityError:  # another push created the same ids at the same moment
        raise HTTPException(status_code=409, detail=(
            "Otro envío registró los mismos datos al mismo tiempo; no se guardó nada. "
            "Vuelva a sincronizar.")) from None
    return Response(answer, media_type="application/json")


def _push(engine: Engine, authorization: str | None, body: bytes, encoding: str | None
          ) -> str:
    """Authenticate, parse, apply and encode off the event loop. The answer is a
    PushResponse built here: pydantic encodes it once, without FastAPI validating it again
    (``response_model`` still documents it)."""
    with write_transaction(engine) as conn:
        device = authorized_device(conn, authorization)
        request = parse_push(body, encoding)
        return apply.push_in(conn, device, request).model_dump_json()


@router.get("/pull", response_model=PullResponse, responses=_ERRORS)
def pull(
    engine: EngineDep,
    cursor: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_INT)] = PULL_PAGE,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    """Feed entries after ``cursor`` in the device's scope (its region and the shared
    catalogues), never its own changes, at most ``min(limit, PULL_PAGE)``.

    ``cursor`` in the answer is the last seq examined: entries skipped (the device's own)
    are passed too, so the device never asks for them again. ``latest`` bounds the page,
    so an entry committed while the page is read waits for the next pull.

    The page is encoded here once (a ``Response``): returned as a model, FastAPI would
    dump, validate and encode it again, a third of the CPU of a full page.
    """
    with read_transaction(engine) as conn:
        device, due = authenticated(conn, authorization)
        page = store.pull(conn, device.region_code, device.id, cursor,
                               min(limit, PULL_PAGE))
    touch_if_due(engine, device, due)
    return Response(page.model_dump_json(), media_type="application/json")
