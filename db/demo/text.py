"""Spanish content for the demonstration database built by ``db.demo.build``: people,
seats, minutes.

Everything here is what a secretary of Ucayali would type into an acta. Placeholders in
braces are filled by ``db.demo.build``: ``{year}``, ``{next_year}``, ``{n}``, ``{m}``,
``{deadline_long}`` (the deadline written out) and ``{period}``.
"""

from __future__ import annotations

from typing import Any

REGION_CODE = "PE-UCA"
CITY = "Pucallpa"

FIRST_NAMES_F = (
    "María Elena", "Rosa Amelia", "Carmen Rosa", "Milagros", "Karina", "Lizbeth", "Kelly",
    "Nancy", "Patricia", "Ruth", "Giovanna", "Sandra", "Yolanda", "Teresa", "Jessica",
    "Roxana", "Flor de María", "Luz Marina", "Diana", "Evelyn",
)
FIRST_NAMES_M = (
    "Juan Carlos", "Luis Alberto", "Jorge", "Wilder", "Segundo", "Roger", "Edwin",
    "Julio César", "Raúl", "Héctor", "Marco Antonio", "César Augusto", "Víctor Hugo",
    "Percy", "Hugo", "Ronald", "Elmer", "Franklin", "Iván", "Walter",
)
SURNAMES = (
    "Panduro", "Rengifo", "Ríos", "Vásquez", "Pinedo", "Tapullima", "Ahuanari", "Sánchez",
    "Flores", "Del Águila", "Ramírez", "Torres", "Shahuano", "Mozombite", "Soria", "Gómez",
    "Huaymacari", "Chumbe", "Tuesta", "Saldaña", "Cárdenas", "Fasabi", "Murayari", "Arévalo",
    "Lozano", "Reátegui", "Babilonia", "Isuiza", "Cahuaza", "Macedo", "Paredes", "Ruiz",
    "Amasifuén", "Sangama", "Guerra", "Córdova", "Zumaeta", "Cachique", "Valera", "Noriega",
)

# How each institution is named inside a sentence, with its article.
PHRASES = {
    "GRDS": "la Gerencia Regional de Desarrollo Social",
    "DRTPE": "la DRTPE Ucayali",
    "DRE": "la DRE Ucayali",
    "DIRESA": "la DIRESA Ucayali",
    "DIRCETUR": "la DIRCETUR Ucayali",
    "UGEL": "la UGEL Coronel Portillo",
    "MIMP": "el MIMP",
    "PNP": "la PNP",
    "MPFN": "el Ministerio Público",
    "SUNAFIL": "la SUNAFIL",
    "MP-PROV": "la Municipalidad Provincial de Coronel Portillo",
    "DEMUNA": "la DEMUNA de Coronel Portillo",
    "CEM": "el CEM Pucallpa",
    "CCR": "la Cámara de Comercio e Industrias de Ucayali",
    "CGTP": "la CGTP",
    "CATP": "la CATP",
    "DP": "la Defensoría del Pueblo",
    "OIT": "la OIT",
    "CARITAS": "Cáritas Pucallpa",
    "SERFOR": "el SERFOR",
    "CULTURA": "la Dirección Desconcentrada de Cultura de Ucayali",
    "MIGRACIONES": "Migraciones",
    "MININTER": "la Prefectura Regional de Ucayali",
    "PJ": "la Corte Superior de Justicia de Ucayali",
}

# Suffix of the documents each institution issues ("Oficio N° 245-2024-DRTPE-UCAYALI").
DOC_CODES = {
    "GRDS": "GRU-GRDS", "DRTPE": "DRTPE-UCAYALI", "DRE": "GRU-DREU", "DIRESA": "GRU-DIRESA",
    "DIRCETUR": "GRU-DIRCETUR", "UGEL": "UGEL-CP", "MIMP": "MIMP/DGCVG",
    "PNP": "REGPOL-UCAYALI/SEC", "MPFN": "MP-FN-PJFSU", "SUNAFIL": "SUNAFIL/IRE-UCA",
    "MP-PROV": "MPCP-A", "DEMUNA": "MPCP-GDS-DEMUNA", "CEM": "MIMP/AURORA-CEM-PUC",
    "CCR": "CCIU-P", "CGTP": "CGTP-U", "CATP": "CATP-U", "DP": "DP/OD-UCAY", "OIT": "OIT/LIM",
    "CARITAS": "CP-DIR", "SERFOR": "MIDAGRI-SERFOR-ATFFS-UCAYALI", "CULTURA": "DDC-UCA/MC",
    "MIGRACIONES": "JZPUC/MIGRACIONES", "MININTER": "MININTER-PRE-UCA", "PJ": "CSJUC-PJ",
}
LETTER_ISSUERS = {"CCR", "CGTP", "CATP", "OIT", "CARITAS"}

