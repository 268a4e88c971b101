"""A small real plan, built through the public API (the worked example of the tests)."""

from __future__ import annotations

import sqlite_utils

from db.domain import catalog, indicators, plans


def unit(db: sqlite_utils.Database, name: str) -> str:
    return catalog.find_unit(db, name)["id"]


def make_plan(db: sqlite_utils.Database, committee_id: str, year: int = 2025) -> dict:
    """OE 1 (with its own indicator) → EE 1: Prevención → E 1.1 → LA 1.1.1 and LA 1.1.2;
    OE 2 → LA 2.1 (objective → activity, levels left out)."""
    plan = plans.create_plan(db, committee_id, year)
    oe1 = plans.add_node(db, plan, "objetivo", "OE 1",
                         "Fortalecer la prevención del trabajo infantil")
    ee1 = plans.add_node(db, plan, "eje", "EE 1", "Prevención", parent_id=oe1,
                         tag="prevencion")
    e11 = plans.add_node(db, plan, "estrategia", "E 1.1", "Sensibilización", parent_id=ee1)
    la111 = plans.add_node(db, plan, "linea", "LA 1.1.1", "Talleres con familias",
                           parent_id=e11)
    la112 = plans.add_node(db, plan, "linea", "LA 1.1.2", "Campaña radial", parent_id=e11)
    oe2 = plans.add_node(db, plan, "objetivo", "OE 2", "Mejorar la detección")
    la21 = plans.add_node(db, plan, "linea", "LA 2.1", "Operativos conjuntos", parent_id=oe2)
    plans.set_institutions(db, la111, [(catalog.institution_id("DRTPE"), True),
                                       (catalog.institution_id("MIMP"), False)])
    plans.set_institutions(db, la21, [(catalog.institution_id("SUNAFIL"), True)])
    plans.set_institutions(db, oe1, [(catalog.institution_id("DRTPE"), True)])
    ids = {
        "plan": plan, "oe1": oe1, "ee1": ee1, "e11": e11, "la111": la111, "la112": la112,
        "oe2": oe2, "la21": la21,
        "oe1_plan": indicators.add_indicator(db, oe1, "Plan regional aprobado",
                                             unit(db, "Plan"), 1),
        # 3 workshops against 2: 150 %, over-achieved.
        "talleres": indicators.add_indicator(db, la111, "Talleres realizados",
                                             unit(db, "Evento"), 2, schedule="trimestral",
                                             targets={1: 0, 2: 1, 3: 1, 4: 0}),
        # 1 of 3 people-trainings: 33 %, amber.
        "personas": indicators.add_indicator(db, la111, "Personas capacitadas",
                                             unit(db, "Persona"), 3),
        # Reported zero: red.
        "spots": indicators.add_indicator(db, la112, "Spots difundidos", unit(db, "Evento"), 4),
        # Nothing reported: «No reportado».
        "operativos": indicators.add_indicator(db, la21, "Operativos realizados",
                                               unit(db, "Actuación inspectiva"), 5),
        # A target of zero: «—».
        "actas": indicators.add_indicator(db, la21, "Actas levantadas", unit(db, "Acta"), 0),
    }
    indicators.add_entry(db, ids["talleres"], f"{year}-05-10", 1,
                         description="Taller con familias", province="Coronel Portillo",
                         district="Callería", participants_women=3, participants_men=2)
    indicators.add_entry(db, ids["talleres"], f"{year}-08-20", "2",
                         description="Talleres en Yarinacocha", participants_total=40)
    indicators.add_entry(db, ids["personas"], f"{year}-06-01", 1)
    indicators.add_entry(db, ids["spots"], f"{year}-07-01", 0,
                         description="Sin presupuesto para la campaña")
    indicators.add_entry(db, ids["actas"], f"{year}-09-01", 2)
    return ids


# A big plan: the size of the speed targets -------------------------------------------------

BIG_AXES = ("Prevención", "Detección", "Atención y Sanción", "Gestión Institucional")
BIG_PLACES = (("Coronel Portillo", "Callería"), ("Coronel Portillo", "Yarinacocha"),
              ("Coronel Portillo", "Manantay"), ("Padre Abad", "Aguaytía"),
              ("Atalaya", "Raymondi"), ("Purús", "Purús"))
BIG_INSTITUTIONS = ("DRTPE", "SUNAFIL", "MIMP", "DEMUNA", "PNP", "MPFN", "DRE", "DIRESA",
                    "GRDS", "UGEL")
