"""The contract every tab of the session editor follows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.operations import Operations


class SessionTab(QWidget):
    """A tab showing one part of a session.

    It reads and writes only through ``ops``; it refreshes itself when ``ops.changed``
    names one of ``watches``; it is told which session to show with ``set_session`` and
    whether the session is locked (acta firmada) with ``set_locked``.
    """

    watches: frozenset[str] = frozenset()
    title = ""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.session_id: str | None = None
        self.locked = False
        ops.changed.connect(self._on_ops_changed)

    def set_session(self, session_id: str | None) -> None:
        self.flush()
        self.session_id = session_id
        self.refresh()

    def set_locked(self, locked: bool) -> None:
        """Disable editing; the data layer refuses writes to a signed acta anyway."""
        self.locked = locked

    def refresh(self) -> None:
        """Re-read from the database what the tab shows."""

    def flush(self) -> None:
        """Commit any typing in progress."""

    def _on_ops_changed(self, tables: frozenset[str]) -> None:
        if self.session_id and tables & self.watches:
            self.refresh()
