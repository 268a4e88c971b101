"""Errors the data layer raises. Every message is Spanish: it is shown to the user as it is."""

from __future__ import annotations


class SesionaError(Exception):
    """Base of every error whose message can be shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
