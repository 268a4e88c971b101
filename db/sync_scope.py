"""Who owns a synced row, what a signed acta locks, and where files are named by hash.

Shared by the device and headquarters: every synced row belongs to one committee (and so
to one region's secretariat) through a chain of parent links ending at ``committees``,
except the shared catalogues. Headquarters uses this to keep each device to its own
region; the device uses it to know which files to upload.
"""

from __future__ import annotations

from db.records import SYNCED_TABLES

# table → (column holding the parent's id, parent table). ``committees`` is the root: its
# own id is the committee and its ``region_code`` the region.
PARENTS: dict[str, tuple[str, str]] = {
    "legal_instruments": ("committee_id", "committees"),
    "seats": ("committee_id", "committees"),
    "designations": ("seat_id", "seats"),
    "sessions": ("committee_id", "committees"),
    "attendance": ("session_id", "sessions"),
    "invitees": ("session_id", "sessions"),
    "reports": ("session_id", "sessions"),
    "requests": ("session_id", "sessions"),
    "agenda_items": ("session_id", "sessions"),
    "interventions": ("agenda_item_id", "agenda_items"),
    "agreements": ("committee_id", "committees"),
    "agreement_responsibles": ("agreement_id", "agreements"),
    "agreement_followups": ("agreement_id", "agreements"),
    "attachments": ("committee_id", "committees"),
    "errata": ("session_id", "sessions"),
    "work_plans": ("committee_id", "committees"),
    "plan_nodes": ("plan_id", "work_plans"),
    "plan_node_institutions": ("node_id", "plan_nodes"),
    "indicators": ("node_id", "plan_nodes"),
    "indicator_targets": ("indicator_id", "indicators"),
    "execution_entries": ("indicator_id", "indicators"),
    "execution_evidence": ("entry_id", "execution_entries"),
}
# Shared catalogues: headquarters' rows flow down read-only; a device may add custom rows
# (``is_custom`` = 1), which then reach every device.
CATALOGS = frozenset({"institutions", "units"})

# What a signed acta locks: table → the links from a row up to its session. Agreements stay
# open to follow-up: only their ``state`` may change after signing (as in
# ``db.agreements.update_agreement``).
SESSION_PATHS: dict[str, list[tuple[str, str]]] = {
    "attendance": [("session_id", "sessions")],
    "invitees": [("session_id", "sessions")],
    "reports": [("session_id", "sessions")],
    "requests": [("session_id", "sessions")],
    "agenda_items": [("session_id", "sessions")],
    "interventions": [("agenda_item_id", "agenda_items"), ("session_id", "sessions")],
    "agreements": [("session_id", "sessions")],
    "agreement_responsibles": [("agreement_id", "agreements"), ("session_id", "sessions")],
}
FIELDS_OPEN_AFTER_SIGNING = {"agreements": frozenset({"state"})}

# Columns that name a file in the blob store by its SHA-256.
BLOB_COLUMNS: dict[str, str] = {
    "attachments": "sha256",
    "execution_evidence": "sha256",
    "committees": "logo_sha256",
}

assert set(PARENTS) | CATALOGS | {"committees"} == SYNCED_TABLES, \
    "every synced table needs an owner: add it to PARENTS or CATALOGS"
