"""``sesiona-hq catalogo institucion|unidad|listar``: the central catalogues every device
receives. The functions behind them are in ``server.sync.catalogue``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy import Engine

from db.domain.catalog import SECTORS
from server.sync import catalogue
from server.sync.catalogue import CatalogueError


def add_commands(command: Callable[[str, str], argparse.ArgumentParser],
                 common: argparse.ArgumentParser) -> None:
    parent = command("catalogo", "catálogos centrales que reciben todos los equipos "
                                 "(instituciones y unidades de medida)")
    sub = parent.add_subparsers(dest="catalogue_command", metavar="ACCIÓN", title="acciones",
                                parser_class=type(parent))
    sub.required = True
    institution = sub.add_parser(
        "institucion", parents=[common],
        help="agrega una institución al catálogo central, o corrige una (mismas siglas)")
    institution.add_argument("acronym", metavar="SIGLAS")
    institution.add_argument("--nombre", required=True, help="nombre completo")
    institution.add_argument("--sector", choices=sorted(SECTORS), default="otro",
                             help="sector (por omisión, otro)")
    unit = sub.add_parser("unidad", parents=[common],
                          help="agrega una unidad de medida al catálogo central")
    unit.add_argument("name", metavar="NOMBRE")
    sub.add_parser("listar", parents=[common], help="lista las instituciones del catálogo")


def run(args: argparse.Namespace,
        migrated_engine: Callable[[argparse.Namespace], tuple[object, Engine]]) -> int:
    _settings, engine = migrated_engine(args)
    try:
        if args.catalogue_command == "institucion":
            _row_id, done = catalogue.publish_institution(engine, args.acronym, args.nombre,
                                                          args.sector)
            print(f"Institución {done}: {args.acronym.strip()} — {args.nombre.strip()}. Los "
                  "equipos la recibirán en su próxima sincronización.")
        elif args.catalogue_command == "unidad":
            catalogue.publish_unit(engine, args.name)
            print(f"Unidad de medida agregada: «{args.name.strip()}». Los equipos la recibirán "
                  "en su próxima sincronización.")
        else:
            for row in catalogue.institutions(engine):
                print(f"{row.get('acronym', ''):14}  {row.get('name', '')}  "
                      f"({SECTORS.get(row.get('sector', ''), 'otro')}; {row['origin']})")
    except CatalogueError as error:
        print(f"sesiona-hq: {error}", file=sys.stderr)
        return 1
    return 0
