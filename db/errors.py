"""Errors the data layer raises. Every message is Spanish: it is shown to the user as it is.

``SesionaError``, the root, is defined in ``contract.errors`` (headquarters' and the
device's shared modules raise it too)."""

from __future__ import annotations

# The base is the sync contract's (bundle errors derive from it too); every module of the
# device keeps importing it from here with the rest of the family.
from contract.errors import SesionaError


class ValidationError(SesionaError):
    """Bad input. ``errors`` maps a field name to its Spanish message; nothing was written."""

    def __init__(self, errors: dict[str, str] | str, field: str | None = None):
        if isinstance(errors, str):
            errors = {field or "": errors}
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))

    @property
    def field(self) -> str:
        return next(iter(self.errors))


class DatabaseFileError(SesionaError):
    """The file cannot be opened as a Sesiona database. It has been left untouched."""


class NotASesionaFile(DatabaseFileError):
    pass


class NewerSchemaError(DatabaseFileError):
    pass


class DamagedFileError(DatabaseFileError):
    pass


class NotFoundError(SesionaError):
    pass


class LockedRecordError(SesionaError):
    """A write was attempted on a record that may no longer change (e.g. a signed acta)."""


class DamagedBlobError(NotFoundError):
    """A stored file (scan, signed PDF, evidence, logo) no longer matches its SHA-256: it
    is never returned. A NotFoundError, so that whatever handles a missing file handles
    a damaged one too; ``digest`` names it."""

    def __init__(self, message: str, digest: str):
        super().__init__(message)
        self.digest = digest
