"""Agenda topics of the demonstration database: interventions and the agreements they lead to.

Placeholders in braces are filled by ``db.demo.build`` (see ``db.demo.text``).
"""

from __future__ import annotations

from typing import Any

# Agenda topics. An agreement is (text, responsible acronyms, deadline spec, target);
# deadline specs: ("days", n) a date n days after the session, ("quarter", k) / ("semester", k)
# the period k steps after the session's one, ("fixed", "12/06/{year}") or ("month", k).
PLAN: dict[str, dict[str, Any]] = {
    "cdrpeti": {
        "title": "Presentación y aprobación del Plan de Trabajo Anual {year} del CDRPETI Ucayali",
        "interventions": [
            ("DRTPE", "presentó la propuesta del Plan de Trabajo Anual {year}, elaborada con los "
                      "aportes de los sectores y organizada en los ejes de prevención, detección, "
                      "atención y sanción, y gestión institucional."),
            ("DRE", "señaló que el sector Educación incorporará las acciones de tutoría previstas "
                    "por las UGEL de Coronel Portillo, Atalaya y Padre Abad."),
            ("MIMP", "sugirió precisar los indicadores de la línea de acción de atención, de modo "
                     "que se reporte el número de niñas, niños y adolescentes atendidos."),
            ("SUNAFIL", "indicó que las metas de fiscalización se ajustarán a la programación "
                        "anual de la Intendencia Regional."),
        ],
        "agreements": [
            ("Aprobar el Plan de Trabajo Anual {year} del CDRPETI Ucayali, con cargo a que los "
             "sectores remitan a la Secretaría Técnica el ajuste de sus metas e indicadores hasta "
             "el {deadline_long}.", ["DRTPE"], ("days", 16), ""),
            ("Los sectores integrantes se comprometen a reportar a la Secretaría Técnica la "
             "ejecución de sus actividades del primer trimestre dentro de los diez días hábiles "
             "siguientes a su cierre.", ["DRE", "DIRESA", "MIMP", "SUNAFIL"], ("quarter", 1), ""),
        ],
    },
    "forzoso": {
        "title": "Aprobación del Plan de Trabajo {year} de la Comisión Regional",
        "interventions": [
            ("DRTPE", "presentó la propuesta de plan, alineada con la política nacional contra el "
                      "trabajo forzoso y centrada en las actividades extractivas forestales."),
            ("SERFOR", "propuso incluir acciones de difusión dirigidas a los titulares de "
                       "concesiones y permisos forestales."),
            ("DP", "recomendó que el plan contemple mecanismos de atención a las víctimas "
                   "identificadas en los operativos."),
        ],
        "agreements": [
            ("Aprobar el Plan de Trabajo {year} de la Comisión Regional para la Lucha contra el "
             "Trabajo Forzoso de Ucayali, con cargo a incorporar los aportes de los sectores hasta "
             "el {deadline_long}.", ["DRTPE"], ("days", 20), ""),
        ],
    },
}
WORLD_DAY: dict[str, Any] = {
    "title": "Organización de las actividades por el Día Mundial contra el Trabajo Infantil "
             "(12 de junio de {year})",
    "interventions": [
        ("DRTPE", "propuso realizar una marcha de sensibilización y una feria informativa en la "
                  "Plaza de Armas de Pucallpa, con participación de estudiantes de Callería."),
        ("MP-PROV", "ofreció gestionar el permiso de uso de la Plaza de Armas y el apoyo de la "
                    "Subgerencia de Seguridad Ciudadana."),
        ("DIRESA", "informó que el sector Salud instalará un módulo de orientación en la feria."),
        ("OIT", "puso a disposición del comité los materiales de la campaña «Tarjeta Roja al "
                "Trabajo Infantil»."),
    ],
    "agreements": [
        ("Realizar la feria informativa por el Día Mundial contra el Trabajo Infantil el 12 de "
         "junio de {year} en la Plaza de Armas de Pucallpa, con la participación de todas las "
         "instituciones integrantes.", ["DRTPE", "MP-PROV"], ("fixed", "12/06/{year}"), ""),
        ("La DRE se compromete a convocar la participación de, al menos, diez instituciones "
         "educativas de Callería y Yarinacocha en la marcha de sensibilización.",
         ["DRE", "UGEL"], ("fixed", "12/06/{year}"), "10 instituciones educativas"),
        ("La DIRESA instalará un módulo de orientación sobre los riesgos del trabajo infantil "
         "peligroso durante la feria.", ["DIRESA"], ("fixed", "12/06/{year}"), ""),
    ],
}
EVALUATION: dict[str, dict[str, Any]] = {
    "cdrpeti": {
        "title": "Evaluación de la ejecución del Plan de Trabajo Anual {year}",
        "interventions": [
            ("DRTPE", "presentó el avance de ejecución del plan, con un cumplimiento promedio de "
                      "metas cercano al setenta por ciento."),
            ("UGEL", "indicó que la meta en zonas ribereñas quedó pendiente por la vaciante del "
                     "río, que impidió el traslado de los especialistas."),
            ("DP", "recomendó consignar en el informe las causas de las metas no alcanzadas y "
                   "las medidas correctivas."),
        ],
        "agreements": [
            ("Encargar a la Secretaría Técnica la elaboración del informe anual de ejecución del "
             "Plan de Trabajo {year} y su remisión a la Dirección de Promoción y Protección de los "
             "Derechos Fundamentales Laborales del MTPE.", ["DRTPE"],
             ("fixed", "31/01/{next_year}"), ""),
            ("Los sectores se comprometen a remitir sus propuestas de actividades para el Plan de "
             "Trabajo Anual {next_year} hasta el {deadline_long}.",
             ["DRE", "DIRESA", "MIMP", "MP-PROV", "SUNAFIL"], ("days", 30), ""),
        ],
    },
    "forzoso": {
        "title": "Evaluación de las acciones de la Comisión Regional en el año {year}",
        "interventions": [
            ("DRTPE", "resumió las acciones del año: operativos conjuntos, talleres de "
                      "capacitación y difusión radial en lenguas indígenas."),
            ("MPFN", "informó que se encuentran en investigación varias denuncias por presunto "
                     "trabajo forzoso derivadas de los operativos."),
        ],
        "agreements": [
            ("Encargar a la Secretaría Técnica la elaboración del informe anual {year} de la "
             "Comisión Regional y su remisión al MTPE.", ["DRTPE"],
             ("fixed", "31/01/{next_year}"), ""),
        ],
    },
}
TOPICS: dict[str, list[dict[str, Any]]] = {
    "cdrpeti": [
        {
            "title": "Informe de la Intendencia Regional de SUNAFIL Ucayali sobre las "
                     "inspecciones en materia de trabajo infantil",
            "interventions": [
                ("SUNAFIL", "informó que en el periodo se generaron {n} órdenes de inspección en "
                            "materia de trabajo infantil, principalmente en aserraderos, "
                            "ladrilleras y comercios del distrito de Callería."),
                ("PNP", "señaló que la Policía brinda el apoyo requerido en los operativos y "
                        "solicitó que se le comunique la programación con anticipación."),
                ("DEMUNA", "indicó que los casos de adolescentes identificados deben derivarse a "
                           "la DEMUNA para evaluar su situación familiar."),
            ],
            "agreements": [
                ("La SUNAFIL se compromete a programar operativos de inspección en materia de "
                 "trabajo infantil en aserraderos y ladrilleras de los distritos de Callería y "
                 "Yarinacocha durante el {period}.", ["SUNAFIL", "PNP"], ("quarter", 1), ""),
                ("Establecer un procedimiento de derivación de los casos de trabajo infantil "
                 "identificados en las inspecciones hacia la DEMUNA y la Unidad de Protección "
                 "Especial.", ["SUNAFIL", "DEMUNA", "MIMP"], ("days", 60), ""),
            ],
        },
        {
            "title": "Estrategia de prevención del trabajo infantil en instituciones educativas "
                     "de zonas ribereñas",
            "interventions": [
                ("DRE", "presentó la estrategia de tutoría para la prevención del trabajo "
                        "infantil en instituciones educativas de las cuencas del Ucayali y del "
                        "Aguaytía."),
                ("UGEL", "indicó que la intervención requiere el traslado fluvial de los "
                         "especialistas, por lo que solicitó apoyo logístico a los sectores."),
                ("CARITAS", "ofreció compartir la metodología de escuelas de padres aplicada en "
                            "comunidades de Masisea."),
            ],
            "agreements": [
                ("La DRE y la UGEL Coronel Portillo se comprometen a incorporar contenidos de "
                 "prevención del trabajo infantil en las sesiones de tutoría de, al menos, diez "
                 "instituciones educativas de zonas ribereñas.", ["DRE", "UGEL"],
                 ("semester", 1), "10 instituciones educativas"),
            ],
        },
        {
            "title": "Promoción del reconocimiento «Sello Libre de Trabajo Infantil» entre las "
                     "empresas de la región",
            "interventions": [
                ("DRTPE", "explicó los requisitos del reconocimiento y el procedimiento de "
                          "postulación ante el MTPE."),
                ("CCR", "manifestó el interés de sus asociados de los sectores agroindustrial y "
                        "maderero en obtener el reconocimiento."),
                ("CGTP", "solicitó que la verificación alcance a los proveedores de las empresas "
                         "postulantes."),
            ],
            "agreements": [
                ("La Cámara de Comercio e Industrias de Ucayali se compromete a difundir el Sello "
                 "Libre de Trabajo Infantil entre sus asociados y a identificar, al menos, tres "
                 "empresas postulantes.", ["CCR", "DRTPE"], ("semester", 1), "3 empresas"),
            ],
        },
        {
            "title": "Situación del registro de autorizaciones de trabajo adolescente",
            "interventions": [
                ("DRTPE", "informó que en lo que va del año se otorgaron {n} autorizaciones de "
                          "trabajo adolescente, la mayoría en el sector comercio."),
                ("MP-PROV", "indicó que la municipalidad lleva un registro propio de "
                            "autorizaciones para adolescentes trabajadores independientes."),
                ("MIMP", "recomendó unificar ambos registros para evitar duplicidades."),
            ],
            "agreements": [
                ("La Municipalidad Provincial de Coronel Portillo se compromete a remitir a la "
                 "DRTPE la relación de autorizaciones de trabajo adolescente otorgadas en el "
                 "año.", ["MP-PROV", "DEMUNA"], ("days", 45), ""),
                ("La Secretaría Técnica elaborará un registro regional consolidado de "
                 "autorizaciones de trabajo adolescente.", ["DRTPE"], ("quarter", 1), ""),
            ],
        },
        {
            "title": "Niñas, niños y adolescentes en trabajo infantil peligroso en el Puerto "
                     "Henry y el Mercado N° 2 de Pucallpa",
            "interventions": [
                ("MIMP", "informó que la Unidad de Protección Especial atendió {n} casos "
                         "derivados de las intervenciones en el puerto."),
                ("MPFN", "señaló que la Fiscalía de Familia interviene en los casos con indicios "
                         "de riesgo o desprotección familiar."),
                ("DIRESA", "indicó que los adolescentes identificados serán evaluados en el "
                           "establecimiento de salud más cercano."),
            ],
            "agreements": [
                ("Realizar una intervención conjunta de identificación y atención de niñas, niños "
                 "y adolescentes en trabajo infantil peligroso en el Puerto Henry y el Mercado "
                 "N° 2 de Pucallpa.", ["MIMP", "MPFN", "PNP", "DEMUNA"], ("days", 40), ""),
                ("El MIMP se compromete a informar al comité sobre la atención brindada a los "
                 "casos derivados.", ["MIMP"], ("quarter", 1), ""),
            ],
        },
        {
            "title": "Actualización del Reglamento Interno del CDRPETI Ucayali",
            "interventions": [
                ("DRTPE", "señaló que el reglamento vigente data de 2011 y no contempla la "
                          "realización de sesiones virtuales."),
                ("DP", "recomendó precisar las reglas de quórum y de votación conforme a la Ley "
                       "N° 27444."),
            ],
            "agreements": [
                ("Conformar una comisión de trabajo integrada por la DRTPE, el MIMP y la DRE para "
                 "proponer la actualización del Reglamento Interno, que se presentará en la "
                 "próxima sesión ordinaria.", ["DRTPE", "MIMP", "DRE"], ("days", 60), ""),
            ],
        },
        {
            "title": "Resultados del estudio sobre trabajo infantil en la cadena productiva del "
                     "cacao en Padre Abad",
            "interventions": [
                ("OIT", "presentó los principales resultados del estudio, que identifica la "
                        "participación de adolescentes en labores de cosecha y fermentado."),
                ("CCR", "señaló que las cooperativas cacaoteras están dispuestas a implementar "
                        "mecanismos de debida diligencia."),
                ("GRDS", "propuso incorporar las recomendaciones del estudio en el Plan de "
                         "Trabajo Anual."),
            ],
            "agreements": [
                ("Solicitar a la OIT asistencia técnica para difundir los resultados del estudio "
                 "entre las cooperativas cacaoteras de Padre Abad.", ["DRTPE", "OIT"],
                 ("quarter", 1), ""),
                ("La Gerencia Regional de Desarrollo Social se compromete a gestionar la "
                 "incorporación de las recomendaciones del estudio en el Plan de Trabajo Anual "
                 "{next_year}.", ["GRDS"], ("month", 3), ""),
            ],
        },
        {
            "title": "Programa de capacitación a docentes y tutores en la identificación del "
                     "trabajo infantil",
            "interventions": [
                ("DRE", "propuso un programa de capacitación virtual de cuatro semanas dirigido a "
                        "docentes tutores de secundaria."),
                ("DRTPE", "ofreció el apoyo de sus especialistas como ponentes."),
            ],
            "agreements": [
                ("La DRE y la DRTPE se comprometen a capacitar a docentes tutores de las UGEL de "
                 "la región en la identificación y derivación de casos de trabajo infantil.",
                 ["DRE", "DRTPE"], ("semester", 1), "120 docentes capacitados"),
            ],
        },
    ],
    "forzoso": [
        {
            "title": "Informe de los operativos conjuntos en campamentos forestales de la "
                     "provincia de Atalaya",
            "interventions": [
                ("SUNAFIL", "informó que se verificaron las condiciones de {n} trabajadores en "
                            "campamentos madereros y se hallaron indicios de retención de "
                            "salarios y de endeudamiento inducido (habilitación)."),
                ("PNP", "señaló que el acceso a los campamentos exige varios días de "
                        "desplazamiento fluvial y pidió prever el combustible."),
                ("MPFN", "indicó que la fiscalía especializada evaluará los casos con indicios "
                         "de trabajo forzoso."),
                ("CULTURA", "advirtió que muchos trabajadores pertenecen a comunidades nativas "
                            "asháninka y yine, por lo que se requiere intérpretes."),
            ],
            "agreements": [
                ("La SUNAFIL, la PNP y el Ministerio Público se comprometen a coordinar un nuevo "
                 "operativo conjunto en campamentos forestales de la provincia de Atalaya durante "
                 "el {period}.", ["SUNAFIL", "PNP", "MPFN"], ("quarter", 1), ""),
                ("La Dirección Desconcentrada de Cultura se compromete a gestionar la "
                 "participación de intérpretes de lenguas indígenas en los operativos.",
                 ["CULTURA"], ("days", 45), ""),
            ],
        },
        {
            "title": "Capacitación a inspectores, fiscales y policías en indicadores de trabajo "
                     "forzoso",
            "interventions": [
                ("DRTPE", "propuso un taller descentralizado en Pucallpa y Atalaya, con la "
                          "asistencia técnica de la OIT."),
                ("OIT", "ofreció los módulos de capacitación sobre los indicadores de trabajo "
                        "forzoso."),
            ],
            "agreements": [
                ("La DRTPE, con la asistencia técnica de la OIT, realizará un taller de "
                 "capacitación dirigido a inspectores, fiscales y efectivos policiales sobre la "
                 "identificación de indicios de trabajo forzoso.", ["DRTPE", "OIT"],
                 ("semester", 1), "1 taller, 40 participantes"),
            ],
        },
        {
            "title": "Difusión de derechos laborales en lenguas indígenas",
            "interventions": [
                ("CULTURA", "informó que cuenta con traductores acreditados en shipibo-konibo y "
                            "asháninka."),
                ("CGTP", "pidió que los materiales se difundan también en las radios de Atalaya."),
            ],
            "agreements": [
                ("La Dirección Desconcentrada de Cultura se compromete a traducir al "
                 "shipibo-konibo y al asháninka el material informativo sobre derechos laborales "
                 "y trabajo forzoso.", ["CULTURA", "DRTPE"], ("semester", 1), "2 materiales"),
            ],
        },
        {
            "title": "Títulos habilitantes forestales y condiciones laborales en la actividad "
                     "extractiva",
            "interventions": [
                ("SERFOR", "informó que la supervisión de títulos habilitantes no comprende las "
                           "condiciones laborales, pero compartirá la información de sus "
                           "titulares."),
                ("SUNAFIL", "señaló que esa información permitirá focalizar la fiscalización."),
            ],
            "agreements": [
                ("El SERFOR se compromete a remitir a la Secretaría Técnica la relación de "
                 "títulos habilitantes forestales vigentes en las provincias de Atalaya y Purús.",
                 ["SERFOR"], ("days", 30), ""),
            ],
        },
        {
            "title": "Situación de los trabajadores migrantes en la zona de frontera de Purús",
            "interventions": [
                ("MIGRACIONES", "informó sobre los controles realizados en Puerto Esperanza y el "
                                "ingreso de trabajadores para la actividad forestal."),
                ("MININTER", "señaló que las subprefecturas pueden canalizar alertas desde las "
                             "comunidades."),
            ],
            "agreements": [
                ("Migraciones informará a la Comisión sobre los controles migratorios realizados "
                 "en Puerto Esperanza y las alertas de posibles víctimas de trabajo forzoso.",
                 ["MIGRACIONES"], ("quarter", 1), ""),
            ],
        },
        {
            "title": "Implementación del Protocolo Intersectorial contra el Trabajo Forzoso en "
                     "la región",
            "interventions": [
                ("DRTPE", "explicó las rutas de atención previstas en el protocolo y la necesidad "
                          "de contar con puntos focales en cada sector."),
                ("DIRESA", "indicó que el hospital regional puede brindar la atención de salud "
                           "de las víctimas rescatadas."),
            ],
            "agreements": [
                ("Los sectores se comprometen a designar un punto focal para la implementación "
                 "del Protocolo Intersectorial contra el Trabajo Forzoso y a comunicarlo a la "
                 "Secretaría Técnica hasta el {deadline_long}.",
                 ["SUNAFIL", "PNP", "MPFN", "DIRESA", "GRDS"], ("days", 20), ""),
            ],
        },
    ],
}
EXTRAORDINARY: dict[str, list[dict[str, Any]]] = {
    "cdrpeti": [
        {
            "title": "Pronunciamiento ante el caso de adolescentes trabajando en una ladrillera "
                     "del distrito de Yarinacocha",
            "interventions": [
                ("DRTPE", "informó sobre los hechos difundidos por medios locales y las acciones "
                          "de verificación coordinadas con la SUNAFIL."),
                ("MPFN", "indicó que la Fiscalía Provincial de Familia inició las diligencias."),
                ("DP", "solicitó que se garantice la reserva de la identidad de los "
                       "adolescentes."),
            ],
            "agreements": [
                ("Emitir un pronunciamiento público del CDRPETI Ucayali que rechace toda forma de "
                 "trabajo infantil peligroso y exhorte a la población a denunciar.",
                 ["DRTPE", "GRDS"], ("days", 5), ""),
                ("La SUNAFIL se compromete a informar al comité el resultado de la actuación "
                 "inspectiva en la ladrillera.", ["SUNAFIL"], ("days", 30), ""),
            ],
        },
        {
            "title": "Participación del CDRPETI Ucayali en la Semana de los Derechos del Niño",
            "interventions": [
                ("MIMP", "propuso un pasacalle y una feria de servicios en Manantay."),
                ("DEMUNA", "ofreció coordinar con las DEMUNA distritales."),
            ],
            "agreements": [
                ("Participar con un módulo informativo sobre trabajo infantil en la feria de "
                 "servicios por la Semana de los Derechos del Niño.", ["MIMP", "DRTPE", "DEMUNA"],
                 ("days", 21), ""),
            ],
        },
        {
            "title": "Aprobación del informe anual de gestión para su remisión al MTPE",
            "interventions": [
                ("DRTPE", "presentó el informe anual consolidado con los reportes de los "
                          "sectores."),
            ],
            "agreements": [
                ("Aprobar el informe anual de gestión del CDRPETI Ucayali y remitirlo a la DPPDFL "
                 "del MTPE.", ["DRTPE"], ("days", 7), ""),
            ],
        },
    ],
    "forzoso": [
        {
            "title": "Caso de presunto trabajo forzoso de trabajadores indígenas en un "
                     "campamento maderero del río Tamaya",
            "interventions": [
                ("SUNAFIL", "informó que la denuncia se recibió a través de la federación de "
                            "comunidades nativas y que se ha programado una inspección."),
                ("MPFN", "señaló que se abrió investigación preliminar."),
                ("DIRESA", "ofreció la atención de salud de los trabajadores rescatados."),
            ],
            "agreements": [
                ("Coordinar con la DIRESA la atención de salud de los trabajadores rescatados en "
                 "el campamento del río Tamaya.", ["DIRESA", "DRTPE"], ("days", 10), ""),
                ("Solicitar a la SUNAFIL y al Ministerio Público información sobre las acciones "
                 "adoptadas en el caso.", ["DRTPE"], ("days", 15), ""),
            ],
        },
        {
            "title": "Preparación de la visita de la Comisión Nacional para la Lucha contra el "
                     "Trabajo Forzoso",
            "interventions": [
                ("DRTPE", "informó que la CNLCTF visitará la región para conocer los avances."),
            ],
            "agreements": [
                ("Los sectores remitirán a la Secretaría Técnica un resumen de sus acciones para "
                 "la visita de la CNLCTF.", ["SUNAFIL", "PNP", "MPFN", "SERFOR"], ("days", 12),
                 ""),
            ],
        },
    ],
}
