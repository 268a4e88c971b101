"""The national roll-up of the committees' annual work plans, by region and by objective.

The rules are the desktop's own (``db.domain.rules.execution``): each indicator's executed total
up to the cut-off date against its annual target gives its state (alcanzada, parcial, no
realizada, no reportado) and colour; a group's «avance» is the mean, over its indicators
with a target above zero, of each one's executed share capped at 100 %, as in
``db.domain.plan_execution`` (an over-achieved indicator cannot hide an unmet one; one nobody
reported counts 0 %). Quantities are never added across indicators (units differ).

Objectives are each plan's own (``OE 1``…); nationally they are grouped by committee kind
and code, labelled with the wording most plans use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, select, true

from db.domain.rules.execution import STATES, Execution, percent
from server.core.accounts import region_names
from server.core.models import records
from server.dashboard.queries import KINDS, collation_key, data_text, live


@dataclass
class Group:
    key: tuple[str, ...]
    label: str = ""
    plans: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    states: Counter[str] = field(default_factory=Counter)
    shares: list[float] = field(default_factory=list)
    texts: Counter[str] = field(default_factory=Counter)

    @property
    def indicators(self) -> int:
        return sum(self.states.values())

    @property
    def progress(self) -> int | None:
        return percent(sum(self.shares) / len(self.shares), 1.0) if self.shares else None

    def add(self, execution: Execution) -> None:
        self.states[execution.state] += 1
        if execution.target > 0:
            self.shares.append(min(execution.executed / execution.target, 1.0))


@dataclass
class PlanRollUp:
    year: int
    until: date
    by_region: list[Group]
    by_objective: list[Group]


def _alias(name: str) -> Any:
    return records.alias(name)


def plan_rollup(conn: Connection, year: int, until: date, *,
                committee_id: str | None = None) -> PlanRollUp:
    """The year's plans of every committee, or of one (``committee_id``)."""
    plan, node, indicator, entry = (_alias(n) for n in ("p", "n", "i", "e"))
    committee = _alias("c")
    plans = {row.row_id: row for row in conn.execute(select(
        plan.c.row_id, plan.c.region_code, data_text("kind", committee).label("kind"),
    ).select_from(plan.join(committee, and_(
        committee.c.table_name == "committees", committee.c.row_id == plan.c.committee_id)))
        .where(live("work_plans", plan), committee.c.deleted_at.is_(None),
               plan.c.data["year"].as_integer() == year,
               *([plan.c.committee_id == committee_id] if committee_id else [])))}
    in_year = and_(live("plan_nodes", node), live("work_plans", plan),
                   plan.c.data["year"].as_integer() == year)

    def mine(*aliases: Any) -> Any:
        """One committee's rows only: each synced row carries its committee, so the
        ``records_committee`` index finds them without reading the others."""
        return and_(true(), *(a.c.committee_id == committee_id for a in aliases)) \
            if committee_id else true()

    node_join = node.join(plan, and_(plan.c.table_name == "work_plans",
                                     plan.c.row_id == data_text("plan_id", node)))
    nodes = {row.row_id: row for row in conn.execute(select(
        node.c.row_id, data_text("plan_id", node).label("plan_id"),
        data_text("parent_id", node).label("parent_id"), data_text("level", node).label("level"),
        data_text("code", node).label("code"), data_text("text", node).label("text"),
    ).select_from(node_join).where(in_year, mine(plan, node)))}
    indicator_join = indicator.join(node_join, and_(
        node.c.table_name == "plan_nodes", node.c.row_id == data_text("node_id", indicator)))
    indicators = conn.execute(select(
        indicator.c.row_id, data_text("node_id", indicator).label("node_id"),
        indicator.c.data["annual_target"].as_float().label("target"),
    ).select_from(indicator_join).where(in_year, live("indicators", indicator),
                                        mine(plan, node, indicator))).all()
    # Grouped by the joined indicator's key: PostgreSQL would not match two JSON
    # expressions with separate bound parameters.
    done = {row[0]: (float(row[1] or 0), int(row[2])) for row in conn.execute(select(
        indicator.c.row_id, func.sum(entry.c.data["quantity"].as_float()),
        func.count(),
    ).select_from(entry.join(indicator_join, and_(
        indicator.c.table_name == "indicators",
        indicator.c.row_id == data_text("indicator_id", entry)))).where(
        in_year, live("indicators", indicator), live("execution_entries", entry),
        mine(plan, node, indicator, entry),
        data_text("entry_date", entry) <= until.isoformat(),
    ).group_by(indicator.c.row_id))}
    names = region_names()
    regions: dict[str, Group] = {}
    objectives: dict[tuple[str, str], Group] = {}
    for row in indicators:
        owner = nodes.get(row.node_id)
        if owner is None or owner.plan_id not in plans:
            continue
        plan_row = plans[owner.plan_id]
        executed, count = done.get(row.row_id, (0.0, 0))
        execution = Execution(float(row.target or 0), executed, count)
        region = plan_row.region_code or ""
        group = regions.setdefault(region, Group((region,), names.get(region, region)))
        group.add(execution)
        group.plans.add(owner.plan_id)
        objective = _objective(owner, nodes)
        code = objective.code if objective is not None else "(sin objetivo)"
        kind = plan_row.kind or ""
        by_objective = objectives.setdefault((kind, code.upper()), Group((kind, code)))
        by_objective.add(execution)
        by_objective.plans.add(owner.plan_id)
        by_objective.regions.add(region)
        if objective is not None and objective.text:
            by_objective.texts[objective.text.strip()] += 1
    for group in objectives.values():
        group.label = group.texts.most_common(1)[0][0] if group.texts else ""
    kind_order = {kind: index for index, kind in enumerate(KINDS)}
    return PlanRollUp(
        year, until,
        sorted(regions.values(), key=lambda g: collation_key(g.label)),
        sorted(objectives.values(),
               key=lambda g: (kind_order.get(g.key[0], 99), _code_order(g.key[1]))))


def _objective(node: Any, nodes: dict[str, Any]) -> Any:
    seen = 0
    while node is not None and seen < 16:  # a plan tree is four levels deep
        if node.level == "objetivo":
            return node
        node = nodes.get(node.parent_id) if node.parent_id else None
        seen += 1
    return None


def _code_order(code: str) -> tuple[Any, ...]:
    digits = "".join(ch if ch.isdigit() else " " for ch in code).split()
    return (tuple(int(d) for d in digits), code)


STATE_ORDER = tuple(STATES)
