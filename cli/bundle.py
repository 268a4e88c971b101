"""``sesiona bundle export`` and ``sesiona bundle import``: offline bundles from the command
line, for regions without a connection good enough to sync.

The same functions as the app (``devicesync.bundles.export_bundle`` and ``import_reply``). No Qt is
loaded. A refused file exits with 1 and the reason on stderr; nothing was written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from cli.documents import opened


def add_commands(commands, database_option: Callable[[argparse.ArgumentParser], None]) -> dict:
    bundle = commands.add_parser(
        "bundle", help="Paquetes sin conexión: exporta los cambios o importa la respuesta "
                       "de la sede.",
        description="Sin una conexión que permita sincronizar, los cambios viajan en un "
                    "archivo firmado por este\nequipo («export»), que la sede importa; la "
                    "sede devuelve otro archivo firmado con sus respuestas\ny novedades "
                    "(«import»). El equipo debe haber sincronizado en línea una vez (para "
                    "registrar\nsu clave de firma).")
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACCIÓN", title="acciones",
                                    parser_class=type(bundle))
    actions.required = True
    export = actions.add_parser(
        "export", help="Escribe los cambios pendientes y sus archivos en un paquete firmado.",
        description="Escribe los cambios pendientes y sus archivos adjuntos en un paquete "
                    "firmado por este equipo.\nLos cambios siguen pendientes hasta importar "
                    "la respuesta de la sede.")
    database_option(export)
    export.add_argument("--out", required=True, type=Path, metavar="ARCHIVO",
                        help="archivo que se escribe, p. ej. ucayali.sesiona-paquete")
    imported = actions.add_parser(
        "import", help="Importa la respuesta de la sede (verifica su firma).",
        description="Verifica la firma de la respuesta de la sede y la aplica: confirma los "
                    "cambios enviados\n(los conflictos van a la bandeja) y recibe los "
                    "catálogos y los cambios de la región.\nImportarla dos veces no aplica "
                    "nada dos veces.")
    database_option(imported)
    imported.add_argument("file", type=Path, metavar="ARCHIVO", help="respuesta de la sede")
    return {"bundle": bundle}


def run_bundle(args: argparse.Namespace, path: Path) -> int:
    from db.storage.progress import terminal_progress
    from devicesync.bundles import export_bundle, import_reply

    # Refusals are SesionaErrors: ``cli.main.main`` prints them and exits with 1.
    with opened(path) as db:
        if args.bundle_command == "export":
            result = export_bundle(db, args.out, progress=terminal_progress())
        else:
            result = import_reply(db, args.file, progress=terminal_progress())
    for line in result.lines():
        print(line)
    return 0


HANDLERS = {"bundle": run_bundle}
