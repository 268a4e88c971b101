"""``sesiona enroll`` and ``sesiona sync`` against a real headquarters."""

from __future__ import annotations

from cli.main import main
from db.domain import sessions
from db.storage.store import open_store
from tests.sync.conftest import make_committee, make_session


def test_enroll_then_sync_prints_what_moved(hq, tmp_path, capsys, memory_keyring):
    path = tmp_path / "nuevo.sqlite"
    code = hq.code("PE-UCA", ["CDRPETI UCAYALI"])
    assert main(["enroll", "--db", str(path), "--server", hq.url, "--code", code,
                 "--nombre", "Laptop de la secretaría"]) == 0
    out = capsys.readouterr().out
    assert "Equipo «Laptop de la secretaría» inscrito" in out
    assert "Región: Ucayali (PE-UCA)" in out and "CDRPETI UCAYALI" in out
    (token,) = memory_keyring.secrets.values()
    assert token not in out

    db = open_store(path)
    session = make_session(db, make_committee(db))
    sessions.add_invitee(db, session, "Rosa Huamán")
    db.conn.close()
    assert main(["sync", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Sincronización completa." in out
    assert "Enviados: 3 cambios (aplicados 3" in out

    assert main(["sync", "--db", str(path)]) == 0
    assert "Todo estaba al día" in capsys.readouterr().out


def test_failures_exit_non_zero_with_the_reason(hq, tmp_path, capsys):
    path = tmp_path / "base.sqlite"
    open_store(path).conn.close()
    assert main(["sync", "--db", str(path)]) == 1
    assert "no está inscrito en la sede" in capsys.readouterr().err

    assert main(["enroll", "--db", str(path), "--server", "http://sede.example.org",
                 "--code", "ABCD-EFGH-JKLM"]) == 1
    err = capsys.readouterr().err
    assert "Permitir conexiones sin cifrar (http://)" in err and "--permitir-http" in err

    assert main(["enroll", "--db", str(path), "--server", hq.url, "--code",
                 hq.code("PE-UCA")]) == 0
    hq.server.should_exit = True
    hq.thread.join(timeout=10)
    capsys.readouterr()
    assert main(["sync", "--db", str(path)]) == 1
    assert "Sin conexión con la sede" in capsys.readouterr().err
