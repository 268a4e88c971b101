"""Ownership and locks for incoming operations, over the rows headquarters holds.

Built on ``db.sync_scope`` (the map both sides share). ``lookup(table, row_id)`` returns
the stored row (including rows applied earlier in the same batch) or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.sync_scope import CATALOGS, FIELDS_OPEN_AFTER_SIGNING, HQ_ONLY, PARENTS, SESSION_PATHS
from server.labels import column_label, table_label
from server.sync_store import StoredRecord

Lookup = Callable[[str, str], StoredRecord | None]

SIGNED_STATE = "acta_firmada"
OTHER_REGION = "No tiene permiso sobre los datos de otra región."
SIGNED_REASON = (
    "El acta de esta sesión está firmada: la sesión y su contenido no se pueden modificar. "
    "Registre una fe de erratas si necesita corregirla.")
SIGNED_PARTIAL_REASON = (
    "El acta de esta sesión está firmada: se aplicó el estado del acuerdo y se conservó el "
    "resto como está en la sede central.")
CATALOGUE_READ_ONLY = (
    "El catálogo central es de solo lectura: solo se pueden agregar o cambiar entradas "
    "propias (personalizadas).")
TEMPLATES_READ_ONLY = (
    "Las plantillas de plan las publica solo la sede central: este equipo no puede crearlas "
    "ni cambiarlas.")

# References to rows of a committee other than the parent link (which ``PARENTS`` names):
# a device may point only to rows of its own region. Catalogue references (institutions,
# units) are open to all.
CROSS_REFERENCES: dict[str, dict[str, str]] = {
    "sessions": {"approved_in_session_id": "sessions"},
    "attendance": {"seat_id": "seats", "designation_id": "designations"},
    "agreements": {"session_id": "sessions"},
    "agreement_followups": {"session_id": "sessions"},
    "attachments": {"session_id": "sessions"},
    "work_plans": {"approved_in_session_id": "sessions",
                   "approved_by_agreement_id": "agreements", "source_plan_id": "work_plans"},
    "plan_nodes": {"parent_id": "plan_nodes"},
    "execution_entries": {"session_id": "sessions", "agreement_id": "agreements"},
}
# Catalogue columns that must stay unique among live rows (as on the device).
CATALOGUE_KEYS = {"institutions": ("acronym", "la sigla"), "units": ("name", "el nombre")}
_ATTACHMENT_PATH = [("session_id", "sessions")]


class OtherRegionError(Exception):
    """The operation touches another region's data: the whole push is refused (403).

    ``table``/``row_id``: the row of the other region it touches (itself, its parent or a
    row it points to). ``operations``, for a refused batch: (op_id, table, row_id, reason)
    of every operation of the batch refused so, in order."""

    def __init__(self, table: str, row_id: str,
                 operations: list[tuple[str, str, str, str]] | None = None):
        super().__init__(OTHER_REGION)
        self.table = table
        self.row_id = row_id
        self.operations = operations or []

    @property
    def reason(self) -> str:
        return (f"{OTHER_REGION[:-1]}: {table_label(self.table)} {self.row_id} pertenece a "
                "otra región.")

    @classmethod
    def of_batch(cls, found: list[tuple[str, str, str, OtherRegionError]]) -> OtherRegionError:
        first = found[0][3]
        return cls(first.table, first.row_id,
                   [(op_id, table, row_id, error.reason) for op_id, table, row_id, error in found])


class Rejection(Exception):
    """The operation is refused with a Spanish reason; the batch goes on.

    ``converge``: the device should show the row as headquarters keeps it (the answer
    carries the stored values of the refused fields). False when the device has to settle
    the matter itself: a clash with another row, a parent headquarters lacks."""

    def __init__(self, reason: str, *, converge: bool = True):
        super().__init__(reason)
        self.converge = converge


@dataclass(frozen=True)
class Owner:
    committee_id: str | None
    region_code: str | None  # None: a shared catalogue row


def is_custom(value: Any) -> bool:
    return value is True or (isinstance(value, int | float) and value == 1)


def owner_of(lookup: Lookup, region_code: str | None, table: str, row_id: str,
             fields: dict[str, Any], stored: StoredRecord | None) -> Owner:
    """The committee and region the row belongs to after the operation.

    Raises ``OtherRegionError`` if the row, before or after, or any row it points to, is of
    another region than ``region_code`` (None: headquarters, which reaches every region);
    ``Rejection`` if the owner cannot be found.
    """
    if table in CATALOGS:
        return Owner(None, None)

    def foreign(region: str | None) -> bool:
        return region_code is not None and region != region_code

    if stored is not None and foreign(stored.region_code):
        raise OtherRegionError(table, row_id)
    if table == "committees":
        region = fields.get("region_code", stored.region_code if stored else None)
        if not isinstance(region, str) or not region:
            raise Rejection("Falta la región del comité.")
        if foreign(region):
            raise OtherRegionError(table, row_id)
        owner = Owner(row_id, region)
    else:
        column, parent_table = PARENTS[table]
        if column in fields:
            parent_id = fields[column]
            parent = lookup(parent_table, parent_id) if isinstance(parent_id, str) else None
            if parent is None:
                raise Rejection(
                    f"El registro al que pertenece ({table_label(parent_table)} {parent_id}) "
                    "no existe en la sede central: si también fue rechazado, corríjalo "
                    "primero; este se enviará de nuevo con él.", converge=False)
            if foreign(parent.region_code):
                raise OtherRegionError(parent_table, str(parent_id))
            owner = Owner(parent.committee_id, parent.region_code)
        elif stored is not None:
            owner = Owner(stored.committee_id, stored.region_code)
        else:
            raise Rejection(f"Falta el dato que indica a qué registro pertenece "
                            f"({column_label(column)}).")
    for column, target in CROSS_REFERENCES.get(table, {}).items():
        ref = fields.get(column)
        other = lookup(target, ref) if isinstance(ref, str) else None
        if other is not None and other.region_code is not None and foreign(other.region_code):
            raise OtherRegionError(target, str(ref))
    return owner


def check_references(lookup: Lookup, table: str, fields: dict[str, Any]) -> None:
    """Every committee row the operation points to (``CROSS_REFERENCES``) must exist here:
    else devices pulling it could not store it. Such a row usually is one headquarters
    refused; this one waits with it on the device and travels again with it."""
    for column, target in CROSS_REFERENCES.get(table, {}).items():
        ref = fields.get(column)
        if isinstance(ref, str) and lookup(target, ref) is None:
            raise Rejection(
                f"El registro al que se refiere ({table_label(target)} {ref}, en "
                f"«{column_label(column)}») no existe en la sede central: si también fue "
                "rechazado, corríjalo primero; este se enviará de nuevo con él.",
                converge=False)


def references(table: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """The rows ``data`` (a row of ``table``, or an operation's fields) points to that the
    rules read: its parent, its cross references and the first step towards its session.
    For prefetching: a row missed here is still read when asked for."""
    found: list[tuple[str, str]] = []
    links = dict(CROSS_REFERENCES.get(table, {}))
    if table in PARENTS:
        column, parent = PARENTS[table]
        links[column] = parent
    for column, target in SESSION_PATHS.get(table, [])[:1]:
        links[column] = target
    for column, target in links.items():
        value = data.get(column)
        if isinstance(value, str):
            found.append((target, value))
    return found


def check_catalogue(table: str, fields: dict[str, Any], stored: StoredRecord | None) -> None:
    """Devices may add custom catalogue rows and edit those; central rows are read-only.
    Plan templates are headquarters' alone."""
    if table in HQ_ONLY:
        raise Rejection(TEMPLATES_READ_ONLY)
    if stored is None:
        if not is_custom(fields.get("is_custom")):
            raise Rejection(CATALOGUE_READ_ONLY)
        return
    if not is_custom(stored.data.get("is_custom")):
        raise Rejection(CATALOGUE_READ_ONLY)
    if "is_custom" in fields and not is_custom(fields["is_custom"]):
        raise Rejection(CATALOGUE_READ_ONLY)


def _session_of(lookup: Lookup, path: list[tuple[str, str]],
                data: dict[str, Any]) -> StoredRecord | None:
    current = data
    for column, target in path:
        ref = current.get(column)
        found = lookup(target, ref) if isinstance(ref, str) else None
        if found is None:
            return None
        if target == "sessions":
            return found
        current = found.data
    return None


def _signed(session: StoredRecord | None) -> bool:
    return session is not None and session.data.get("state") == SIGNED_STATE


def signed_lock(lookup: Lookup, table: str, stored: StoredRecord | None,
                fields: dict[str, Any]) -> frozenset[str] | None:
    """None if a signed acta does not lock this row; else the fields still open to edit.

    A signed session locks itself; its content (``SESSION_PATHS``) is locked except the
    fields of ``FIELDS_OPEN_AFTER_SIGNING``; annexes (attachments with purpose «anexo») of
    a signed session are locked. Both the row as stored and as it would become count, so
    nothing can be moved into or out of a signed acta.
    """
    if table == "sessions":
        return frozenset() if stored is not None and _signed(stored) else None
    views = [stored.data] if stored is not None else []
    views.append({**(stored.data if stored else {}), **fields})
    if table == "attachments":
        for view in views:
            if view.get("purpose") == "anexo" and _signed(
                    _session_of(lookup, _ATTACHMENT_PATH, view)):
                return frozenset()
        return None
    path = SESSION_PATHS.get(table)
    if path is None:
        return None
    if any(_signed(_session_of(lookup, path, view)) for view in views):
        return FIELDS_OPEN_AFTER_SIGNING.get(table, frozenset())
    return None
