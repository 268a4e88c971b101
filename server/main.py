"""The headquarters application: ``create_app(settings) -> FastAPI``.

Transport: the application speaks plain HTTP and is meant to run on 127.0.0.1 behind a
TLS-terminating reverse proxy (nginx, Caddy) on the same machine; devices always reach it
over HTTPS (they refuse plain http:// except to a loopback address). ``sesiona-hq serve``
refuses another bind address unless ``SESIONA_HQ_ALLOW_HTTP`` says so.

Stateless: nothing survives a request but what is in the database and the blob folder, so
several uvicorn workers (and machines sharing them) serve the same devices. The schema is
migrated when the application starts (idempotent, serialised between workers).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from contract.protocol import MAX_BODY_BYTES
from server.api.main import api_router
from server.core.db import make_engine
from server.core.middleware import BodyLimitMiddleware
from server.core.settings import Settings
from server.dashboard import dashboard_error_page, is_dashboard_path, mount_dashboard
from server.migrations import run_migrations
from server.payloads import spanish_errors

log = logging.getLogger("sesiona.hq")

_STATUS_TEXT = {
    400: "Solicitud no válida.",
    401: "Se necesita la credencial del equipo.",
    403: "No tiene permiso para esta operación.",
    404: "No existe esta dirección en la sede central.",
    405: "Método no permitido en esta dirección.",
    413: "La solicitud es demasiado grande.",
    415: "Formato de contenido no admitido.",
}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        return JSONResponse({"detail": "El cuerpo no es JSON válido."}, status_code=400)
    return JSONResponse({"detail": spanish_errors(errors)}, status_code=422)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail
    if not isinstance(detail, str) or detail == _phrase(exc.status_code):
        # Starlette's own English phrase («Not Found»): say it in Spanish.
        detail = _STATUS_TEXT.get(exc.status_code, "No se pudo atender la solicitud.")
    if is_dashboard_path(request.url.path):  # people, not devices: a page
        return dashboard_error_page(request, exc.status_code, detail)
    return JSONResponse({"detail": detail}, status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("error inesperado", exc_info=exc)
    return JSONResponse({"detail": "Error interno de la sede central. Intente más tarde."},
                        status_code=500)


def create_app(settings: Settings) -> FastAPI:
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        run_migrations(engine)
        settings.blob_dir.mkdir(parents=True, exist_ok=True)
        yield
        engine.dispose()

    app = FastAPI(
        title="Sesiona — Sede central MTPE",
        lifespan=lifespan,
        docs_url="/api/v1/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.include_router(api_router)
    mount_dashboard(app)  # the national dashboard for MTPE staff, under /panel
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    return app


def create_app_from_env() -> FastAPI:
    """The factory uvicorn's workers call (``server.main:create_app_from_env``)."""
    return create_app(Settings.from_env())
