"""A plan's execution at a date or in a quarter, its roll-ups (pandas), and the ministry's
matrix as plain data for every output (app, PDF, Excel, CSV).

A roll-up's «avance» is the mean, over its indicators with a target above zero, of each
one's executed share capped at 100 % (an over-achieved indicator cannot hide an unmet one;
an indicator nobody reported counts as 0 %). Units differ between indicators, so absolute
quantities are never added across indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import sqlite_utils

from db.domain import catalog, committees, plans
from db.domain.indicators import format_number
from db.domain.rules.deadlines import ROMAN
from db.domain.rules.execution import STATES, Execution, percent
from db.locale_pe import short_date

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Period:
    """Everything up to a date (``until``), one quarter of the plan's year, or the year."""

    until: date | None = None
    quarter: int | None = None

    def bounds(self, year: int) -> tuple[date | None, date | None]:
        if self.quarter:
            start = date(year, 3 * self.quarter - 2, 1)
            end = date(year + 1, 1, 1) if self.quarter == 4 else \
                date(year, 3 * self.quarter + 1, 1)
            return start, date.fromordinal(end.toordinal() - 1)
        return None, self.until

    def label(self, year: int) -> str:
        if self.quarter:
            return f"{ROMAN[self.quarter]} trimestre {year}"
        if self.until:
            return f"Ejecución al {short_date(self.until)}"
        return f"Ejecución del año {year}"


@dataclass(frozen=True)
class IndicatorResult:
    indicator_id: str
    node_id: str
    node_code: str
    objective_code: str
    axis: str
    name: str
    unit: str
    target: float
    executed: float
    pending: float
    executed_percent: int | None
    pending_percent: int | None
    state: str
    entries: int
    observations: str
    responsibles: list[str]
    by_quarter: dict[int, float]  # executed in each quarter of the plan's year
    entries_by_quarter: dict[int, int]

    @property
    def state_label(self) -> str:
        return STATES[self.state]


@dataclass(frozen=True)
class RollUp:
    key: str
    label: str
    indicators: int
    progress: int | None  # «avance», see the module docstring
    states: dict[str, int]


@dataclass(frozen=True)
class MatrixRow:
    """One line of the ministry's matrix: an indicator of a line of action, beside its
    objective (and, in the objective's columns, one of the objective's own indicators)."""

    objective_code: str
    objective_text: str
    objective_indicator: str
    objective_unit: str
    objective_target: float | None
    objective_responsibles: list[str]
    axis: str  # «EE 2: Detección»
    strategy_code: str
    strategy_text: str
    line_code: str
    line_text: str
    indicator: str
    unit: str
    target: float | None
    institutions: list[tuple[str, bool]]  # (acronym, is responsible): bold if responsible
    result: IndicatorResult | None  # the execution shown in the row
    first_of_objective: bool


@dataclass(frozen=True)
class PlanMatrix:
    plan_id: str
    reference: str
    title: str
    year: int
    committee_name: str
    committee_acronym: str
    region_name: str
    logo_sha256: str | None
    period_label: str
    rows: list[MatrixRow]
    results: list[IndicatorResult]
    by_objective: list[RollUp]
    by_axis: list[RollUp] = field(default_factory=list)
    by_institution: list[RollUp] = field(default_factory=list)
    by_quarter: list[RollUp] = field(default_factory=list)


# Reading the plan -----------------------------------------------------------------------

