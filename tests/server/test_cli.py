"""``sesiona-hq`` on a SQLite file: init, create-user, enroll, revoke-device, devices."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from sqlalchemy import select

from server.cli.main import main
from server.core import accounts, security
from server.core.db import make_engine, read_transaction
from server.core.models import devices, enrollment_codes, users
from server.migrations import head_revision


@pytest.fixture
def hq_args(tmp_path):
    url = f"sqlite:///{tmp_path / 'hq.sqlite'}"
    return ["--database-url", url, "--data-dir", str(tmp_path / "datos")]


@pytest.fixture
def engine(hq_args):
    assert main([*hq_args[:2], "init"]) == 0
    engine = make_engine(hq_args[1])
    yield engine
    engine.dispose()


def test_help_is_spanish(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: sesiona-hq")
    for command in ("init", "serve", "create-user", "enroll", "revoke-device", "devices"):
        assert command in out
    assert "muestra esta ayuda" in out


def test_usage_errors_are_spanish(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["enroll", "--committee", "X"])
    assert exit_.value.code == 2
    assert "faltan argumentos obligatorios: --secretariat" in capsys.readouterr().err


def test_init_creates_the_database_and_is_repeatable(hq_args, tmp_path, capsys):
    assert main([*hq_args, "init"]) == 0
    assert main(["init", *hq_args]) == 0  # options after the command too
    out = capsys.readouterr().out
    assert f"Base de datos lista (esquema {head_revision()})" in out
    assert (tmp_path / "hq.sqlite").exists() and (tmp_path / "datos" / "blobs").is_dir()


def test_enroll_prints_a_one_time_code(hq_args, engine, capsys):
    assert main([*hq_args, "enroll", "--secretariat", "PE-UCA", "--committee", "CDRPETI-UCAYALI",
                 "--committee", "CRTF-UCAYALI", "--hours", "2"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", out).group(1)
    assert "Ucayali" in out and "hora de Lima" in out
    with read_transaction(engine) as conn:
        row = conn.execute(select(enrollment_codes)).mappings().one()
        assert row["code_hash"] == security.code_hash(code)
        assert row["committees"] == ["CDRPETI-UCAYALI", "CRTF-UCAYALI"]
        assert 7100 < (row["expires_at"] - row["created_at"]).total_seconds() <= 7200
        assert code not in str(dict(row))


def test_enroll_refuses_an_unknown_region(hq_args, engine, capsys):
    assert main([*hq_args, "enroll", "--secretariat", "PE-XYZ", "--committee", "X"]) == 1
    assert "no es una región del Perú" in capsys.readouterr().err


def test_create_user_reads_the_password_from_stdin(hq_args, engine, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("una clave muy larga\n"))
    assert main([*hq_args, "create-user", "rosa.q", "--role", "analista"]) == 0
    assert "Usuario «rosa.q» creado con el rol analista." in capsys.readouterr().out
    with read_transaction(engine) as conn:
        row = conn.execute(select(users)).mappings().one()
        assert row["role"] == "analista"
        assert row["password_hash"].startswith("$argon2id$")
        assert accounts.check_user(conn, "rosa.q", "una clave muy larga")["role"] == "analista"
        assert accounts.check_user(conn, "rosa.q", "otra") is None
        assert accounts.check_user(conn, "nadie", "una clave muy larga") is None
    monkeypatch.setattr(sys, "stdin", io.StringIO("una clave muy larga\n"))
    assert main([*hq_args, "create-user", "rosa.q", "--role", "admin"]) == 1
    assert "Ya existe el usuario" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("corta\n"))
    assert main([*hq_args, "create-user", "otro", "--role", "admin"]) == 1
    assert "al menos 12 caracteres" in capsys.readouterr().err


def test_devices_and_revoke(hq_args, engine, capsys):
    assert main([*hq_args, "devices"]) == 0
    assert "No hay equipos inscritos." in capsys.readouterr().out
    with engine.begin() as conn:
        code, _ = accounts.create_enrollment_code(conn, "PE-LIM", ["CDRPETI-LIMA"])
        device, token, _ = accounts.enroll(conn, code, "Laptop Lima")
    assert main([*hq_args, "devices"]) == 0
    out = capsys.readouterr().out
    assert device.id in out and "PE-LIM" in out and "activo" in out and "Laptop Lima" in out
    assert main([*hq_args, "revoke-device", device.id]) == 0
    assert "dado de baja" in capsys.readouterr().out
    with read_transaction(engine) as conn:
        assert conn.execute(select(devices.c.revoked_at)).scalar_one() is not None
        with pytest.raises(accounts.AccountError) as refused:
            accounts.authenticate(conn, token)
        assert refused.value.status == 401
    assert main([*hq_args, "devices"]) == 0
    assert "de baja" in capsys.readouterr().out
    assert main([*hq_args, "revoke-device", "no-existe"]) == 1
    assert "No existe el equipo no-existe" in capsys.readouterr().err


def test_serve_refuses_a_public_address_without_the_explicit_setting(hq_args, capsys):
    assert main([*hq_args, "serve", "--host", "0.0.0.0"]) == 1
    assert "proxy inverso con TLS" in capsys.readouterr().err


def test_placeholder_database_password_is_refused(capsys):
    url = "postgresql://sesiona:changethis@127.0.0.1/sesiona"
    assert main(["--database-url", url, "devices"]) == 1
    assert "valor de ejemplo" in capsys.readouterr().err


def test_the_installed_command_runs(hq_args):
    result = subprocess.run([sys.executable, "-m", "server.cli.main", *hq_args, "init"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Base de datos lista" in result.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_uvicorn_workers_on_loopback(hq_args):
    import time

    import httpx

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli.main", *hq_args, "serve", "--port", str(port),
         "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/info", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read().decode()  # type: ignore
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["protocol"] == [1, 1]
    finally:
        process.terminate()
        process.wait(timeout=30)
