"""Bad database files, SQLite's English and the enrolment code (issue 12, «Bad input,
continued»). The real ``sesiona`` program runs in a subprocess: a damaged, empty, foreign or
missing file is refused by every command that takes ``--db`` with a Spanish message, a
non-zero exit and no traceback, and its bytes (or its absence) stay exactly as they were.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.main import main
from db.storage.sqlite_errors import GENERIC, spanish
from db.storage.store import open_existing, open_store
from tests.security.bad_input.cli_support import ROOT, fingerprint, sesiona

# Every command that takes --db and is not meant to create a database. (``verificar --db``
# opens the database only after a signed PDF verified: covered by tests/test_cli_documents.)
EXISTING_ONLY = {
    "sesiones": [],
    "acta": ["--session", "CDRPETI-UCAYALI-SO-1", "--out", "{out}/acta.pdf"],
    "asistencia": ["--session", "CDRPETI-UCAYALI-SO-1", "--out", "{out}/lista.pdf"],
    "extractos": ["--session", "CDRPETI-UCAYALI-SO-1", "--out", "{out}/extractos"],
    "firmar": ["--session", "CDRPETI-UCAYALI-SO-1", "--p12", "{out}/cert.p12",
               "--field", "Firma Presidencia GORE"],
    "plan-report": ["--plan", "CDRPETI-UCAYALI-2025", "--out", "{out}/matriz.pdf"],
    "plan-import": ["--committee", "CDRPETI-UCAYALI", "{out}/plan.xlsx"],
    "sync": [],
    "bundle export": ["--out", "{out}/cambios.sesiona-paquete"],
    "bundle import": ["{out}/respuesta.sesiona-paquete"],
    "check": [],
}
DAMAGED = "el archivo está dañado"
RESTORE = "No se ha modificado; recupere una copia de seguridad."


def _damage_table_pages(path: Path) -> None:
    """Garbage over pages in the middle of the file: the header and the schema (page 1)
    stay intact, so only an integrity check can tell."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for fraction in (0.3, 0.5, 0.7):
            fh.seek(int(size * fraction) // 4096 * 4096)
            fh.write(b"\xa5" * 4096 * 2)


def _text(path: Path) -> None:
    path.write_text("Acta de la sesión ordinaria N° 12\nAsistentes: …\n", encoding="utf-8")


CASES = {
    "dañado": (_damage_table_pages, [DAMAGED, RESTORE]),
    "vacío": (lambda p: p.write_bytes(b""), ["está vacío"]),
    "texto renombrado": (_text, ["no es un archivo SQLite"]),
    "inexistente": (lambda p: p.unlink(), ["no existe"]),
}


def _argv(command: str, path: Path, out: Path) -> list[str]:
    extra = [a.replace("{out}", str(out)) for a in EXISTING_ONLY[command]]
    return [*command.split(), "--db", str(path), *extra]


@pytest.fixture
def bad_files(demo_path, tmp_path) -> dict[str, Path]:
    files = {}
    for case, (make, _) in CASES.items():
        path = tmp_path / case.replace(" ", "-") / "comite.sqlite"
        path.parent.mkdir()
        shutil.copy(demo_path, path)
        make(path)
        files[case] = path
    return files


def test_the_damage_is_invisible_to_the_header_check_but_not_to_sesiona_check(bad_files):
    path = bad_files["dañado"]
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    done = sesiona("check", "--db", str(path))
    assert done.returncode == 1 and DAMAGED in done.stderr and RESTORE in done.stderr


@pytest.mark.parametrize("command", list(EXISTING_ONLY))
def test_every_command_refuses_a_bad_file_and_writes_nothing(command, bad_files, tmp_path):
    out = tmp_path / "salida"
    out.mkdir()
    for case, path in bad_files.items():
        before = fingerprint(path)
        done = sesiona(*_argv(command, path, out))
        where = f"{command} / {case}: {done.stderr!r}"
        assert done.returncode != 0, where
        assert "Traceback" not in done.stderr + done.stdout, where
        for text in CASES[case][1]:
            assert text in done.stderr, where
        assert fingerprint(path) == before, where
        assert list(out.iterdir()) == [], f"{where}: wrote {list(out.iterdir())}"
        if case == "inexistente":
            assert list(path.parent.iterdir()) == [], where


def test_sesiones_on_a_damaged_file_says_what_check_says(bad_files):
    path = bad_files["dañado"]
    listing, check = sesiona("sesiones", "--db", str(path)), sesiona("check", "--db", str(path))
    assert listing.returncode == 1 and check.returncode == 1
    verdict = f"{DAMAGED} ("
    assert verdict in listing.stderr or f"{DAMAGED}." in listing.stderr
    assert RESTORE in listing.stderr and RESTORE in check.stderr
    assert "No hay sesiones" not in listing.stderr and listing.stdout == ""


def test_open_existing_never_creates_and_open_store_refuses_damage(bad_files, tmp_path):
    from db.errors import DamagedFileError, NotASesionaFile

    missing = tmp_path / "nueva.sqlite"
    with pytest.raises(NotASesionaFile, match="no existe"):
        open_existing(missing)
    assert not missing.exists()
    with pytest.raises(NotASesionaFile, match="está vacío"):
        open_existing(bad_files["vacío"])
    assert bad_files["vacío"].stat().st_size == 0
    before = fingerprint(bad_files["dañado"])
    for create in (True, False):  # a command allowed to create still refuses a damaged file
        with pytest.raises(DamagedFileError, match=DAMAGED):
            open_store(bad_files["dañado"], create=create)
    assert fingerprint(bad_files["dañado"]) == before


def test_demo_still_creates_and_a_good_file_still_opens(tmp_path, demo_path):
    created = tmp_path / "demo-nueva.sqlite"
    done = sesiona("demo", "--db", str(created))
    assert done.returncode == 0, done.stderr
    listing = sesiona("sesiones", "--db", str(demo_path))
    assert listing.returncode == 0 and "CDRPETI-UCAYALI-SO-" in listing.stdout


def test_the_app_refuses_an_empty_file_instead_of_filling_it(tmp_path):
    empty = tmp_path / "vacia.sqlite"
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "cli", "--db", str(empty)], cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
             "SESIONA_EXIT_AFTER_SHOW": "0"})
    assert done.returncode == 1
    assert "está vacío: no es una base de datos de Sesiona" in done.stderr
    assert "Traceback" not in done.stderr
    assert empty.stat().st_size == 0
    # Only the one-window lock may be left beside it (db.storage.instance_lock), no -wal or -shm.
    assert sorted(p.name for p in tmp_path.glob("vacia.sqlite*")) in (
        ["vacia.sqlite"], ["vacia.sqlite", "vacia.sqlite.lock"])