def _frames(db: sqlite_utils.Database, plan_id: str) -> tuple[pd.DataFrame, pd.DataFrame,
                                                               pd.DataFrame]:
    indicators = pd.DataFrame(list(db.query(
        "SELECT x.id, x.node_id, x.position, x.name, x.annual_target, x.schedule,"
        " x.observations, u.name AS unit FROM indicators x"
        " JOIN units u ON u.id = x.unit_id JOIN plan_nodes n ON n.id = x.node_id"
        " WHERE n.plan_id = ? AND x.deleted_at IS NULL AND n.deleted_at IS NULL",
        [plan_id])), columns=["id", "node_id", "position", "name", "annual_target",
                              "schedule", "observations", "unit"])
    entries = pd.DataFrame(list(db.query(
        "SELECT e.indicator_id, e.entry_date, e.quantity, e.description, e.province,"
        " e.district, e.participants_women, e.participants_men, e.participants_total"
        " FROM execution_entries e JOIN indicators x ON x.id = e.indicator_id"
        " JOIN plan_nodes n ON n.id = x.node_id WHERE n.plan_id = ?"
        " AND e.deleted_at IS NULL AND x.deleted_at IS NULL AND n.deleted_at IS NULL"
        " ORDER BY e.entry_date, e.created_at", [plan_id])),
        columns=["indicator_id", "entry_date", "quantity", "description", "province",
                 "district", "participants_women", "participants_men", "participants_total"])
    targets = pd.DataFrame(list(db.query(
        "SELECT t.indicator_id, t.period, t.target FROM indicator_targets t"
        " JOIN indicators x ON x.id = t.indicator_id JOIN plan_nodes n ON n.id = x.node_id"
        " WHERE n.plan_id = ? AND t.deleted_at IS NULL AND x.deleted_at IS NULL",
        [plan_id])), columns=["indicator_id", "period", "target"])
    entries["entry_date"] = pd.to_datetime(entries["entry_date"])
    return indicators, entries, targets


def _quarter_targets(indicators: pd.DataFrame, targets: pd.DataFrame) -> dict[str, dict]:
    """Each scheduled indicator's target per quarter (months are summed by quarter)."""
    out: dict[str, dict[int, float]] = {}
    schedules = dict(zip(indicators["id"], indicators["schedule"], strict=True))
    for indicator_id, group in targets.groupby("indicator_id"):
        monthly = schedules.get(indicator_id) == "mensual"
        quarter = (group["period"] - 1) // 3 + 1 if monthly else group["period"]
        out[str(indicator_id)] = group.groupby(quarter)["target"].sum().to_dict()
    return out


def _known(value: Any) -> bool:
    return value is not None and value == value  # NaN is what pandas gives for NULL


def observations(entries: list[dict[str, Any]]) -> str:
    """«18/11/2025: Taller en Callería (Coronel Portillo), 5 participantes (3 mujeres,
    2 hombres).» one per entry, in the order given (oldest first). ``entries`` are rows of
    ``execution_entries`` (or the same fields from compute's frame)."""
    parts = []
    for row in entries:
        place = ", ".join(dict.fromkeys(p for p in (row["district"], row["province"]) if p))
        text = (row["description"] or "").strip().rstrip(".") or \
            f"{format_number(row['quantity'])} ejecutado(s)"
        if place and place not in text:
            text = f"{text} ({place})"
        people = ""
        if _known(row["participants_total"]):
            people = f", {int(row['participants_total'])} participantes"
            if _known(row["participants_women"]) and _known(row["participants_men"]):
                people += (f" ({int(row['participants_women'])} mujeres, "
                           f"{int(row['participants_men'])} hombres)")
        day = row["entry_date"]  # a Timestamp from compute, an ISO text from a db row
        parts.append(f"{short_date(day if isinstance(day, str) else day.date())}: "
                     f"{text}{people}.")
    return " ".join(parts)


# Computing -------------------------------------------------------------------------------

