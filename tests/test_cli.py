"""The ``sesiona`` command line: Spanish help, demo, check (never touching the file), the app."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from cli.main import default_db_path, main
from db.storage.connection import APPLICATION_ID
from db.storage.migrations import LATEST_VERSION
from desktop.startup import SHOWN_MARKER

ROOT = Path(__file__).resolve().parents[1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"))
            if p.exists()]


def expected_version() -> str:
    try:
        return metadata.version("sesiona")
    except metadata.PackageNotFoundError:
        return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


# Help, version and usage errors ----------------------------------------------------------

def test_help_is_spanish(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for text in ("uso: sesiona", "opciones:", "comandos:", "muestra esta ayuda y termina",
                 "Crea una base de demostración", "Verifica la integridad", "--db ARCHIVO",
                 "abre la aplicación"):
        assert text in out
    for english in ("usage:", "options:", "show this help", "positional arguments"):
        assert english not in out


@pytest.mark.parametrize("command, text", [("demo", "Crea una base de demostración"),
                                           ("check", "solo lectura")])
def test_command_help_is_spanish(capsys, command, text):
    assert main([command, "-h"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"uso: sesiona {command}")
    assert text in out and "muestra esta ayuda" in out and "usage" not in out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"sesiona {expected_version()}"


@pytest.mark.parametrize("argv, message", [
    (["check"], "falta el archivo: indique --db ARCHIVO"),
    (["demo"], "falta el archivo: indique --db ARCHIVO"),
    (["borrar"], "opción no válida: 'borrar'"),
    (["--no-existe"], "argumentos no reconocidos: --no-existe"),
    (["demo", "--db", "x.sqlite", "--fecha", "31/02/2025"], "no es una fecha válida"),
])
def test_usage_errors_are_spanish_and_exit_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("uso: sesiona") and message in err
    assert "usage" not in err and "error: " in err
    assert not (tmp_path / "x.sqlite").exists()


def test_default_database_lives_in_the_user_data_folder(tmp_path, capsys):
    # conftest points XDG_DATA_HOME at tmp_path / "data".
    assert default_db_path() == tmp_path / "data" / "Sesiona" / "sesiona.sqlite"
    assert main(["--help"]) == 0
    assert f"base de datos por defecto:\n  {default_db_path()}\n" in capsys.readouterr().out


# demo ------------------------------------------------------------------------------------

def test_demo_builds_a_complete_database(tmp_path, capsys):
    path = tmp_path / "sub" / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--fecha", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "Base de demostración creada" in out
    assert "CDRPETI-UCAYALI, CRLCTF-UCAYALI" in out
    assert "Fecha de referencia: lunes 30 de junio de 2025" in out
    assert "no realizada por falta de quórum: 1" in out and "vencidos:" in out
    assert sidecars(path) == [], "checkpointed into a single file"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT count(*) FROM committees").fetchone()[0] == 2
        assert 20 <= conn.execute("SELECT count(*) FROM sessions").fetchone()[0] <= 40
        assert conn.execute("SELECT max(date) FROM sessions WHERE state != 'programada'"
                            ).fetchone()[0] <= "2025-06-30"
        states = {r[0] for r in conn.execute("SELECT DISTINCT state FROM agreements")}
        assert states == {"pendiente", "en_proceso", "cumplido", "anulado"}
    finally:
        conn.close()
    assert main(["check", "--db", str(path)]) == 0


def test_demo_refuses_a_file_with_data_and_leaves_it_untouched(demo_path, capsys):
    before = sha256(demo_path)
    assert main(["demo", "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert "ya existe y contiene datos; no se ha modificado" in err
    assert sha256(demo_path) == before and sidecars(demo_path) == []


def test_demo_accepts_an_existing_empty_file(tmp_path, capsys):
    path = tmp_path / "vacio.sqlite"
    path.touch()
    assert main(["demo", "--db", str(path), "--fecha", "2024-12-31"]) == 0
    assert path.stat().st_size > 0
    assert "Base de demostración creada" in capsys.readouterr().out


# check -----------------------------------------------------------------------------------

def test_check_a_good_file(demo_path, capsys):
    before = sha256(demo_path)
    assert main(["check", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert f"Esquema: versión {LATEST_VERSION}\n" in out
    assert "Integridad: correcta" in out
    assert sha256(demo_path) == before
    assert sidecars(demo_path) == [], "a read-only check leaves no -wal/-shm behind"


def _text_file(path: Path) -> None:
    path.write_text("Acta de la sesión ordinaria N° 12\n", encoding="utf-8")


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clientes (id INTEGER PRIMARY KEY, nombre TEXT)")
    conn.execute("INSERT INTO clientes (nombre) VALUES ('Ana')")
    conn.commit()
    conn.close()


def _newer_schema(path: Path, demo: Path) -> None:
    shutil.copy(demo, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def _truncated(path: Path, demo: Path) -> None:
    shutil.copy(demo, path)
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def _overwritten(path: Path, demo: Path) -> None:
    shutil.copy(demo, path)
    with path.open("r+b") as fh:  # pages 2-4 (the first table b-trees) become garbage
        fh.seek(4096)
        fh.write(b"\xff" * 4096 * 3)


CASES = {
    "texto": (lambda p, d: _text_file(p), "no es un archivo SQLite"),
    "sqlite ajeno": (lambda p, d: _foreign_sqlite(p), "de otra aplicación, no de Sesiona"),
    "esquema más nuevo": (_newer_schema, "versión más reciente de Sesiona (esquema 99"),
    "truncado": (_truncated, "está dañado"),
    "páginas dañadas": (_overwritten, "está dañado"),
    "vacío": (lambda p, d: p.touch(), "está vacío"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_refuses_bad_files_without_touching_them(case, tmp_path, demo_path, capsys):
    make, reason = CASES[case]
    path = tmp_path / "entrada.sqlite"
    make(path, demo_path)
    if case == "esquema más nuevo":
        assert path.read_bytes()[60:64] == (99).to_bytes(4, "big")
    before = sha256(path)
    assert main(["check", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert reason in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert "Integridad: correcta" not in captured.out
    assert sha256(path) == before
    assert sidecars(path) == []


def test_check_keeps_sqlites_english_findings_in_the_log(tmp_path, demo_path, capsys, caplog):
    path = tmp_path / "entrada.sqlite"
    _overwritten(path, demo_path)
    with caplog.at_level("WARNING", logger="sesiona.check"):
        assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    findings = [r.getMessage() for r in caplog.records if r.name == "sesiona.check"]
    assert findings and all(str(path) in finding for finding in findings)
    assert "está dañado" in err and "registro de Sesiona" in err
    # What SQLite reports stays out of the user's terminal.
    for finding in findings:
        assert finding.split(": ", 1)[1] not in err


def test_check_a_missing_file(tmp_path, capsys):
    path = tmp_path / "no-existe.sqlite"
    assert main(["check", "--db", str(path)]) == 1
    assert "no existe" in capsys.readouterr().err
    assert not path.exists()


# In a real process -----------------------------------------------------------------------

def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_module_entry_point_checks_without_loading_qt(demo_path):
    done = _run("-X", "importtime", "-m", "cli", "check", "--db", str(demo_path))
    assert done.returncode == 0, done.stderr
    assert "Integridad: correcta" in done.stdout
    imported = done.stderr  # -X importtime lists every imported module on stderr
    assert "db.storage.store" in imported and "PySide6" not in imported


def test_module_entry_point_reports_a_foreign_file(tmp_path):
    path = tmp_path / "ajeno.sqlite"
    _foreign_sqlite(path)
    before = sha256(path)
    done = _run("-m", "cli", "check", "--db", str(path))
    assert done.returncode == 1
    assert "no de Sesiona" in done.stderr and "Traceback" not in done.stderr
    assert sha256(path) == before


# The app ---------------------------------------------------------------------------------

def test_without_a_command_the_app_opens_the_given_file(tmp_path):
    # In its own process, as a user starts it: an application whose event loop has run and
    # quit leaves Qt's offscreen windows unexposed for the rest of the process.
    path = tmp_path / "nueva.sqlite"
    done = subprocess.run([sys.executable, "-m", "cli", "--db", str(path)], cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "SESIONA_EXIT_AFTER_SHOW": "0"},
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert SHOWN_MARKER in done.stdout
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()