# Job titles of the titular and the alterno; {a} becomes "a" for women, {o} becomes "a"/"o".
JOB_TITLES = {
    "GRDS": ("Gerente Regional de Desarrollo Social", "Subgerente de Desarrollo Social"),
    "DRTPE": ("Director{a} Regional de Trabajo y Promoción del Empleo",
              "Especialista en Derechos Fundamentales Laborales"),
    "DRE": ("Director{a} de Gestión Pedagógica", "Especialista en Tutoría y Orientación Educativa"),
    "DIRESA": ("Director{a} de Salud de las Personas", "Coordinador{a} de Salud Ocupacional"),
    "DIRCETUR": ("Director{a} de Turismo", "Especialista en Turismo"),
    "UGEL": ("Director{a} de la UGEL Coronel Portillo", "Especialista en Tutoría"),
    "MIMP": ("Coordinador{a} de la Unidad de Protección Especial Ucayali", "Trabajador{a} social"),
    "PNP": ("Jefe{a} de la División de Familia", "Suboficial de la Sección de Familia"),
    "MPFN": ("Fiscal Provincial de Familia", "Fiscal Adjunt{o} Provincial"),
    "SUNAFIL": ("Intendente Regional de Ucayali", "Inspector{a} de Trabajo"),
    "MP-PROV": ("Gerente de Desarrollo Social", "Subgerente de Programas Sociales"),
    "DEMUNA": ("Responsable de la DEMUNA", "Defensor{a} de la DEMUNA"),
    "CEM": ("Coordinador{a} del CEM Pucallpa", "Promotor{a} del CEM Pucallpa"),
    "CCR": ("Gerente General", "Asesor{a} legal"),
    "CGTP": ("Secretari{o} General Regional", "Secretari{o} de Defensa"),
    "CATP": ("Secretari{o} General Regional", "Secretari{o} de Organización"),
    "DP": ("Jefe{a} de la Oficina Defensorial de Ucayali", "Comisionad{o}"),
    "OIT": ("Coordinador{a} de proyecto", "Asistente de programa"),
    "CARITAS": ("Director{a} de Cáritas Pucallpa", "Coordinador{a} de proyectos"),
    "SERFOR": ("Administrador{a} Técnic{o} Forestal y de Fauna Silvestre", "Especialista forestal"),
    "CULTURA": ("Director{a} Desconcentrad{o} de Cultura", "Especialista en interculturalidad"),
    "MIGRACIONES": ("Jefe{a} Zonal de Pucallpa", "Especialista en control migratorio"),
    "MININTER": ("Prefect{o} Regional de Ucayali", "Subprefect{o} Provincial"),
    "PJ": ("Juez{a} de Familia", "Especialista legal"),
}

