"""``POST /api/v1/push`` and ``GET /api/v1/pull``: the change feed, both ways."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from server import sync_apply, sync_store
from server.accounts import Device
from server.db import read_transaction
from server.deps import DeviceDep, EngineDep, check_protocol
from server.payloads import MAX_INT, parse_push
from server.protocol import (
    PULL_PAGE,
    ForbiddenPush,
    Problem,
    PullResponse,
    PushResponse,
    RefusedOperation,
)
from server.sync_apply import OtherRegionError

router = APIRouter(tags=["sync"], dependencies=[Depends(check_protocol)])
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem} for code in (400, 401, 403, 409, 413, 415, 422, 426)}
_PUSH_ERRORS: dict[int | str, dict[str, Any]] = {**_ERRORS, 403: {"model": ForbiddenPush}}


@router.post("/push", response_model=PushResponse, responses=_PUSH_ERRORS)
async def push(request: Request, device: DeviceDep, engine: EngineDep) -> Response:
    """Apply a batch in one transaction; one answer per operation, in order.

    The body is ``PushRequest`` as JSON, optionally ``Content-Encoding: gzip``. Any
    operation on another region's data refuses the whole batch: 403, nothing written; the
    answer (``ForbiddenPush``) names every such operation, so that the device can set them
    aside and send the rest.
    """
    body = await request.body()
    try:
        answer = await run_in_threadpool(_push, engine, device, body,
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


def _push(engine: Engine, device: Device, body: bytes, encoding: str | None) -> str:
    """Parse, apply and encode off the event loop. The answer is a PushResponse built here:
    pydantic encodes it once, without FastAPI validating it again (``response_model``
    still documents it)."""
    return sync_apply.push(engine, device, parse_push(body, encoding)).model_dump_json()


@router.get("/pull", response_model=PullResponse, responses=_ERRORS)
def pull(
    device: DeviceDep, engine: EngineDep,
    cursor: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_INT)] = PULL_PAGE,
) -> PullResponse:
    """Feed entries after ``cursor`` in the device's scope (its region and the shared
    catalogues), never its own changes, at most ``min(limit, PULL_PAGE)``.

    ``cursor`` in the answer is the last seq examined: entries skipped (the device's own)
    are passed too, so the device never asks for them again. ``latest`` bounds the page,
    so an entry committed while the page is read waits for the next pull.
    """
    with read_transaction(engine) as conn:
        return sync_store.pull(conn, device.region_code, device.id, cursor,
                               min(limit, PULL_PAGE))
