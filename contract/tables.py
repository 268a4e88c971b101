"""The synced tables, who owns each row, their Spanish names, and where files are named by hash.

Part of the sync contract: the device and headquarters agree on this list. A table not in
``SYNCED_TABLES`` is never logged, pushed, pulled or bundled. Every synced row belongs to
one committee (and so to one region's secretariat) through a chain of parent links ending
at ``committees`` (``PARENTS``), except the shared catalogues (``CATALOGS``).
Headquarters uses this to keep each device to its own region; the device uses it to know
which files to upload. What must stay unique is ``contract.uniqueness``; what a signed
acta owns and locks is ``contract.acta_ownership``.
"""

from __future__ import annotations

# The tables whose rows travel: the device's writer (``db.storage.records``) logs every change to
# them in ``change_log``, in the same transaction.
SYNCED_TABLES = frozenset(
    {
        "institutions",
        "committees",
        "legal_instruments",
        "seats",
        "designations",
        "sessions",
        "attendance",
        "invitees",
        "reports",
        "requests",
        "agenda_items",
        "interventions",
        "agreements",
        "agreement_responsibles",
        "agreement_followups",
        "attachments",
        "errata",
        "units",
        "plan_templates",
        "work_plans",
        "plan_nodes",
        "plan_node_institutions",
        "indicators",
        "indicator_targets",
        "execution_entries",
        "execution_evidence",
    }
)

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
# (``is_custom`` = 1), which then reach every device; except plan templates, which only
# headquarters writes (``HQ_ONLY``).
CATALOGS = frozenset({"institutions", "units", "plan_templates"})
HQ_ONLY = frozenset({"plan_templates"})

# Spanish names of the synced tables, for messages on both sides.
TABLE_LABELS = {
    "institutions": "Institución", "committees": "Comité",
    "legal_instruments": "Instrumento legal", "seats": "Asiento", "designations": "Designación",
    "sessions": "Sesión", "attendance": "Asistencia", "invitees": "Invitado",
    "reports": "Informe", "requests": "Pedido", "agenda_items": "Punto de agenda",
    "interventions": "Intervención", "agreements": "Acuerdo",
    "agreement_responsibles": "Responsable de acuerdo",
    "agreement_followups": "Seguimiento de acuerdo", "attachments": "Archivo adjunto",
    "errata": "Fe de erratas", "units": "Unidad de medida",
    "plan_templates": "Plantilla de plan", "work_plans": "Plan de trabajo",
    "plan_nodes": "Elemento del plan", "plan_node_institutions": "Institución del plan",
    "indicators": "Indicador", "indicator_targets": "Meta programada",
    "execution_entries": "Registro de ejecución", "execution_evidence": "Medio de verificación",
}

# Columns that name a file in the blob store by its SHA-256.
BLOB_COLUMNS: dict[str, str] = {
    "attachments": "sha256",
    "execution_evidence": "sha256",
    "committees": "logo_sha256",
}

assert set(PARENTS) | CATALOGS | {"committees"} == SYNCED_TABLES, \
    "every synced table needs an owner: add it to PARENTS or CATALOGS"
assert set(TABLE_LABELS) == SYNCED_TABLES, "every synced table needs a Spanish label"
