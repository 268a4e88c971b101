"""Realistic content for the printed forms, built in pure Python (no database).

Names, institutions and wording are what a secretary in Ucayali types, accents included.
Every agreement, name and intervention is distinctive, so a test can find it in the PDF.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from pypdf import PdfReader

from db.documents.acta_content import (
    PARTICIPANT_GROUPS,
    ActaContent,
    AgendaItem,
    AgreementEntry,
    AgreementExtract,
    AttendanceSheetContent,
    DocumentHeader,
    ErrataContent,
    ExtractItem,
    FollowupEntry,
    Participant,
    ParticipantGroup,
    ReportBlock,
    Request,
    SheetRow,
    Signatory,
)

INSTITUTIONS = [
    ("DRTPE", "Dirección Regional de Trabajo y Promoción del Empleo de Ucayali"),
    ("GRDS", "Gerencia Regional de Desarrollo Social"),
    ("DRE", "Dirección Regional de Educación de Ucayali"),
    ("DIRESA", "Dirección Regional de Salud de Ucayali"),
    ("MIMP", "Ministerio de la Mujer y Poblaciones Vulnerables"),
    ("PNP", "Policía Nacional del Perú"),
    ("MPFN", "Ministerio Público - Fiscalía de la Nación"),
    ("SUNAFIL", "Superintendencia Nacional de Fiscalización Laboral"),
    ("DEMUNA", "Defensoría Municipal del Niño y del Adolescente de Coronel Portillo"),
    ("CCR", "Cámara de Comercio & Industrias de Ucayali"),
    ("DP", "Defensoría del Pueblo"),
    ("UGEL", "Unidad de Gestión Educativa Local de Coronel Portillo"),
    ("CARITAS", "Cáritas Pucallpa"),
    ("SERFOR", "Servicio Nacional Forestal y de Fauna Silvestre"),
    ("CULTURA", "Dirección Desconcentrada de Cultura de Ucayali"),
]
FIRST = ["María Elena", "Rosa Amelia", "Juan Carlos", "Luis Alberto", "Flor de María",
         "Wilder", "Lizbeth", "Héctor", "Ruth", "Víctor Hugo", "Milagros", "Iván", "Yolanda",
         "César Augusto", "Giovanna", "Raúl", "Evelyn", "Segundo", "Nancy", "Percy", "Sofía",
         "Ñusta", "Julio César", "Begoña", "Andrés", "Zoila", "Efraín", "Inés", "Óscar",
         "Úrsula", "Ángel"]
SURNAMES = ["Panduro", "Rengifo", "Ríos", "Vásquez", "Pinedo", "Tapullima", "Ahuanari",
            "Sánchez", "Del Águila", "Ramírez", "Shahuano", "Mozombite", "Huaymacari",
            "Chumbe", "Saldaña", "Cárdenas", "Fasabi", "Murayari", "Arévalo", "Reátegui",
            "Isuiza", "Amasifuén", "Sangama", "Córdova", "Zumaeta", "Cachique", "Núñez",
            "Peña", "Ibáñez", "Muñoz", "Güimac"]

HEADER = DocumentHeader(
    committee_name="Comité Directivo Regional para la Prevención y Erradicación del "
                   "Trabajo Infantil de Ucayali",
    committee_acronym="CDRPETI", region_name="Ucayali", logo_sha256=None)


def person(i: int) -> str:
    """A unique full name for every i below 900 (two surnames, as in Peru)."""
    first = FIRST[i % len(FIRST)]
    a = SURNAMES[(i // len(FIRST)) % len(SURNAMES)]
    b = SURNAMES[(i * 7 + 3) % len(SURNAMES)]
    return f"{first} {a} {b}"


def agreement_text(n: int, long: bool = False) -> str:
    text = (f"Aprobar el cronograma de la campaña «Niñas y niños sin trabajo infantil» "
            f"número {n} en la provincia de Coronel Portillo, con cargo a que los sectores "
            f"remitan su información a la Secretaría Técnica")
    if long:
        text += (", precisando las metas físicas, el presupuesto asignado y los medios de "
                 "verificación de cada actividad, incluyendo a las comunidades nativas del "
                 "río Ucayali y sus afluentes")
    return text + "."


def intervention(i: int, j: int, long: bool) -> str:
    acronym = INSTITUTIONS[(i + j) % len(INSTITUTIONS)][0]
    text = (f"La representante de {acronym} indicó que en el punto {i}.{j} se coordinó con "
            f"las DEMUNA y los CEM la atención de casos de niñas, niños y adolescentes "
            f"menores de 14 años (<14) en actividades peligrosas")
    if long:
        text += (". Asimismo, precisó que las acciones de sensibilización se ejecutarán "
                 "en mercados, terminales fluviales y ladrilleras de Yarinacocha, Manantay "
                 "y Callería, y que el informe de avance se remitirá antes del cierre del "
                 "trimestre con los padrones de participantes y las fotografías respectivas")
    return text + "."


def acta(*, attendees: int = 10, agreements: int = 4, long: bool = False,
         has_attendance: bool = True, followups: int = 2,
         annexes: tuple[str, ...] = ("Plan Operativo Anual 2025.pdf",),
         number: int = 12) -> ActaContent:
    """An ordinary session of the CDRPETI Ucayali with ``attendees`` members present."""
    people = [(person(i), INSTITUTIONS[i % len(INSTITUTIONS)]) for i in range(attendees)]
    groups = {key: [] for key in PARTICIPANT_GROUPS}
    signatories = []
    for i, (name, (acronym, entity)) in enumerate(people):
        if i == 0:
            key, mark, role = "presidencia", "PA", "Presidencia"
        elif i == 1:
            key, mark, role = "presidencia", "ST", "Secretaría Técnica"
        elif i % 3 == 0:
            key, mark, role = "alternos", "A", "Alterno"
        else:
            key, mark, role = "titulares", "T", "Titular"
        groups[key].append(Participant(name, entity))
        signatories.append(Signatory(acronym, entity, mark, name, role,
                                     field_name=re.sub(r"\W", "_", f"firma_{i:02d}_{acronym}")))
    if attendees:
        groups["invitados"].append(Participant("Begoña Quispe Ñaupari",
                                               "Organización Internacional del Trabajo"))
    participants = [ParticipantGroup(k, PARTICIPANT_GROUPS[k], v) for k, v in groups.items()]
    lines = 6 if long else 2
    return ActaContent(
        session_id="5f0c7d2e-1b3a-4c59-9e1f-0a7b6c5d4e3f",
        reference=f"CDRPETI-UCAYALI-SO-{number}",
        committee_name=HEADER.committee_name,
        committee_acronym="CDRPETI",
        region_name="Ucayali",
        secretariat_name=INSTITUTIONS[0][1],
        logo_sha256=None,
        kind="ordinaria",
        number=number,
        heading=f"ACTA DE LA SESIÓN ORDINARIA N° {number}",
        date_text="jueves 16 de enero de 2025",
        time_text="Desde las 09:22 a.m. hasta las 11:25 a.m.",
        venue="Auditorio de la DRTPE Ucayali, Jr. Tacna 580",
        city="Pucallpa",
        modality="Presencial",
        call="Primera convocatoria",
        conducted_by=f"{person(0)}, presidenta alterna",
        president=f"{person(0)} (GRDS)" if attendees else "",
        secretariat=f"{person(1)} (DRTPE)" if attendees > 1 else "",
        has_attendance=has_attendance,
        participants=participants if has_attendance else [],
        quorum_sentence=(f"La Secretaría Técnica verificó la asistencia de {attendees} de los "
                         f"15 miembros del Comité y, existiendo el quórum reglamentario, la "
                         f"Presidencia declaró instalada la sesión."),
        reports_presidency=[
            ReportBlock("Balance de las acciones del Plan Operativo Anual 2024",
                        [f"Se ejecutó el {80 + k} % de las actividades programadas en el eje "
                         f"{k}." for k in range(1, lines + 1)]),
            ReportBlock("Día Mundial contra el Trabajo Infantil",
                        ["Se coordinó con la OIT la feria informativa del 12 de junio.",
                         "Los materiales tendrán adecuación lingüística al shipibo-konibo."]),
        ],
        reports_sectors=[
            ReportBlock("SUNAFIL: operativos de fiscalización",
                        ["Se realizaron 14 inspecciones en ladrilleras y aserraderos.",
                         "Se identificaron 3 adolescentes en trabajo peligroso."]),
        ],
        requests_presidency=[],
        requests_members=[Request("DRE", "Solicita que la próxima sesión se realice en la "
                                         "UGEL Atalaya.")],
        agenda=[AgendaItem(f"Punto de agenda número {i}: avance de la estrategia regional "
                           f"«Warmi» {i}",
                           [intervention(i, j, long) for j in range(1, lines + 1)])
                for i in range(1, (6 if long else 3) + 1)],
        agreements=[AgreementEntry(
            number=n, text=agreement_text(n, long),
            responsibles=["MIMP", "DRE"] if n % 2 else ["DRTPE"],
            deadline="31/01/2025" if n % 3 else "II trimestre 2025",
            target="20 talleres con 600 participantes" if n % 4 == 0 else "",
            vote="Aprobado por unanimidad." if n % 5 else
                 "Aprobado por mayoría: 9 a favor, 1 en contra y 2 abstenciones.")
            for n in range(1, agreements + 1)],
        followups=[FollowupEntry(
            origin="Sesión Ordinaria N° 11 (12/12/2024)", number=k,
            text=f"Elaborar el directorio regional de servicios de protección número {k}.",
            responsibles=["GRDS"], deadline="30/12/2024", state="Vencido",
            reported="La GRDS informó un avance del 60 % en la actualización.")
            for k in range(1, followups + 1)],
        closing_sentence=("En Pucallpa, siendo las 11:25 a.m. del jueves 16 de enero de 2025, "
                          "se levantó la sesión y, leída el acta, los asistentes la "
                          "suscribieron en señal de conformidad."),
        signatories=signatories if has_attendance else [],
        annexes=list(annexes),
    )


def sheet(*, seats: int = 12, blank_every: int = 4) -> AttendanceSheetContent:
    rows = []
    for i in range(seats):
        acronym, name = INSTITUTIONS[i % len(INSTITUTIONS)]
        role = "Presidencia" if i == 0 else "Miembro"
        rows.append(SheetRow(acronym, name, role, "Titular", person(2 * i)))
        alternate = "" if i % blank_every == 3 else person(2 * i + 1)
        rows.append(SheetRow(acronym, name, role, "Alterno", alternate))
    return AttendanceSheetContent(
        header=HEADER, reference="CDRPETI-UCAYALI-SO-12",
        heading="LISTA DE ASISTENCIA — SESIÓN ORDINARIA N° 12",
        date_text="jueves 16 de enero de 2025", time_text="09:00 a.m.",
        venue="Auditorio de la DRTPE Ucayali", city="Pucallpa", modality="Presencial",
        rows=rows, blank_invitee_rows=8)


def extract(*, items: int = 5) -> AgreementExtract:
    return AgreementExtract(
        header=HEADER, reference="CDRPETI-UCAYALI-SO-12",
        session_heading="Sesión Ordinaria N° 12", date_text="jueves 16 de enero de 2025",
        city="Pucallpa", institution_acronym="MIMP",
        institution_name="Ministerio de la Mujer y Poblaciones Vulnerables",
        items=[ExtractItem(
            origin=f"Sesión Ordinaria N° {10 + k % 3} (16/01/2025)", number=k,
            text=f"Capacitar a los operadores de la línea 100 en la ruta de atención número "
                 f"{k} para niñas, niños y adolescentes.",
            deadline="II trimestre 2025" if k % 2 else "31/03/2025",
            state="Pendiente" if k % 2 else "En proceso",
            co_responsibles=["DRE", "DIRESA"] if k % 2 else [])
            for k in range(1, items + 1)])


def errata(*, body: str | None = None) -> ErrataContent:
    return ErrataContent(
        header=HEADER, reference="CDRPETI-UCAYALI-SO-12", number=1,
        acta_heading="ACTA DE LA SESIÓN ORDINARIA N° 12",
        acta_date_text="jueves 16 de enero de 2025", acta_fingerprint="3F2A-9C41-0B7E-D5A8",
        noted_on_text="lunes 3 de febrero de 2025", city="Pucallpa",
        body=body or ("En el acuerdo N° 3, donde dice «31/01/2025» debe decir «28/02/2025».\n\n"
                      "En la sección II, donde dice «Rosa Amelia Ríos» debe decir «Rosa "
                      "Amelia Ríos Núñez», representante titular de la DRE & UGEL."))


def logo_png(width: int = 120, height: int = 80) -> bytes:
    """A small opaque PNG (a red band over white), written by hand: no imaging library."""
    raw = b"".join(
        b"\x00" + bytes((200, 30, 40) if height // 3 <= y < 2 * height // 3 else (255, 255, 255))
        * width for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


# Reading a PDF back ------------------------------------------------------------------------

def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def flat(text: str) -> str:
    """Whitespace collapsed (line breaks and no-break spaces included), to find wrapped text."""
    return " ".join(text.split())


def content_lines(page_text: str, reference: str, running_title: str = "") -> list[str]:
    """The page's lines without its footer and running title (drawn last on every page)."""
    footer = re.compile(rf"^(Página \d+ de \d+|Huella.*|{re.escape(reference)}|"
                        rf"Código de verificación.*)$")
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    return [line for line in lines
            if line and not footer.match(line) and line != " ".join(running_title.split())]
