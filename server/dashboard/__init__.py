"""The national dashboard for MTPE staff, served by the headquarters app under ``/panel``.

``mount_dashboard(app)`` adds the pages, the stylesheet and the two answers every page may
give instead of itself: the login form (no session) and a Spanish refusal page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from server.dashboard.auth import LoginRequired, PanelRefusal, current_user

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


async def _login_required(request: Request, _exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/panel/ingresar?siguiente={quote(target)}", status_code=303)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PanelRefusal)
    return dashboard_error_page(request, exc.status, exc.message)


def is_dashboard_path(path: str) -> bool:
    return path == "/panel" or path.startswith("/panel/")


def dashboard_error_page(request: Request, status: int, message: str) -> Response:
    """A refusal or an error under ``/panel`` as a Spanish page (the API answers JSON)."""
    from server.dashboard.routes import page

    return page(request, "panel/error.html", current_user(request), status=status,
                message=message, status_code=status)


def mount_dashboard(app: FastAPI) -> None:
    from server.dashboard.routes import router

    app.include_router(router)
    app.mount("/panel/estatico", StaticFiles(directory=STATIC_DIR), name="panel-static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(PanelRefusal, _refused)
