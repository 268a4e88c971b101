"""Ownership and locks for incoming operations, over the rows headquarters holds.

Who owns a row comes from ``contract.tables`` (the map both sides share). What a signed acta
owns, and what stays writable after signing, comes from ``contract.acta_ownership``: the
one rule, which the device's writer enforces too. This module keeps no list of its own;
``acta_lock`` only adapts the contract to headquarters' ``StoredRecord`` rows.
``lookup(table, row_id)`` returns the stored row (including rows applied earlier in the
same batch) or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contract import acta_ownership
from contract.tables import CATALOGS, HQ_ONLY, PARENTS
from server.sync.labels import column_label, table_label
from server.sync.store import StoredRecord

Lookup = Callable[[str, str], StoredRecord | None]

OTHER_REGION = "No tiene permiso sobre los datos de otra región."
SIGNED_PARTIAL_REASON = (
    "El acta de esta sesión está firmada: se aplicó solo lo que aún puede cambiar ({open}) "
    "y se conservó el resto como está en la sede central.")
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
    part = acta_ownership.PARTS.get(table)
    for column, target in part.path[:1] if part is not None else ():
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


@dataclass(frozen=True)
class ActaLock:
    """A write a signed acta refuses: ``reason`` (the contract's, in Spanish) and, for an
    edit, the fields of the operation the contract would still let through on their own
    (an agreement's ``state``), which may be applied while the rest keeps headquarters'
    values. Empty when the operation goes whole or not at all: a signed file's row is
    never half changed, and an insert, delete or restore has nothing to split."""

    reason: str
    open_fields: frozenset[str] = frozenset()


def _row(record: StoredRecord) -> dict[str, Any]:
    return {**record.data, "deleted_at": record.deleted_at}


def acta_lock(lookup: Lookup, table: str, op: str, stored: StoredRecord | None,
              fields: dict[str, Any]) -> ActaLock | None:
    """None if ``contract.acta_ownership.refusal`` lets this write through; else why not.

    ``op`` is the operation's (insert, update, delete, undelete); an insert of a row
    headquarters already holds is an edit of it, which the contract judges as such."""
    def rows(name: str, row_id: str) -> dict[str, Any] | None:
        record = lookup(name, row_id)
        return None if record is None else _row(record)

    current = None if stored is None else _row(stored)
    reason = acta_ownership.refusal(rows, table, op, current, fields)
    if reason is None:
        return None
    if current is None or op not in ("insert", "update") \
            or reason == acta_ownership.SIGNED_FILE_MESSAGE:
        return ActaLock(reason)
    single = frozenset(
        name for name, value in fields.items()
        if current.get(name) != value and name not in acta_ownership.BOOKKEEPING
        and acta_ownership.refusal(rows, table, op, current, {name: value}) is None)
    together = {name: fields[name] for name in single}
    if single and acta_ownership.refusal(rows, table, op, current, together) is None:
        return ActaLock(reason, single)
    return ActaLock(reason)
