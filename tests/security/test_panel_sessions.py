"""Panel sessions end when they should (issue 12, item 6), on SQLite and PostgreSQL, through
the app's real HTTP stack: «Salir» ends the session for every worker (the old cookie,
replayed, opens nothing), an administrator ends all of one user's sessions (from the panel
or ``sesiona-hq usuario cerrar-sesiones``) and nobody else's, a session unused for the idle
window or older than 12 h ends, and the cookie stays HttpOnly and SameSite and carries only
the session's signed secret."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server.cli.main import main as sesiona_hq
from server.core import panel_sessions
from server.core.models import enrollment_codes
from server.core.models import panel_sessions as sessions_table
from server.core.settings import Settings, SettingsError
from server.dashboard import auth
from server.main import create_app
from tests.dashboard.support import ADMIN, ANALYST, create_staff, csrf_of, login

LOGIN = "/panel/ingresar"
OTHER = ("otra.analista", "clave-otra-analista-2026")
START = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def rows(engine: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(sessions_table).order_by(
            sessions_table.c.created_at)).mappings()]


def user_rows(engine: Any, username: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        user_id = panel_sessions.user_id_of(conn, username)
    return [r for r in rows(engine) if r["user_id"] == user_id]


def codes(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(enrollment_codes)).scalar_one())


def signed_in(client: TestClient) -> bool:
    answer = client.get("/panel/", follow_redirects=False)
    if answer.status_code == 303:
        assert answer.headers["location"].startswith(f"{LOGIN}?siguiente=")
        return False
    assert answer.status_code == 200, answer.text
    return True


def replay(client: TestClient, cookie: str) -> None:
    client.cookies.clear()
    client.cookies.set(auth.COOKIE_NAME, cookie)


def add_other_analyst(engine: Any) -> None:
    from server.core import accounts
    from server.core.db import write_transaction

    with write_transaction(engine) as conn:
        accounts.create_user(conn, OTHER[0], OTHER[1], "analista")


def test_logout_ends_the_session_for_every_worker_and_the_old_cookie_opens_nothing(
        client, engine, settings):
    create_staff(engine)
    login(client, ADMIN)
    cookie = client.cookies[auth.COOKIE_NAME]
    page = client.get("/panel/equipos")
    csrf = csrf_of(page.text)
    with TestClient(create_app(settings)) as other_worker:
        replay(other_worker, cookie)
        assert signed_in(other_worker)  # the second worker knows the session

        out = client.post("/panel/salir", data={"csrf": csrf}, follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == LOGIN
        assert "Max-Age=0" in out.headers["set-cookie"]
        [row] = rows(engine)
        assert row["ended_reason"] == "salida" and row["ended_at"] is not None

        # The cookie kept from before «Salir» is refused by both workers, for pages,
        # exports and writes alike (a form replayed with its CSRF token writes nothing).
        for worker in (client, other_worker):
            replay(worker, cookie)
            assert not signed_in(worker)
            export = worker.get("/panel/equipos.xlsx", follow_redirects=False)
            assert export.status_code == 303
            before = codes(engine)
            forged = worker.post("/panel/equipos/codigo", data={
                "csrf": csrf, "region": "PE-CUS", "comites": "CDRPETI CUSCO"},
                follow_redirects=False)
            assert forged.status_code == 303 and forged.headers["location"].startswith(LOGIN)
            assert codes(engine) == before
            again = worker.post("/panel/salir", data={"csrf": csrf}, follow_redirects=False)
            assert again.status_code == 303 and again.headers["location"].startswith(LOGIN)
    assert rows(engine)[0]["ended_reason"] == "salida"  # ended once, for the reason it had


def test_signing_in_again_in_the_same_browser_ends_the_earlier_session(client, engine):
    create_staff(engine)
    login(client, ADMIN)
    first = client.cookies[auth.COOKIE_NAME]
    login(client, ADMIN)
    second = client.cookies[auth.COOKIE_NAME]
    assert first != second
    assert [r["ended_reason"] for r in rows(engine)] == ["reemplazo", None]
    replay(client, first)
    assert not signed_in(client)
    replay(client, second)
    assert signed_in(client)


def test_an_admin_ends_every_session_of_one_user_and_only_those(client, engine):
    create_staff(engine)
    add_other_analyst(engine)
    app = client.app
    laptop, phone, colleague = TestClient(app), TestClient(app), TestClient(app)
    for browser, who in ((laptop, ANALYST), (phone, ANALYST), (colleague, OTHER)):
        login(browser, who)
    login(client, ADMIN)
    page = client.get("/panel/usuarios")
    assert page.status_code == 200 and "Usuarios del panel" in page.text
    assert re.search(r"<td>analista\.mtpe</td>\s*<td>Analista</td>\s*<td[^>]*>2</td>",
                     page.text), page.text
    with engine.connect() as conn:
        analyst_id = panel_sessions.user_id_of(conn, ANALYST[0])
    action = f"/panel/usuarios/{analyst_id}/cerrar-sesiones"
    assert f'action="{action}"' in page.text

    # Without the form's token nothing ends.
    refused = client.post(action, data={}, follow_redirects=False)
    assert refused.status_code == 403 and "El formulario venció" in refused.text
    assert all(r["ended_at"] is None for r in rows(engine))
    # An analyst can neither see the page nor end anyone's sessions, not even with a token.
    assert laptop.get("/panel/usuarios").status_code == 403
    assert "Usuarios" not in laptop.get("/panel/").text.split("<main>")[0]
    own_csrf = csrf_of(laptop.get("/panel/").text)
    with engine.connect() as conn:
        other_id = panel_sessions.user_id_of(conn, OTHER[0])
    denied = laptop.post(f"/panel/usuarios/{other_id}/cerrar-sesiones",
                         data={"csrf": own_csrf})
    assert denied.status_code == 403 and "administrador" in denied.text
    assert signed_in(colleague)

    done = client.post(action, data={"csrf": csrf_of(page.text)})
    assert done.status_code == 200 and "Se cerraron 2 sesiones de «analista.mtpe»." in done.text
    assert not signed_in(laptop) and not signed_in(phone)
    assert signed_in(colleague) and signed_in(client)
    assert {r["ended_reason"] for r in user_rows(engine, ANALYST[0])} == {"administrador"}
    assert [r["ended_at"] for r in user_rows(engine, OTHER[0])] == [None]
    none_left = client.post(action, data={"csrf": csrf_of(page.text)})
    assert "«analista.mtpe» no tenía sesiones abiertas." in none_left.text
    missing = client.post("/panel/usuarios/no-existe/cerrar-sesiones",
                          data={"csrf": csrf_of(page.text)})
    assert missing.status_code == 404 and "Ese usuario no existe." in missing.text

    # Ending one's own sessions signs one out.
    with engine.connect() as conn:
        admin_id = panel_sessions.user_id_of(conn, ADMIN[0])
    own = client.post(f"/panel/usuarios/{admin_id}/cerrar-sesiones",
                      data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert own.status_code == 303 and own.headers["location"] == LOGIN
    assert not signed_in(client) and signed_in(colleague)


def test_the_cli_ends_every_session_of_one_user(client, engine, settings, capsys):
    create_staff(engine)
    add_other_analyst(engine)
    analyst, colleague = TestClient(client.app), TestClient(client.app)
    login(analyst, ANALYST)
    login(colleague, OTHER)
    storage = ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir)]

    assert sesiona_hq(["usuario", "cerrar-sesiones", ANALYST[0], *storage]) == 0
    assert capsys.readouterr().out == ("Sesiones del panel cerradas para «analista.mtpe»: 1. "
                                       "Deberá ingresar de nuevo con su contraseña.\n")
    assert not signed_in(analyst) and signed_in(colleague)
    assert sesiona_hq(["usuario", "cerrar-sesiones", ANALYST[0], *storage]) == 0
    assert "«analista.mtpe» no tenía sesiones abiertas en el panel." in capsys.readouterr().out

    before = rows(engine)
    assert sesiona_hq(["usuario", "cerrar-sesiones", "nadie", *storage]) == 1
    captured = capsys.readouterr()
    assert captured.err == "sesiona-hq: no existe el usuario «nadie».\n"
    assert "Traceback" not in captured.err and rows(engine) == before
    assert signed_in(colleague)


def test_a_session_ends_after_the_idle_window_and_after_twelve_hours(client, engine):
    create_staff(engine)
    with time_machine.travel(START, tick=True) as clock:
        login(client, ADMIN)
        cookie = client.cookies[auth.COOKIE_NAME]
        [opened] = rows(engine)
        # Used again within a minute: "last seen" is not written on every request.
        clock.shift(timedelta(seconds=40))
        assert signed_in(client)
        assert rows(engine)[0]["last_seen_at"] == opened["last_seen_at"]
        # Used after 29 minutes: it works, and the use is recorded, so the window restarts.
        clock.shift(timedelta(minutes=29))
        assert signed_in(client)
        touched = rows(engine)[0]["last_seen_at"]
        assert touched - opened["last_seen_at"] >= timedelta(minutes=29)
        clock.shift(timedelta(minutes=29))
        assert signed_in(client)  # 58 minutes after signing in, 29 after its last use
        clock.shift(timedelta(minutes=31))
        assert not signed_in(client)
        [ended] = rows(engine)
        assert ended["ended_reason"] == "inactividad"
        clock.shift(timedelta(seconds=-90 * 60))  # even a clock set back does not revive it
        replay(client, cookie)
        assert not signed_in(client)

    # In use every 25 minutes, a session still ends 12 hours after signing in.
    with time_machine.travel(START + timedelta(days=1), tick=True) as clock:
        client.cookies.clear()
        login(client, ANALYST)
        cookie = client.cookies[auth.COOKIE_NAME]
        used = 0
        while used + 25 < 12 * 60:
            clock.shift(timedelta(minutes=25))
            used += 25
            assert signed_in(client), f"ended after {used} minutes"
        clock.shift(timedelta(minutes=12 * 60 - used))
        # The browser drops the cookie at its max-age; one kept and replayed is refused too.
        assert not signed_in(client)
        replay(client, cookie)
        assert not signed_in(client)
        assert user_rows(engine, ANALYST[0])[-1]["ended_reason"] == "vencimiento"


def test_the_idle_window_comes_from_the_settings(tmp_path, database_url):
    settings = Settings(database_url=database_url, data_dir=tmp_path / "hq",
                        panel_idle_minutes=5)
    with TestClient(create_app(settings)) as browser:
        create_staff(browser.app.state.engine)  # type: ignore[attr-defined]
        with time_machine.travel(START, tick=True) as clock:
            login(browser, ADMIN)
            clock.shift(timedelta(minutes=4))
            assert signed_in(browser)
            clock.shift(timedelta(minutes=6))
            assert not signed_in(browser)
    env = Settings.from_env({"SESIONA_HQ_PANEL_IDLE_MINUTES": "45",
                             "SESIONA_HQ_DATA_DIR": str(tmp_path)})
    assert env.panel_idle_minutes == 45 and Settings.from_env(env.to_env()) == env
    assert Settings.from_env({"SESIONA_HQ_DATA_DIR": str(tmp_path)}).panel_idle_minutes == 30
    for wrong in ("0", "treinta"):
        with pytest.raises(SettingsError, match="SESIONA_HQ_PANEL_IDLE_MINUTES"):
            Settings.from_env({"SESIONA_HQ_PANEL_IDLE_MINUTES": wrong})


def test_the_cookie_is_httponly_samesite_and_carries_only_the_signed_session_secret(
        client, engine, settings):
    create_staff(engine)
    answer = login(client)
    header = answer.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=lax" in header and "Path=/panel" in header
    assert "Secure" not in header  # plain http on loopback

    value = client.cookies[auth.COOKIE_NAME]
    key = auth.signing_key(settings)
    payload = auth.unsign(key, "session", value)
    assert payload is not None and set(payload) == {"sid"}
    [row] = rows(engine)
    # The table keeps only the secret's SHA-256: a copy of it opens no session.
    assert row["id"] == hashlib.sha256(payload["sid"].encode()).hexdigest()
    assert payload["sid"] not in {str(v) for v in row.values()}

    # A cookie naming the stored hash, or a secret signed with another key, opens nothing.
    for forged in (auth.session_cookie(key, row["id"]),
                   auth.session_cookie(b"not-the-key-" * 4, payload["sid"]),
                   value[:-2] + ("AA" if not value.endswith("AA") else "BB")):
        replay(client, forged)
        assert not signed_in(client)

    client.cookies.clear()
    token = re.search(r'name="token" value="([^"]+)"', client.get(LOGIN).text)[1]
    proxied = client.post(LOGIN, headers={"X-Forwarded-Proto": "https"}, data={
        "usuario": ADMIN[0], "clave": ADMIN[1], "token": token}, follow_redirects=False)
    header = proxied.headers["set-cookie"]
    assert "Secure" in header and "HttpOnly" in header and "SameSite=lax" in header
