"""Schema version 3: annual work plans, their indicators and targets, and execution.

A plan is a tree of nodes: objetivo específico → eje estratégico → estrategia → línea de
acción, where intermediate levels may be left out. Objectives and lines of action carry
indicators; an indicator may split its annual target by month or quarter; execution
entries record what was done, with evidence files in the blob store.
"""

from db.storage.migrations.schema_v1 import SYNC_COLUMNS

STATEMENTS = [
    # Units of measure: a central catalogue (seeded, uuid5 ids) that users may extend.
    f"""CREATE TABLE units ({SYNC_COLUMNS},
        name TEXT NOT NULL,
        is_custom INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE UNIQUE INDEX units_name ON units (name COLLATE NOCASE) WHERE deleted_at IS NULL",
    f"""CREATE TABLE work_plans ({SYNC_COLUMNS},
        committee_id TEXT NOT NULL REFERENCES committees (id),
        year INTEGER NOT NULL,
        title TEXT NOT NULL,
        approved_in_session_id TEXT REFERENCES sessions (id),
        approved_by_agreement_id TEXT REFERENCES agreements (id),
        source_plan_id TEXT REFERENCES work_plans (id),
        notes TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE UNIQUE INDEX work_plans_year ON work_plans (committee_id, year)
        WHERE deleted_at IS NULL""",
    f"""CREATE TABLE plan_nodes ({SYNC_COLUMNS},
        plan_id TEXT NOT NULL REFERENCES work_plans (id),
        parent_id TEXT REFERENCES plan_nodes (id),
        level TEXT NOT NULL CHECK (level IN ('objetivo', 'eje', 'estrategia', 'linea')),
        code TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        tag TEXT NOT NULL DEFAULT '',
        alignment TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE UNIQUE INDEX plan_nodes_code ON plan_nodes (plan_id, code COLLATE NOCASE)
        WHERE deleted_at IS NULL""",
    "CREATE INDEX plan_nodes_parent ON plan_nodes (plan_id, parent_id, position)",
    f"""CREATE TABLE plan_node_institutions ({SYNC_COLUMNS},
        node_id TEXT NOT NULL REFERENCES plan_nodes (id),
        institution_id TEXT NOT NULL REFERENCES institutions (id),
        is_responsible INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE UNIQUE INDEX plan_node_institutions_pair
        ON plan_node_institutions (node_id, institution_id) WHERE deleted_at IS NULL""",
    f"""CREATE TABLE indicators ({SYNC_COLUMNS},
        node_id TEXT NOT NULL REFERENCES plan_nodes (id),
        position INTEGER NOT NULL DEFAULT 0,
        name TEXT NOT NULL,
        unit_id TEXT NOT NULL REFERENCES units (id),
        annual_target REAL NOT NULL CHECK (annual_target >= 0),
        schedule TEXT NOT NULL DEFAULT 'ninguno'
            CHECK (schedule IN ('ninguno', 'mensual', 'trimestral')),
        observations TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX indicators_node ON indicators (node_id, position)",
    f"""CREATE TABLE indicator_targets ({SYNC_COLUMNS},
        indicator_id TEXT NOT NULL REFERENCES indicators (id),
        period INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12),
        target REAL NOT NULL CHECK (target >= 0)
    )""",
    """CREATE UNIQUE INDEX indicator_targets_period ON indicator_targets (indicator_id, period)
        WHERE deleted_at IS NULL""",
    f"""CREATE TABLE execution_entries ({SYNC_COLUMNS},
        indicator_id TEXT NOT NULL REFERENCES indicators (id),
        entry_date TEXT NOT NULL,
        quantity REAL NOT NULL CHECK (quantity >= 0),
        description TEXT NOT NULL DEFAULT '',
        province TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        participants_women INTEGER,
        participants_men INTEGER,
        participants_total INTEGER,
        session_id TEXT REFERENCES sessions (id),
        agreement_id TEXT REFERENCES agreements (id),
        date_note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX execution_entries_indicator ON execution_entries (indicator_id, entry_date)",
    f"""CREATE TABLE execution_evidence ({SYNC_COLUMNS},
        entry_id TEXT NOT NULL REFERENCES execution_entries (id),
        file_name TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs (sha256)
    )""",
    "CREATE INDEX execution_evidence_entry ON execution_evidence (entry_id)",
]


def apply(db) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
