"""A realistic demonstration database: one regional secretariat (Ucayali) and two years of work.

Everything is written through the public domain functions, so the change log records it as
if a secretary had typed it. The content is deterministic for a given ``today`` and seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from db.demo.plans import build_plans
from db.demo.signing import add_demo_errata, sign_older_actas
from db.demo.text import (
    ANNULLED,
    CITY,
    COMMITTEES,
    DOC_CODES,
    DONE,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    INVITEES,
    JOB_TITLES,
    JUSTIFICATIONS,
    LETTER_ISSUERS,
    MIXED_VENUE,
    NO_QUORUM_NOTE,
    PHRASES,
    PRESIDENCY_REPORTS,
    PROGRESS,
    REGION_CODE,
    REQUESTS,
    SECTOR_REPORTS,
    STALLED,
    SURNAMES,
    VIRTUAL_VENUE,
)
from db.demo.topics import EVALUATION, EXTRAORDINARY, PLAN, TOPICS, WORLD_DAY
from db.domain import agreements, committees, membership, minutes, sessions
from db.domain.catalog import institution_id
from db.domain.rules.deadlines import ROMAN, is_overdue, parse_deadline
from db.locale_pe import MONTHS, lima_today, long_date
from db.storage.connection import transaction


@dataclass
class Fate:
    """What will happen to an agreement at the following sessions of its committee."""
    final: str  # pendiente, en_proceso, cumplido or anulado
    resolve_at: int  # the n-th later held session where it is closed (cumplido/anulado)
    progress_at: int  # the n-th later held session where it starts (en_proceso)
    held_index: int  # index of the session that adopted it
    responsible: str  # acronym of the first responsible
    forced: bool = False
    extended: bool = False


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _gendered(template: str, female: bool) -> str:
    return template.replace("{a}", "a" if female else "").replace("{o}", "a" if female else "o")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _of(acronym: str) -> str:
    """«del MIMP», «de la DRE Ucayali», «de Migraciones»."""
    phrase = PHRASES[acronym]
    if phrase.startswith("el "):
        return "del " + phrase[3:]
    return "de " + phrase


def _deadline_text(spec: tuple[str, Any], day: date) -> str:
    kind, arg = spec
    if kind == "days":
        return _weekday(day + timedelta(days=arg)).strftime("%d/%m/%Y")
    if kind == "fixed":
        return arg.format(year=day.year, next_year=day.year + 1)
    if kind == "month":
        index = day.month - 1 + arg
        return f"{MONTHS[index % 12]} {day.year + index // 12}"
    size = 3 if kind == "quarter" else 6
    index = (day.month - 1) // size + arg
    per_year = 12 // size
    name = "trimestre" if kind == "quarter" else "semestre"
    return f"{ROMAN[index % per_year + 1]} {name} {day.year + index // per_year}"


class _Builder:
    def __init__(self, db: sqlite_utils.Database, today: date, rng: random.Random):
        self.db, self.today, self.rng = db, today, rng
        self.used_names: set[str] = set()
        self.committee_ids: dict[str, str] = {}
        self.seats: dict[str, list[dict[str, Any]]] = {}
        # seat id -> [(position, from, to, name, female)]
        self.timeline: dict[str, list[tuple[str, date, date | None, str, bool]]] = {}
        self.fates: dict[str, Fate] = {}
        self.sin_quorum_id: str | None = None
        self.doc_counter = rng.randint(40, 90)
        self.topic_pools: dict[str, list[dict[str, Any]]] = {key: [] for key in COMMITTEES}
        self.specials_done: set[tuple[str, str, int]] = set()
        self.numbers = {key: dict(spec["first_numbers"]) for key, spec in COMMITTEES.items()}

    # People and documents --------------------------------------------------------------

    def person(self) -> tuple[str, bool]:
        while True:
            female = self.rng.random() < 0.55
            first = self.rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            name = f"{first} {self.rng.choice(SURNAMES)} {self.rng.choice(SURNAMES)}"
            if name not in self.used_names and len(set(name.split()[-2:])) == 2:
                self.used_names.add(name)
                return name, female

    def document(self, acronym: str, day: date) -> str:
        self.doc_counter += self.rng.randint(3, 40)
        kind = "Carta" if acronym in LETTER_ISSUERS else "Oficio"
        return f"{kind} N° {self.doc_counter % 900 + 11:03d}-{day.year}-{DOC_CODES[acronym]}"

    # Committees, seats and designations ------------------------------------------------

    def create_committees(self, first_sessions: dict[str, date]) -> None:
        drtpe_titulars = self.titular_plan(first_sessions["cdrpeti"], changes=2)
        for key, spec in COMMITTEES.items():
            cid = committees.create_committee(
                self.db, kind=spec["kind"], name=spec["name"], acronym=spec["acronym"],
                region_code=REGION_CODE, secretariat_institution_id=institution_id("DRTPE"),
                state="creado", created_on=spec["created_on"], city=CITY,
                min_notice_days=spec["min_notice_days"], notes=spec["notes"])
            self.committee_ids[key] = cid
            for step in spec["lifecycle"]:
                committees.update_committee(self.db, cid, step)
            for purpose, kind, number, issued_on, body in spec["instruments"]:
                committees.add_instrument(self.db, cid, purpose=purpose, instrument_type=kind,
                                          number=number, issued_on=issued_on, issuing_body=body)
            seats = []
            turnover = set(self.rng.sample(range(2, len(spec["seats"])), 5))
            for index, (acronym, role, presidency, secretariat) in enumerate(spec["seats"]):
                seat_id = membership.add_seat(self.db, cid, institution_id(acronym), role,
                                              is_presidency=presidency,
                                              is_secretariat=secretariat)
                seats.append({"id": seat_id, "acronym": acronym, "role": role,
                              "presidency": presidency, "secretariat": secretariat})
                titulars = drtpe_titulars if acronym == "DRTPE" else self.titular_plan(
                    first_sessions[key], changes=self.rng.randint(1, 2) if index in turnover
                    else 0)
                self.designate_all(seat_id, acronym, titulars, first_sessions[key])
            self.seats[key] = seats

    def titular_plan(self, first: date, changes: int) -> list[tuple[date, str, bool]]:
        start = first - timedelta(days=self.rng.randint(40, 420))
        span = (self.today - first).days - 60
        dates = sorted(first + timedelta(days=30 + self.rng.randint(0, span))
                       for _ in range(changes))
        return [(d, *self.person()) for d in [start, *dates]]

    def designate_all(self, seat_id: str, acronym: str,
                      titulars: list[tuple[date, str, bool]], first: date) -> None:
        timeline = []
        plan = [("titular", day, name, female) for day, name, female in titulars]
        if self.rng.random() < 0.85:
            start = min(titulars[0][0] + timedelta(days=self.rng.randint(0, 30)),
                        first - timedelta(days=1))
            plan.append(("alterno", start, *self.person()))
            if self.rng.random() < 0.25:
                later = first + timedelta(days=self.rng.randint(60, 500))
                if later < self.today:
                    plan.append(("alterno", later, *self.person()))
        plan.sort(key=lambda p: p[1])
        titles = JOB_TITLES[acronym]
        for position, day, name, female in plan:
            title = _gendered(titles[0 if position == "titular" else 1], female)
            membership.designate(self.db, seat_id, position, name, day.isoformat(),
                                 document=self.document(acronym, day), job_title=title)
            timeline.append((position, day, name, female))
        self.timeline[seat_id] = [
            (pos, day, next((d for p, d, _, _ in timeline if p == pos and d > day), None), name,
             female) for pos, day, name, female in timeline]

    def representative(self, seat_id: str, position: str, day: date) -> tuple[str, bool] | None:
        for pos, start, end, name, female in self.timeline[seat_id]:
            if pos == position and start <= day and (end is None or end > day):
                return name, female
        return None

    # Schedule --------------------------------------------------------------------------

    def schedule(self, key: str) -> list[dict[str, Any]]:
        """Dates, kinds and topics of a committee's sessions, oldest first."""
        rng, today = self.rng, self.today
        cdrpeti = key == "cdrpeti"
        day = today - timedelta(days=720 if cdrpeti else 700)
        ordinary: list[dict[str, Any]] = []
        while day <= today - timedelta(days=6):
            ordinary.append({"kind": "ordinaria", "date": _weekday(day)})
            day += timedelta(days=rng.randint(42, 63) if cdrpeti else rng.randint(70, 100))
        for entry in ordinary:
            entry["topics"] = self.ordinary_topics(key, entry["date"])
        extra: list[dict[str, Any]] = []
        failed_index = len(ordinary) // 2 if cdrpeti else -1
        candidates = [i for i in range(1, len(ordinary) - 2) if i != failed_index]
        for n, i in enumerate(sorted(rng.sample(candidates, 3 if cdrpeti else 2))):
            when = _weekday(ordinary[i]["date"] + timedelta(days=rng.randint(12, 24)))
            extra.append({"kind": "extraordinaria", "date": when, "short_notice": n == 0,
                          "topics": [EXTRAORDINARY[key][n]]})
        if cdrpeti:
            failed = ordinary[failed_index]
            failed["sin_quorum"] = True
            extra.append({"kind": "ordinaria", "date": _weekday(failed["date"]
                                                                + timedelta(days=14)),
                          "topics": failed["topics"], "rescheduled": failed["date"]})
        else:
            ordinary[3]["second_call"] = True
        upcoming = _weekday(today + timedelta(days=rng.randint(6, 10) if cdrpeti
                                              else rng.randint(15, 22)))
        extra.append({"kind": "ordinaria", "date": upcoming,
                      "topics": self.ordinary_topics(key, upcoming)})
        return sorted(ordinary + extra, key=lambda s: s["date"])

    def ordinary_topics(self, key: str, day: date) -> list[dict[str, Any]]:
        pool = self.topic_pools[key]
        if not pool:
            pool.extend(self.rng.sample(TOPICS[key], len(TOPICS[key])))
        topics = []
        special = None
        if day.month <= 3:
            special = ("plan", PLAN[key])
        elif key == "cdrpeti" and day.month in (4, 5):
            special = ("world", WORLD_DAY)
        elif day.month >= 11:
            special = ("evaluation", EVALUATION[key])
        if special and (key, special[0], day.year) not in self.specials_done:
            self.specials_done.add((key, special[0], day.year))
            topics.append(special[1])
        topics.append(pool.pop())
        return topics

    # Sessions --------------------------------------------------------------------------

    def build_committee(self, key: str, plan: list[dict[str, Any]]) -> None:
        held_index = 0
        previous_held: tuple[str, dict[str, Any]] | None = None
        for i, entry in enumerate(plan):
            day = entry["date"]
            next_day = plan[i + 1]["date"] if i + 1 < len(plan) else None
            if day > self.today:
                self.create_session(key, entry, None, previous_held)
                continue
            attendance = self.plan_attendance(key, entry)
            sid = self.create_session(key, entry, attendance, previous_held)
            for seat_id, who, justification in attendance["rows"]:
                sessions.set_attendance(self.db, sid, seat_id, who, justification)
            if entry.get("sin_quorum"):
                self.fill_followups(sid, day, None)
                sessions.set_state(self.db, sid, "sin_quorum")
                self.sin_quorum_id = sid
                continue
            held_index += 1
            self.fill_followups(sid, day, held_index)
            self.add_minutes(key, sid, entry, attendance)
            created = self.add_agreements(key, sid, entry, attendance, held_index)
            self.offsession_notes(created, day, next_day)
            sessions.set_state(self.db, sid, "realizada")
            if previous_held:
                sessions.update_session(self.db, previous_held[0],
                                        {"approved_in_session_id": sid})
                sessions.set_state(self.db, previous_held[0], "acta_aprobada")
            previous_held = (sid, entry)

    def create_session(self, key: str, entry: dict[str, Any], attendance: dict | None,
                       previous: tuple[str, dict[str, Any]] | None) -> str:
        rng, day = self.rng, entry["date"]
        spec = COMMITTEES[key]
        number = self.numbers[key][entry["kind"]]
        self.numbers[key][entry["kind"]] += 1
        entry["number"] = number
        modality = rng.choices(["presencial", "virtual", "mixta"], [6, 3, 2])[0]
        venue = {"presencial": rng.choice(spec["venues"]), "virtual": VIRTUAL_VENUE,
                 "mixta": MIXED_VENUE}[modality]
        afternoon = modality == "virtual" and rng.random() < 0.5
        start = (15 if afternoon else 9) * 60 + rng.randint(0, 40)
        notice = 1 if entry.get("short_notice") else (
            rng.randint(3, 4) if entry["kind"] == "extraordinaria" else rng.randint(5, 9))
        notes = ""
        if entry.get("rescheduled"):
            notes = (f"Sesión convocada nuevamente tras no alcanzarse el quórum el "
                     f"{long_date(entry['rescheduled'], weekday=False)}.")
        values: dict[str, Any] = {
            "kind": entry["kind"], "number": number, "date": day.isoformat(),
            "modality": modality, "venue": venue,
            "start_time": f"{start // 60:02d}:{start % 60:02d}",
            "convened_on": min(day - timedelta(days=notice), self.today).isoformat(),
            "notes": notes}
        if attendance and not entry.get("sin_quorum"):
            end = start + rng.randint(95, 155)
            values["end_time"] = f"{end // 60:02d}:{end % 60:02d}"
            values["conducted_by"] = attendance["conductor"]
        if entry.get("sin_quorum"):
            values["notes"] = ("Transcurrida la tolerancia de treinta minutos no se alcanzó el "
                               "quórum reglamentario; la sesión se reprogramó.")
        if entry.get("second_call"):
            values["call"] = "segunda"
            values["notes"] = ("No se alcanzó el quórum en primera convocatoria; la sesión se "
                               "instaló en segunda convocatoria.")
        sid = sessions.create_session(self.db, self.committee_ids[key], **values)
        self.add_agenda(sid, entry, previous, attendance)
        return sid

    def plan_attendance(self, key: str, entry: dict[str, Any]) -> dict[str, Any]:
        rng, day = self.rng, entry["date"]
        seats = self.seats[key]
        members = [s for s in seats if s["role"] == "miembro"]
        rule = committees.quorum_rule(committees.get_committee(self.db, self.committee_ids[key]))
        first_call = rule.required(len(members))
        present = {}
        for seat in seats:
            chance = {"miembro": 0.8, "observador": 0.7}.get(seat["role"], 0.45)
            # The secretariat always attends: it takes attendance and writes the acta.
            present[seat["id"]] = seat["secretariat"] or rng.random() < chance
        ordered = [s["id"] for s in members]
        rng.shuffle(ordered)
        ordered.sort(key=lambda sid: not next(s for s in seats if s["id"] == sid)["secretariat"])
        if entry.get("sin_quorum") or entry.get("second_call"):
            target = first_call - (4 if entry.get("sin_quorum") else 2)
            for n, seat_id in enumerate(ordered):
                present[seat_id] = n < target
        else:
            for seat_id in ordered:
                if sum(present[s] for s in ordered) > first_call:
                    break
                present[seat_id] = True
        rows: list[tuple[str, str, str | None]] = []
        people: dict[str, tuple[str, bool]] = {}
        conductor = ""
        for seat in seats:
            if not present[seat["id"]]:
                justification = rng.choice(JUSTIFICATIONS) if rng.random() < 0.55 else ""
                rows.append((seat["id"], "ninguno", justification))
                continue
            alterno = self.representative(seat["id"], "alterno", day)
            titular = self.representative(seat["id"], "titular", day)
            who = "alterno" if alterno and (rng.random() < 0.3 or not titular) else "titular"
            rows.append((seat["id"], who, None))
            person = alterno if who == "alterno" else titular
            assert person is not None, "every seat has a titular from before the first session"
            people[seat["acronym"]] = person
            if seat["presidency"] or (seat["secretariat"] and not conductor):
                conductor = people[seat["acronym"]][0]
        return {"rows": rows, "people": people, "conductor": conductor,
                "members_present": sum(present[s] for s in ordered)}

    # Minutes ---------------------------------------------------------------------------

    def fill(self, text: str, day: date, **extra: Any) -> str:
        rng = self.rng
        return text.format(year=day.year, next_year=day.year + 1, n=rng.randint(4, 30),
                           m=rng.randint(30, 240), k=rng.randint(2, 6), **extra)

    def add_agenda(self, sid: str, entry: dict[str, Any], previous, attendance) -> None:
        """The orden del día; interventions only once the session has been held."""
        held = attendance is not None and not entry.get("sin_quorum")
        if previous:
            title = sessions.title({"kind": previous[1]["kind"], "number": previous[1]["number"]})
            item_id = minutes.add(self.db, "agenda_items", sid,
                                  title=f"Lectura y aprobación del acta de la {title}")
            if held:
                minutes.add(self.db, "interventions", item_id,
                            institution_id=institution_id("DRTPE"),
                            speaker=attendance["people"].get("DRTPE", ("", False))[0],
                            body="La Secretaría Técnica dio lectura al acta; no habiéndose "
                                 "formulado observaciones, fue aprobada por unanimidad.")
        for topic in entry["topics"]:
            item_id = minutes.add(self.db, "agenda_items", sid,
                                  title=self.fill(topic["title"], entry["date"]))
            if not held:
                continue
            speakers = [(a, t) for a, t in topic["interventions"] if a in attendance["people"]]
            for acronym, text in speakers:
                name, female = attendance["people"][acronym]
                body = f"{'La' if female else 'El'} representante {_of(acronym)} " + \
                    self.fill(text, entry["date"])
                minutes.add(self.db, "interventions", item_id,
                            institution_id=institution_id(acronym), speaker=name, body=body)
            if not speakers:  # its presenters were absent: the secretariat introduces it
                minutes.add(self.db, "interventions", item_id,
                            institution_id=institution_id("DRTPE"),
                            speaker=attendance["people"]["DRTPE"][0],
                            body="La Secretaría Técnica expuso los antecedentes del tema; no se "
                                 "formularon observaciones.")

    def add_minutes(self, key: str, sid: str, entry: dict[str, Any], attendance) -> None:
        rng, day = self.rng, entry["date"]
        for title, body in rng.sample(PRESIDENCY_REPORTS, rng.randint(1, 2)):
            minutes.add(self.db, "reports", sid, section="presidencia", title=title,
                        institution_id=institution_id("DRTPE"), body=self.fill(body, day))
        sectors = [a for a in SECTOR_REPORTS if a in attendance["people"]]
        for acronym in rng.sample(sectors, min(len(sectors), rng.randint(1, 3))):
            title, body = SECTOR_REPORTS[acronym]
            minutes.add(self.db, "reports", sid, section="sectores", title=title,
                        institution_id=institution_id(acronym), body=self.fill(body, day))
        if rng.random() < 0.6:
            options = [r for r in REQUESTS if r[1] is None or r[1] in attendance["people"]]
            for section, source, request in rng.sample(options, rng.randint(1, 2)):
                minutes.add(self.db, "requests", sid, section=section, body=request,
                            institution_id=institution_id(source or "DRTPE"))
        invited = rng.sample(INVITEES, rng.choice([0, 1, 1, 2]))
        for entity, job in invited:
            name, female = self.person()
            sessions.add_invitee(self.db, sid, name, entity, _gendered(job, female))

    # Agreements and their follow-up ----------------------------------------------------

    def add_agreements(self, key: str, sid: str, entry: dict[str, Any], attendance,
                       held_index: int) -> list[str]:
        rng, day = self.rng, entry["date"]
        created = []
        templates = [a for topic in entry["topics"] for a in topic["agreements"]]
        for n, (text, responsibles, spec, target) in enumerate(templates):
            deadline = _deadline_text(spec, day)
            parsed = parse_deadline(deadline)
            assert parsed is not None
            period = deadline.replace(" trimestre ", " trimestre de ").replace(
                " semestre ", " semestre de ")
            values: dict[str, Any] = {"deadline_text": deadline, "target": target}
            if rng.random() < 0.15:
                against, abstain = rng.randint(1, 2), rng.randint(0, 1)
                voters = [a for a in ("CGTP", "CCR", "CATP") if a in attendance["people"]
                          and a not in responsibles]
                values.update(vote_mode="mayoria", votes_against=against, votes_abstain=abstain,
                              votes_for=attendance["members_present"] - against - abstain)
                if voters:
                    values["dissent"] = (f"Voto singular {_of(voters[0])}, que considera "
                                         "insuficiente el plazo propuesto.")
            body = self.fill(text, day, deadline_long=long_date(parsed.end), period=period)
            aid = agreements.create_agreement(
                self.db, sid, body, responsibles=[institution_id(a) for a in responsibles],
                **values)
            self.fates[aid] = self.choose_fate(key, day, held_index, n, responsibles[0])
            created.append(aid)
        return created

    def choose_fate(self, key: str, day: date, held_index: int, n: int, responsible: str) -> Fate:
        rng = self.rng
        age = (self.today - day).days
        if n == 0 and key == "cdrpeti" and held_index == 1:
            return Fate("anulado", 1, 1, held_index, responsible, forced=True)
        if n == 0 and ((key == "cdrpeti" and held_index == 3)
                       or (key == "forzoso" and held_index == 2)):
            final = "pendiente" if key == "cdrpeti" else "en_proceso"
            return Fate(final, 99, 1, held_index, responsible, forced=True)
        if age > 240:
            weights = {"cumplido": 70, "anulado": 5, "en_proceso": 13, "pendiente": 12}
        elif age > 90:
            weights = {"cumplido": 50, "anulado": 5, "en_proceso": 30, "pendiente": 15}
        else:
            weights = {"cumplido": 10, "en_proceso": 30, "pendiente": 60}
        final = rng.choices(list(weights), list(weights.values()))[0]
        resolve_at = rng.randint(1, 3)
        return Fate(final, resolve_at, rng.randint(1, max(1, resolve_at - 1)), held_index,
                    responsible)

    def fill_followups(self, sid: str, day: date, held_index: int | None) -> None:
        rng = self.rng
        for row in agreements.session_followups(self.db, sid):
            if row["body"]:
                continue
            if held_index is None:
                agreements.update_followup(self.db, row["followup_id"], {"body": NO_QUORUM_NOTE})
                continue
            fate = self.fates[row["agreement_id"]]
            step = held_index - fate.held_index
            resp = _cap(PHRASES[fate.responsible])
            changes: dict[str, Any] = {}
            if fate.final in ("cumplido", "anulado") and step >= fate.resolve_at:
                pool = DONE if fate.final == "cumplido" else ANNULLED
                changes = {"body": rng.choice(pool).format(resp=resp),
                           "state_after": fate.final}
                if fate.final == "cumplido":
                    changes["evidence"] = (self.document(fate.responsible, day)
                                           + "; fotografías y lista de asistentes")
            elif fate.final != "pendiente" and step >= fate.progress_at:
                changes = {"body": rng.choice(PROGRESS).format(resp=resp)}
                if row["state"] == "pendiente":
                    changes["state_after"] = "en_proceso"
            elif (not fate.forced and not fate.extended and rng.random() < 0.15
                  and "/" in (row["deadline_text"] or "")):
                new_end = _weekday(day + timedelta(days=60))
                agreements.update_agreement(self.db, row["agreement_id"],
                                            {"deadline_text": new_end.strftime("%d/%m/%Y")})
                fate.extended = True
                changes = {"body": f"{resp} solicitó ampliar el plazo; el comité acordó "
                                   f"prorrogarlo hasta el {long_date(new_end)}."}
            else:
                changes = {"body": rng.choice(STALLED).format(resp=resp)}
            agreements.update_followup(self.db, row["followup_id"], changes)

    def offsession_notes(self, created: list[str], day: date, next_day: date | None) -> None:
        """Information a responsible sends between sessions, recorded by the secretary."""
        for aid in created:
            fate = self.fates[aid]
            if fate.final not in ("cumplido", "en_proceso") or fate.forced:
                continue
            if self.rng.random() >= 0.3:
                continue
            noted = day + timedelta(days=self.rng.randint(6, 15))
            if noted > self.today or (next_day and noted >= next_day):
                continue
            document = self.document(fate.responsible, noted)
            agreements.add_followup(
                self.db, aid, noted.isoformat(),
                f"Mediante {document}, {PHRASES[fate.responsible]} remitió información sobre el "
                "avance del acuerdo.", evidence=document, state_after="en_proceso")

    # Summary ---------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        db, ids = self.db, list(self.committee_ids.values())
        marks = ", ".join("?" for _ in ids)

        def count(sql: str) -> int:
            return int(db.execute(sql.format(marks=marks), ids).fetchone()[0])

        def by_state(table: str) -> dict[str, int]:
            return dict(db.execute(
                f"SELECT state, count(*) FROM {table} WHERE committee_id IN ({marks})"
                " AND deleted_at IS NULL GROUP BY state ORDER BY state", ids).fetchall())

        rows = db.execute(f"SELECT state, deadline_end FROM agreements WHERE committee_id IN"
                          f" ({marks}) AND deleted_at IS NULL", ids).fetchall()
        return {
            "today": self.today.isoformat(),
            "committee_ids": self.committee_ids,
            "committees": len(ids),
            "seats": count("SELECT count(*) FROM seats WHERE committee_id IN ({marks})"),
            "designations": count("SELECT count(*) FROM designations d JOIN seats s"
                                  " ON s.id = d.seat_id WHERE s.committee_id IN ({marks})"),
            "sessions": count("SELECT count(*) FROM sessions WHERE committee_id IN ({marks})"),
            "plans": count("SELECT count(*) FROM work_plans WHERE committee_id IN ({marks})"),
            "indicators": count("SELECT count(*) FROM indicators x JOIN plan_nodes n"
                                " ON n.id = x.node_id JOIN work_plans p ON p.id = n.plan_id"
                                " WHERE p.committee_id IN ({marks})"),
            "sessions_by_state": by_state("sessions"),
            "agreements": len(rows),
            "agreements_by_state": by_state("agreements"),
            "overdue": sum(is_overdue(state, end, self.today) for state, end in rows),
            "sin_quorum_session_id": self.sin_quorum_id,
        }


def build_demo(db: sqlite_utils.Database, *, today: date | None = None,
               seed: int = 7) -> dict[str, Any]:
    """Fill ``db`` (an open, migrated store) with the Ucayali demonstration data."""
    builder = _Builder(db, today or lima_today(), random.Random(seed))
    with transaction(db):
        plans = {key: builder.schedule(key) for key in COMMITTEES}
        builder.create_committees({key: plan[0]["date"] for key, plan in plans.items()})
        for key, plan in plans.items():
            builder.build_committee(key, plan)
        signed = {key: sign_older_actas(db, builder.committee_ids[key])
                  for key in COMMITTEES}
        first_signed = sessions.get_session(db, signed["cdrpeti"][0])
        add_demo_errata(db, first_signed)
        for key in COMMITTEES:
            build_plans(db, builder.committee_ids[key], key, builder.today, builder.rng)
    return builder.summary()
