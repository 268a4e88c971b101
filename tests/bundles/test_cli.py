"""``sesiona bundle export|import`` and ``sesiona-hq bundle import|reply``: exit codes and
Spanish messages, and the key registered by ``sesiona sync``."""

from __future__ import annotations

from cli.main import main as sesiona
from db.storage.store import open_store
from server.cli.main import main as sesiona_hq
from tests.bundles.conftest import forget_registration
from tests.sync.conftest import hq, make_committee, make_session  # noqa: F401 (fixture)


def _hq_args(settings) -> list[str]:
    return ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir)]


def test_the_whole_trip_from_the_command_line(hq, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "ucayali.sqlite"
    bundle, reply = tmp_path / "cambios.sesiona-paquete", tmp_path / "respuesta.sesiona-paquete"
    assert sesiona(["enroll", "--db", str(path), "--server", hq.url, "--code",
                    hq.code("PE-UCA"), "--nombre", "Laptop"]) == 0
    db = open_store(path)
    make_session(db, make_committee(db))
    device_id = db.execute("SELECT value FROM meta WHERE key = 'sync_device_id'").fetchone()[0]
    forget_registration(db)  # as if enrolled before offline bundles existed
    db.conn.close()
    capsys.readouterr()

    assert sesiona(["bundle", "export", "--db", str(path), "--out", str(bundle)]) == 1
    assert "aún no registró su clave de firma" in capsys.readouterr().err
    assert not bundle.exists()
    assert sesiona(["sync", "--db", str(path)]) == 0  # registers the key
    db = open_store(path)
    make_session(db, db.execute("SELECT id FROM committees").fetchone()[0], day="2025-04-14")
    db.conn.close()
    capsys.readouterr()

    assert sesiona(["bundle", "export", "--db", str(path), "--out", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "Paquete guardado" in out and "Contiene 1 cambios" in out

    settings = hq.app.state.settings
    assert sesiona_hq(["bundle", "import", str(bundle), *_hq_args(settings)]) == 0
    out = capsys.readouterr().out
    assert "Paquete del equipo «Laptop» (PE-UCA) importado." in out and "aplicadas 1" in out
    assert sesiona_hq(["bundle", "import", str(bundle), *_hq_args(settings)]) == 0
    assert "ya se había importado" in capsys.readouterr().out

    assert sesiona_hq(["bundle", "reply", "--device", device_id, "--out", str(reply),
                       *_hq_args(settings)]) == 0
    assert "Respuesta guardada" in capsys.readouterr().out
    assert sesiona(["bundle", "import", "--db", str(path), str(reply)]) == 0
    assert "Enviados: 1 cambios (aplicados 1" in capsys.readouterr().out
    assert sesiona(["bundle", "import", "--db", str(path), str(reply)]) == 0
    assert "no se aplicó nada dos veces" in capsys.readouterr().out

    # Wrong way round, tampered, unknown device: exit 1 with the reason.
    assert sesiona(["bundle", "import", "--db", str(path), str(bundle)]) == 1
    assert "es un paquete de un equipo" in capsys.readouterr().err
    assert sesiona_hq(["bundle", "import", str(reply), *_hq_args(settings)]) == 1
    assert "es una respuesta de la sede" in capsys.readouterr().err
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bundle.write_bytes(bytes(data))
    assert sesiona_hq(["bundle", "import", str(bundle), *_hq_args(settings)]) == 1
    assert "No se importó nada" in capsys.readouterr().err
    assert sesiona_hq(["bundle", "reply", "--device", "no-existe", "--out", str(reply),
                       *_hq_args(settings)]) == 1
    assert "No existe el equipo no-existe" in capsys.readouterr().err


def test_headquarters_commands_on_both_backends(office, capsys):
    db = office.device("laptop")
    make_session(db, make_committee(db))
    bundle = office.export(db)
    device_id = db.execute("SELECT value FROM meta WHERE key = 'sync_device_id'").fetchone()[0]
    args = _hq_args(office.settings)
    assert sesiona_hq(["bundle", "import", str(bundle), *args]) == 0
    assert "aplicadas 2" in capsys.readouterr().out
    reply = office.tmp / "respuesta.sesiona-paquete"
    assert sesiona_hq(["bundle", "reply", "--device", device_id, "--out", str(reply),
                       *args]) == 0
    assert "2 respuestas a sus operaciones" in capsys.readouterr().out
    assert sesiona_hq(["bundle", "reply", "--device", device_id, "--out",
                       str(office.tmp / "no-existe" / "r.sesiona-paquete"), *args]) == 1
    assert "indique un archivo en una carpeta existente" in capsys.readouterr().err
    before = office.counts()
    truncated = office.tmp / "cortado.sesiona-paquete"
    truncated.write_bytes(bundle.read_bytes()[:-100])
    assert sesiona_hq(["bundle", "import", str(truncated), *args]) == 1
    assert "No se importó nada" in capsys.readouterr().err
    assert office.counts() == before
