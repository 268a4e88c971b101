"""Generate the large benchmark file: 26 committees, 3,000 sessions, 30,000 agreements.

Every row is written by ``db.storage.records.insert`` (so it has its id, timestamps and
change-log row, exactly like a row typed in the app), all inside one transaction for speed.

    python benchmarks/generate_large.py benchmarks/out/large.sqlite
"""

from __future__ import annotations

import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from db.domain import catalog  # noqa: E402
from db.domain.rules.deadlines import ROMAN, parse_deadline  # noqa: E402
from db.storage import records  # noqa: E402
from db.storage.connection import transaction  # noqa: E402
from db.storage.store import open_store  # noqa: E402

COMMITTEES = 26
SESSIONS = 3000
AGREEMENTS = 30000
SEATS_PER_COMMITTEE = 20  # 3,000 sessions x 20 seats = 60,000 attendance rows
YEARS = 12

KINDS = [
    ("cdrpeti", "Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
                "Infantil de {region}", "CDRPETI-{code}"),
    ("trabajo_forzoso", "Comisión Regional para la Lucha contra el Trabajo Forzoso de {region}",
     "CRLCTF-{code}"),
    ("trata", "Red Regional contra la Trata de Personas y el Tráfico Ilícito de Migrantes de "
              "{region}", "RRTP-{code}"),
]
ALWAYS = ["DRTPE", "GRDS", "DP"]
AGREEMENT_TEXTS = [
    "{inst} se compromete a realizar una capacitación dirigida a docentes tutores sobre la "
    "identificación de casos de trabajo infantil.",
    "{inst} se compromete a programar operativos de inspección en aserraderos, ladrilleras y "
    "mercados de la región.",
    "Aprobar el Plan de Trabajo Anual con cargo a que {inst_lower} remita el ajuste de sus metas.",
    "{inst} remitirá a la Secretaría Técnica el reporte de ejecución de sus actividades del "
    "trimestre.",
    "{inst} se compromete a difundir material informativo sobre derechos laborales en lenguas "
    "originarias.",
    "Realizar una campaña de sensibilización en el marco del Día Mundial contra el Trabajo "
    "Infantil, con la participación de {inst_lower}.",
    "{inst} se compromete a promover el reconocimiento «Sello Libre de Trabajo Infantil» entre "
    "las empresas de la región.",
    "Conformar una comisión de trabajo para la actualización del reglamento interno, integrada "
    "por {inst_lower}.",
    "{inst} informará sobre la atención brindada a los casos derivados por la Secretaría "
    "Técnica.",
    "{inst} se compromete a realizar una capacitación a efectivos policiales y fiscales en "
    "indicadores de trabajo forzoso y trata de personas.",
    "Solicitar a {inst_lower} asistencia técnica para la elaboración del diagnóstico regional.",
    "{inst} designará un punto focal para la implementación del protocolo intersectorial.",
]
FOLLOWUPS = [
    "Se informó que las acciones se encuentran en ejecución.",
    "Se remitieron los medios de verificación del cumplimiento.",
    "No se reportaron avances; la Secretaría Técnica reiterará el pedido mediante oficio.",
    "Se solicitó ampliar el plazo por falta de presupuesto.",
]
FIRST = ["María", "Rosa", "Carmen", "Luis", "Jorge", "Juan", "Ana", "Pedro", "Elena", "Raúl",
         "Milagros", "Víctor", "Patricia", "César", "Ruth", "Hugo"]
LAST = ["Quispe", "Mamani", "Huamán", "Flores", "Rojas", "Torres", "Vásquez", "Ramírez",
        "Chávez", "García", "Pinedo", "Rengifo", "Condori", "Sánchez", "Ríos", "Cárdenas"]


class _Writer:
    """records.insert with deterministic ids drawn from the seeded generator."""

    def __init__(self, db, rng: random.Random):
        self.db, self.rng = db, rng
        self.counts: dict[str, int] = {}

    def put(self, table: str, values: dict[str, Any]) -> str:
        row_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self.counts[table] = self.counts.get(table, 0) + 1
        return records.insert(self.db, table, {"id": row_id, **values})


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"


