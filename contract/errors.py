"""The root of every error whose message is shown to the user as it is (Spanish).

Here, in the contract, because both sides raise errors of this family from the shared
modules: a refused bundle (``contract.bundle_format.BundleError``) must be caught by the
same handlers as the device's own errors, which derive from it in ``db.errors``.
"""

from __future__ import annotations


class SesionaError(Exception):
    """Base of every error whose message can be shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
