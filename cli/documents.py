"""``sesiona`` commands for printing and signing actas in batch: the same ``forms.documents``
API as the app.

sesiones, acta, asistencia, extractos, firmar and verificar. No Qt is loaded.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

REFERENCE_FORMAT = (
    "REF es el identificador (UUID) de la sesión o su referencia\n"
    "<SIGLAS DEL COMITÉ>-<SO|SE>-<número>: SO para ordinaria, SE para extraordinaria,\n"
    "p. ej. CDRPETI-UCAYALI-SO-12. «sesiona sesiones --db ARCHIVO» las lista.")


def add_commands(commands, parent_db: Callable[[argparse.ArgumentParser], None]) -> dict:
    """Register the document commands; returns {name: parser} for usage errors."""
    parsers = {}

    def command(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help_text, description=description)
        parsers[name] = parser
        return parser

    listing = command("sesiones", "Lista las sesiones: referencia, fecha, tipo y estado.",
                      "Lista las sesiones, una por línea: referencia, fecha, tipo y estado.")
    parent_db(listing)
    listing.add_argument("--comite", metavar="REF",
                         help="solo las de este comité (siglas o UUID)")

    for name, help_text, out_help in (
            ("acta", "Genera el PDF del acta de una sesión.", "archivo PDF que se crea"),
            ("asistencia", "Genera la lista de asistencia (PDF) para firmar a mano.",
             "archivo PDF que se crea"),
            ("extractos", "Genera un extracto de acuerdos (PDF) por institución responsable.",
             "carpeta donde se crean los PDF")):
        parser = command(name, help_text, f"{help_text}\n\n{REFERENCE_FORMAT}")
        parent_db(parser)
        parser.add_argument("--session", "--sesion", required=True, metavar="REF",
                            help="la sesión (ver abajo)")
        parser.add_argument("--out", required=True, type=Path,
                            metavar="CARPETA" if name == "extractos" else "ARCHIVO.pdf",
                            help=out_help)
        if name == "acta":
            parser.add_argument("--anexo-plan", metavar="PLAN",
                                help="añade como anexo la ejecución de este plan (UUID o "
                                     "<SIGLAS>-<año>) a la fecha de la sesión")

    sign = command("firmar", "Firma digitalmente un campo del acta con un certificado .p12.",
                   "Firma digitalmente el campo NOMBRE del acta preparada para firma (la "
                   "prepara si aún no lo está).\nLa contraseña del certificado se pide al "
                   "momento (o se lee de la entrada estándar) y nunca se guarda.\n\n"
                   + REFERENCE_FORMAT)
    parent_db(sign)
    sign.add_argument("--session", "--sesion", required=True, metavar="REF")
    sign.add_argument("--p12", required=True, type=Path, metavar="CERT.p12",
                      help="certificado de firma (PKCS#12)")
    sign.add_argument("--field", "--campo", required=True, metavar="NOMBRE",
                      help="campo de firma, p. ej. «Firma Presidencia GORE»")
    sign.add_argument("--confiar", action="append", type=Path, default=[], metavar="CA.pem",
                      help="certificado raíz de confianza adicional (se puede repetir)")

    verify = command("verificar", "Valida las firmas digitales de un PDF.",
                     "Muestra, por cada firma: quién firmó, cuándo, si está íntegra y si el "
                     "documento cambió\ndespués. Termina con error si alguna firma está rota.")
    verify.add_argument("file", type=Path, metavar="ARCHIVO.pdf")
    verify.add_argument("--confiar", action="append", type=Path, default=[], metavar="CA.pem",
                        help="certificado raíz de confianza adicional (se puede repetir)")
    verify.add_argument("--db", type=Path, metavar="ARCHIVO", default=argparse.SUPPRESS,
                        help="compara además la huella del acta con esta base")
    return parsers


HANDLERS: dict[str, Callable[[argparse.Namespace, Path | None], int]] = {}


def handler(name: str):
    def register(fn):
        HANDLERS[name] = fn
        return fn
    return register


@contextmanager
def opened(path: Path) -> Iterator[sqlite_utils.Database]:
    """An existing Sesiona file, integrity-checked; never creates one (``open_existing``)."""
    from db.storage.store import open_existing

    db = open_existing(path)
    try:
        yield db
    finally:
        db.conn.close()


@handler("sesiones")
def run_sessions(args: argparse.Namespace, path: Path | None) -> int:
    from db.domain import committees, sessions
    from db.domain.session_queries import all_sessions
    from db.errors import NotFoundError
    from db.locale_pe import short_date

    with opened(path) as db:
        committee_id = None
        if args.comite:
            committee = committees.find_committee(db, args.comite)
            if committee is None:
                raise NotFoundError(f"No existe un comité con las siglas o el id "
                                    f"«{args.comite}».")
            committee_id = committee["id"]
        rows = all_sessions(db, committee_id)
        for row in rows:
            print(f"{sessions.reference(db, row):<28} {short_date(row['date'])}  "
                  f"{sessions.KINDS[row['kind']]:<14} {sessions.STATES[row['state']]}")
        if not rows:
            print("No hay sesiones registradas.", file=sys.stderr)
    return 0


def _session_id(db: sqlite_utils.Database, ref: str) -> str:
    from db.documents.acta_loader import find_session

    return find_session(db, ref)["id"]


def _warn_without_attendance(db: sqlite_utils.Database, session_id: str) -> None:
    from db.domain import sessions

    if not sessions.has_attendance(db, session_id):
        print("Aviso: la sesión no tiene registro de asistencia; el documento lo indica "
              "(«Sin registro de asistencia»).", file=sys.stderr)


@handler("acta")
def run_acta(args: argparse.Namespace, path: Path | None) -> int:
    from forms.documents import Kind, build

    with opened(path) as db:
        session_id = _session_id(db, args.session)
        _warn_without_attendance(db, session_id)
        plan_id = None
        if args.anexo_plan:
            from db.domain.plans import find_plan

            plan_id = find_plan(db, args.anexo_plan)["id"]
        build(db, Kind.ACTA, session_id, args.out, plan_id=plan_id)
    print(f"Acta guardada en «{args.out}».")
    return 0


@handler("asistencia")
def run_attendance(args: argparse.Namespace, path: Path | None) -> int:
    from forms.documents import Kind, build

    with opened(path) as db:
        build(db, Kind.ATTENDANCE_SHEET, _session_id(db, args.session), args.out)
    print(f"Lista de asistencia guardada en «{args.out}».")
    return 0


@handler("extractos")
def run_extracts(args: argparse.Namespace, path: Path | None) -> int:
    from forms.documents import Kind, build

    if args.out.exists() and not args.out.is_dir():
        print(f"«{args.out}» es un archivo; indique una carpeta.", file=sys.stderr)
        return 1
    with opened(path) as db:
        written = build(db, Kind.EXTRACTS, _session_id(db, args.session), args.out)
    if not written:
        print("Los acuerdos de esta sesión no tienen instituciones responsables: no se "
              "generó ningún extracto.", file=sys.stderr)
        return 1
    for file in written:
        print(f"  {file}")
    print(f"{len(written)} extracto(s) guardado(s) en «{args.out}».")
    return 0


def read_password(prompt: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


@handler("firmar")
def run_sign(args: argparse.Namespace, path: Path | None) -> int:
    from db.domain import sessions, signatures
    from db.errors import ValidationError
    from forms.acta_signing import pending_fields, prepare_for_signature, sign_field
    from forms.trust import TrustRoots

    trust = TrustRoots.load(args.confiar)
    with opened(path) as db:
        session_id = _session_id(db, args.session)
        if signatures.working_copy(db, session_id) is None:
            prepare_for_signature(db, session_id)
            print("Se preparó el acta para la firma digital.")
        fields = dict(pending_fields(db, session_id))
        if args.field not in fields:
            names = "\n".join(f"  {name}{' (ya firmado)' if done else ''}"
                              for name, done in fields.items())
            raise ValidationError({"field": (
                f"El acta no tiene el campo de firma «{args.field}». Campos disponibles:\n"
                f"{names}")})
        password = read_password(f"Contraseña de «{args.p12.name}»: ")
        reports = sign_field(db, session_id, args.field, args.p12, password, trust)
        state = sessions.get_session(db, session_id)["state"]
    _print_reports(reports)
    remaining = sum(1 for r in fields.values() if not r) - 1
    if state == "acta_firmada":
        print("Todas las firmas están completas: el acta quedó FIRMADA (digital).")
    else:
        print(f"Firma registrada. Faltan {remaining} firma(s).")
    return 0


def _print_reports(reports) -> None:
    from db.locale_pe import moment_text

    for index, report in enumerate(reports, start=1):
        verdict = "ROTA" if report.broken else "válida"
        when = moment_text(report.signing_time) if report.signing_time else "sin fecha"
        print(f"{index}. {report.field_name}: {verdict}")
        print(f"   Firmante: {report.signer_name or 'desconocido'}"
              f"{f' ({report.organisation})' if report.organisation else ''} · {when}")
        print(f"   {report.summary}")


@handler("verificar")
def run_verify(args: argparse.Namespace, path: Path | None) -> int:
    from forms.acta_signing import verify_file
    from forms.signing import document_keywords
    from forms.trust import TrustRoots

    reports = verify_file(args.file, TrustRoots.load(args.confiar))
    if not reports:
        print(f"«{args.file.name}» no contiene firmas digitales.", file=sys.stderr)
        return 1
    _print_reports(reports)
    payload = document_keywords(args.file.read_bytes()) or ""
    if payload.startswith("SESIONA|ACTA|"):
        _, _, reference, session_id, digest = payload.split("|", 4)
        print(f"Acta {reference} · huella {digest.removeprefix('sha256:')[:16].upper()}")
        if getattr(args, "db", None):
            _compare_with_database(args.db, session_id, digest.removeprefix("sha256:"))
    broken = [r for r in reports if r.broken]
    if broken:
        print(f"{len(broken)} firma(s) rota(s): " + ", ".join(r.field_name for r in broken),
              file=sys.stderr)
        return 1
    print("Todas las firmas están íntegras.")
    return 0


def _compare_with_database(db_path: Path, session_id: str, digest: str) -> None:
    from db.documents.acta_loader import load_acta
    from db.domain import sessions

    with opened(db_path) as db:
        session = sessions.get_session(db, session_id)
        stored = session["acta_fingerprint"] or load_acta(db, session_id).fingerprint
    same = "coincide" if stored == digest else "NO coincide"
    print(f"La huella {same} con la registrada en «{db_path.name}».")