COMMITTEES: dict[str, dict[str, Any]] = {
    "cdrpeti": {
        "kind": "cdrpeti",
        "name": "Comité Directivo Regional para la Prevención y Erradicación del Trabajo "
                "Infantil de Ucayali",
        "acronym": "CDRPETI-UCAYALI",
        "short": "CDRPETI Ucayali",
        "min_notice_days": 3,
        "notes": "Presidido por la Gerencia Regional de Desarrollo Social; la DRTPE Ucayali "
                 "ejerce la Secretaría Técnica.",
        # (acronym, role, presidency, secretariat)
        "seats": [
            ("GRDS", "miembro", True, False), ("DRTPE", "miembro", False, True),
            ("DRE", "miembro", False, False), ("DIRESA", "miembro", False, False),
            ("DIRCETUR", "miembro", False, False), ("UGEL", "miembro", False, False),
            ("MIMP", "miembro", False, False), ("PNP", "miembro", False, False),
            ("MPFN", "miembro", False, False), ("SUNAFIL", "miembro", False, False),
            ("MP-PROV", "miembro", False, False), ("DEMUNA", "miembro", False, False),
            ("CEM", "miembro", False, False), ("CCR", "miembro", False, False),
            ("CGTP", "miembro", False, False), ("DP", "observador", False, False),
            ("OIT", "invitado_permanente", False, False),
            ("CARITAS", "invitado_permanente", False, False),
        ],
        "instruments": [
            ("creacion", "ordenanza_regional", "O.R. N° 012-2010-GRU/CR", "2010-08-26",
             "Consejo Regional de Ucayali"),
            ("modificacion", "resolucion_ejecutiva_regional", "R.E.R. N° 0587-2016-GRU-GR",
             "2016-09-12", "Gobernación Regional de Ucayali"),
            ("reactivacion", "resolucion_ejecutiva_regional", "R.E.R. N° 0341-2019-GRU-GR",
             "2019-05-14", "Gobernación Regional de Ucayali"),
        ],
        # Lifecycle, applied in order through update_committee.
        "lifecycle": [
            {"state": "instalado", "installed_on": "2011-03-17"},
            {"state": "activo"},
            {"state": "inactivo", "inactive_since": "2017-02-01"},
            {"state": "reactivado", "reactivated_on": "2019-05-14"},
            {"state": "activo"},
        ],
        "created_on": "2010-08-26",
        "first_numbers": {"ordinaria": 38, "extraordinaria": 9},
        "venues": ["Auditorio de la DRTPE Ucayali", "Auditorio de la DRTPE Ucayali",
                   "Sala de reuniones de la Gerencia Regional de Desarrollo Social",
                   "Auditorio del Gobierno Regional de Ucayali"],
    },
    "forzoso": {
        "kind": "trabajo_forzoso",
        "name": "Comisión Regional para la Lucha contra el Trabajo Forzoso de Ucayali",
        "acronym": "CRLCTF-UCAYALI",
        "short": "la Comisión Regional",
        "min_notice_days": 5,
        "notes": "Presidida por la DRTPE Ucayali, que también ejerce la Secretaría Técnica.",
        "seats": [
            ("DRTPE", "miembro", True, True), ("SUNAFIL", "miembro", False, False),
            ("PNP", "miembro", False, False), ("MPFN", "miembro", False, False),
            ("MININTER", "miembro", False, False), ("DIRESA", "miembro", False, False),
            ("CULTURA", "miembro", False, False), ("SERFOR", "miembro", False, False),
            ("MIGRACIONES", "miembro", False, False), ("GRDS", "miembro", False, False),
            ("PJ", "miembro", False, False), ("CCR", "miembro", False, False),
            ("CGTP", "miembro", False, False), ("CATP", "miembro", False, False),
            ("DP", "observador", False, False), ("OIT", "invitado_permanente", False, False),
        ],
        "instruments": [
            ("creacion", "ordenanza_regional", "O.R. N° 007-2015-GRU-CR", "2015-05-21",
             "Consejo Regional de Ucayali"),
            ("modificacion", "resolucion_ejecutiva_regional", "R.E.R. N° 0215-2022-GRU-GR",
             "2022-04-08", "Gobernación Regional de Ucayali"),
        ],
        "lifecycle": [
            {"state": "instalado", "installed_on": "2015-09-10"},
            {"state": "activo"},
        ],
        "created_on": "2015-05-21",
        "first_numbers": {"ordinaria": 21, "extraordinaria": 4},
        "venues": ["Sala de reuniones de la DRTPE Ucayali",
                   "Auditorio de la Intendencia Regional de SUNAFIL Ucayali"],
    },
}
VIRTUAL_VENUE = "Plataforma Zoom institucional de la DRTPE Ucayali"
MIXED_VENUE = "Auditorio de la DRTPE Ucayali y plataforma Zoom"

