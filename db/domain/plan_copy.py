"""Copying a plan: a year's plan started from another one (its tree, institutions,
indicators and schedules, with no execution).

It sits above ``db.domain.plans`` and ``db.domain.indicators`` (indicators hang on plan
nodes, so ``indicators`` imports ``plans``) and writes through their functions and
``db.storage.records``, in one transaction.
"""

from __future__ import annotations

import sqlite_utils

from db.domain import indicators, plans
from db.storage import records
from db.storage.connection import transaction


def copy_plan(db: sqlite_utils.Database, source_plan_id: str, year: int,
              title: str | None = None) -> str:
    """Start a year's plan from another one: the same tree, institutions, indicators and
    schedules, with no execution."""
    with transaction(db):
        source = plans.get_plan(db, source_plan_id)
        plan_id = plans.create_plan(db, source["committee_id"], year, title=title,
                                    source_plan_id=source_plan_id)
        mapping: dict[str, str] = {}
        for node in plans.nodes(db, source_plan_id):  # parents come before their children
            mapping[node["id"]] = records.insert(db, "plan_nodes", {
                "plan_id": plan_id, "parent_id": mapping.get(node["parent_id"] or ""),
                "level": node["level"], "code": node["code"], "text": node["text"],
                "position": node["position"], "tag": node["tag"],
                "alignment": node["alignment"]})
            for inst in plans.node_institutions(db, node["id"]):
                records.insert(db, "plan_node_institutions", {
                    "node_id": mapping[node["id"]], "institution_id": inst["institution_id"],
                    "is_responsible": inst["is_responsible"]})
            for indicator in indicators.for_node(db, node["id"]):
                indicators.copy_indicator(db, indicator, mapping[node["id"]])
        return plan_id
