"""``sesiona enroll`` and ``sesiona sync``: the device side of sync from the command line.

The same functions as the app (``devicesync.enrollment.enroll``, ``devicesync.client.sync_round``).
No Qt is loaded. The token goes to the system keyring and is never printed.

The enrolment code is a secret for 72 hours: typed at a prompt that does not echo it, or read
from standard input when that is not a terminal (``echo CODE | sesiona enroll …``), so it
stays out of the shell history; ``--code`` remains for scripts. ``enroll`` is one of the
commands that may create the database; if enrolling fails, a database it created is removed.
"""

from __future__ import annotations

import argparse
import socket
from collections.abc import Callable
from pathlib import Path

from cli.documents import opened


def add_commands(commands, database_option: Callable[[argparse.ArgumentParser], None]) -> dict:
    enroll = commands.add_parser(
        "enroll", help="Inscribe este equipo en la sede central con un código de un solo uso.",
        description="Inscribe la base en la sede central del MTPE con el código de inscripción "
                    "que entrega la sede\n(vence a las 72 horas y se usa una sola vez). La "
                    "credencial del equipo se guarda en el\nalmacén seguro del sistema, nunca "
                    "en un archivo. La base se crea si no existe.")
    database_option(enroll)
    enroll.add_argument("--server", "--sede", required=True, metavar="URL",
                        help="dirección de la sede, p. ej. https://sesiona.trabajo.gob.pe")
    enroll.add_argument("--code", "--codigo", metavar="CÓDIGO",
                        help="código de inscripción, p. ej. ABCD-EFGH-JKLM (sin esta opción "
                             "se pide sin mostrarlo, o se lee de la entrada estándar)")
    enroll.add_argument("--nombre", metavar="NOMBRE", default=None,
                        help="nombre de este equipo (por defecto, el del sistema)")
    enroll.add_argument("--permitir-http", action="store_true",
                        help="«Permitir conexiones sin cifrar (http://)»: solo para una red de "
                             "pruebas de confianza (las direcciones locales no lo necesitan)")
    sync = commands.add_parser(
        "sync", help="Sincroniza con la sede: envía los cambios y recibe los de la sede.",
        description="Una ronda de sincronización con la sede central: envía los cambios "
                    "pendientes y los archivos,\ny recibe lo que publicaron la sede y los "
                    "demás equipos de la secretaría. Termina con error\n(y el motivo) si no "
                    "pudo completarse; lo ya recibido queda guardado.")
    database_option(sync)
    return {"enroll": enroll, "sync": sync}


def read_code(args: argparse.Namespace) -> str:
    from cli.documents import read_password
    from db.errors import ValidationError

    code = args.code if args.code is not None else read_password("Código de inscripción: ")
    code = code.strip()
    if not code:
        raise ValidationError({"code": "Falta el código de inscripción: escríbalo cuando se "
                                       "pida, envíelo por la entrada estándar o use --code."})
    return code


def run_enroll(args: argparse.Namespace, path: Path) -> int:
    from cli.main import remove_database
    from db.domain import catalog
    from db.storage.store import open_store
    from devicesync import enrollment

    code = read_code(args)  # before the file is touched: a missing code creates nothing
    existed = path.exists() and path.stat().st_size > 0
    db = open_store(path, create=True)
    enrolled = False
    try:
        name = args.nombre or socket.gethostname()[:120]
        device = enrollment.enroll(db, args.server, code, name,
                                    allow_http=args.permitir_http)
        region = catalog.region_name(db, device.region_code)
        enrolled = True
    finally:
        db.conn.close()
        if not enrolled and not existed:  # a refused enrolment leaves no new file behind
            remove_database(path)
    print(f"Equipo «{device.device_name}» inscrito en {device.server_url}.")
    print(f"  Región: {region} ({device.region_code})")
    if device.committees:
        print(f"  Comités: {', '.join(device.committees)}")
    print(f"  Dispositivo: {device.device_id}")
    print("  La credencial se guardó en el almacén seguro del sistema.")
    print(f"Sincronice con: sesiona sync --db {path}")
    return 0


def run_sync(args: argparse.Namespace, path: Path) -> int:
    from db.storage.progress import terminal_progress
    from devicesync.client import sync_round

    with opened(path) as db:
        report = sync_round(db, progress=terminal_progress())
    print("Sincronización completa.")
    for line in report.lines():
        print(f"  {line}")
    return 0


HANDLERS = {"enroll": run_enroll, "sync": run_sync}
