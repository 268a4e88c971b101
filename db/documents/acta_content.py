"""What an acta says, as plain data: the one input of every printed form of a session.

``load_acta`` (in ``db.documents.acta_loader``) reads it from the database; the builders in
``forms/`` only lay it out. The fingerprint is the SHA-256 of this content in a canonical
JSON form, so a paper copy can be checked against the stored data, never against PDF bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

# Participant groups, in the order the acta prints them (section II).
PARTICIPANT_GROUPS = {
    "presidencia": "PRESIDENCIA Y SECRETARÍA TÉCNICA",
    "titulares": "REPRESENTANTES TITULARES",
    "alternos": "REPRESENTANTES ALTERNOS",
    "observadores": "OBSERVADORES",
    "invitados": "INVITADOS/AS",
}


@dataclass(frozen=True)
class Participant:
    name: str  # «Luz Marina Zumaeta Cárdenas»
    entity: str  # the institution's full name, or an invitee's entity as typed


@dataclass(frozen=True)
class ParticipantGroup:
    key: str  # a key of PARTICIPANT_GROUPS
    title: str
    people: list[Participant]


@dataclass(frozen=True)
class ReportBlock:
    """An informe (4.1.x of the presidency/secretariat, 4.2.x of a member sector)."""

    title: str
    lines: list[str]  # bullet points, without their leading dash


@dataclass(frozen=True)
class Request:
    """A pedido: who asked (acronym, may be empty) and what."""

    entity: str
    body: str


@dataclass(frozen=True)
class AgendaItem:
    title: str
    interventions: list[str]  # each a full sentence: «La representante de X indicó …»


@dataclass(frozen=True)
class AgreementEntry:
    number: int
    text: str
    responsibles: list[str]  # acronyms
    deadline: str  # «31/01/2025», «II trimestre 2025» or ""
    target: str
    vote: str  # «Aprobado por unanimidad.» or «Aprobado por mayoría: 13 a favor, …»


@dataclass(frozen=True)
class FollowupEntry:
    """An open agreement of an earlier session, as reported at this one."""

    origin: str  # «Sesión Ordinaria N° 38 (12/12/2024)»
    number: int
    text: str
    responsibles: list[str]
    deadline: str
    state: str  # Spanish label, «Vencido» when past its deadline
    reported: str  # what was reported at this session, or «Sin información.»


@dataclass(frozen=True)
class Signatory:
    """A row of the signature table, and a signature field of the digital path."""

    entity: str  # acronym
    entity_name: str
    mark: str  # T, A, PA or ST
    name: str
    role: str  # «Presidencia», «Secretaría Técnica», «Titular», «Alterno»
    field_name: str  # PDF field name: no dots, unique within the acta


@dataclass(frozen=True)
class ActaContent:
    session_id: str
    reference: str  # «CDRPETI-UCAYALI-SO-12»: the acta's identifier
    committee_name: str
    committee_acronym: str
    region_name: str
    secretariat_name: str  # the institution acting as secretaría técnica
    logo_sha256: str | None  # the committee's logo, bytes in the blob store
    kind: str  # ordinaria | extraordinaria
    number: int
    heading: str  # «ACTA DE LA SESIÓN ORDINARIA N° 12»
    date_text: str  # «jueves 16 de enero de 2020»
    time_text: str  # «Desde las 09:22 a.m. hasta las 11:25 a.m.»
    venue: str
    city: str
    modality: str  # Spanish label
    call: str  # «Primera convocatoria»
    conducted_by: str
    president: str  # «Name (Entity)» or ""
    secretariat: str  # «Name (Entity)» or ""
    has_attendance: bool
    participants: list[ParticipantGroup]
    quorum_sentence: str
    reports_presidency: list[ReportBlock]
    reports_sectors: list[ReportBlock]
    requests_presidency: list[Request]
    requests_members: list[Request]
    agenda: list[AgendaItem]
    agreements: list[AgreementEntry]
    followups: list[FollowupEntry]
    closing_sentence: str
    signatories: list[Signatory]
    annexes: list[str] = field(default_factory=list)  # attached documents, by file name

    def canonical_json(self) -> str:
        return canonical_json(asdict(self))

    @property
    def fingerprint(self) -> str:
        """Full SHA-256 (hex) of the content."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    @property
    def short_fingerprint(self) -> str:
        """What a person reads and compares on paper: 16 hex digits in groups of four."""
        return short_fingerprint(self.fingerprint)

    @property
    def qr_payload(self) -> str:
        return f"SESIONA|ACTA|{self.reference}|{self.session_id}|sha256:{self.fingerprint}"


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def short_fingerprint(full_hex: str) -> str:
    head = full_hex[:16].upper()
    return "-".join(head[i:i + 4] for i in range(0, 16, 4))


def from_json(text: str) -> ActaContent:
    """Rebuild the content kept with a signed acta (its snapshot)."""
    data = json.loads(text)
    data["participants"] = [
        ParticipantGroup(g["key"], g["title"], [Participant(**p) for p in g["people"]])
        for g in data["participants"]]
    for key in ("reports_presidency", "reports_sectors"):
        data[key] = [ReportBlock(**b) for b in data[key]]
    for key in ("requests_presidency", "requests_members"):
        data[key] = [Request(**r) for r in data[key]]
    data["agenda"] = [AgendaItem(**a) for a in data["agenda"]]
    data["agreements"] = [AgreementEntry(**a) for a in data["agreements"]]
    data["followups"] = [FollowupEntry(**f) for f in data["followups"]]
    data["signatories"] = [Signatory(**s) for s in data["signatories"]]
    return ActaContent(**data)


# The other printed documents of a session ---------------------------------------------

@dataclass(frozen=True)
class DocumentHeader:
    """What every printed document of a committee carries at its top."""

    committee_name: str
    committee_acronym: str
    region_name: str
    logo_sha256: str | None


@dataclass(frozen=True)
class SheetRow:
    entity: str  # acronym
    entity_name: str
    role: str  # «Miembro», «Observador», «Invitado permanente», «Presidencia», …
    position: str  # «Titular» or «Alterno»
    name: str  # the representative in office on the session date, or "" (a blank line)


@dataclass(frozen=True)
class AttendanceSheetContent:
    header: DocumentHeader
    reference: str
    heading: str  # «LISTA DE ASISTENCIA — SESIÓN ORDINARIA N° 12»
    date_text: str
    time_text: str  # «09:00 a.m.» (start) or ""
    venue: str
    city: str
    modality: str
    rows: list[SheetRow]  # two per seat: titular then alterno
    blank_invitee_rows: int = 8


@dataclass(frozen=True)
class ExtractItem:
    origin: str  # «Sesión Ordinaria N° 12 (16/01/2020)»
    number: int
    text: str
    deadline: str
    state: str
    co_responsibles: list[str]  # the other responsible institutions (acronyms)


@dataclass(frozen=True)
class AgreementExtract:
    """The agreements one institution must carry out, to send with an oficio."""

    header: DocumentHeader
    reference: str  # of the session the extract is issued after
    session_heading: str  # «Sesión Ordinaria N° 12»
    date_text: str
    city: str
    institution_acronym: str
    institution_name: str
    items: list[ExtractItem]


@dataclass(frozen=True)
class ErrataContent:
    """A fe de erratas: a dated correction of a signed acta, printed on its own page."""

    header: DocumentHeader
    reference: str  # the acta's
    number: int  # first, second… fe de erratas of this acta
    acta_heading: str
    acta_date_text: str
    acta_fingerprint: str  # short fingerprint of the signed acta
    noted_on_text: str
    city: str
    body: str
