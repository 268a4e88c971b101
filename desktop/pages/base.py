"""What every page of the main window shares: the operations door and the current committee."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.operations import Operations


class Page(QWidget):
    """A screen of the main window.

    Pages never call each other. They react to ``ops.changed`` (the set of tables that
    changed) by refreshing what they show, and to ``set_committee`` when the secretary
    picks another committee.
    """

    #: Tables whose changes make this page refresh.
    watches: frozenset[str] = frozenset()
    title = ""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.committee_id: str | None = None
        ops.changed.connect(self._on_ops_changed)

    def set_committee(self, committee_id: str | None) -> None:
        self.committee_id = committee_id
        self.refresh()

    def refresh(self) -> None:
        """Re-read what the page shows from the database."""

    def flush(self) -> None:
        """Save any typing in progress (called before closing or switching)."""

    def _on_ops_changed(self, tables: frozenset[str]) -> None:
        if tables & self.watches:
            self.refresh()
