"""Every user action goes through here: it runs a data-layer function, records undo, and
announces what changed so that screens refresh themselves (never each other).

The data layer commits each call in its own transaction, so a killed app loses at most
the field being typed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from db import records
from db.connection import transaction
from db.errors import SesionaError
from db.sqlite_errors import as_sesiona_error, spanish


class Operations(QObject):
    """The UI's single door to the database."""

    #: The set of table names whose rows changed.
    changed = Signal(object)
    #: A Spanish message when an undo/redo step could not be applied.
    failed = Signal(str)

    def __init__(self, db: sqlite_utils.Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)

    def call(self, fn: Callable[..., Any], *args: Any, tables: set[str] | frozenset[str],
             **kwargs: Any) -> Any:
        """Run ``fn(db, *args, **kwargs)``; raises SesionaError subclasses unchanged, and
        SQLite's own errors as a SesionaError in Spanish (the original goes to the log)."""
        try:
            result = fn(self.db, *args, **kwargs)
        except sqlite3.Error as exc:
            raise as_sesiona_error(exc) from exc
        self.changed.emit(frozenset(tables))
        return result

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return fn(self.db, *args, **kwargs)

    # Undoable actions ------------------------------------------------------------------

    def edit(self, update: Callable[..., dict], table: str, row_id: str, field: str,
             value: Any, label: str, *, tables: set[str] | None = None,
             merge: bool = False) -> None:
        """Change one field through ``update(db, row_id, {field: value})`` with undo.

        With ``merge``, successive edits of the same field merge into one undo step, so
        typing a paragraph is undone at once; choices (states, dates) stay separate steps.
        """
        old = update(self.db, row_id, {field: value})
        if not old:
            return
        command = FieldEditCommand(self, update, table, row_id, field, old[field], value,
                                   label, tables or {table}, merge)
        self.undo_stack.push(command)
        self.changed.emit(frozenset(tables or {table}))

    def perform(self, text: str, do: Callable[[], Any], undo: Callable[[], Any],
                tables: set[str]) -> Any:
        """Run ``do`` now and push an undo step that runs ``undo`` (and ``do`` on redo)."""
        result = do()
        self.undo_stack.push(CallbackCommand(self, text, do, undo, tables))
        self.changed.emit(frozenset(tables))
        return result

    def create(self, text: str, create: Callable[[], str], table: str,
               tables: set[str] | None = None,
               delete: Callable[[str], None] | None = None,
               restore: Callable[[str], None] | None = None) -> str:
        """Create a record; undo soft-deletes it and redo brings the same row back."""
        row_id = create()
        delete = delete or (lambda rid: records.soft_delete(self.db, table, rid))
        restore = restore or (lambda rid: records.undelete(self.db, table, rid))
        self.undo_stack.push(CallbackCommand(
            self, text, lambda: restore(row_id), lambda: delete(row_id), tables or {table}))
        self.changed.emit(frozenset(tables or {table}))
        return row_id

    def guarded(self, fn: Callable[[], Any], tables: frozenset[str]) -> None:
        """Apply an undo/redo step atomically; a refusal is reported, never raised into Qt."""
        try:
            with transaction(self.db):
                fn()
        except SesionaError as exc:
            self.failed.emit(exc.message)
            return
        except sqlite3.Error as exc:
            self.failed.emit(spanish(exc))
            return
        self.changed.emit(tables)

    def notify(self, tables: set[str]) -> None:
        self.changed.emit(frozenset(tables))


class CallbackCommand(QUndoCommand):
    def __init__(self, ops: Operations, text: str, do: Callable[[], Any],
                 undo: Callable[[], Any], tables: set[str]):
        super().__init__(text)
        self.ops, self._do, self._undo, self.tables = ops, do, undo, frozenset(tables)
        self._skip_first_redo = True  # the action already ran when the command was pushed

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self.ops.guarded(self._do, self.tables)

    def undo(self) -> None:
        self.ops.guarded(self._undo, self.tables)


class FieldEditCommand(QUndoCommand):
    MERGE_ID = 1

    def __init__(self, ops: Operations, update: Callable[..., dict], table: str, row_id: str,
                 field: str, old: Any, new: Any, label: str, tables: set[str],
                 merge: bool = False):
        super().__init__(f"Editar «{label}»")
        self.merge = merge
        self.ops, self.update, self.table, self.row_id = ops, update, table, row_id
        self.field, self.old, self.new, self.tables = field, old, new, frozenset(tables)
        self._skip_first_redo = True

    def id(self) -> int:
        return self.MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEditCommand) or not other.merge:
            return False
        if (other.table, other.row_id, other.field) != (self.table, self.row_id, self.field):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self.ops.guarded(lambda: self.update(self.ops.db, self.row_id, {self.field: self.new}),
                         self.tables)

    def undo(self) -> None:
        self.ops.guarded(lambda: self.update(self.ops.db, self.row_id, {self.field: self.old}),
                         self.tables)
