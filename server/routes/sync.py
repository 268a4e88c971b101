"""``POST /api/v1/push`` and ``GET /api/v1/pull``: the change feed, both ways."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from server import sync_apply, sync_store
from server.db import read_transaction
from server.deps import DeviceDep, EngineDep, check_protocol
from server.payloads import MAX_INT, parse_push
from server.protocol import (
    PULL_PAGE,
    Problem,
    PullResponse,
    PushResponse,
)
from server.sync_apply import OtherRegionError

router = APIRouter(tags=["sync"], dependencies=[Depends(check_protocol)])
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": Problem} for code in (400, 401, 403, 409, 413, 415, 422, 426)}


@router.post("/push", response_model=PushResponse, responses=_ERRORS)
async def push(request: Request, device: DeviceDep, engine: EngineDep) -> PushResponse:
    """Apply a batch in one transaction; one answer per operation, in order.

    The body is ``PushRequest`` as JSON, optionally ``Content-Encoding: gzip``. Any
    operation on another region's data refuses the whole batch: 403, nothing written.
    """
    body = await request.body()
    parsed = parse_push(body, request.headers.get("content-encoding"))
    try:
        return await run_in_threadpool(sync_apply.push, engine, device, parsed)
    except OtherRegionError as error:
        raise HTTPException(status_code=403, detail=str(error)) from None
    except IntegrityError:  # another push created the same ids at the same moment
        raise HTTPException(status_code=409, detail=(
            "Otro envío registró los mismos datos al mismo tiempo; no se guardó nada. "
            "Vuelva a sincronizar.")) from None


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
