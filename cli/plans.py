"""``sesiona plan-report`` and ``sesiona plan-import``: the work-plan matrix in batch.

No Qt is loaded; reportlab and openpyxl only when a command needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cli.documents import opened

PLAN_FORMAT = (
    "REF es el identificador (UUID) del plan o <SIGLAS DEL COMITÉ>-<año>,\n"
    "p. ej. CDRPETI-UCAYALI-2025.")
FORMATS = {".pdf": "PDF", ".xlsx": "Excel", ".csv": "CSV"}


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{text}» no es una fecha válida (use AAAA-MM-DD, p. ej. 2025-06-30)") from None


def _quarter(text: str) -> int:
    if text not in {"1", "2", "3", "4"}:
        raise argparse.ArgumentTypeError(f"«{text}» no es un trimestre (1, 2, 3 o 4)")
    return int(text)


def add_commands(commands, database_option: Callable[[argparse.ArgumentParser], None]) -> dict:
    report = commands.add_parser(
        "plan-report", help="Genera la matriz de ejecución de un plan (PDF, Excel o CSV).",
        description="Genera la matriz de ejecución del plan de trabajo con las columnas del "
                    "MTPE.\nEl formato sale de la extensión de --out: .pdf, .xlsx o .csv.\n"
                    "Sin --hasta ni --trimestre, la ejecución de todo el año.\n\n" + PLAN_FORMAT)
    database_option(report)
    report.add_argument("--plan", required=True, metavar="REF", help="el plan (ver abajo)")
    period = report.add_mutually_exclusive_group()
    period.add_argument("--hasta", type=_iso_date, metavar="AAAA-MM-DD",
                        help="ejecución acumulada hasta esta fecha")
    period.add_argument("--trimestre", type=_quarter, metavar="N",
                        help="ejecución del trimestre N (1 a 4) del año del plan")
    report.add_argument("--out", required=True, type=Path, metavar="ARCHIVO",
                        help="archivo que se crea: .pdf, .xlsx o .csv")

    load = commands.add_parser(
        "plan-import", help="Importa un plan desde un Excel con el formato de la matriz.",
        description="Importa un plan de trabajo desde un .xlsx con las columnas de la matriz "
                    "del MTPE\n(el mismo formato que exporta Sesiona). Si hay un solo error, "
                    "no se importa nada\ny se lista cada error con su hoja, fila y columna.")
    database_option(load)
    load.add_argument("--committee", "--comite", required=True, metavar="REF",
                      help="comité (siglas o UUID) al que pertenece el plan")
    load.add_argument("file", type=Path, metavar="ARCHIVO.xlsx")
    load.add_argument("--anio", "--year", type=int, metavar="AÑO",
                      help="año del plan, si el archivo no lo indica en su título")
    load.add_argument("--dry-run", "--validar", action="store_true",
                      help="solo valida el archivo; no escribe nada")
    return {"plan-report": report, "plan-import": load}


def run_report(args: argparse.Namespace, path: Path) -> int:
    from db.domain import attachments, plans
    from db.domain.plan_execution import Period, compute

    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        print(f"Indique un archivo .pdf, .xlsx o .csv en --out (se indicó «{args.out.name}»).",
              file=sys.stderr)
        return 2
    with opened(path) as db:
        plan = plans.find_plan(db, args.plan)
        matrix = compute(db, plan["id"], Period(until=args.hasta, quarter=args.trimestre))
        if suffix == ".pdf":
            from forms.plan_matrix import render_plan_matrix

            render_plan_matrix(matrix, args.out, logo=attachments.logo(db, matrix.logo_sha256))
        elif suffix == ".xlsx":
            from forms.plan_xlsx import export_xlsx

            # With the database, the workbook also carries the sheets a re-import needs.
            export_xlsx(matrix, args.out, db=db)
        else:
            from forms.plan_csv import export_csv

            export_csv(matrix, args.out)
    print(f"Matriz {FORMATS[suffix]} de {matrix.reference} ({matrix.period_label}) guardada "
          f"en «{args.out}»: {len(matrix.results)} indicadores.")
    return 0


def run_import(args: argparse.Namespace, path: Path) -> int:
    from db.domain import committees
    from db.domain.plan_import import PlanImportError, import_plan
    from db.errors import NotFoundError

    with opened(path) as db:
        committee = committees.find_committee(db, args.committee)
        if committee is None:
            raise NotFoundError(f"No existe un comité con las siglas o el id "
                                f"«{args.committee}».")
        try:
            summary = import_plan(db, committee["id"], args.file, year=args.anio,
                                  dry_run=args.dry_run)
        except PlanImportError as exc:
            print(f"No se importó nada: el archivo tiene {len(exc.issues)} error(es).",
                  file=sys.stderr)
            for issue in exc.issues:
                print(f"  {issue}", file=sys.stderr)
            return 1
    verb = "es válido y se puede importar" if args.dry_run else "se importó"
    print(f"El plan {summary.year} de {committee['acronym']} {verb}: {summary.objectives} "
          f"objetivos, {summary.nodes} elementos, {summary.indicators} indicadores.")
    if summary.created_units:
        print("Unidades de medida nuevas: " + ", ".join(summary.created_units))
    return 0


HANDLERS = {"plan-report": run_report, "plan-import": run_import}
