"""``sesiona enroll`` and ``sesiona sync``: the device side of sync from the command line.

The same functions as the app (``db.sync_device.enroll``, ``db.sync_client.sync_round``).
No Qt is loaded. The token goes to the system keyring and is never printed.
"""

from __future__ import annotations

import argparse
import socket
from collections.abc import Callable
from pathlib import Path

from desktop.cli_documents import opened


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
    enroll.add_argument("--code", "--codigo", required=True, metavar="CÓDIGO",
                        help="código de inscripción, p. ej. ABCD-EFGH-JKLM")
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


def run_enroll(args: argparse.Namespace, path: Path) -> int:
    from db import catalog, sync_device
    from db.store import open_store

    db = open_store(path)
    try:
        name = args.nombre or socket.gethostname()[:120]
        device = sync_device.enroll(db, args.server, args.code, name,
                                    allow_http=args.permitir_http)
        region = catalog.region_name(db, device.region_code)
    finally:
        db.conn.close()
    print(f"Equipo «{device.device_name}» inscrito en {device.server_url}.")
    print(f"  Región: {region} ({device.region_code})")
    if device.committees:
        print(f"  Comités: {', '.join(device.committees)}")
    print(f"  Dispositivo: {device.device_id}")
    print("  La credencial se guardó en el almacén seguro del sistema.")
    print(f"Sincronice con: sesiona sync --db {path}")
    return 0


def run_sync(args: argparse.Namespace, path: Path) -> int:
    from db.progress import terminal_progress
    from db.sync_client import sync_round

    with opened(path) as db:
        report = sync_round(db, progress=terminal_progress())
    print("Sincronización completa.")
    for line in report.lines():
        print(f"  {line}")
    return 0


HANDLERS = {"enroll": run_enroll, "sync": run_sync}
