"""``sesiona-hq bundle import FILE`` and ``sesiona-hq bundle reply --device ID --out FILE``.

The functions behind them are ``server.bundles.importer.import_bundle`` and ``write_reply``;
this module only parses arguments and prints in Spanish. A refused bundle exits with 1 and
the reason on stderr (nothing was written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from contract.bundle_format import BundleError
from db.storage.progress import terminal_progress

if TYPE_CHECKING:
    from server.bundles.importer import ImportReport, ReplyReport


def add_commands(command: Callable[[str, str], argparse.ArgumentParser],
                 common: argparse.ArgumentParser) -> None:
    bundle = command("bundle", "paquetes sin conexión: importa el de un equipo o prepara "
                               "su respuesta")
    sub = bundle.add_subparsers(dest="bundle_command", metavar="ACCIÓN", title="acciones",
                                parser_class=type(bundle))
    sub.required = True
    imported = sub.add_parser(
        "import", parents=[common],
        help="verifica la firma del paquete de un equipo y aplica sus cambios",
        description="Verifica la firma del paquete de un equipo y aplica sus cambios con las "
                    "mismas reglas que un envío en línea\n(importarlo dos veces no aplica nada "
                    "dos veces; un paquete alterado o con datos de otra región\nse rechaza "
                    "entero).")
    imported.add_argument("file", metavar="ARCHIVO", type=Path)
    reply = sub.add_parser(
        "reply", parents=[common],
        help="escribe la respuesta para un equipo: respuestas a sus cambios, catálogos y "
             "cambios de su región",
        description="Escribe el paquete de respuesta para un equipo: las respuestas a las "
                    "operaciones de su último\npaquete importado y los cambios de su región "
                    "y de los catálogos desde entonces, firmado por la sede.")
    reply.add_argument("--device", required=True, metavar="ID",
                       help="identificador del equipo (vea «sesiona-hq devices»)")
    reply.add_argument("--out", required=True, metavar="ARCHIVO", type=Path,
                       help="archivo que se escribe")


def run_bundle(args: argparse.Namespace, migrated: Callable) -> int:
    from server.bundles.importer import import_bundle, write_reply

    settings, engine = migrated(args)
    result: ImportReport | ReplyReport
    try:
        if args.bundle_command == "import":
            result = import_bundle(engine, settings, args.file, progress=terminal_progress())
        else:
            if args.out.is_dir() or not args.out.parent.is_dir():
                raise BundleError(f"No se puede escribir «{args.out}»: indique un archivo en "
                                  "una carpeta existente.")
            result = write_reply(engine, settings, args.device, args.out,
                                 progress=terminal_progress())
            print(f"Respuesta guardada en «{args.out}».")
        for line in result.lines():
            print(line)
    except BundleError as error:
        print(f"sesiona-hq: {error.message}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0
