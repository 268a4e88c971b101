"""What stays unique among live rows, on every device and at headquarters.

Part of the sync contract. The device keeps these rules with partial unique indexes
(``WHERE deleted_at IS NULL``); headquarters must keep them too, or a device's pull would
stop on a row it cannot store (``server.uniqueness`` computes the keys it stores, and
refuses a second such row with a reason naming the clash). A test compares ``UNIQUE_KEYS``
and ``CATALOGUE_KEYS`` with the device's schema.
"""

from __future__ import annotations

# What the device keeps unique among live rows (its partial unique indexes, ``WHERE
# deleted_at IS NULL``), which headquarters must keep too, or a device's pull would stop on
# a row it cannot store: table → (the columns, those compared without regard to case
# (``COLLATE NOCASE``: ASCII letters only)). The catalogues' keys are ``CATALOGUE_KEYS``,
# below.
UNIQUE_KEYS: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "seats": (("committee_id", "institution_id"), frozenset()),
    "sessions": (("committee_id", "kind", "number"), frozenset()),
    "attendance": (("session_id", "seat_id"), frozenset()),
    "agreements": (("session_id", "number"), frozenset()),
    "agreement_responsibles": (("agreement_id", "institution_id"), frozenset()),
    "errata": (("session_id", "number"), frozenset()),
    "work_plans": (("committee_id", "year"), frozenset()),
    "plan_nodes": (("plan_id", "code"), frozenset({"code"})),
    "plan_node_institutions": (("node_id", "institution_id"), frozenset()),
    "indicator_targets": (("indicator_id", "period"), frozenset()),
}

# Catalogue columns that must stay unique among live rows (as on the device: ``COLLATE
# NOCASE``): table → (the column, its Spanish name for headquarters' refusals).
CATALOGUE_KEYS = {"institutions": ("acronym", "la sigla"), "units": ("name", "el nombre")}