def compute(db: sqlite_utils.Database, plan_id: str,
            period: Period | None = None) -> PlanMatrix:
    period = period or Period()
    plan = plans.get_plan(db, plan_id)
    committee = committees.get_committee(db, plan["committee_id"])
    tree = plans.nodes(db, plan_id)
    by_id = {n["id"]: n for n in tree}
    institutions = _institutions(db, plan_id)
    indicators, entries, targets = _frames(db, plan_id)
    start, end = period.bounds(plan["year"])
    window = entries
    if start is not None:
        window = window[window["entry_date"] >= pd.Timestamp(start)]
    if end is not None:
        window = window[window["entry_date"] <= pd.Timestamp(end)]
    executed = window.groupby("indicator_id")["quantity"].sum()
    counts = window.groupby("indicator_id").size()
    # Quarters are the plan year's: an entry of another year (kept with its reason) counts
    # in «hasta fecha» totals, never in a quarter of this year.
    in_year = entries[entries["entry_date"].dt.year == plan["year"]]
    quarter_of = in_year["entry_date"].dt.quarter
    quarterly = in_year.groupby(["indicator_id", quarter_of])["quantity"].sum()
    quarterly_counts = in_year.groupby(["indicator_id", quarter_of]).size()
    quarter_targets = _quarter_targets(indicators, targets)
    # Speed (benchmarks/bench_plans.py): the loop below looks up each indicator, so the
    # sums become plain dicts and the entries become plain records split by indicator once,
    # instead of a pandas lookup per value and a DataFrame walk per indicator.
    executed, counts = executed.to_dict(), counts.to_dict()
    quarterly, quarterly_counts = quarterly.to_dict(), quarterly_counts.to_dict()
    entries_of: dict[str, list[dict[str, Any]]] = {}
    for record in window.sort_values("entry_date", kind="stable").to_dict("records"):
        entries_of.setdefault(record["indicator_id"], []).append(record)

    results: dict[str, IndicatorResult] = {}
    for row in indicators.sort_values("position").itertuples():
        node = by_id.get(row.node_id)
        if node is None:
            continue
        target = float(row.annual_target)
        if period.quarter and row.id in quarter_targets:
            target = float(quarter_targets[row.id].get(period.quarter, 0.0))
        done = float(executed.get(row.id, 0.0))
        execution = Execution(target, done, int(counts.get(row.id, 0)))
        ancestors = _ancestors(node, by_id)
        results[row.id] = IndicatorResult(
            indicator_id=row.id, node_id=row.node_id, node_code=node["code"],
            objective_code=ancestors.get("objetivo", {}).get("code", ""),
            axis=_axis_label(ancestors.get("eje")), name=row.name, unit=row.unit,
            target=target, executed=done, pending=execution.pending,
            executed_percent=execution.executed_percent,
            pending_percent=execution.pending_percent, state=execution.state,
            entries=execution.entries,
            observations=row.observations.strip() or observations(entries_of.get(row.id, [])),
            responsibles=[a for a, responsible in institutions.get(row.node_id, []) if responsible],
            by_quarter={q: float(quarterly.get((row.id, q), 0.0)) for q in QUARTERS},
            entries_by_quarter={q: int(quarterly_counts.get((row.id, q), 0)) for q in QUARTERS})
    matrix_rows = _matrix_rows(db, tree, by_id, institutions, results)
    ordered = [results[r.result.indicator_id] for r in matrix_rows if r.result] + [
        r for r in results.values()
        if r.indicator_id not in {m.result.indicator_id for m in matrix_rows if m.result}]
    return PlanMatrix(
        plan_id=plan_id, reference=plans.reference(db, plan), title=plan["title"],
        year=plan["year"], committee_name=committee["name"],
        committee_acronym=committee["acronym"],
        region_name=catalog.region_name(db, committee["region_code"]),
        logo_sha256=committee.get("logo_sha256"), period_label=period.label(plan["year"]),
        rows=matrix_rows, results=ordered,
        by_objective=rollup(ordered, lambda r: r.objective_code or r.node_code,
                            {n["code"]: n["text"] for n in tree if n["level"] == "objetivo"}),
        by_axis=rollup([r for r in ordered if r.axis], lambda r: r.axis, {}),
        by_institution=_by_institution(ordered),
        by_quarter=quarter_rollup(ordered, quarter_targets, plan["year"]))


def _institutions(db: sqlite_utils.Database, plan_id: str) -> dict[str, list[tuple[str, bool]]]:
    out: dict[str, list[tuple[str, bool]]] = {}
    for row in db.query(
            "SELECT p.node_id, i.acronym, p.is_responsible FROM plan_node_institutions p"
            " JOIN institutions i ON i.id = p.institution_id JOIN plan_nodes n"
            " ON n.id = p.node_id WHERE n.plan_id = ? AND p.deleted_at IS NULL"
            " ORDER BY p.is_responsible DESC, i.acronym", [plan_id]):
        out.setdefault(row["node_id"], []).append((row["acronym"], bool(row["is_responsible"])))
    return out


def _ancestors(node: dict[str, Any], by_id: dict[str, dict]) -> dict[str, dict[str, Any]]:
    found = {node["level"]: node}
    parent = by_id.get(node["parent_id"] or "")
    while parent is not None:
        found.setdefault(parent["level"], parent)
        parent = by_id.get(parent["parent_id"] or "")
    return found


def _axis_label(axis: dict[str, Any] | None) -> str:
    if not axis:
        return ""
    return f"{axis['code']}: {axis['text']}" if axis["text"] else axis["code"]


