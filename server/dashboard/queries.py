"""The dashboard's reads over the synced rows (``records``), the same on both backends.

Rows are read through their JSON ``data`` (``records.c.data[...]``: ``json_extract`` on
SQLite, ``->>`` on PostgreSQL's JSONB); soft-deleted rows (``deleted_at``) never count.

Activity rule (*Estado situacional*): with a reference date R (today, or ``?al=``) and N
months, the threshold T is R minus N calendar months (the same day number, or the month's
last day when it has fewer: 31 Aug − 6 months = 28/29 Feb). A committee is **activo** when
it held a session (state realizada, acta aprobada or acta firmada; a programmed session or
one without quorum was not held) dated from T to R, both included; **inactivo** when it
has synced but held none in that window; a region without a synced committee of a kind is
**sin información** for that kind.
"""

from __future__ import annotations

import calendar
import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from db.domain.catalog import institution_id
from db.domain.rules.deadlines import OPEN_STATES
from resources import resource_path
from server.core.accounts import region_names
from server.core.models import devices, feed, records

KINDS = {
    "cdrpeti": "CDRPETI (trabajo infantil)",
    "trabajo_forzoso": "Trabajo forzoso",
    "trata": "Trata de personas",
}
HELD_STATES = ("realizada", "acta_aprobada", "acta_firmada")
STATUS_LABELS = {"activo": "Activo", "inactivo": "Inactivo",
                 "sin_informacion": "Sin información"}
# Colours of the ministry's own legend (as in db.domain.rules.execution): green, red, grey.
STATUS_COLOURS = {"activo": "#63BE7B", "inactivo": "#F8696B", "sin_informacion": "#D9D9D9"}


def data_text(name: str, table: Any = records) -> Any:
    return table.c.data[name].as_string()


def live(table_name: str, table: Any = records) -> Any:
    return and_(table.c.table_name == table_name, table.c.deleted_at.is_(None))


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def status_of(last_session: str | None, threshold: date, reference: date) -> str:
    if last_session is not None and threshold.isoformat() <= last_session \
            <= reference.isoformat():
        return "activo"
    return "inactivo"


# The national table --------------------------------------------------------------------------

@dataclass
class CommitteeStatus:
    id: str
    acronym: str
    name: str
    kind: str
    region_code: str
    status: str
    last_session: str | None  # ISO date of the last session held up to the reference
    sessions_in_window: int
    last_sync: datetime | None
    overdue_agreements: int = 0  # open, with their deadline before the reference date


@dataclass
class KindCell:
    status: str = "sin_informacion"
    committees: list[CommitteeStatus] = field(default_factory=list)
    last_session: str | None = None
    last_sync: datetime | None = None


@dataclass
class RegionRow:
    code: str
    name: str
    cells: dict[str, KindCell]
    devices: int
    last_contact: datetime | None


@dataclass
class NationalTable:
    reference: date
    months: int
    threshold: date
    rows: list[RegionRow]

    def totals(self) -> dict[str, Counter[str]]:
        return {kind: Counter(row.cells[kind].status for row in self.rows) for kind in KINDS}


