"""A small real plan, built through the public API (the worked example of the tests)."""

from __future__ import annotations

import sqlite_utils

from db import catalog, indicators, plans


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
