"""The dashboard's pages (``/panel``): server-rendered Jinja2, in Spanish, for MTPE staff.

Every page and export needs a signed-in staff user (``auth.require_user``); the write
actions (enrolment codes, revoking a device, ending a user's sessions) and the staff page
need an administrator, and every POST a CSRF token.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from forms.documents import Kind, pdf_bytes, prepare
from server.core import accounts, panel_sessions
from server.core.blobstore import BlobError, final_path, open_verified
from server.core.db import read_transaction, write_transaction
from server.core.models import utc_now
from server.core.settings import Settings
from server.dashboard import auth, queries, views
from server.dashboard.auth import PanelRefusal, StaffUser
from server.dashboard.materialize import blob_complete, committee_store
from server.dashboard.rollup import plan_rollup
from server.dashboard.tables import Table, to_csv, to_xlsx

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "templates"))
EXPORTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
MAX_MONTHS = 120

router = APIRouter(prefix="/panel")
UserDep = Annotated[StaffUser, Depends(auth.require_user)]
AdminDep = Annotated[StaffUser, Depends(auth.require_admin)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def page(request: Request, template: str, user: StaffUser | None, status: int = 200,
         **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, {"user": user, **context},
                                      status_code=status)


def reference_date(al: str | None) -> date:
    """``?al=AAAA-MM-DD``: the day the page is computed for (today by default)."""
    if not al:
        return utc_now().astimezone(views.LIMA).date()
    try:
        return date.fromisoformat(al)
    except ValueError:
        raise PanelRefusal(400, f"La fecha «{al}» no es válida: use el formato AAAA-MM-DD, "
                                "p. ej. 2026-11-28.") from None


def months_param(request: Request, meses: str | None) -> int:
    if not meses:
        return _settings(request).active_months
    try:
        months = int(meses)
    except ValueError:
        months = 0
    if not 1 <= months <= MAX_MONTHS:
        raise PanelRefusal(400, f"El número de meses debe ser un entero entre 1 y {MAX_MONTHS}.")
    return months


def year_param(anio: str | None, reference: date) -> int:
    if not anio:
        return reference.year
    if not anio.isdigit() or not 2000 <= int(anio) <= 2100:
        raise PanelRefusal(400, f"El año «{anio}» no es válido.")
    return int(anio)


def export(table: Table, fmt: str) -> Response:
    if fmt not in EXPORTS:
        raise PanelRefusal(404, "Formato de exportación desconocido: use .xlsx o .csv.")
    body = to_xlsx(table) if fmt == "xlsx" else to_csv(table)
    return Response(body, media_type=EXPORTS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{table.slug}.{fmt}"'})


# Sign in and out ----------------------------------------------------------------------------

@router.get("/ingresar", response_class=HTMLResponse)
def login_form(request: Request, siguiente: str = "/panel/") -> HTMLResponse:
    key = auth.signing_key(_settings(request))
    return page(request, "panel/login.html", None, token=auth.login_token(key),
                next=_safe_next(siguiente), error=None)


@router.post("/ingresar", response_model=None)
def login(request: Request, usuario: Annotated[str, Form()] = "",
          clave: Annotated[str, Form()] = "", token: Annotated[str, Form()] = "",
          siguiente: Annotated[str, Form()] = "/panel/") -> Response:
    key = auth.signing_key(_settings(request))
    target = _safe_next(siguiente)
    if not auth.login_token_valid(key, token):
        return page(request, "panel/login.html", None, status=403, token=auth.login_token(key),
                    next=target, error="El formulario venció. Escriba de nuevo su usuario y "
                                       "contraseña.")
    with read_transaction(_engine(request)) as conn:
        user = accounts.check_user(conn, usuario.strip(), clave)
    if user is None:
        return page(request, "panel/login.html", None, status=401, token=auth.login_token(key),
                    next=target, error="Usuario o contraseña incorrectos.")
    previous = auth.cookie_secret(request)
    with write_transaction(_engine(request)) as conn:
        if previous is not None:  # this browser's earlier session, if any, ends here
            panel_sessions.end_session(conn, panel_sessions.secret_hash(previous), "reemplazo")
        secret, _csrf = panel_sessions.open_session(conn, user["id"])
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(auth.COOKIE_NAME, auth.session_cookie(key, secret),
                        max_age=auth.SESSION_SECONDS, httponly=True, samesite="lax",
                        secure=auth.is_https(request), path="/panel")
    return response


def _safe_next(target: str) -> str:
    """Only a path inside the dashboard: never an open redirect to another site."""
    return target if target.startswith("/panel/") and "//" not in target \
        and "\\" not in target else "/panel/"


@router.post("/salir")
def logout(request: Request, user: UserDep,
           csrf: Annotated[str, Form()] = "") -> RedirectResponse:
    auth.check_csrf(user, csrf)
    with write_transaction(_engine(request)) as conn:
        panel_sessions.end_session(conn, user.session_id, "salida")
    return _signed_out(request)


def _signed_out(request: Request) -> RedirectResponse:
    response = RedirectResponse("/panel/ingresar", status_code=303)
    response.delete_cookie(auth.COOKIE_NAME, path="/panel", httponly=True, samesite="lax",
                           secure=auth.is_https(request))
    return response


# Estado situacional --------------------------------------------------------------------------

def _national(request: Request, al: str | None, meses: str | None) -> queries.NationalTable:
    reference = reference_date(al)
    months = months_param(request, meses)
    with read_transaction(_engine(request)) as conn:
        return queries.national_table(conn, reference, months)


@router.get("/", response_class=HTMLResponse)
def national(request: Request, user: UserDep, al: str | None = None,
             meses: str | None = None) -> HTMLResponse:
    table = _national(request, al, meses)
    return page(request, "panel/national.html", user, data=table,
                status_table=views.national_status_table(table),
                committees=views.committees_table(table), kinds=queries.KINDS,
                labels=queries.STATUS_LABELS, query=_query(al=al, meses=meses))


@router.get("/estado-situacional.{fmt}")
def national_export(request: Request, user: UserDep, fmt: str, al: str | None = None,
                    meses: str | None = None) -> Response:
    return export(views.national_status_table(_national(request, al, meses)), fmt)


@router.get("/comites.{fmt}")
def committees_export(request: Request, user: UserDep, fmt: str, al: str | None = None,
                      meses: str | None = None) -> Response:
    return export(views.committees_table(_national(request, al, meses)), fmt)


def _query(**values: str | None) -> str:
    parts = [f"{name}={quote(value)}" for name, value in values.items() if value]
    return "?" + "&".join(parts) if parts else ""


# One committee ----------------------------------------------------------------------------

def _committee_tables(request: Request, committee_id: str, al: str | None,
                      anio: str | None) -> tuple[queries.CommitteeData, dict[str, Table]]:
    reference = reference_date(al)
    year = year_param(anio, reference)
    with read_transaction(_engine(request)) as conn:
        data = queries.committee_data(conn, committee_id)
        if data is None:
            raise PanelRefusal(404, "Ese comité no existe en la sede central (o fue eliminado).")
        hashes = {str(r.get("sha256")) for r in data.rows["attachments"]
                  if r.get("purpose") in views.SIGNED_PURPOSES}
        complete = {sha for sha in hashes if blob_complete(conn, sha)}
        plan = plan_rollup(conn, year, min(reference, date(year, 12, 31)),
                           committee_id=committee_id)
    signed = views.signed_actas(data, complete)
    tables = {
        "sesiones": views.sessions_table(data, signed),
        "asistencia": views.attendance_table(data, year),
        "acuerdos-por-estado": views.agreements_summary_table(data, reference),
        "acuerdos": views.agreements_table(data, reference),
        "plan": views.committee_plan_table(plan),
    }
    return data, tables


@router.get("/comites/{committee_id}", response_class=HTMLResponse)
def committee(request: Request, user: UserDep, committee_id: str, al: str | None = None,
              anio: str | None = None) -> HTMLResponse:
    data, tables = _committee_tables(request, committee_id, al, anio)
    reference = reference_date(al)
    return page(request, "panel/committee.html", user, data=data, tables=tables,
                facts=views.committee_facts(data), year=year_param(anio, reference),
                query=_query(al=al, anio=anio))


@router.get("/comites/{committee_id}/{name}.{fmt}")
def committee_export(request: Request, user: UserDep, committee_id: str, name: str, fmt: str,
                     al: str | None = None, anio: str | None = None) -> Response:
    _, tables = _committee_tables(request, committee_id, al, anio)
    if name not in tables:
        raise PanelRefusal(404, "Esa tabla no existe en la página del comité.")
    return export(tables[name], fmt)


@router.get("/sesiones/{session_id}/acta.pdf")
def acta(request: Request, user: UserDep, session_id: str) -> Response:
    with read_transaction(_engine(request)) as conn:
        committee_id = queries.session_committee(conn, session_id)
        if committee_id is None:
            raise PanelRefusal(404, "Esa sesión no existe en la sede central.")
        store = committee_store(conn, committee_id, _settings(request).blob_dir)
    try:  # read, then lay out: the headquarters transaction is already closed
        pdf = pdf_bytes(prepare(store, Kind.ACTA, session_id))
    finally:
        store.conn.close()
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="acta-{session_id}.pdf"'})


@router.get("/sesiones/{session_id}/acta-firmada.pdf")
def signed_acta(request: Request, user: UserDep, session_id: str) -> Response:
    with read_transaction(_engine(request)) as conn:
        committee_id = queries.session_committee(conn, session_id)
        data = queries.committee_data(conn, committee_id) if committee_id else None
        if data is None:
            raise PanelRefusal(404, "Esa sesión no existe en la sede central.")
        complete = {str(r.get("sha256")) for r in data.rows["attachments"]
                    if r.get("session_id") == session_id
                    and blob_complete(conn, str(r.get("sha256")))}
    attachment_id = views.signed_actas(data, complete).get(session_id)
    row = next((r for r in data.rows["attachments"] if r["id"] == attachment_id), None)
    path = final_path(_settings(request).blob_dir, str(row["sha256"])) if row else None
    if row is None or path is None or not path.exists():
        raise PanelRefusal(404, "El acta firmada de esta sesión todavía no llegó a la sede "
                                "central. Puede ver el acta generada.")
    try:  # staff see every region, but never wrong bytes
        path = open_verified(_settings(request).blob_dir, str(row["sha256"]))
    except BlobError as error:
        raise PanelRefusal(error.status, error.detail) from None
    return FileResponse(path, media_type=str(row.get("mime_type") or "application/pdf"),
                        filename=str(row.get("file_name") or "acta-firmada.pdf"),
                        content_disposition_type="inline")


# Plans ------------------------------------------------------------------------------------

def _rollup_tables(request: Request, al: str | None, anio: str | None) -> dict[str, Table]:
    reference = reference_date(al)
    year = year_param(anio, reference)
    until = min(reference, date(year, 12, 31))
    with read_transaction(_engine(request)) as conn:
        rollup = plan_rollup(conn, year, until)
    tables = (views.rollup_region_table(rollup), views.rollup_objective_table(rollup))
    return {table.slug: table for table in tables}


@router.get("/planes", response_class=HTMLResponse)
def plans(request: Request, user: UserDep, al: str | None = None,
          anio: str | None = None) -> HTMLResponse:
    reference = reference_date(al)
    year = year_param(anio, reference)
    return page(request, "panel/plans.html", user, tables=_rollup_tables(request, al, anio),
                year=year, until=min(reference, date(year, 12, 31)),
                query=_query(al=al, anio=anio))


@router.get("/planes/{name}.{fmt}")
def plans_export(request: Request, user: UserDep, name: str, fmt: str, al: str | None = None,
                 anio: str | None = None) -> Response:
    tables = _rollup_tables(request, al, anio)
    if name not in tables:
        raise PanelRefusal(404, "Esa tabla no existe en la página de planes.")
    return export(tables[name], fmt)


# Devices (administrators write) -----------------------------------------------------------

def _devices(request: Request) -> tuple[list[dict[str, Any]], Table]:
    with read_transaction(_engine(request)) as conn:
        rows = accounts.list_devices(conn)
    return rows, views.devices_table(rows)


@router.get("/equipos", response_class=HTMLResponse)
def devices(request: Request, user: UserDep) -> HTMLResponse:
    rows, table = _devices(request)
    return page(request, "panel/devices.html", user, rows=rows, table=table,
                regions=accounts.region_names(), new_code=None, error=None)


@router.get("/equipos.{fmt}")
def devices_export(request: Request, user: UserDep, fmt: str) -> Response:
    return export(_devices(request)[1], fmt)


@router.post("/equipos/codigo", response_class=HTMLResponse)
def enrollment_code(request: Request, user: AdminDep, csrf: Annotated[str, Form()] = "",
                    region: Annotated[str, Form()] = "",
                    comites: Annotated[str, Form()] = "") -> HTMLResponse:
    auth.check_csrf(user, csrf)
    error = new_code = None
    try:
        with write_transaction(_engine(request)) as conn:
            code, expires = accounts.create_enrollment_code(
                conn, region, comites.split(","), hours=_settings(request).enroll_hours)
        new_code = (code, views.lima(expires), accounts.region_names()[region.strip().upper()])
    except accounts.AccountError as refusal:
        error = refusal.message
    rows, table = _devices(request)
    return page(request, "panel/devices.html", user, status=200 if error is None else 400,
                rows=rows, table=table, regions=accounts.region_names(), new_code=new_code,
                error=error)


@router.post("/equipos/{device_id}/baja")
def revoke(request: Request, user: AdminDep, device_id: str,
           csrf: Annotated[str, Form()] = "") -> RedirectResponse:
    auth.check_csrf(user, csrf)
    with write_transaction(_engine(request)) as conn:
        if not accounts.revoke_device(conn, device_id):
            raise PanelRefusal(404, "Ese equipo no existe.")
    return RedirectResponse("/panel/equipos", status_code=303)


# Staff users and their sessions (administrators only) ------------------------------------

def _idle(request: Request) -> timedelta:
    return timedelta(minutes=_settings(request).panel_idle_minutes)


def _users_page(request: Request, user: StaffUser, *,
                notice: str | None = None) -> HTMLResponse:
    with read_transaction(_engine(request)) as conn:
        rows = panel_sessions.users_overview(conn, idle=_idle(request))
    return page(request, "panel/users.html", user, rows=rows,
                table=views.users_table(rows), notice=notice,
                idle_minutes=_settings(request).panel_idle_minutes)


@router.get("/usuarios", response_class=HTMLResponse)
def staff(request: Request, user: AdminDep) -> HTMLResponse:
    return _users_page(request, user)


@router.post("/usuarios/{user_id}/cerrar-sesiones", response_model=None)
def end_sessions(request: Request, user: AdminDep, user_id: str,
                 csrf: Annotated[str, Form()] = "") -> Response:
    auth.check_csrf(user, csrf)
    with write_transaction(_engine(request)) as conn:
        username = panel_sessions.username_of(conn, user_id)
        if username is None:
            raise PanelRefusal(404, "Ese usuario no existe.")
        ended = panel_sessions.end_user_sessions(conn, user_id, idle=_idle(request))
    if user_id == user.id:  # the administrator's own session was among them
        return _signed_out(request)
    notice = (f"Se cerraron {ended} sesiones de «{username}»." if ended != 1
              else f"Se cerró 1 sesión de «{username}».") if ended else \
        f"«{username}» no tenía sesiones abiertas."
    return _users_page(request, user, notice=notice)
