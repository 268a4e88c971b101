"""The ``sesiona`` command: open the app, build a demonstration database, check a file.

Qt is imported only when the app is opened; ``demo`` and ``check`` never load it.
Every message is Spanish, including argparse's own ("uso:", "opciones", errors), SQLite's
(``db.storage.sqlite_errors``; the original goes to the log) and the operating system's.

Which commands may create a database (``db.storage.store.open_store(create=True)``): ``demo``,
``enroll`` and the app on a path that does not exist yet. Every other command that takes
``--db`` (sesiones, acta, asistencia, extractos, firmar, verificar --db, plan-report,
plan-import, sync, bundle export/import) opens an existing Sesiona file or refuses it, and
``check`` only reads. Every one of them checks the file's integrity before writing anything.
"""

from __future__ import annotations

import argparse
import errno
import logging
import sqlite3
import sys
from datetime import date
from importlib import metadata
from pathlib import Path

from db.errors import SesionaError
from db.spanish_argparse import SpanishArgumentParser

PROG = "sesiona"
logger = logging.getLogger("sesiona.check")
MAX_PROBLEMS = 10
# The operating system's reasons, which Python gives in English.
OS_REASONS = {errno.ENOENT: "no existe", errno.EACCES: "permiso denegado",
              errno.EPERM: "operación no permitida", errno.EISDIR: "es una carpeta",
              errno.ENOTDIR: "una parte de la ruta no es una carpeta",
              errno.ENOSPC: "el disco está lleno", errno.EROFS: "el disco es de solo lectura",
              errno.EEXIST: "ya existe", errno.EIO: "error de lectura o escritura en el disco"}


def version() -> str:
    try:
        return metadata.version("sesiona")
    except metadata.PackageNotFoundError:  # run from a source checkout, not installed
        import tomllib

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "desconocida"


def default_db_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("Sesiona", appauthor=False) / "sesiona.sqlite"


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» no es una fecha válida (use AAAA-MM-DD, p. ej. 2025-03-31)") from None


def build_parser() -> SpanishArgumentParser:
    parser = SpanishArgumentParser(
        prog=PROG,
        description="Sesiona: sesiones, actas y acuerdos de los comités regionales "
                    "(trabajo infantil,\ntrabajo forzoso, trata de personas). "
                    "Sin comando, abre la aplicación.",
        epilog="ejemplos:\n"
               "  sesiona                          abre la aplicación con la base por defecto\n"
               "  sesiona --db comite.sqlite       abre otra base\n"
               "  sesiona demo --db demo.sqlite    crea una base de demostración\n"
               "  sesiona check --db comite.sqlite verifica un archivo sin modificarlo\n"
               "  sesiona sesiones --db comite.sqlite            lista las sesiones\n"
               "  sesiona acta --db comite.sqlite --session CDRPETI-UCAYALI-SO-12 "
               "--out acta.pdf\n"
               "  sesiona verificar acta-firmada.pdf             valida sus firmas\n"
               "  sesiona plan-report --db comite.sqlite --plan CDRPETI-UCAYALI-2025 "
               "--out matriz.xlsx\n"
               "  sesiona sync --db comite.sqlite                sincroniza con la sede\n"
               "  sesiona bundle export --db comite.sqlite --out cambios.sesiona-paquete\n"
               "                                   paquete sin conexión para la sede\n\n"
               f"base de datos por defecto:\n  {default_db_path()}",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}",
                        help="muestra la versión de Sesiona y termina")
    parser.add_argument("--db", type=Path, metavar="ARCHIVO",
                        help="base de datos que se abre (por defecto, la indicada abajo)")
    commands = parser.add_subparsers(dest="command", metavar="COMANDO", title="comandos",
                                     parser_class=SpanishArgumentParser)
    demo = commands.add_parser(
        "demo", help="Crea una base de demostración con datos de ejemplo.",
        description="Crea una base de demostración: el CDRPETI y la comisión regional contra "
                    "el trabajo\nforzoso de Ucayali, con dos años de sesiones, asistencia, "
                    "actas y acuerdos.")
    demo.add_argument("--db", type=Path, metavar="ARCHIVO", default=argparse.SUPPRESS,
                      help="archivo que se crea (no debe existir o debe estar vacío)")
    demo.add_argument("--fecha", type=_iso_date, metavar="AAAA-MM-DD",
                      help="fecha que la demostración toma como «hoy» (por defecto, la actual)")
    check = commands.add_parser(
        "check", help="Verifica la integridad de una base y muestra la versión del esquema.",
        description="Verifica la integridad de una base de Sesiona y de cada archivo adjunto "
                    "que guarda (contra su huella SHA-256), y muestra la versión de su "
                    "esquema.\nEl archivo se abre en modo de solo lectura: nunca se modifica.")
    check.add_argument("--db", type=Path, metavar="ARCHIVO", default=argparse.SUPPRESS,
                       help="archivo que se verifica")
    from cli.documents import add_commands

    def database_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--db", type=Path, metavar="ARCHIVO", default=argparse.SUPPRESS,
                         help="base de datos de Sesiona")

    from cli import bundle, plans, sync

    documents = add_commands(commands, database_option)
    plan_commands = plans.add_commands(commands, database_option)
    sync_commands = sync.add_commands(commands, database_option)
    bundle_commands = bundle.add_commands(commands, database_option)
    parser.set_defaults(subparsers={"demo": demo, "check": check, **documents,
                                    **plan_commands, **sync_commands, **bundle_commands})
    return parser


def _required_path(args: argparse.Namespace) -> Path:
    if args.db is None:
        args.subparsers[args.command].error("falta el archivo: indique --db ARCHIVO")
    return Path(args.db)


def remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"),
                      path.with_name(path.name + "-shm")):
        candidate.unlink(missing_ok=True)


def run_demo(args: argparse.Namespace) -> int:
    from db.demo.build import build_demo
    from db.domain import committees, sessions
    from db.domain.agreements import STATES as AGREEMENT_STATES
    from db.locale_pe import long_date
    from db.storage.connection import checkpoint
    from db.storage.store import open_store

    path = _required_path(args)
    if path.is_dir():
        print(f"«{path}» es una carpeta; indique la ruta de un archivo.", file=sys.stderr)
        return 1
    if path.exists() and path.stat().st_size > 0:
        print(f"El archivo «{path}» ya existe y contiene datos; no se ha modificado. "
              "Indique otra ruta o elimínelo antes.", file=sys.stderr)
        return 1
    store = open_store(path, create=True)
    built = False
    try:
        summary = build_demo(store, today=args.fecha)
        checkpoint(store)
        acronyms = ", ".join(c["acronym"] for c in committees.list_committees(store))
        built = True
    finally:
        store.conn.close()
        if not built:  # it was absent or empty: leave nothing half-built behind
            remove_database(path)

    def breakdown(counts: dict[str, int], labels: dict[str, str]) -> str:
        return "; ".join(f"{labels[k].lower()}: {counts[k]}" for k in labels if k in counts)

    print(f"Base de demostración creada en «{path}».")
    print(f"  Fecha de referencia: {long_date(summary['today'])}")
    print(f"  Comités: {summary['committees']} ({acronyms}), {summary['seats']} asientos, "
          f"{summary['designations']} designaciones")
    print(f"  Sesiones: {summary['sessions']} ("
          f"{breakdown(summary['sessions_by_state'], sessions.STATES)})")
    print(f"  Acuerdos: {summary['agreements']} ("
          f"{breakdown(summary['agreements_by_state'], AGREEMENT_STATES)}); "
          f"vencidos: {summary['overdue']}")
    print(f"  Planes de trabajo: {summary['plans']} (años {summary['today'][:4]} y el anterior),"
          f" {summary['indicators']} indicadores")
    print(f"Ábrala con: {PROG} --db {path}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from db.storage.store import check_file, damaged_sentence, problem_lines

    path = _required_path(args)
    if path.is_dir():
        print(f"«{path}» es una carpeta, no una base de datos de Sesiona.", file=sys.stderr)
        return 1
    report = check_file(path)
    print(f"Archivo: {path}")
    note = "" if report.schema_version == report.latest_version else (
        f" (esta versión de Sesiona lo actualizará a la versión {report.latest_version} "
        "al abrirlo)")
    print(f"Esquema: versión {report.schema_version}{note}")
    if report.ok:
        print("Integridad: correcta")
        return _check_blobs(path)
    lines = problem_lines(report.problems)
    print(f"Integridad: {damaged_sentence(len(lines))}", file=sys.stderr)
    # SQLite's findings are in English («Page 5: btreeInitPage() returns error code 11»):
    # they go to the log, for whoever repairs the file, not to the user's terminal.
    for line in lines:
        logger.warning("integrity_check %s: %s", path, line)
    print("  El detalle técnico de cada problema quedó en el registro de Sesiona.",
          file=sys.stderr)
    return 1


def _check_blobs(path: Path) -> int:
    """Every stored file against its SHA-256 (read-only); 1 if any is damaged."""
    from db.storage.blobs import damaged_in_file

    checked, damaged = damaged_in_file(path)
    if not damaged:
        print(f"Archivos adjuntos: {checked} verificados, todos correctos")
        return 0
    print(f"Archivos adjuntos: {len(damaged)} de {checked} dañados (su contenido ya no "
          "coincide con su huella SHA-256). No se ha modificado nada; recupere los "
          "originales o una copia de seguridad.", file=sys.stderr)
    for damage in damaged[:MAX_PROBLEMS]:
        print(f"  - {damage.description}", file=sys.stderr)
    if len(damaged) > MAX_PROBLEMS:
        print(f"  … y {len(damaged) - MAX_PROBLEMS} más.", file=sys.stderr)
    return 1


def run_app(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db is not None else default_db_path()
    try:
        from desktop.app import run  # Qt is loaded only here
    except ImportError as exc:
        print(f"No se pudo iniciar la interfaz gráfica de Sesiona: {exc}", file=sys.stderr)
        return 1
    return int(run(path) or 0)


def main(argv: list[str] | None = None) -> int:
    """``argv`` None: run as the real program (log file, warnings off the terminal)."""
    if argv is None:
        from cli import user_log

        user_log.install()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        from cli import bundle, plans, sync
        from cli.documents import HANDLERS

        handlers = {**HANDLERS, **plans.HANDLERS, **sync.HANDLERS,
                    **bundle.HANDLERS}
        if args.command in handlers:
            path = None if args.command == "verificar" else _required_path(args)
            return handlers[args.command](args, path)
        handler = {"demo": run_demo, "check": run_check}.get(args.command, run_app)
        return handler(args)
    except SystemExit as exc:  # --help, --version and usage errors (2)
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except SesionaError as exc:
        print(f"{PROG}: {exc.message}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # a damage or a lock found mid-command: nothing committed
        from db.storage.sqlite_errors import spanish

        print(f"{PROG}: {spanish(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        name = f" «{exc.filename}»" if exc.filename else ""
        reason = OS_REASONS.get(exc.errno or 0, "error del sistema")
        print(f"{PROG}: no se pudo acceder al archivo{name}: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrumpido.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