def _deadline(rng: random.Random, day: date) -> str:
    pick = rng.random()
    if pick < 0.1:
        return ""
    if pick < 0.55:
        return (day + timedelta(days=rng.randint(10, 120))).strftime("%d/%m/%Y")
    if pick < 0.85:
        quarter = (day.month - 1) // 3 + rng.randint(0, 2)
        return f"{ROMAN[quarter % 4 + 1]} trimestre {day.year + quarter // 4}"
    return f"{['I', 'II'][day.month > 6]} semestre {day.year}"


def _state(rng: random.Random, age_days: int) -> str:
    if age_days > 365:
        weights = (8, 7, 80, 5)
    elif age_days > 90:
        weights = (20, 30, 45, 5)
    else:
        weights = (60, 30, 8, 2)
    return rng.choices(("pendiente", "en_proceso", "cumplido", "anulado"), weights)[0]


def generate(path: Path | str, *, seed: int = 1, today: date | None = None) -> dict[str, Any]:
    """Build the benchmark file at ``path`` (which must not hold data yet)."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise FileExistsError(f"{path} already exists")
    today = today or date.today()
    rng = random.Random(seed)
    db = open_store(path)
    out = _Writer(db, rng)
    start = time.perf_counter()
    deadlines: dict[str, tuple[str, str | None]] = {}
    with transaction(db):
        regions = catalog.regions(db)[:COMMITTEES]
        institutions = {i["acronym"]: i["id"] for i in catalog.institutions(db)}
        others = sorted(a for a in institutions if a not in ALWAYS)
        per_committee = [SESSIONS // COMMITTEES + (i < SESSIONS % COMMITTEES)
                         for i in range(COMMITTEES)]
        held_total = sum(n - 3 for n in per_committee)  # 2 without quorum, 1 upcoming each
        agreement_quota = AGREEMENTS
        for index, region in enumerate(regions):
            kind, name, acronym = KINDS[index % len(KINDS)]
            year, code = 2008 + index % 8, region["iso_code"][3:]
            committee_id = out.put("committees", {
                "kind": kind, "name": name.format(region=region["name"]),
                "acronym": acronym.format(code=code),
                "region_code": region["iso_code"], "state": "activo",
                "secretariat_institution_id": institutions["DRTPE"],
                "created_on": f"{year}-0{1 + index % 9}-15", "city": region["capital"],
                "quorum_second_call_minimum": 3, "min_notice_days": 3})
            out.put("legal_instruments", {
                "committee_id": committee_id, "purpose": "creacion",
                "instrument_type": "ordenanza_regional", "issued_on": f"{year}-01-10",
                "number": f"O.R. N° {index + 3:03d}-{year}-GR{code}/CR",
                "issuing_body": f"Consejo Regional de {region['name']}"})
            seat_institutions = ALWAYS + rng.sample(others, SEATS_PER_COMMITTEE - len(ALWAYS))
            seats = []
            first_day = today - timedelta(days=365 * YEARS)
            for position, acronym_ in enumerate(seat_institutions, start=1):
                role = ("observador" if acronym_ == "DP" else
                        "invitado_permanente" if position > SEATS_PER_COMMITTEE - 2 else "miembro")
                seat_id = out.put("seats", {
                    "committee_id": committee_id, "institution_id": institutions[acronym_],
                    "role": role, "is_presidency": int(acronym_ == "GRDS"),
                    "is_secretariat": int(acronym_ == "DRTPE"), "position": position})
                history: dict[str, list[tuple[str, str, str]]] = {}
                for post in ("titular", "alterno"):
                    day = first_day - timedelta(days=rng.randint(10, 200))
                    history[post] = []
                    while day < today:
                        following = day + timedelta(days=rng.randint(500, 2500))
                        ended = following.isoformat() if following < today else None
                        person = _name(rng)
                        designation_id = out.put("designations", {
                            "seat_id": seat_id, "position": post, "person_name": person,
                            "designated_on": day.isoformat(), "ended_on": ended,
                            "document": f"Oficio N° {rng.randint(10, 900):03d}-{day.year}-"
                                        f"{acronym_}"})
                        history[post].append((day.isoformat(), designation_id, person))
                        day = following
                seats.append((seat_id, role, acronym_, history))
            members = sum(1 for s in seats if s[1] == "miembro")
            count = per_committee[index]
            step = (365 * YEARS) // count
            numbers = {"ordinaria": 0, "extraordinaria": 0}
            failed = set(rng.sample(range(1, count - 2), min(2, max(count - 3, 0))))
            for n in range(count):
                day = first_day + timedelta(days=n * step + rng.randint(0, 5))
                if n == count - 1:
                    day = today + timedelta(days=rng.randint(3, 20))
                session_kind = "extraordinaria" if rng.random() < 0.1 else "ordinaria"
                numbers[session_kind] += 1
                upcoming = day > today
                state = ("programada" if upcoming else "sin_quorum" if n in failed else
                         "realizada" if n == count - 2 else "acta_aprobada")
                iso = day.isoformat()
                attendance, present = [], 0
                for seat_id, role, _acr, history in seats:
                    chance = 0.25 if state == "sin_quorum" else 0.8
                    attendee = "ninguno"
                    if not upcoming and rng.random() < chance:
                        attendee = "alterno" if rng.random() < 0.2 else "titular"
                    current = [h for h in history[attendee] if h[0] <= iso] \
                        if attendee != "ninguno" else []
                    _, designation_id, person = current[-1] if current else (None, None, "")
                    present += attendee != "ninguno" and role == "miembro"
                    attendance.append({
                        "seat_id": seat_id, "attendee": attendee,
                        "designation_id": designation_id, "person_name": person,
                        "justification": "" if attendee != "ninguno" or rng.random() < 0.5
                        else "Comunicó su inasistencia por correo electrónico."})
                session_id = out.put("sessions", {
                    "committee_id": committee_id, "kind": session_kind,
                    "number": numbers[session_kind], "date": iso,
                    "start_time": "09:30", "end_time": None if upcoming else "11:45",
                    "venue": "Auditorio de la DRTPE", "city": region["capital"],
                    "modality": rng.choice(("presencial", "presencial", "virtual", "mixta")),
                    "convened_on": (min(day, today) - timedelta(days=5)).isoformat(),
                    "state": state, "call": "primera",
                    # As sessions.record_quorum does: all three once attendance is taken.
                    **({} if upcoming else {"quorum_members": members, "quorum_present": present,
                                            "quorum_required": members // 2 + 1})})
                for row in attendance:
                    out.put("attendance", {"session_id": session_id, **row})
                if state not in ("acta_aprobada", "realizada"):
                    continue
                share = round(agreement_quota / held_total)
                held_total -= 1
                if held_total == 0:
                    share = agreement_quota
                agreement_quota -= share
                age = (today - day).days
                for number in range(1, share + 1):
                    responsible = rng.sample(seat_institutions[:-2], rng.choice((1, 1, 2, 3)))
                    text = rng.choice(AGREEMENT_TEXTS).format(
                        inst=f"La institución {responsible[0]}",
                        inst_lower=f"la institución {responsible[0]}")
                    deadline_text = _deadline(rng, day)
                    if deadline_text not in deadlines:
                        parsed = parse_deadline(deadline_text)
                        deadlines[deadline_text] = (
                            parsed.text if parsed else "",
                            parsed.end.isoformat() if parsed else None)
                    canonical, end = deadlines[deadline_text]
                    state_ = _state(rng, age)
                    agreement_id = out.put("agreements", {
                        "session_id": session_id, "committee_id": committee_id,
                        "number": number, "text": text, "deadline_text": canonical,
                        "deadline_end": end, "state": state_, "vote_mode": "unanimidad"})
                    for acr in responsible:
                        out.put("agreement_responsibles", {
                            "agreement_id": agreement_id, "institution_id": institutions[acr]})
                    if state_ != "pendiente" and rng.random() < 0.6:
                        noted = min(day + timedelta(days=rng.randint(20, 90)), today)
                        out.put("agreement_followups", {
                            "agreement_id": agreement_id, "noted_on": noted.isoformat(),
                            "body": rng.choice(FOLLOWUPS), "evidence": "",
                            "state_after": state_})
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return {**out.counts, "seconds": round(time.perf_counter() - start, 1)}


if __name__ == "__main__":
    default = ROOT / "benchmarks" / "out" / "large.sqlite"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    target.parent.mkdir(parents=True, exist_ok=True)
    print(generate(target))
