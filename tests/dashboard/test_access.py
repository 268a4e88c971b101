"""Who may open the dashboard: staff signed in with the login form, and nobody else. A
device's bearer token opens nothing; an analyst reads but cannot write; forms need their
CSRF token; the signing key is shared by every worker of a data folder."""

from __future__ import annotations

import re
import stat

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server.core.models import devices, enrollment_codes
from server.core.settings import Settings, SettingsError
from server.dashboard import auth
from server.main import create_app
from tests.dashboard.support import ADMIN, ANALYST, create_staff, csrf_of, login

LOGIN = "/panel/ingresar"


def dashboard_get_paths(client: TestClient) -> list[str]:
    """Every GET route of the dashboard, with its parameters filled in."""
    paths = []
    schema = client.app.openapi()  # type: ignore[attr-defined]
    for path, methods in schema["paths"].items():
        if not path.startswith("/panel") or path == LOGIN or "get" not in methods:
            continue
        paths.append(re.sub(r"\{(\w+)\}", lambda m: "xlsx" if m[1] == "fmt" else "x", path))
    return paths


def codes(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(enrollment_codes)).scalar_one())


def test_every_page_and_export_needs_a_login_and_a_device_token_opens_none(client, hq):
    device = hq.enroll("PE-UCA")
    paths = dashboard_get_paths(client)
    assert {"/panel/", "/panel/estado-situacional.xlsx", "/panel/comites/x",
            "/panel/comites/x/x.xlsx", "/panel/sesiones/x/acta.pdf", "/panel/planes",
            "/panel/planes/x.xlsx", "/panel/equipos", "/panel/equipos.xlsx"} <= set(paths)
    forged = auth.sign(b"not-the-key-" * 4, "session", {"uid": "x", "exp": 2**40, "csrf": "x"})
    for path in paths:
        for headers, cookies in (({}, {}), (device.headers, {}),
                                 ({}, {auth.COOKIE_NAME: forged})):
            client.cookies.clear()
            for name, value in cookies.items():
                client.cookies.set(name, value)
            answer = client.get(path, headers=headers, follow_redirects=False)
            assert answer.status_code == 303, (path, answer.status_code)
            assert answer.headers["location"].startswith(f"{LOGIN}?siguiente=")
    for path in ("/panel/salir", "/panel/equipos/codigo", f"/panel/equipos/{device.id}/baja"):
        client.cookies.clear()
        answer = client.post(path, headers=device.headers, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith(LOGIN)


def test_login_wrong_password_and_expired_form_are_refused(client, engine):
    create_staff(engine)
    form = client.get(LOGIN)
    assert form.status_code == 200 and "Ingresar al panel nacional" in form.text
    token = re.search(r'name="token" value="([^"]+)"', form.text)[1]
    wrong = client.post(LOGIN, data={"usuario": ADMIN[0], "clave": "otra-clave-cualquiera",
                                     "token": token}, follow_redirects=False)
    assert wrong.status_code == 401 and "Usuario o contraseña incorrectos." in wrong.text
    assert auth.COOKIE_NAME not in wrong.cookies
    stale = client.post(LOGIN, data={"usuario": ADMIN[0], "clave": ADMIN[1],
                                     "token": "x.y"}, follow_redirects=False)
    assert stale.status_code == 403 and "El formulario venció" in stale.text
    assert client.get("/panel/", follow_redirects=False).status_code == 303


def test_session_cookie_flags_logout_and_no_open_redirect(client, engine):
    create_staff(engine)
    answer = login(client)
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/panel" in cookie
    assert "Secure" not in cookie  # plain http on loopback
    page = client.get("/panel/")
    assert page.status_code == 200 and "Estado situacional de los comités" in page.text
    assert client.post("/panel/salir", data={}, follow_redirects=False).status_code == 403
    out = client.post("/panel/salir", data={"csrf": csrf_of(page.text)},
                      follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == LOGIN
    assert client.get("/panel/", follow_redirects=False).status_code == 303

    client.cookies.clear()
    token = re.search(r'name="token" value="([^"]+)"', client.get(LOGIN).text)[1]
    behind_proxy = client.post(LOGIN, headers={"X-Forwarded-Proto": "https"}, data={
        "usuario": ADMIN[0], "clave": ADMIN[1], "token": token,
        "siguiente": "//otro-sitio.example/panel/"}, follow_redirects=False)
    assert "Secure" in behind_proxy.headers["set-cookie"]
    assert behind_proxy.headers["location"] == "/panel/"


def test_an_analyst_reads_but_cannot_write(client, engine, hq):
    create_staff(engine)
    device = hq.enroll("PE-UCA")
    login(client, ANALYST)
    page = client.get("/panel/equipos")
    assert page.status_code == 200 and "Su usuario es de consulta" in page.text
    assert "Generar código" not in page.text
    before = codes(engine)
    refused = client.post("/panel/equipos/codigo", data={
        "csrf": csrf_of(page.text), "region": "PE-CUS", "comites": "CDRPETI CUSCO"})
    assert refused.status_code == 403
    assert "Acceso denegado" in refused.text and "administrador" in refused.text
    revoke = client.post(f"/panel/equipos/{device.id}/baja", data={"csrf": csrf_of(page.text)})
    assert revoke.status_code == 403
    assert codes(engine) == before
    with engine.connect() as conn:
        assert conn.execute(select(devices.c.revoked_at).where(
            devices.c.id == device.id)).scalar_one() is None


def test_an_admin_creates_a_code_and_revokes_a_device(client, engine, hq):
    create_staff(engine)
    device = hq.enroll("PE-UCA")
    login(client, ADMIN)
    page = client.get("/panel/equipos")
    assert "Generar código" in page.text
    before = codes(engine)
    no_token = client.post("/panel/equipos/codigo", data={"region": "PE-CUS"})
    assert no_token.status_code == 403 and codes(engine) == before
    bad_region = client.post("/panel/equipos/codigo", data={
        "csrf": csrf_of(page.text), "region": "PE-ZZZ"})
    assert bad_region.status_code == 400 and "no es una región del Perú" in bad_region.text
    assert codes(engine) == before
    made = client.post("/panel/equipos/codigo", data={
        "csrf": csrf_of(page.text), "region": "PE-CUS", "comites": "CDRPETI CUSCO"})
    assert made.status_code == 200 and "Código de inscripción para Cusco" in made.text
    assert codes(engine) == before + 1
    code = re.search(r'<code class="codigo">([^<]+)</code>', made.text)[1]
    enrolled = client.post("/api/v1/enroll", json={"code": code, "device_name": "Cusco"},
                           headers={"X-Sesiona-Protocol": "1"})
    assert enrolled.status_code == 200 and enrolled.json()["region_code"] == "PE-CUS"
    revoked = client.post(f"/panel/equipos/{device.id}/baja",
                          data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert revoked.status_code == 303
    assert client.get("/api/v1/pull", headers=device.headers).status_code == 401


def test_bad_query_values_get_a_spanish_page(client, engine):
    create_staff(engine)
    login(client)
    for path, message in (("/panel/?al=28-11-2026", "no es válida"),
                          ("/panel/?meses=0", "entre 1 y 120"),
                          ("/panel/planes?anio=dos", "no es válido"),
                          ("/panel/comites/no-existe", "no existe"),
                          ("/panel/estado-situacional.pdf", "Formato de exportación")):
        answer = client.get(path)
        assert answer.status_code in (400, 404), path
        assert message in answer.text and answer.headers["content-type"].startswith("text/html")


def test_the_signing_key_file_is_private_and_shared_by_workers(tmp_path, database_url):
    settings = Settings(database_url=database_url, data_dir=tmp_path / "hq")
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        create_staff(first.app.state.engine)  # type: ignore[attr-defined]
        login(first)
        key_file = tmp_path / "hq" / auth.KEY_FILE
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert len(key_file.read_bytes()) >= 32
        second.cookies.set(auth.COOKIE_NAME, first.cookies[auth.COOKIE_NAME])
        assert second.get("/panel/", follow_redirects=False).status_code == 200
    configured = Settings(database_url=database_url, data_dir=tmp_path / "otra",
                          secret_key="k" * 40)
    assert auth.signing_key(configured) == b"k" * 40
    assert not (tmp_path / "otra" / auth.KEY_FILE).exists()
    for placeholder in ("changethis", "corta"):
        with pytest.raises(SettingsError):
            Settings(database_url=database_url, data_dir=tmp_path, secret_key=placeholder)
    from_env = Settings.from_env({"SESIONA_HQ_SECRET_KEY": "s" * 32,
                                  "SESIONA_HQ_ACTIVE_MONTHS": "9",
                                  "SESIONA_HQ_DATA_DIR": str(tmp_path)})
    assert (from_env.secret_key, from_env.active_months) == ("s" * 32, 9)
    assert Settings.from_env(from_env.to_env()) == from_env  # what uvicorn's workers get
    assert Settings.from_env({"SESIONA_HQ_DATA_DIR": str(tmp_path)}).active_months == 6
    with pytest.raises(SettingsError, match="SESIONA_HQ_ACTIVE_MONTHS"):
        Settings.from_env({"SESIONA_HQ_ACTIVE_MONTHS": "seis"})


def test_unknown_dashboard_addresses_get_a_spanish_page_and_the_api_stays_json(client):
    page = client.get("/panel/no-existe")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "No existe esta dirección en la sede central." in page.text
    wrong_method = client.get("/panel/salir")
    assert wrong_method.status_code == 405 and "Método no permitido" in wrong_method.text
    api = client.get("/api/v1/no-existe")
    assert api.status_code == 404 and api.json() == {
        "detail": "No existe esta dirección en la sede central."}


def test_the_activity_window_comes_from_the_settings(tmp_path, database_url, hq):
    from tests.dashboard.support import CommitteeOps

    device = hq.enroll("PE-UCA")
    committee = CommitteeOps("PE-UCA", "cdrpeti")
    committee.session("2026-04-28")  # seven months before the reference date
    device.push(committee.ops)
    settings = Settings(database_url=database_url, data_dir=tmp_path / "siete",
                        active_months=7)
    with TestClient(create_app(settings)) as seven_months:
        create_staff(seven_months.app.state.engine)  # type: ignore[attr-defined]
        login(seven_months)
        page = seven_months.get("/panel/", params={"al": "2026-11-28"})
        assert "desde el 28/04/2026 (últimos 7 meses)" in page.text
        row = re.search(r"<td>Ucayali</td>\s*<td class=\"estado (\w+)\"", page.text)
        assert row and row[1] == "activo"
        shorter = seven_months.get("/panel/", params={"al": "2026-11-28", "meses": "6"})
        row = re.search(r"<td>Ucayali</td>\s*<td class=\"estado (\w+)\"", shorter.text)
        assert row and row[1] == "inactivo"
