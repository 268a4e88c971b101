"""``sesiona-hq``: run and administer the headquarters server. Every message is Spanish.

    sesiona-hq init
    sesiona-hq serve [--host 127.0.0.1] [--port 8700] [--workers N]
    sesiona-hq create-user USUARIO --role admin|analista
    sesiona-hq usuario cerrar-sesiones USUARIO
    sesiona-hq enroll --secretariat PE-UCA --committee REF [--committee REF …] [--hours 72]
    sesiona-hq revoke-device ID
    sesiona-hq devices
    sesiona-hq check
    sesiona-hq bundle import ARCHIVO | bundle reply --device ID --out ARCHIVO
    sesiona-hq plantilla publicar ARCHIVO.xlsx [--tipo cdrpeti] | retirar ID | listar
    sesiona-hq catalogo institucion SIGLAS --nombre N [--sector S] | unidad NOMBRE | listar

``--database-url`` (or ``SESIONA_HQ_DATABASE_URL``) and ``--data-dir`` choose the storage;
``postgresql://…`` is accepted as is.
"""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import os
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from db.locale_pe import LIMA
from db.spanish_argparse import SpanishArgumentParser
from server.cli import bundle, catalogue, templates, users
from server.core import accounts, blobstore
from server.core.accounts import AccountError
from server.core.db import make_engine, read_transaction, write_transaction
from server.core.http_protocol import NoDelayHTTPProtocol
from server.core.models import blobs
from server.core.settings import Settings, SettingsError
from server.migrations import current_revision, run_migrations

PROG = "sesiona-hq"

class CommandError(Exception):
    pass


def lima_time(moment: datetime | None) -> str:
    return moment.astimezone(LIMA).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    settings = settings.with_database(getattr(args, "database_url", None))
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        settings = replace(settings, data_dir=Path(data_dir))
    return settings


def _migrated_engine(args: argparse.Namespace) -> tuple[Settings, Engine]:
    settings = _settings(args)
    engine = make_engine(settings.database_url)
    run_migrations(engine)
    return settings, engine


def run_init(args: argparse.Namespace) -> int:
    settings, engine = _migrated_engine(args)
    settings.blob_dir.mkdir(parents=True, exist_ok=True)
    print(f"Base de datos lista (esquema {current_revision(engine)}): "
          f"{engine.url.render_as_string(hide_password=True)}")
    print(f"Archivos adjuntos en: {settings.blob_dir}")
    engine.dispose()
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    if args.allow_http:
        settings = replace(settings, allow_http=True)
    if not _is_loopback(args.host) and not settings.allow_http:
        raise CommandError(
            f"La sede central habla HTTP sin cifrar: publíquela detrás de un proxy inverso con "
            f"TLS y escuche en 127.0.0.1. Para escuchar en {args.host} de todos modos, use "
            "--allow-http o SESIONA_HQ_ALLOW_HTTP=1.")
    if args.workers < 1:
        raise CommandError("--workers debe ser 1 o más.")
    engine = make_engine(settings.database_url)
    run_migrations(engine)  # once, before the workers start
    engine.dispose()
    settings.blob_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(settings.to_env())  # the workers read their settings from here
    uvicorn.run("server.main:create_app_from_env", factory=True, host=args.host,
                port=args.port, workers=args.workers, http=NoDelayHTTPProtocol,
                proxy_headers=True,
                # No access log: the reverse proxy keeps one per request already, and
                # writing it here cost CPU on every push of a busy morning.
                forwarded_allow_ips="127.0.0.1", log_level="info", access_log=False)
    return 0


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Contraseña: ")
    if getpass.getpass("Repita la contraseña: ") != first:
        raise CommandError("Las contraseñas no coinciden.")
    return first


def run_create_user(args: argparse.Namespace) -> int:
    settings, engine = _migrated_engine(args)
    password = _read_password()
    with write_transaction(engine) as conn:
        accounts.create_user(conn, args.username, password, args.role)
    print(f"Usuario «{args.username.strip()}» creado con el rol {args.role}.")
    return 0


def run_enroll(args: argparse.Namespace) -> int:
    settings, engine = _migrated_engine(args)
    hours = args.hours if args.hours is not None else settings.enroll_hours
    with write_transaction(engine) as conn:
        code, expires = accounts.create_enrollment_code(
            conn, args.secretariat, args.committee, hours=hours)
    region = accounts.region_names()[args.secretariat.strip().upper()]
    print(f"Código de inscripción para la secretaría de {region}: {code}")
    print(f"Vence: {lima_time(expires)} (hora de Lima). Sirve una sola vez.")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    _settings_, engine = _migrated_engine(args)
    with write_transaction(engine) as conn:
        found = accounts.revoke_device(conn, args.device_id)
    if not found:
        raise CommandError(f"No existe el equipo {args.device_id}.")
    print(f"Equipo {args.device_id} dado de baja: su próxima conexión será rechazada.")
    return 0


