"""``sesiona-hq usuario cerrar-sesiones USUARIO``: end every dashboard session of a staff
user at once (a lost laptop, someone who left). The functions behind it are in
``server.core.panel_sessions``; the panel's «Usuarios» page does the same."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine

from server.core import panel_sessions
from server.core.db import write_transaction
from server.core.settings import Settings


def add_commands(command: Callable[[str, str], argparse.ArgumentParser],
                 common: argparse.ArgumentParser) -> None:
    parent = command("usuario", "usuarios del MTPE en el panel nacional")
    sub = parent.add_subparsers(dest="user_command", metavar="ACCIÓN", title="acciones",
                                parser_class=type(parent))
    sub.required = True
    end = sub.add_parser("cerrar-sesiones", parents=[common],
                         help="cierra todas las sesiones abiertas de un usuario en el panel")
    end.add_argument("username", metavar="USUARIO")


def run(args: argparse.Namespace,
        migrated_engine: Callable[[argparse.Namespace], tuple[Settings, Engine]]) -> int:
    settings, engine = migrated_engine(args)
    username = args.username.strip()
    with write_transaction(engine) as conn:
        user_id = panel_sessions.user_id_of(conn, username)
        if user_id is None:
            print(f"sesiona-hq: no existe el usuario «{username}».", file=sys.stderr)
            return 1
        ended = panel_sessions.end_user_sessions(
            conn, user_id, idle=timedelta(minutes=settings.panel_idle_minutes))
    if ended == 0:
        print(f"«{username}» no tenía sesiones abiertas en el panel.")
    else:
        print(f"Sesiones del panel cerradas para «{username}»: {ended}. Deberá ingresar de "
              "nuevo con su contraseña.")
    return 0
