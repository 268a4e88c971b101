"""Schema version 6: plan templates that headquarters distributes.

A central catalogue, like institutions and units, but written only by headquarters
(``sesiona-hq plantilla publicar``): devices receive the rows by sync and never change them.
``content`` is the plan tree as JSON (``db.domain.plan_templates``), the same structure an Excel
matrix is read into, so that a plan made from a template is checked and written exactly
like an imported one. ``committee_kind`` empty means a template for every kind.
"""

from db.storage.migrations.schema_v1 import SYNC_COLUMNS

STATEMENTS = [
    f"""CREATE TABLE plan_templates ({SYNC_COLUMNS},
        title TEXT NOT NULL,
        committee_kind TEXT NOT NULL DEFAULT '',
        year INTEGER,
        content TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        is_custom INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX plan_templates_kind ON plan_templates (committee_kind, title)",
]


def apply(db) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
