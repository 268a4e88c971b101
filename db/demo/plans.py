"""Demo work plans: the current and previous year's plan of each demo committee, with
execution covering every state (over-achieved, met, partial, a reported zero, nothing
reported, a zero target), so a newcomer sees a realistic matrix at once."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from db.demo.signing import scanned_pdf
from db.domain import catalog, indicators, plans

# (code, text, tag, responsible, involved, [(indicator, unit, target, schedule)])
Line = tuple[str, str, str, list[str], list[str], list[tuple[str, str, int, str]]]

CDRPETI_PLAN: list[dict[str, Any]] = [
    {"code": "OE 1", "text": "Prevenir el trabajo infantil en las familias y escuelas de "
                             "las zonas urbanas y ribereñas de Ucayali",
     "responsible": ["DRTPE"], "indicators": [("Plan regional actualizado", "Plan", 1, "")],
     "axes": [("EE 1: Prevención", "prevencion", [
         ("E 1.1", "Sensibilización de familias y comunidades", [
             ("LA 1.1.1", "Talleres de sensibilización con padres de familia", "prevencion",
              ["DRTPE"], ["DEMUNA", "MIMP"],
              [("Talleres realizados", "Evento", 6, "trimestral"),
               ("Padres y madres capacitados", "Persona", 180, "")]),
             ("LA 1.1.2", "Campaña radial en español y shipibo sobre el trabajo infantil "
                          "peligroso", "prevencion", ["DRTPE"], ["DIRCETUR", "CARITAS"],
              [("Campañas difundidas", "Campaña", 2, ""),
               ("Spots radiales emitidos", "Evento", 40, "")]),
             ("LA 1.1.3", "Día Mundial contra el Trabajo Infantil (12 de junio)",
              "prevencion", ["GRDS"], ["DRTPE", "OIT"],
              [("Actividad conmemorativa realizada", "Evento", 1, "")]),
         ]),
         ("E 1.2", "Prevención desde la escuela", [
             ("LA 1.2.1", "Sesiones de tutoría sobre trabajo infantil", "prevencion", ["DRE"],
              ["UGEL"], [("Sesiones de tutoría", "Evento", 40, "trimestral"),
                         ("Estudiantes participantes", "Persona", 1200, "")]),
             ("LA 1.2.2", "Capacitación a docentes en detección de casos", "prevencion",
              ["UGEL"], ["DRE", "DEMUNA"], [("Docentes capacitados", "Persona", 60, "")]),
         ]),
     ])]},
    {"code": "OE 2", "text": "Detectar y atender oportunamente a niñas, niños y adolescentes "
                             "en trabajo infantil",
     "responsible": ["MIMP"], "indicators": [],
     "axes": [("EE 2: Detección", "deteccion", [
         ("E 2.1", "Intervenciones conjuntas", [
             ("LA 2.1.1", "Operativos conjuntos en mercados y puertos", "deteccion",
              ["SUNAFIL"], ["PNP", "MPFN", "DEMUNA"],
              [("Operativos realizados", "Operativo", 8, "trimestral"),
               ("Actuaciones inspectivas iniciadas", "Actuación inspectiva", 30, "")]),
             ("LA 2.1.2", "Derivación de casos a la Unidad de Protección Especial",
              "atencion_sancion", ["MIMP"], ["DEMUNA"],
              [("Casos derivados con seguimiento", "Caso", 0, "")]),
         ]),
     ]), ("EE 3: Atención y Sanción", "atencion_sancion", [
         ("E 3.1", "Atención integral", [
             ("LA 3.1.1", "Atención de casos en las DEMUNA", "atencion_sancion", ["DEMUNA"],
              ["MP-PROV"], [("Casos atendidos", "Caso", 25, "")]),
             ("LA 3.1.2", "Atención de salud a adolescentes trabajadores", "atencion_sancion",
              ["DIRESA"], [], [("Adolescentes atendidos", "Persona", 80, "")]),
         ]),
     ])]},
    {"code": "OE 3", "text": "Fortalecer la gestión del CDRPETI y la articulación con los "
                             "gobiernos locales",
     "responsible": ["DRTPE"],
     "indicators": [("Gobiernos locales con ordenanza de prevención", "Gobierno local", 2, "")],
     "axes": [("EE 4: Gestión Institucional", "gestion_institucional", [
         ("E 4.1", "Funcionamiento del Comité", [
             ("LA 4.1.1", "Sesiones ordinarias del CDRPETI", "gestion_institucional",
              ["DRTPE"], ["GRDS"], [("Sesiones realizadas", "Acta", 6, "trimestral")]),
             ("LA 4.1.2", "Reporte trimestral de ejecución al MTPE", "gestion_institucional",
              ["DRTPE"], [], [("Reportes remitidos", "Informe", 4, "trimestral")]),
             ("LA 4.1.3", "Asistencia técnica a municipalidades", "gestion_institucional",
              ["DRTPE"], ["MP-PROV"], [("Asistencias técnicas", "Evento", 4, "")]),
         ]),
     ])]},
    {"code": "OE 4", "text": "Promover el empleo juvenil y el trabajo adolescente protegido",
     "responsible": ["DRTPE"], "indicators": [],
     "lines": [("LA 5.1", "Orientación vocacional para adolescentes", "prevencion", ["DRTPE"],
                ["DRE"], [("Adolescentes orientados", "Persona", 150, ""),
                          ("Ferias vocacionales", "Evento", 2, "")]),
               ("LA 5.2", "Registro de adolescentes trabajadores autorizados", "prevencion",
                ["MP-PROV"], ["DRTPE"], [("Autorizaciones registradas", "Documento", 20, "")])]},
]

FORZOSO_PLAN: list[dict[str, Any]] = [
    {"code": "OE 1", "text": "Prevenir el trabajo forzoso en la actividad forestal y la "
                             "minería informal", "responsible": ["DRTPE"], "indicators": [],
     "lines": [("LA 1.1", "Capacitación a trabajadores forestales sobre sus derechos",
                "prevencion", ["DRTPE"], ["SERFOR", "CGTP"],
                [("Talleres en campamentos", "Taller", 6, "trimestral"),
                 ("Trabajadores capacitados", "Persona", 240, "")]),
               ("LA 1.2", "Difusión en lenguas originarias", "prevencion", ["CULTURA"], ["DRTPE"],
                [("Materiales traducidos", "Documento", 3, ""),
                 ("Comunidades nativas informadas", "Institución", 12, "")]),
               ("LA 1.3", "Orientación a empleadores forestales", "prevencion", ["SERFOR"],
                ["CCR", "CATP"], [("Empleadores orientados", "Persona", 40, ""),
                                  ("Charlas en aserraderos", "Evento", 8, "trimestral")])]},
    {"code": "OE 2", "text": "Identificar y sancionar los casos de trabajo forzoso",
     "responsible": ["SUNAFIL"], "indicators": [("Casos identificados", "Caso", 0, "")],
     "lines": [("LA 2.1", "Operativos conjuntos en zonas de extracción", "persecucion",
                ["SUNAFIL"], ["PNP", "MPFN", "MIGRACIONES"],
                [("Operativos realizados", "Operativo", 6, "trimestral"),
                 ("Personas rescatadas atendidas", "Persona", 0, "")]),
               ("LA 2.2", "Capacitación a fiscales y policías", "persecucion", ["MPFN"],
                ["PNP", "PJ"], [("Operadores capacitados", "Persona", 50, ""),
                                ("Talleres de capacitación", "Taller", 3, "")]),
               ("LA 2.3", "Inspecciones de oficio en empresas madereras", "persecucion",
                ["SUNAFIL"], ["DRTPE"], [("Actuaciones inspectivas", "Actuación inspectiva",
                                          24, "trimestral")])]},
    {"code": "OE 3", "text": "Atender y reintegrar a las víctimas", "responsible": ["GRDS"],
     "indicators": [],
     "lines": [("LA 3.1", "Atención de salud a víctimas", "proteccion_asistencia", ["DIRESA"],
                ["GRDS"], [("Víctimas atendidas", "Persona", 10, "")]),
               ("LA 3.2", "Inserción laboral de víctimas", "proteccion_asistencia", ["DRTPE"],
                ["CCR"], [("Personas insertadas", "Persona", 5, "")])]},
    {"code": "OE 4", "text": "Fortalecer la Comisión Regional", "responsible": ["DRTPE"],
     "indicators": [("Plan regional aprobado", "Plan", 1, "")],
     "lines": [("LA 4.1", "Sesiones ordinarias de la Comisión", "gestion_institucional",
                ["DRTPE"], [], [("Sesiones realizadas", "Acta", 4, "trimestral")]),
               ("LA 4.2", "Reporte semestral al MTPE", "gestion_institucional", ["DRTPE"], [],
                [("Reportes remitidos", "Informe", 2, "")])]},
    {"code": "OE 5", "text": "Generar información sobre el trabajo forzoso en la región",
     "responsible": ["DRTPE"], "indicators": [("Diagnóstico regional publicado", "Documento",
                                               1, "")],
     "lines": [("LA 5.1", "Registro regional de casos", "gestion_institucional", ["DRTPE"],
                ["SUNAFIL", "MPFN"], [("Reportes del registro", "Informe", 4, "trimestral")]),
               ("LA 5.2", "Estudio sobre condiciones de trabajo en la actividad forestal",
                "gestion_institucional", ["DRTPE"], ["OIT"],
                [("Estudio concluido", "Documento", 1, ""),
                 ("Talleres de validación", "Taller", 2, "")])]},
]

PLACES = [("Coronel Portillo", "Callería"), ("Coronel Portillo", "Yarinacocha"),
          ("Coronel Portillo", "Manantay"), ("Padre Abad", "Padre Abad"),
          ("Atalaya", "Raymondi"), ("Purús", "Purús")]
DELAYS = ["falta de presupuesto", "la vaciante del río", "el cambio de responsable"]
# Outcome of each indicator in turn: how much of its target is executed (None = nothing
# reported; 0 = a reported zero). Cycled so every state appears in every plan.
OUTCOMES = [1.5, 1.0, 0.6, None, 1.0, 0.3, 0.0, 1.2, 0.8, 1.0, None, 0.5]


def build_plans(db: sqlite_utils.Database, committee_id: str, key: str, today: date,
                rng: random.Random) -> list[str]:
    spec = CDRPETI_PLAN if key == "cdrpeti" else FORZOSO_PLAN
    built = []
    for year in (today.year - 1, today.year):
        plan_id = plans.create_plan(db, committee_id, year)
        _build_tree(db, plan_id, spec)
        _execute(db, plan_id, year, min(today, date(year, 12, 31)), rng)
        built.append(plan_id)
    return built


def _unit(db: sqlite_utils.Database, name: str) -> str:
    found = catalog.find_unit(db, name)
    return found["id"] if found else catalog.add_unit(db, name)


def _institutions(db: sqlite_utils.Database, node_id: str, responsible: list[str],
                  involved: list[str]) -> None:
    plans.set_institutions(db, node_id, [(catalog.institution_id(a), True) for a in responsible]
                           + [(catalog.institution_id(a), False) for a in involved])


def _indicators(db: sqlite_utils.Database, node_id: str,
                specs: list[tuple[str, str, int, str]]) -> None:
    for name, unit, target, schedule in specs:
        if schedule == "trimestral":
            base, extra = divmod(target, 4)
            targets = {q: base + (1 if q <= extra else 0) for q in range(1, 5)}
            indicators.add_indicator(db, node_id, name, _unit(db, unit), target,
                                     schedule="trimestral", targets=targets)
        else:
            indicators.add_indicator(db, node_id, name, _unit(db, unit), target)


def _line(db: sqlite_utils.Database, plan_id: str, parent: str, line: Line) -> None:
    code, text, tag, responsible, involved, specs = line
    node_id = plans.add_node(db, plan_id, "linea", code, text, parent_id=parent, tag=tag)
    _institutions(db, node_id, responsible, involved)
    _indicators(db, node_id, specs)


def _build_tree(db: sqlite_utils.Database, plan_id: str, spec: list[dict[str, Any]]) -> None:
    for objective in spec:
        oe = plans.add_node(db, plan_id, "objetivo", objective["code"], objective["text"],
                            alignment="O.E.R 4 (PDRC Ucayali al 2030)")
        _institutions(db, oe, objective["responsible"], [])
        _indicators(db, oe, objective["indicators"])
        for axis_label, tag, strategies in objective.get("axes", []):
            axis_code, axis_text = (p.strip() for p in axis_label.split(":", 1))
            axis = plans.add_node(db, plan_id, "eje", axis_code, axis_text, parent_id=oe,
                                  tag=tag)
            for strategy_code, strategy_text, lines in strategies:
                strategy = plans.add_node(db, plan_id, "estrategia", strategy_code,
                                          strategy_text, parent_id=axis)
                for line in lines:
                    _line(db, plan_id, strategy, line)
        for line in objective.get("lines", []):
            _line(db, plan_id, oe, line)


def _execute(db: sqlite_utils.Database, plan_id: str, year: int, until: date,
             rng: random.Random) -> None:
    all_indicators = [i for node in plans.nodes(db, plan_id)
                      for i in indicators.for_node(db, node["id"])]
    span = (until - date(year, 1, 1)).days
    for index, indicator in enumerate(all_indicators):
        outcome = OUTCOMES[index % len(OUTCOMES)]
        target = indicator["annual_target"]
        if outcome is None or span < 15:
            continue  # «No reportado»
        if target == 0:
            total = rng.choice([0, 2])
        else:
            # The current year is only partly done: scale by the share of the year elapsed.
            elapsed = min(span / 365, 1.0)
            total = round(target * outcome * elapsed)
        parts = 1 if total == 0 else min(int(total), rng.randint(1, 4))
        for part in range(parts):
            quantity = total // parts + (1 if part < total % parts else 0)
            day = date(year, 1, 1) + timedelta(days=rng.randint(10, max(span, 11)))
            day = min(day, until)
            province, district = rng.choice(PLACES)
            people: dict[str, int] = {}
            if quantity:
                description = f"{indicator['name']} en {district}"
                people = {"participants_women": rng.randint(3, 25),
                          "participants_men": rng.randint(2, 20)}
            else:
                description = f"No se ejecutó por {rng.choice(DELAYS)}"
            evidence = []
            if quantity and part == 0 and index % 4 == 0:  # a signed attendance list
                evidence = [(f"lista-asistencia-{day.isoformat()}.pdf", scanned_pdf([
                    "Lista de asistencia", description, day.strftime("%d/%m/%Y"),
                    f"Participantes: {sum(people.values())}"]))]
            indicators.add_entry(db, indicator["id"], day.isoformat(), quantity,
                                 description=description, province=province,
                                 district=district, evidence=evidence, **people)