def run_devices(args: argparse.Namespace) -> int:
    _settings_, engine = _migrated_engine(args)
    with read_transaction(engine) as conn:
        rows = accounts.list_devices(conn)
    if not rows:
        print("No hay equipos inscritos.")
        return 0
    print(f"{'ID':36}  {'REGIÓN':6}  {'ESTADO':9}  {'INSCRITO':16}  {'ÚLTIMA CONEXIÓN':16}  NOMBRE")
    for row in rows:
        state = "de baja" if row["revoked_at"] else "activo"
        print(f"{row['id']:36}  {row['region_code']:6}  {state:9}  "
              f"{lima_time(row['created_at']):16}  {lima_time(row['last_seen_at']):16}  "
              f"{row['name']}")
    return 0


MAX_LISTED = 50


def run_check(args: argparse.Namespace) -> int:
    """Verify every stored file against its SHA-256. Reads only: nothing is written."""
    settings, engine = _migrated_engine(args)
    with read_transaction(engine) as conn:
        total = conn.execute(select(func.count()).select_from(blobs).where(
            blobs.c.complete.is_(True))).scalar_one()
        damaged = list(blobstore.damaged(conn, settings.blob_dir))
    engine.dispose()
    print(f"Archivos adjuntos en: {settings.blob_dir}")
    if not damaged:
        print(f"Archivos verificados: {total}. Todos coinciden con su huella SHA-256.")
        return 0
    print(f"Archivos verificados: {total}. Dañados: {len(damaged)}. No se entregan a los "
          "equipos ni al tablero; restáurelos desde una copia de seguridad.", file=sys.stderr)
    for damage in damaged[:MAX_LISTED]:
        print(f"  - {damage.sha256}: {damage.problem}", file=sys.stderr)
    if len(damaged) > MAX_LISTED:
        print(f"  … y {len(damaged) - MAX_LISTED} más.", file=sys.stderr)
    return 1


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS,
                        help="base de datos: postgresql://usuario@servidor/base o "
                             "sqlite:///ruta (por omisión, SESIONA_HQ_DATABASE_URL o un "
                             "archivo SQLite en la carpeta de datos)")
    common.add_argument("--data-dir", metavar="CARPETA", default=argparse.SUPPRESS,
                        help="carpeta de los archivos adjuntos (SESIONA_HQ_DATA_DIR)")
    parser = SpanishArgumentParser(
        prog=PROG, parents=[common],
        description="Sede central de Sesiona (MTPE): sincronización de las secretarías "
                    "técnicas regionales.")
    sub = parser.add_subparsers(dest="command", metavar="COMANDO", title="comandos",
                                parser_class=SpanishArgumentParser)
    sub.required = True

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text,
                              parents=[common])  # type: ignore[list-item]

    command("init", "crea o actualiza la base de datos y la carpeta de adjuntos")
    serve = command("serve", "inicia el servidor (uvicorn) detrás de un proxy inverso con TLS")
    serve.add_argument("--host", default="127.0.0.1", help="dirección (por omisión 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8700, help="puerto (por omisión 8700)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="procesos de uvicorn (comparten la base PostgreSQL)")
    serve.add_argument("--allow-http", action="store_true",
                       help="permite escuchar en una dirección que no es local, sin TLS")
    user = command("create-user", "crea un usuario del MTPE para el tablero (la contraseña "
                                  "se pide o se lee de la entrada estándar)")
    user.add_argument("username", metavar="USUARIO")
    user.add_argument("--role", required=True, choices=accounts.ROLES,
                      help="admin o analista (solo lectura)")
    enroll = command("enroll", "genera un código de inscripción de un solo uso para un "
                               "equipo de una secretaría regional")
    enroll.add_argument("--secretariat", required=True, metavar="REGIÓN",
                        help="código ISO de la región, p. ej. PE-UCA")
    enroll.add_argument("--committee", required=True, action="append", metavar="REF",
                        help="comité que atiende el equipo (se puede repetir)")
    enroll.add_argument("--hours", type=int, default=None, metavar="HORAS",
                        help="vigencia del código en horas (por omisión 72)")
    revoke = command("revoke-device", "da de baja un equipo: su credencial deja de valer")
    revoke.add_argument("device_id", metavar="ID")
    command("devices", "lista los equipos inscritos")
    command("check", "verifica cada archivo adjunto guardado contra su huella SHA-256 "
                     "(no modifica nada)")
    bundle.add_commands(command, common)
    templates.add_commands(command, common)
    catalogue.add_commands(command, common)
    users.add_commands(command, common)
    return parser


HANDLERS = {
    "init": run_init, "serve": run_serve, "create-user": run_create_user,
    "enroll": run_enroll, "revoke-device": run_revoke, "devices": run_devices,
    "check": run_check,
    "bundle": lambda args: bundle.run_bundle(args, _migrated_engine),
    "plantilla": lambda args: templates.run(args, _migrated_engine),
    "catalogo": lambda args: catalogue.run(args, _migrated_engine),
    "usuario": lambda args: users.run(args, _migrated_engine),
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except (SettingsError, AccountError, CommandError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else ""
        print(f"{PROG}: no se pudo usar la base de datos: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
