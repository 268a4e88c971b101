"""Plan templates from headquarters: a plan tree kept as JSON in the ``plan_templates``
catalogue (schema v6), turned into a committee's plan on the device.

The JSON is the structure an Excel plan matrix is read into (``db.domain.plan_workbook``'s
``ParsedPlan``), without the cell positions. Headquarters builds it from a workbook
(``server.sync.plan_templates``), devices receive it by sync, and a plan made from it goes
through ``db.domain.plan_import.import_parsed``: the same checks (institutions by acronym, units,
codes) and the same writes, in the change log, as an imported matrix.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import sqlite_utils

from db.domain import committees
from db.domain.plan_workbook import Loc, ParsedIndicator, ParsedNode, ParsedPlan
from db.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from db.domain.plan_import import ImportSummary

CONTENT_VERSION = 1
_NOWHERE = Loc("", 0, "")  # a template has no cells: its problems are told without a place
BROKEN = ("La plantilla «{title}» recibida de la sede está dañada o es de una versión más "
          "nueva de Sesiona ({detail}); no se creó nada. Actualice Sesiona o avise a la sede.")


def content_of(parsed: ParsedPlan) -> str:
    """``parsed`` as a template's ``content``."""
    nodes = []
    for node in parsed.nodes:
        nodes.append({
            "level": node.level, "code": node.code, "text": node.text,
            "parent_code": node.parent_code, "tag": node.tag, "alignment": node.alignment,
            "institutions": dict(node.institutions),
            "indicators": [{
                "name": i.name, "unit": i.unit, "target": i.target, "schedule": i.schedule,
                "targets": {str(period): value for period, value in i.targets.items()},
            } for i in node.indicators if i.valid],
        })
    return json.dumps({"version": CONTENT_VERSION, "title": parsed.title, "year": parsed.year,
                       "nodes": nodes}, ensure_ascii=False, separators=(",", ":"))


def parse_content(content: str, title: str = "") -> ParsedPlan:
    """A template's ``content`` back into a ``ParsedPlan``. ``ValidationError`` in Spanish
    if it cannot be read."""
    try:
        data = json.loads(content)
        if not isinstance(data, dict) or data.get("version") != CONTENT_VERSION:
            raise ValueError(f"versión {data.get('version') if isinstance(data, dict) else '?'}")
        nodes = [_node(item) for item in data["nodes"]]
        year = data.get("year")
        return ParsedPlan(title=data.get("title"), year=int(year) if year else None,
                          year_where=_NOWHERE, nodes=nodes)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(BROKEN.format(title=title, detail=exc), "template") from exc


def _node(item: dict[str, Any]) -> ParsedNode:
    indicators = [
        ParsedIndicator(
            name=str(i["name"]), unit=str(i["unit"]), target=float(i["target"]),
            where=_NOWHERE, unit_where=_NOWHERE, schedule=str(i.get("schedule", "ninguno")),
            targets={int(period): float(value) for period, value in i.get("targets", {}).items()})
        for i in item.get("indicators", [])]
    return ParsedNode(
        level=str(item["level"]), code=str(item["code"]), text=str(item.get("text", "")),
        parent_code=item.get("parent_code"), where=_NOWHERE, tag=str(item.get("tag", "")),
        alignment=str(item.get("alignment", "")),
        institutions={str(k): bool(v) for k, v in item.get("institutions", {}).items()},
        institutions_where=_NOWHERE, indicators=indicators)


def templates_for(db: sqlite_utils.Database, committee_kind: str | None = None
                  ) -> list[dict[str, Any]]:
    """Live templates for a kind of committee (and those for every kind), by title."""
    where = "deleted_at IS NULL"
    params: list[Any] = []
    if committee_kind is not None:
        where += " AND committee_kind IN ('', ?)"
        params.append(committee_kind)
    return list(db.query(
        "SELECT id, title, committee_kind, year, notes, content FROM plan_templates"
        f" WHERE {where} ORDER BY title COLLATE NOCASE, id", params))


def get_template(db: sqlite_utils.Database, template_id: str) -> dict[str, Any]:
    row = db.execute("SELECT id, title, committee_kind, year, notes, content FROM plan_templates"
                     " WHERE id = ? AND deleted_at IS NULL", [template_id]).fetchone()
    if row is None:
        raise NotFoundError("La plantilla de plan no existe o la sede la retiró.")
    return dict(zip(("id", "title", "committee_kind", "year", "notes", "content"), row,
                    strict=True))


def create_plan_from_template(db: sqlite_utils.Database, committee_id: str, template_id: str,
                              year: int, *, title: str | None = None,
                              dry_run: bool = False) -> ImportSummary:
    """The committee's plan for ``year`` from a template: all or nothing, like an import
    (``PlanImportError`` lists every problem, e.g. an institution this device lacks)."""
    template = get_template(db, template_id)
    kind = committees.get_committee(db, committee_id)["kind"]
    if template["committee_kind"] not in ("", kind):
        raise ValidationError(
            f"La plantilla «{template['title']}» es para otro tipo de comité "
            f"({committees.KINDS.get(template['committee_kind'], template['committee_kind'])}).",
            "template")
    parsed = parse_content(template["content"], template["title"])
    if title:
        parsed = ParsedPlan(title=title, year=year, year_where=_NOWHERE, nodes=parsed.nodes)
    elif parsed.title is None:
        parsed = ParsedPlan(title=None, year=year, year_where=_NOWHERE, nodes=parsed.nodes)
    # Imported here: the importer loads openpyxl, and openpyxl loads numpy, which the main
    # window would otherwise pay for at start (only building a plan needs it).
    from db.domain.plan_import import import_parsed

    return import_parsed(db, committee_id, parsed, [], year=year, dry_run=dry_run)