PRESIDENCY_REPORTS = [
    ("Comunicaciones recibidas",
     "- Oficio Múltiple N° {n:03d}-{year}-MTPE/2/15, mediante el cual la DPPDFL solicita el "
     "reporte de actividades del trimestre.\n- Oficio N° {m:03d}-{year}-GRU-GRDS, mediante el "
     "cual se acredita a una representante alterna."),
    ("Reunión nacional de secretarías técnicas",
     "- La Secretaría Técnica participó en la reunión virtual convocada por el MTPE.\n- Se "
     "expusieron los avances de la región y las dificultades para reportar a tiempo."),
    ("Reporte trimestral al MTPE",
     "- Se remitió el reporte de ejecución del trimestre anterior mediante Oficio N° "
     "{n:03d}-{year}-DRTPE-UCAYALI.\n- Quedan pendientes los reportes de {k} sectores."),
    ("Recordatorio de acuerdos pendientes",
     "- Se remitieron recordatorios a los responsables de los acuerdos pendientes.\n- Se "
     "recibieron {k} respuestas."),
]
SECTOR_REPORTS = {
    "DRE": ("Acciones de tutoría", "- Se desarrollaron {n} sesiones de tutoría sobre prevención "
            "del trabajo infantil en Callería y Manantay.\n- Participaron {m} estudiantes."),
    "DIRESA": ("Salud ocupacional de adolescentes", "- Se realizaron {n} evaluaciones de salud a "
               "adolescentes trabajadores con autorización vigente."),
    "SUNAFIL": ("Actuaciones inspectivas", "- Se iniciaron {n} actuaciones inspectivas.\n- {k} "
                "concluyeron con acta de infracción."),
    "MIMP": ("Unidad de Protección Especial", "- Se atendieron {n} casos de niñas, niños y "
             "adolescentes en riesgo vinculados a trabajo infantil."),
    "CEM": ("Charlas preventivas", "- Se desarrollaron {n} charlas en mercados y paraderos de "
            "Yarinacocha, con {m} participantes."),
    "DEMUNA": ("Casos atendidos", "- Atendidos / en atención: {n}.\n- Concluidos: {k}."),
    "PNP": ("Intervenciones policiales", "- Se realizaron {n} intervenciones en locales nocturnos "
            "de Callería con presencia de adolescentes."),
    "DIRCETUR": ("Código de conducta en turismo", "- {n} establecimientos de hospedaje "
                 "suscribieron el código de conducta contra la explotación sexual de niñas, "
                 "niños y adolescentes."),
    "SERFOR": ("Supervisión forestal", "- Se realizaron {n} supervisiones a títulos "
               "habilitantes en la provincia de Atalaya."),
    "CULTURA": ("Difusión intercultural", "- Se difundieron mensajes radiales en shipibo-konibo "
                "en {k} emisoras de la región."),
    "MPFN": ("Denuncias recibidas", "- Se recibieron {n} denuncias vinculadas a explotación "
             "laboral; {k} se encuentran en investigación preliminar."),
}
REQUESTS = [
    ("presidencia", None, "La Presidencia solicitó a los sectores remitir el reporte de ejecución "
                          "del trimestre dentro del plazo establecido."),
    ("presidencia", None, "La Secretaría Técnica solicitó a las instituciones que aún no lo han "
                          "hecho actualizar la acreditación de sus representantes."),
    ("miembros", "DP", "La Defensoría del Pueblo solicitó copia de los informes de las "
                       "intervenciones realizadas."),
    ("miembros", "CGTP", "La CGTP solicitó incluir en la próxima sesión las condiciones "
                         "laborales de los adolescentes en el comercio."),
    ("miembros", "MIMP", "El MIMP solicitó que las convocatorias se remitan con, al menos, cinco "
                         "días de anticipación."),
    ("miembros", "SUNAFIL", "La SUNAFIL solicitó a los sectores remitir las denuncias que "
                            "reciban para su atención oportuna."),
]
JUSTIFICATIONS = [
    "Comunicó por correo electrónico que se encontraba en comisión de servicio.",
    "Justificó su inasistencia mediante oficio.",
    "Informó por teléfono que no podría asistir por motivos de salud.",
    "Se encontraba de vacaciones y el alterno no fue acreditado a tiempo.",
]
INVITEES = [
    ("Dirección de Promoción y Protección de los Derechos Fundamentales Laborales – MTPE",
     "Especialista en trabajo infantil"),
    ("Universidad Nacional de Ucayali", "Docente investigador{a}"),
    ("Unidad de Protección Especial Ucayali – MIMP", "Psicólog{o}"),
    ("Federación de Comunidades Nativas de Ucayali", "Dirigente"),
    ("Colegio de Abogados de Ucayali", "Integrante de la Comisión de Derechos Humanos"),
]
PROGRESS = [
    "{resp} informó que las acciones se encuentran en ejecución y que prevé concluirlas dentro "
    "del plazo.",
    "{resp} informó avances parciales: se realizaron las coordinaciones iniciales y se cuenta "
    "con la programación.",
]
DONE = [
    "{resp} informó el cumplimiento del acuerdo y remitió los medios de verificación.",
    "{resp} informó que el acuerdo se ejecutó según lo previsto.",
]
STALLED = [
    "No se reportaron avances; la Secretaría Técnica reiterará el pedido mediante oficio.",
    "{resp} informó que el acuerdo no se ha ejecutado por falta de presupuesto y solicitó "
    "mantenerlo pendiente.",
]
ANNULLED = [
    "El comité acordó dejar sin efecto el acuerdo, por haber sido atendido en el marco de otra "
    "intervención sectorial.",
    "Se deja sin efecto el acuerdo por haber variado las circunstancias que lo motivaron.",
]
NO_QUORUM_NOTE = "No se informó: la sesión no se instaló por falta de quórum."