# SQLite's English ----------------------------------------------------------------------

RAW = ["database is locked", "disk I/O error", "file is not a database",
       "UNIQUE constraint failed: sessions.id", "no such table: sessions",
       "database or disk is full", "attempt to write a readonly database",
       "database disk image is malformed", "FOREIGN KEY constraint failed",
       "NOT NULL constraint failed: sessions.date", "something SQLite never said"]


@pytest.mark.parametrize("raw", RAW)
def test_sqlite_messages_are_spanish_and_the_original_is_logged(raw, caplog):
    kind = sqlite3.IntegrityError if "constraint" in raw else sqlite3.OperationalError
    with caplog.at_level("WARNING", logger="sesiona.sqlite"):
        message = spanish(kind(raw))
    assert raw not in message
    english = {"database", "failed", "table", "constraint", "attempt", "locked", "malformed",
               "readonly", "unique", "such"}
    assert not any(word in message.casefold().split() for word in english), message
    assert (message == GENERIC) == (raw == "something SQLite never said")
    assert raw in caplog.text


def test_a_real_sqlite_error_reaches_the_user_in_spanish_and_the_log_in_english(
        demo_path, tmp_path):
    """A file whose table was dropped behind Sesiona's back: SQLite says «no such table»."""
    conn = sqlite3.connect(demo_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE sessions")
    conn.commit()
    conn.close()
    done = sesiona("sesiones", "--db", str(demo_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no tiene la estructura que Sesiona espera" in done.stderr
    assert "no such table" not in done.stderr
    from cli.user_log import log_path

    assert "no such table" in log_path().read_text(encoding="utf-8")


def test_library_warnings_go_to_the_log_not_to_the_terminal(demo_path, tmp_path):
    """A sheet with an extension openpyxl does not support makes it warn (in English)."""
    from cli.user_log import log_path
    from tests.security.bad_input.xlsx import write_xlsx

    path = demo_path
    book = tmp_path / "con-extension.xlsx"
    write_xlsx(book, {"Matriz": [["Plan de Trabajo Anual 2025"]]}, extension=True)
    done = subprocess.run(
        [sys.executable, "-W", "always", "-m", "cli", "plan-import", "--db",
         str(path), "--committee", "CDRPETI-UCAYALI", str(book)], cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Warning" not in done.stderr and "warn" not in done.stderr.casefold()
    assert "No se importó nada" in done.stderr
    assert "UserWarning" in log_path().read_text(encoding="utf-8")


# The enrolment code -------------------------------------------------------------------

def test_enrolment_code_read_from_standard_input(hq, tmp_path, capsys, monkeypatch,
                                                 memory_keyring):
    import io

    path = tmp_path / "nuevo.sqlite"
    code = hq.code("PE-UCA", ["CDRPETI UCAYALI"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{code}\n"))  # a pipe, not a terminal
    assert main(["enroll", "--db", str(path), "--server", hq.url, "--nombre", "Laptop"]) == 0
    out = capsys.readouterr().out
    assert "Equipo «Laptop» inscrito" in out and code not in out
    assert len(memory_keyring.secrets) == 1


def test_a_missing_code_creates_nothing(tmp_path):
    path = tmp_path / "nuevo.sqlite"
    done = sesiona("enroll", "--db", str(path), "--server", "https://sede.example.org",
                   stdin="\n")
    assert done.returncode == 1 and "Falta el código de inscripción" in done.stderr
    assert "Traceback" not in done.stderr and not path.exists()


def test_enrolment_code_typed_at_a_prompt_is_not_echoed(hq, tmp_path):
    """A real terminal (pty): the prompt appears, the typed code is not shown, and it reaches
    headquarters (which refuses this made-up one in Spanish); no database is left behind."""
    path = tmp_path / "nuevo.sqlite"
    typed = "QQQQ-RRRR-SSSS"  # made up: headquarters refuses it
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real program on the terminal
        os.environ["PYTHONPATH"] = str(ROOT)
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "cli", "enroll", "--db",
                                  str(path), "--server", hq.url])
    seen = b""
    deadline = time.monotonic() + 60
    while "Código de inscripción:" not in seen.decode("utf-8", "replace"):
        assert time.monotonic() < deadline, seen
        if select.select([fd], [], [], 1)[0]:
            seen += os.read(fd, 4096)
    os.write(fd, f"{typed}\n".encode())
    while True:
        assert time.monotonic() < deadline, seen
        if not select.select([fd], [], [], 1)[0]:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 1, text
    assert typed not in text, "the code must not be echoed"
    assert "código" in text.casefold() and "Traceback" not in text
    assert not path.exists()