def national_table(conn: Connection, reference: date, months: int) -> NationalTable:
    threshold = months_before(reference, months)
    committees = conn.execute(select(
        records.c.row_id, records.c.region_code, data_text("kind"), data_text("acronym"),
        data_text("name"),
    ).where(live("committees"))).all()
    session_date = data_text("date")
    held = and_(live("sessions"), data_text("state").in_(HELD_STATES),
                session_date <= reference.isoformat())
    sessions = {row[0]: (row[1], int(row[2] or 0)) for row in conn.execute(select(
        records.c.committee_id, func.max(session_date),
        func.sum(case((session_date >= threshold.isoformat(), 1), else_=0)),
    ).where(held).group_by(records.c.committee_id))}
    overdue: dict[str, int] = {row[0]: int(row[1]) for row in conn.execute(select(
        records.c.committee_id, func.count()).where(
        live("agreements"), data_text("state").in_(OPEN_STATES),
        data_text("deadline_end") < reference.isoformat(),
    ).group_by(records.c.committee_id))}
    synced = dict(conn.execute(select(feed.c.committee_id, func.max(feed.c.received_at))
                               .where(feed.c.committee_id.is_not(None))
                               .group_by(feed.c.committee_id)).all())
    contact = {row[0]: (int(row[1]), row[2]) for row in conn.execute(select(
        devices.c.region_code, func.count(), func.max(devices.c.last_seen_at),
    ).where(devices.c.revoked_at.is_(None)).group_by(devices.c.region_code))}
    names = region_names()
    rows = {code: RegionRow(code, name, {kind: KindCell() for kind in KINDS},
                            *contact.get(code, (0, None)))
            for code, name in names.items()}
    for committee_id, region, kind, acronym, name in committees:
        if region not in rows or kind not in KINDS:
            continue
        last_session, in_window = sessions.get(committee_id, (None, 0))
        last_sync = _aware(synced.get(committee_id))
        item = CommitteeStatus(committee_id, acronym or "", name or "", kind, region,
                               status_of(last_session, threshold, reference), last_session,
                               in_window, last_sync, int(overdue.get(committee_id, 0)))
        cell = rows[region].cells[kind]
        cell.committees.append(item)
        if cell.status != "activo":
            cell.status = item.status
        if last_session and (cell.last_session is None or last_session > cell.last_session):
            cell.last_session = last_session
        if last_sync and (cell.last_sync is None or last_sync > cell.last_sync):
            cell.last_sync = last_sync
    ordered = sorted(rows.values(), key=lambda r: collation_key(r.name))
    for row in ordered:
        row.last_contact = _aware(row.last_contact)
        for cell in row.cells.values():
            cell.committees.sort(key=lambda c: c.acronym)
    return NationalTable(reference, months, threshold, ordered)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def collation_key(text: str) -> str:
    """«Áncash» sorts with the A's, as a person expects."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# One committee -----------------------------------------------------------------------------

@cache
def _catalogue_institutions() -> dict[str, tuple[str, str]]:
    with resource_path("catalogs", "institutions.csv").open(encoding="utf-8",
                                                            newline="") as fh:
        return {institution_id(r["acronym"]): (r["acronym"], r["name"])
                for r in csv.DictReader(fh)}


def institution_names(conn: Connection) -> dict[str, tuple[str, str]]:
    """id → (acronym, name): the shipped catalogue plus the rows synced or published."""
    names = dict(_catalogue_institutions())
    for row_id, data in conn.execute(select(records.c.row_id, records.c.data)
                                     .where(records.c.table_name == "institutions")):
        names[row_id] = (str(data.get("acronym", "")), str(data.get("name", "")))
    return names


COMMITTEE_TABLES = ("sessions", "seats", "attendance", "agreements",
                    "agreement_responsibles", "attachments")


@dataclass
class CommitteeData:
    """A committee's synced rows the drill-down needs, live ones only, by table."""

    committee: dict[str, Any]
    region_code: str
    rows: dict[str, list[dict[str, Any]]]
    institutions: dict[str, tuple[str, str]]


def committee_data(conn: Connection, committee_id: str) -> CommitteeData | None:
    found = conn.execute(select(records.c.data, records.c.region_code).where(
        live("committees"), records.c.row_id == committee_id)).first()
    if found is None:
        return None
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in COMMITTEE_TABLES}
    for table_name, row_id, data in conn.execute(select(
            records.c.table_name, records.c.row_id, records.c.data).where(
            records.c.committee_id == committee_id, records.c.deleted_at.is_(None),
            records.c.table_name.in_(COMMITTEE_TABLES))):
        rows[table_name].append({**data, "id": row_id})
    committee = {**found[0], "id": committee_id}
    return CommitteeData(committee, found[1] or "", rows, institution_names(conn))


def session_committee(conn: Connection, session_id: str) -> str | None:
    found = conn.execute(select(records.c.committee_id).where(
        live("sessions"), records.c.row_id == session_id)).first()
    return found[0] if found else None
