"""The headquarters' service files: the systemd unit and the nginx reverse proxy."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from contract.protocol import MAX_BODY_BYTES
from installers.project import ROOT

SERVER = ROOT / "installers" / "server"
UNIT = SERVER / "sesiona-hq.service"
NGINX = SERVER / "nginx-sesiona-hq.conf"
ENV = SERVER / "sesiona-hq.env"


def unit_sections() -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in UNIT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            current = sections.setdefault(match.group(1), {})
            continue
        key, value = line.split("=", 1)
        current.setdefault(key, []).append(value)
    return sections


def test_the_unit_runs_several_workers_as_an_unprivileged_user_with_the_env_file():
    service = unit_sections()["Service"]
    assert service["User"] == ["sesiona"] and service["Group"] == ["sesiona"]
    assert service["EnvironmentFile"] == ["/etc/sesiona-hq/env"]
    command = service["ExecStart"][0].split()
    assert command[0].endswith("/sesiona-hq") and command[1] == "serve"
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert int(command[command.index("--workers") + 1]) >= 2
    for hardening in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices"):
        assert service[hardening] == ["yes"], hardening
    assert service["ProtectSystem"] == ["strict"]
    assert service["CapabilityBoundingSet"] == [""]
    assert unit_sections()["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_env_file_sets_what_the_server_reads():
    names = {line.split("=", 1)[0] for line in ENV.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")}
    assert names == {"SESIONA_HQ_DATABASE_URL", "SESIONA_HQ_DATA_DIR"}
    server_settings = (ROOT / "server" / "core" / "settings.py").read_text(encoding="utf-8")
    assert all(name in server_settings for name in names)
    # The data folder is the one the unit creates and leaves writable.
    data_dir = dict(line.split("=", 1) for line in ENV.read_text(encoding="utf-8").splitlines()
                    if line and not line.startswith("#"))["SESIONA_HQ_DATA_DIR"]
    assert data_dir == "/var/lib/" + unit_sections()["Service"]["StateDirectory"][0]


def test_systemd_accepts_the_unit(tmp_path):
    """``systemd-analyze verify`` on the unit, with ExecStart pointed at a program that exists
    here (the real one lives in the server's virtualenv)."""
    assert shutil.which("systemd-analyze"), "systemd-analyze (paquete systemd) no está instalado"
    text = UNIT.read_text(encoding="utf-8")
    executable = unit_sections()["Service"]["ExecStart"][0].split()[0]
    unit = tmp_path / "sesiona-hq.service"
    unit.write_text(text.replace(executable, sys.executable), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr and "Invalid" not in done.stderr, done.stderr


def test_nginx_terminates_tls_and_keeps_the_protocol_body_limit():
    text = NGINX.read_text(encoding="utf-8")
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert code.count("{") == code.count("}")
    assert re.search(r"listen 443 ssl", code)
    assert re.search(r"ssl_certificate\s+\S+;", code)
    assert re.search(r"ssl_certificate_key\s+\S+;", code)
    assert re.search(r"return 301 https://", code)
    limit = re.search(r"client_max_body_size (\d+)m;", code)
    assert int(limit.group(1)) * 1024 * 1024 == MAX_BODY_BYTES
    # It proxies to where the unit listens.
    command = unit_sections()["Service"]["ExecStart"][0].split()
    port = command[command.index("--port") + 1]
    assert f"server 127.0.0.1:{port};" in code
    assert "proxy_set_header X-Forwarded-Proto https;" in code


def test_server_readme_points_at_the_service_files():
    readme = (ROOT / "server" / "README.md").read_text(encoding="utf-8")
    for path in ("installers/server/sesiona-hq.service", "installers/server/sesiona-hq.env",
                 "installers/server/nginx-sesiona-hq.conf"):
        assert path in readme
        assert (ROOT / path).is_file()
