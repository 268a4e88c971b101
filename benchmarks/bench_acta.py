"""Printing from stored data: the 60-attendee, 30-agreement acta and the attendance sheet.

Builds a real SQLite file (a committee with 60 seats, all attending, 30 agreements and
long interventions), then times ``forms.documents.build`` of the acta and of the sheet
end to end: reading the database, laying out and writing the PDF. Median of 7 runs after
one warm-up, in a fresh process.

    python benchmarks/bench_acta.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db.domain import agreements, catalog, committees, membership, minutes, sessions  # noqa: E402
from db.storage.connection import transaction  # noqa: E402
from db.storage.store import open_store  # noqa: E402
from forms.documents import Kind, build  # noqa: E402

RUNS = 7
SEATS = 60
AGREEMENTS = 30
SENTENCE = ("La representante del sector indicó que las acciones de prevención del trabajo "
            "infantil en zonas ribereñas continúan, con talleres para familias, docentes y "
            "autoridades comunales, y que se coordinará con la DEMUNA el seguimiento de casos. ")


def build_file(path: Path) -> str:
    db = open_store(path)
    with transaction(db):
        committee = committees.create_committee(
            db, kind="cdrpeti", name="Comité Directivo Regional para la Prevención y "
            "Erradicación del Trabajo Infantil de Ucayali", acronym="CDRPETI-BENCH",
            region_code="PE-UCA", city="Pucallpa")
        institutions = [i["id"] for i in catalog.institutions(db)]
        while len(institutions) < SEATS:
            n = len(institutions) + 1
            institutions.append(catalog.add_institution(db, f"INST{n}",
                                                        f"Institución de prueba N° {n}"))
        seats = []
        for index, institution in enumerate(institutions[:SEATS]):
            seat = membership.add_seat(db, committee, institution,
                                       is_presidency=index == 0, is_secretariat=index == 1)
            membership.designate(db, seat, "titular", f"Representante Titular Núñez {index}",
                                 "2024-01-01")
            membership.designate(db, seat, "alterno", f"Representante Alterna Peña {index}",
                                 "2024-01-01")
            seats.append(seat)
        session = sessions.create_session(db, committee, date="2025-03-10", start_time="09:00",
                                          end_time="13:10", venue="Auditorio del GORE")
        for index, seat in enumerate(seats):
            sessions.set_attendance(db, session, seat, "alterno" if index % 3 else "titular")
        for item_number in range(6):
            item = minutes.add(db, "agenda_items", session, title=f"Tema {item_number + 1}")
            for _ in range(5):
                minutes.add(db, "interventions", item, body=SENTENCE * 3)
        for number in range(AGREEMENTS):
            agreements.create_agreement(
                db, session, f"Acuerdo {number + 1}: {SENTENCE}", deadline_text="II trimestre 2025",
                responsibles=institutions[number % 10:number % 10 + 2])
    db.conn.close()
    return session


def median_ms(fn) -> float:
    fn()  # warm-up: fonts registered, modules loaded
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        session = build_file(path)
        db = open_store(path)
        pages = len(__import__("pypdf").PdfReader(BytesIO(_acta(db, session))).pages)
        acta = median_ms(lambda: _acta(db, session))
        sheet = median_ms(lambda: build(db, Kind.ATTENDANCE_SHEET, session, BytesIO()))
        db.conn.close()
    print(f"| Acta de {SEATS} asistentes y {AGREEMENTS} acuerdos ({pages} páginas) "
          f"| < 500 ms | {acta:.0f} ms |")
    print(f"| Lista de asistencia de {SEATS} asientos | < 200 ms | {sheet:.0f} ms |")


def _acta(db, session) -> bytes:
    out = BytesIO()
    build(db, Kind.ACTA, session, out)
    return out.getvalue()


if __name__ == "__main__":
    main()
