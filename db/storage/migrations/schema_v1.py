"""Schema version 1: catalogues, committees, membership, sessions, minutes and agreements.

Every table that syncs has a client-generated UUID ``id``, ``created_at``/``updated_at``
(UTC ISO-8601) and ``deleted_at`` for soft deletes. Uniqueness rules that must ignore
deleted rows are partial unique indexes.
"""

SYNC_COLUMNS = """
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
"""

STATEMENTS = [
    # Bookkeeping that never syncs.
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)""",
    """CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id TEXT NOT NULL UNIQUE,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'undelete')),
        fields TEXT NOT NULL,
        changed_at TEXT NOT NULL
    )""",
    # Central catalogues. Regions never change on a device.
    """CREATE TABLE regions (
        iso_code TEXT PRIMARY KEY NOT NULL,
        ubigeo_department TEXT NOT NULL,
        name TEXT NOT NULL,
        capital TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT ''
    )""",
    f"""CREATE TABLE institutions ({SYNC_COLUMNS},
        acronym TEXT NOT NULL,
        name TEXT NOT NULL,
        sector TEXT NOT NULL DEFAULT 'otro',
        former_acronyms TEXT NOT NULL DEFAULT '',
        is_custom INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE UNIQUE INDEX institutions_acronym ON institutions (acronym COLLATE NOCASE)
        WHERE deleted_at IS NULL""",
    f"""CREATE TABLE committees ({SYNC_COLUMNS},
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        acronym TEXT NOT NULL,
        region_code TEXT NOT NULL REFERENCES regions (iso_code),
        secretariat_institution_id TEXT REFERENCES institutions (id),
        state TEXT NOT NULL DEFAULT 'creado',
        created_on TEXT,
        installed_on TEXT,
        inactive_since TEXT,
        reactivated_on TEXT,
        quorum_first_call INTEGER,
        quorum_second_call INTEGER,
        quorum_second_call_minimum INTEGER NOT NULL DEFAULT 3,
        min_notice_days INTEGER NOT NULL DEFAULT 3,
        city TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT ''
    )""",
    f"""CREATE TABLE legal_instruments ({SYNC_COLUMNS},
        committee_id TEXT NOT NULL REFERENCES committees (id),
        purpose TEXT NOT NULL,
        instrument_type TEXT NOT NULL,
        number TEXT NOT NULL,
        issued_on TEXT,
        issuing_body TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX legal_instruments_committee ON legal_instruments (committee_id)",
    f"""CREATE TABLE seats ({SYNC_COLUMNS},
        committee_id TEXT NOT NULL REFERENCES committees (id),
        institution_id TEXT NOT NULL REFERENCES institutions (id),
        role TEXT NOT NULL DEFAULT 'miembro',
        is_presidency INTEGER NOT NULL DEFAULT 0,
        is_secretariat INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE UNIQUE INDEX seats_institution ON seats (committee_id, institution_id)
        WHERE deleted_at IS NULL""",
    f"""CREATE TABLE designations ({SYNC_COLUMNS},
        seat_id TEXT NOT NULL REFERENCES seats (id),
        position TEXT NOT NULL CHECK (position IN ('titular', 'alterno')),
        person_name TEXT NOT NULL,
        job_title TEXT NOT NULL DEFAULT '',
        document TEXT NOT NULL DEFAULT '',
        designated_on TEXT NOT NULL,
        ended_on TEXT
    )""",
    "CREATE INDEX designations_seat ON designations (seat_id, position, designated_on)",
    f"""CREATE TABLE sessions ({SYNC_COLUMNS},
        committee_id TEXT NOT NULL REFERENCES committees (id),
        kind TEXT NOT NULL CHECK (kind IN ('ordinaria', 'extraordinaria')),
        number INTEGER NOT NULL,
        date TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        venue TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        modality TEXT NOT NULL DEFAULT 'presencial',
        conducted_by TEXT NOT NULL DEFAULT '',
        convened_on TEXT,
        state TEXT NOT NULL DEFAULT 'programada',
        call TEXT NOT NULL DEFAULT 'primera',
        quorum_present INTEGER,
        quorum_members INTEGER,
        quorum_required INTEGER,
        approved_in_session_id TEXT REFERENCES sessions (id),
        notes TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE UNIQUE INDEX sessions_number ON sessions (committee_id, kind, number)
        WHERE deleted_at IS NULL""",
    "CREATE INDEX sessions_committee_date ON sessions (committee_id, date)",
    f"""CREATE TABLE attendance ({SYNC_COLUMNS},
        session_id TEXT NOT NULL REFERENCES sessions (id),
        seat_id TEXT NOT NULL REFERENCES seats (id),
        attendee TEXT NOT NULL CHECK (attendee IN ('titular', 'alterno', 'ninguno')),
        designation_id TEXT REFERENCES designations (id),
        person_name TEXT NOT NULL DEFAULT '',
        justification TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE UNIQUE INDEX attendance_seat ON attendance (session_id, seat_id)
        WHERE deleted_at IS NULL""",
    f"""CREATE TABLE invitees ({SYNC_COLUMNS},
        session_id TEXT NOT NULL REFERENCES sessions (id),
        person_name TEXT NOT NULL,
        entity TEXT NOT NULL DEFAULT '',
        job_title TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX invitees_session ON invitees (session_id)",
    # Informes (section 'presidencia' = 4.1, 'sectores' = 4.2) and pedidos share one shape.
    f"""CREATE TABLE reports ({SYNC_COLUMNS},
        session_id TEXT NOT NULL REFERENCES sessions (id),
        section TEXT NOT NULL CHECK (section IN ('presidencia', 'sectores')),
        position INTEGER NOT NULL,
        institution_id TEXT REFERENCES institutions (id),
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX reports_session ON reports (session_id, section, position)",
    f"""CREATE TABLE requests ({SYNC_COLUMNS},
        session_id TEXT NOT NULL REFERENCES sessions (id),
        section TEXT NOT NULL CHECK (section IN ('presidencia', 'miembros')),
        position INTEGER NOT NULL,
        institution_id TEXT REFERENCES institutions (id),
        body TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX requests_session ON requests (session_id, position)",
    f"""CREATE TABLE agenda_items ({SYNC_COLUMNS},
        session_id TEXT NOT NULL REFERENCES sessions (id),
        position INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX agenda_items_session ON agenda_items (session_id, position)",
    f"""CREATE TABLE interventions ({SYNC_COLUMNS},
        agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
        position INTEGER NOT NULL,
        institution_id TEXT REFERENCES institutions (id),
        speaker TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX interventions_item ON interventions (agenda_item_id, position)",
    f"""CREATE TABLE agreements ({SYNC_COLUMNS},
        session_id TEXT NOT NULL REFERENCES sessions (id),
        committee_id TEXT NOT NULL REFERENCES committees (id),
        number INTEGER NOT NULL,
        text TEXT NOT NULL,
        deadline_text TEXT NOT NULL DEFAULT '',
        deadline_end TEXT,
        target TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'pendiente'
            CHECK (state IN ('pendiente', 'en_proceso', 'cumplido', 'anulado')),
        vote_mode TEXT NOT NULL DEFAULT 'unanimidad' CHECK (vote_mode IN ('unanimidad', 'mayoria')),
        votes_for INTEGER,
        votes_against INTEGER,
        votes_abstain INTEGER,
        dissent TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE UNIQUE INDEX agreements_number ON agreements (session_id, number)
        WHERE deleted_at IS NULL""",
    "CREATE INDEX agreements_committee ON agreements (committee_id, state, deadline_end)",
    f"""CREATE TABLE agreement_responsibles ({SYNC_COLUMNS},
        agreement_id TEXT NOT NULL REFERENCES agreements (id),
        institution_id TEXT NOT NULL REFERENCES institutions (id)
    )""",
    """CREATE UNIQUE INDEX agreement_responsibles_pair
        ON agreement_responsibles (agreement_id, institution_id) WHERE deleted_at IS NULL""",
    "CREATE INDEX agreement_responsibles_institution ON agreement_responsibles (institution_id)",
    # A follow-up with a session_id and an empty body is a carried-over agreement waiting
    # for the secretary to record what was reported at that session.
    f"""CREATE TABLE agreement_followups ({SYNC_COLUMNS},
        agreement_id TEXT NOT NULL REFERENCES agreements (id),
        session_id TEXT REFERENCES sessions (id),
        noted_on TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '',
        state_after TEXT
    )""",
    "CREATE INDEX agreement_followups_agreement ON agreement_followups (agreement_id)",
    "CREATE INDEX agreement_followups_session ON agreement_followups (session_id)",
]


def apply(db) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