BIG_UNITS = ("Evento", "Persona", "Taller", "Operativo", "Actuación inspectiva", "Acta",
             "Campaña", "Informe")


def make_big_plan(db: sqlite_utils.Database, committee_id: str, year: int = 2025, *,
                  objectives: int = 5, entries: int = 2000) -> dict:
    """The plan of the speed targets: 5 objectives × 2 axes × 2 strategies × 2 lines of
    action = 40 lines, 2 indicators each (80), and ``entries`` execution entries with
    places and participants (about 25 per indicator). Every state appears: over-achieved,
    partial, reported zero, a zero target and indicators nobody reported.

    Returns {"plan": id, "indicators": [ids], "lines": [ids], "objectives": [ids]}."""
    from db.storage.connection import transaction

    ids: dict = {"indicators": [], "lines": [], "objectives": []}
    institution = {a: catalog.institution_id(a) for a in BIG_INSTITUTIONS}
    units = {name: unit(db, name) for name in BIG_UNITS}
    with transaction(db):
        plan = plans.create_plan(db, committee_id, year,
                                 title=f"Plan de Trabajo Anual {year} del comité")
        ids["plan"] = plan
        for o in range(1, objectives + 1):
            oe = plans.add_node(db, plan, "objetivo", f"OE {o}", (
                f"Objetivo específico {o}: reducir el trabajo infantil y sus peores formas "
                f"en las provincias de la región mediante acciones articuladas"))
            ids["objectives"].append(oe)
            plans.set_institutions(db, oe, [(institution[BIG_INSTITUTIONS[o % 10]], True),
                                            (institution["GRDS"], True)])
            indicators.add_indicator(db, oe, f"Porcentaje de avance del objetivo {o}",
                                     units["Informe"], 1)
            for a in range(1, 3):
                axis_name = BIG_AXES[(o + a) % len(BIG_AXES)]
                ee = plans.add_node(db, plan, "eje", f"EE {o}.{a}", axis_name, parent_id=oe)
                for s in range(1, 3):
                    e = plans.add_node(db, plan, "estrategia", f"E {o}.{a}.{s}", (
                        f"Estrategia de {axis_name.lower()} con gobiernos locales y "
                        f"sociedad civil ({o}.{a}.{s})"), parent_id=ee)
                    for k in range(1, 3):
                        n = len(ids["lines"])
                        la = plans.add_node(db, plan, "linea", f"LA {o}.{a}.{s}.{k}", (
                            f"Línea de acción {n + 1}: talleres, charlas y operativos "
                            f"conjuntos en zonas ribereñas y urbano-marginales"), parent_id=e)
                        ids["lines"].append(la)
                        plans.set_institutions(db, la, [
                            (institution[BIG_INSTITUTIONS[n % 10]], True),
                            (institution[BIG_INSTITUTIONS[(n + 3) % 10]], False),
                            (institution[BIG_INSTITUTIONS[(n + 6) % 10]], False)])
                        for j in range(2):
                            m = len(ids["indicators"])
                            name = BIG_UNITS[m % len(BIG_UNITS)]
                            target = 0 if m % 23 == 7 else 10 + (m * 7) % 40
                            ids["indicators"].append(indicators.add_indicator(
                                db, la, f"Indicador {m + 1}: {name.lower()}s realizados "
                                        f"({'primera' if j == 0 else 'segunda'} meta)",
                                units[name], target))
        _big_entries(db, ids["indicators"], year, entries)
    return ids


def _big_entries(db: sqlite_utils.Database, indicator_ids: list[str], year: int,
                 total: int) -> None:
    """``total`` entries over the indicators: every 9th gets none (no reportado), every
    13th only zeros (actividad no realizada), the rest 0–3 a time (some over 100 %)."""
    reporting = [i for i in range(len(indicator_ids)) if i % 9 != 4]
    for n in range(total):
        index = reporting[n % len(reporting)]
        province, district = BIG_PLACES[n % len(BIG_PLACES)]
        quantity = 0 if index % 13 == 2 else (n // len(reporting)) % 2 * (1 + index % 3)
        day = f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        extra = {"participants_women": 5 + n % 7, "participants_men": 3 + n % 5} \
            if n % 3 == 0 else {}
        indicators.add_entry(db, indicator_ids[index], day, quantity,
                             description=f"Actividad {n + 1} con autoridades comunales",
                             province=province, district=district, **extra)
