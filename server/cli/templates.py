"""``sesiona-hq plantilla publicar|retirar|listar``: plan templates for every device.

The functions behind them are in ``server.sync.plan_templates``; this module parses arguments
and prints in Spanish. A file with problems exits with 1 and lists them (nothing is
published).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from db.domain.committees import KINDS
from server.sync import plan_templates
from server.sync.plan_templates import TemplateError


def add_commands(command: Callable[[str, str], argparse.ArgumentParser],
                 common: argparse.ArgumentParser) -> None:
    template = command("plantilla", "plantillas de plan de trabajo que reciben todos los "
                                    "equipos")
    sub = template.add_subparsers(dest="template_command", metavar="ACCIÓN", title="acciones",
                                  parser_class=type(template))
    sub.required = True
    publish = sub.add_parser(
        "publicar", parents=[common],
        help="publica una matriz de plan (.xlsx) como plantilla",
        description="Lee una matriz de plan de trabajo (.xlsx, el mismo formato que importa "
                    "Sesiona) y la publica\ncomo plantilla: los equipos la reciben en su "
                    "próxima sincronización.")
    publish.add_argument("file", metavar="ARCHIVO", type=Path)
    publish.add_argument("--tipo", choices=sorted(KINDS), default="",
                         help="tipo de comité al que sirve (por omisión, a todos)")
    publish.add_argument("--titulo", default=None,
                         help="título de la plantilla (por omisión, el del archivo)")
    publish.add_argument("--nota", default="", help="nota para las secretarías")
    withdraw = sub.add_parser("retirar", parents=[common],
                              help="retira una plantilla (los planes ya creados no cambian)")
    withdraw.add_argument("template_id", metavar="ID")
    sub.add_parser("listar", parents=[common], help="lista las plantillas publicadas")


def run(args: argparse.Namespace,
        migrated_engine: Callable[[argparse.Namespace], tuple[object, Engine]]) -> int:
    _settings, engine = migrated_engine(args)
    try:
        if args.template_command == "publicar":
            row = plan_templates.publish_template(engine, args.file,
                                                  committee_kind=args.tipo,
                                                  title=args.titulo, notes=args.nota)
            print(f"Plantilla publicada: «{row['title']}» ({row['id']}). Los equipos la "
                  "recibirán en su próxima sincronización.")
        elif args.template_command == "retirar":
            title = plan_templates.withdraw_template(engine, args.template_id)
            print(f"Plantilla retirada: «{title}».")
        else:
            rows = plan_templates.list_templates(engine)
            if not rows:
                print("No hay plantillas publicadas.")
            for row in rows:
                kind = KINDS.get(row.get("committee_kind") or "", "todos los comités")
                print(f"{row['id']}  {row['title']}  ({kind})")
    except TemplateError as error:
        print(f"sesiona-hq: {error}", file=sys.stderr)
        return 1
    return 0
