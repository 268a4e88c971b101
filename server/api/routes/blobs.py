"""Attachments' bytes: status, resumable chunked upload, download.

* ``GET  /api/v1/blobs/{sha256}`` → ``BlobStatus`` (resume from ``received``): complete
  only for a file the device's region may read (``server.core.blobstore``: it proved it holds
  the bytes, or named the hash before the file existed here). For any other hash, known or
  not, the region's own upload progress: the answer never tells whether a file exists.
* ``PUT  /api/v1/blobs/{sha256}?offset=N[&size=T]`` with the chunk as
  ``application/octet-stream`` → ``BlobStatus``. ``offset`` must equal ``received``, else
  409 with the current ``BlobStatus`` as the body. ``size`` (the whole file's length) lets
  the server verify once at the end; a mismatch discards the bytes (422). A complete,
  verified upload entitles the region to the file.
* ``GET  /api/v1/blobs/{sha256}/content`` → the bytes, verified against the hash first.
  404 (the same body) for a file headquarters lacks or the region may not read; 409 with
  a Spanish ``Problem`` for a stored file found damaged (never wrong bytes, never a 5xx;
  the device treats it as a file not available yet).
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from contract.protocol import BlobStatus, Problem
from server.api.deps import DeviceDep, EngineDep, SettingsDep, check_protocol
from server.core import blobstore
from server.core.blobstore import BlobError
from server.core.db import read_transaction, write_transaction
from server.payloads import MAX_INT

router = APIRouter(prefix="/blobs", tags=["blobs"],
                   dependencies=[Depends(check_protocol)])
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$",
                             description="SHA-256 en hexadecimal, minúsculas")]
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": Problem} for code in (400, 401, 403, 404, 413, 415, 422, 426)}


@router.get("/{sha256}", response_model=BlobStatus, responses=_ERRORS)
def blob_status(sha256: Sha256, device: DeviceDep, engine: EngineDep,
                settings: SettingsDep) -> BlobStatus:
    with read_transaction(engine) as conn:
        return blobstore.status(conn, settings.blob_dir, sha256, device.region_code)


def _put(engine: Engine, root: FilePath, sha256: str, offset: int, chunk: bytes,
         region_code: str, size: int | None, max_bytes: int) -> BlobStatus:
    with write_transaction(engine) as conn:
        return blobstore.put_chunk(conn, root, sha256, offset, chunk,
                                   region_code=region_code, size=size, max_bytes=max_bytes)


@router.put("/{sha256}", response_model=BlobStatus,
            responses={409: {"model": BlobStatus}, **_ERRORS})
async def upload_chunk(
    sha256: Sha256, request: Request, device: DeviceDep, engine: EngineDep,
    settings: SettingsDep,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)],
    size: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
) -> BlobStatus | JSONResponse:
    encoding = (request.headers.get("content-encoding") or "identity").lower()
    if encoding != "identity":
        raise HTTPException(415, "Los fragmentos de archivo se envían sin comprimir.")
    chunk = await request.body()
    try:
        return await run_in_threadpool(_put, engine, settings.blob_dir, sha256, offset, chunk,
                                       device.region_code, size, settings.max_blob_bytes)
    except BlobError as error:
        if error.current is not None:
            return JSONResponse(error.current.model_dump(), status_code=error.status)
        raise HTTPException(error.status, error.detail) from None


@router.get("/{sha256}/content", response_class=FileResponse,
            responses={409: {"model": Problem}, **_ERRORS})
def blob_content(sha256: Sha256, device: DeviceDep, engine: EngineDep,
                 settings: SettingsDep) -> FileResponse:
    with read_transaction(engine) as conn:
        allowed = blobstore.readable(conn, settings.blob_dir, sha256, device.region_code)
    if not allowed:  # unknown or not this region's: one answer, existence is not revealed
        raise HTTPException(404, blobstore.NOT_HERE)
    try:
        path = blobstore.open_verified(settings.blob_dir, sha256)
    except BlobError as error:
        raise HTTPException(error.status, error.detail) from None
    return FileResponse(path, media_type="application/octet-stream",
                        headers={"X-Content-SHA256": sha256})