def _matrix_rows(db: sqlite_utils.Database, tree: list[dict], by_id: dict[str, dict],
                 institutions: dict[str, list[tuple[str, bool]]],
                 results: dict[str, IndicatorResult]) -> list[MatrixRow]:
    indicators_of: dict[str, list[IndicatorResult]] = {}
    for measured_result in results.values():
        indicators_of.setdefault(measured_result.node_id, []).append(measured_result)
    rows: list[MatrixRow] = []
    for objective in (n for n in tree if n["level"] == "objetivo"):
        lines = [n for n in tree if n["level"] == "linea"
                 and _ancestors(n, by_id).get("objetivo", {}).get("id") == objective["id"]]
        line_rows: list[tuple[dict | None, IndicatorResult | None]] = []
        for line_node in lines:
            measured = indicators_of.get(line_node["id"], [])
            line_rows += [(line_node, r) for r in measured] or [(line_node, None)]
        own = indicators_of.get(objective["id"], [])
        count = max(len(line_rows), len(own), 1)
        responsibles = [a for a, r in institutions.get(objective["id"], []) if r]
        for index in range(count):
            line: dict[str, Any] | None = None
            result: IndicatorResult | None = None
            if index < len(line_rows):
                line, result = line_rows[index]
            objective_indicator = own[index] if index < len(own) else None
            ancestors = _ancestors(line, by_id) if line else {}
            strategy = ancestors.get("estrategia")
            rows.append(MatrixRow(
                objective_code=objective["code"], objective_text=objective["text"],
                objective_indicator=objective_indicator.name if objective_indicator else "",
                objective_unit=objective_indicator.unit if objective_indicator else "",
                objective_target=objective_indicator.target if objective_indicator else None,
                objective_responsibles=responsibles,
                axis=_axis_label(ancestors.get("eje")),
                strategy_code=strategy["code"] if strategy else "",
                strategy_text=strategy["text"] if strategy else "",
                line_code=line["code"] if line else "", line_text=line["text"] if line else "",
                indicator=result.name if result else "", unit=result.unit if result else "",
                target=result.target if result else None,
                institutions=institutions.get(line["id"], []) if line else [],
                result=result or (objective_indicator if line is None else None),
                first_of_objective=index == 0))
    return rows


def rollup(results: list[IndicatorResult], key, labels: dict[str, str]) -> list[RollUp]:
    if not results:
        return []
    frame = pd.DataFrame({
        "key": [key(r) for r in results],
        "share": [min(r.executed / r.target, 1.0) if r.target > 0 else None for r in results],
        "state": [r.state for r in results]})
    out = []
    for group_key, group in frame.groupby("key", sort=False):
        shares = group["share"].dropna()
        states = group["state"].value_counts().to_dict()
        out.append(RollUp(
            key=str(group_key), label=labels.get(str(group_key), str(group_key)),
            indicators=len(group),
            progress=percent(float(shares.mean()), 1.0) if len(shares) else None,
            states={s: int(states.get(s, 0)) for s in STATES}))
    return out


def _by_institution(results: list[IndicatorResult]) -> list[RollUp]:
    """Each responsible institution's indicators (an indicator counts for each of them)."""
    groups: dict[str, list[IndicatorResult]] = {}
    for result in results:
        for acronym in result.responsibles:
            groups.setdefault(acronym, []).append(result)
    return [rollup(items, lambda r, a=acronym: a, {})[0]
            for acronym, items in sorted(groups.items())]


def quarter_rollup(results: list[IndicatorResult], quarter_targets: dict[str, dict],
                   year: int) -> list[RollUp]:
    """Per quarter, over the indicators scheduled by month or quarter: executed in the
    quarter against that quarter's target."""
    out = []
    for quarter in QUARTERS:
        quarter_results = []
        for r in results:
            if r.indicator_id not in quarter_targets:
                continue
            target = float(quarter_targets[r.indicator_id].get(quarter, 0.0))
            done = r.by_quarter.get(quarter, 0.0)
            execution = Execution(target, done, r.entries_by_quarter.get(quarter, 0))
            quarter_results.append((target, done, execution.state))
        shares = [min(done / target, 1.0) for target, done, _ in quarter_results if target > 0]
        states = {s: sum(1 for *_, state in quarter_results if state == s) for s in STATES}
        out.append(RollUp(
            key=str(quarter), label=f"{ROMAN[quarter]} trimestre {year}",
            indicators=len(quarter_results),
            progress=percent(sum(shares) / len(shares), 1.0) if shares else None,
            states=states))
    return out
