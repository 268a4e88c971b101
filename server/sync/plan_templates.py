"""Plan templates headquarters distributes (``plan_templates``, a central catalogue).

Headquarters reads a plan matrix workbook with the devices' own reader
(``db.domain.plan_import.parse_plan_file``), keeps its tree as JSON
(``db.domain.plan_templates``) and publishes it as a catalogue row through
``server.sync.apply.publish``: every device receives it on its next pull and can start a
committee's plan from it. Devices cannot write templates
(``server.sync.scope.check_catalogue``). Withdrawing a template is a soft delete that flows
down the same way; plans already made from it stay as they are.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from db.domain.committees import KINDS
from db.domain.plan_import import PlanImportError, parse_plan_file
from db.domain.plan_templates import content_of
from server.core.db import read_transaction, write_lock, write_transaction
from server.core.models import records
from server.sync.apply import publish

TABLE = "plan_templates"


class TemplateError(ValueError):
    """A template that cannot be published or withdrawn, said in Spanish."""


def read_workbook(path: Path) -> tuple[str | None, int | None, str]:
    """(title, year, content) of a plan matrix workbook; ``TemplateError`` listing every
    problem of the file (nothing is published)."""
    if not path.is_file():
        raise TemplateError(f"No existe el archivo {path}.")
    try:
        parsed, issues = parse_plan_file(path)
        if issues:
            raise PlanImportError(issues)
    except PlanImportError as error:  # an unreadable file, or the problems of its cells
        raise TemplateError(str(error).replace("no se importó nada", "no se publicó nada")
                            ) from error
    if not parsed.nodes:
        raise TemplateError("El archivo no tiene objetivos ni líneas de acción: no se publicó "
                            "nada.")
    return parsed.title, parsed.year, content_of(parsed)


def publish_template(engine: Engine, path: Path, *, committee_kind: str = "",
                     title: str | None = None, notes: str = "") -> dict[str, Any]:
    """Publish the workbook at ``path`` as a new template; returns its row."""
    if committee_kind and committee_kind not in KINDS:
        raise TemplateError(f"«{committee_kind}» no es un tipo de comité: use "
                            f"{', '.join(KINDS)}.")
    file_title, year, content = read_workbook(path)
    title = (title or file_title or path.stem).strip()
    fields = {"title": title, "committee_kind": committee_kind, "year": year,
              "content": content, "notes": notes, "is_custom": 0}
    row_id = str(uuid.uuid4())
    with write_transaction(engine) as conn:
        write_lock(conn, None, catalogue=True)
        result = publish(conn, TABLE, row_id, "insert", fields)
    if result.outcome not in ("applied", "merged"):
        raise TemplateError(f"La sede no pudo publicar la plantilla: {result.reason}")
    return {"id": row_id, **fields}


def withdraw_template(engine: Engine, template_id: str) -> str:
    """Soft-delete a live template; returns its title."""
    with write_transaction(engine) as conn:
        write_lock(conn, None, catalogue=True)
        found = _live().where(records.c.row_id == template_id)
        row = conn.execute(found).first()
        if row is None:
            raise TemplateError(f"No existe la plantilla {template_id} (o ya fue retirada).")
        publish(conn, TABLE, template_id, "delete", {})
        return str(row.data.get("title", ""))


def list_templates(engine: Engine) -> list[dict[str, Any]]:
    with read_transaction(engine) as conn:
        rows = conn.execute(_live().order_by(records.c.created_seq)).all()
    return [{"id": row.row_id, **{k: v for k, v in row.data.items() if k != "content"}}
            for row in rows]


def _live() -> Any:
    return select(records.c.row_id, records.c.data).where(
        records.c.table_name == TABLE, records.c.deleted_at.is_(None))
