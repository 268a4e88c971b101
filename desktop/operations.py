"""Every user action goes through here: it runs a data-layer function, records undo, and
announces what changed so that screens refresh themselves (never each other).

The data layer commits each call in its own transaction, so a killed app loses at most
the field being typed.

**Undo and redo move only when the step was applied.** ``undo()``/``redo()`` (the Edit
menu, Ctrl+Z/Ctrl+Y and any caller of ``undo_stack.undo()``) first apply the step's
data-layer call in one transaction; only if it succeeds does the stack's index move. A
refused step (``db.storage.records`` refuses anything that would touch a signed acta, or another
rule says no) writes nothing, queues nothing for sync, leaves the index where it was and
is reported through ``failed`` with a Spanish message: never silently dropped.

**Signing fences the history.** When an acta becomes signed (seen after any operation
that touched ``sessions``), every step then in the history that touched a table an acta
owns is fenced: undoing or redoing it is refused with ``FENCE_MESSAGE``. The lock in
``db.storage.records`` would refuse those touching the signed session anyway; the fence also
keeps a step from before the signing from being replayed over what was signed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from contract import acta_ownership
from db.errors import SesionaError
from db.storage import records
from db.storage.connection import transaction
from db.storage.sqlite_errors import as_sesiona_error, spanish

FENCE_MESSAGE = (
    "No se puede {verb} «{step}»: después de ese cambio se firmó el acta de una sesión, y lo "
    "hecho antes de la firma ya no se puede deshacer ni rehacer. Si necesita corregir un "
    "acta firmada, registre una fe de erratas.")
VERBS = {False: "deshacer", True: "rehacer"}


class UndoStack(QUndoStack):
    """A QUndoStack whose ``undo()``/``redo()``, called from Python, go through
    ``Operations.step`` (applied first, index moved only on success)."""

    def __init__(self, ops: Operations):
        super().__init__(ops)
        self.ops = ops

    def undo(self) -> None:
        self.ops.step(forward=False)

    def redo(self) -> None:
        self.ops.step(forward=True)


class Operations(QObject):
    """The UI's single door to the database."""

    #: The set of table names whose rows changed.
    changed = Signal(object)
    #: A Spanish message when an undo/redo step could not be applied.
    failed = Signal(str)

    def __init__(self, db: sqlite_utils.Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.undo_stack = UndoStack(self)
        self._signed = self._signed_sessions()

    def call(self, fn: Callable[..., Any], *args: Any, tables: set[str] | frozenset[str],
             **kwargs: Any) -> Any:
        """Run ``fn(db, *args, **kwargs)``; raises SesionaError subclasses unchanged, and
        SQLite's own errors as a SesionaError in Spanish (the original goes to the log)."""
        try:
            result = fn(self.db, *args, **kwargs)
        except sqlite3.Error as exc:
            raise as_sesiona_error(exc) from exc
        self._announce(tables)
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
        self._announce(tables or {table})

    def perform(self, text: str, do: Callable[[], Any], undo: Callable[[], Any],
                tables: set[str]) -> Any:
        """Run ``do`` now and push an undo step that runs ``undo`` (and ``do`` on redo)."""
        result = do()
        self.undo_stack.push(CallbackCommand(self, text, do, undo, tables))
        self._announce(tables)
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
        self._announce(tables or {table})
        return row_id

    def guarded(self, fn: Callable[[], Any], tables: frozenset[str]) -> None:
        """Apply an undo/redo step atomically; a refusal is reported, never raised into Qt.
        Only reached when Qt itself drives a command (``step`` applies them first)."""
        try:
            with transaction(self.db):
                fn()
        except SesionaError as exc:
            self.failed.emit(exc.message)
            return
        except sqlite3.Error as exc:
            self.failed.emit(spanish(exc))
            return
        self._announce(tables)

    def notify(self, tables: set[str]) -> None:
        self._announce(tables)

    # Undo and redo ---------------------------------------------------------------------

    def undo_action(self, parent: QObject, text: str) -> QAction:
        return self._step_action(self.undo_stack.createUndoAction(parent, text), False)

    def redo_action(self, parent: QObject, text: str) -> QAction:
        return self._step_action(self.undo_stack.createRedoAction(parent, text), True)

    def _step_action(self, action: QAction, forward: bool) -> QAction:
        # Qt's action keeps its text and enabled state in step with the stack, but calls
        # the C++ QUndoStack::undo/redo, which would move the index even for a refused
        # step: it calls ``step`` instead.
        action.triggered.disconnect()
        action.triggered.connect(lambda: self.step(forward=forward))
        return action

    def step(self, *, forward: bool) -> bool:
        """Undo (or redo) one step of the history, if it can be applied. Returns whether
        it was; a refusal is reported through ``failed`` and changes nothing."""
        stack = self.undo_stack
        if not (stack.canRedo() if forward else stack.canUndo()):
            return False
        command = stack.command(stack.index() if forward else stack.index() - 1)
        leaves = _leaves(command)
        if not all(isinstance(leaf, Step) for leaf in leaves):
            # Not one of ours: Qt drives it as it always has.
            (QUndoStack.redo if forward else QUndoStack.undo)(stack)
            return True
        if any(leaf.fenced for leaf in leaves):
            self.failed.emit(FENCE_MESSAGE.format(verb=VERBS[forward], step=command.text()))
            return False
        order = leaves if forward else leaves[::-1]
        try:
            with transaction(self.db):
                for leaf in order:
                    leaf.apply(forward)
        except SesionaError as exc:
            self.failed.emit(exc.message)
            return False
        except sqlite3.Error as exc:
            self.failed.emit(spanish(exc))
            return False
        for leaf in leaves:
            leaf.applied = True  # Qt's call below only moves the index
        (QUndoStack.redo if forward else QUndoStack.undo)(stack)
        self._announce(frozenset().union(*(leaf.tables for leaf in leaves)))
        return True

    def _announce(self, tables: set[str] | frozenset[str]) -> None:
        if "sessions" in tables:
            signed = self._signed_sessions()
            if signed - self._signed:
                self.fence()
            self._signed = signed
        self.changed.emit(frozenset(tables))

    def _signed_sessions(self) -> frozenset[str]:
        return frozenset(r[0] for r in self.db.execute(
            "SELECT id FROM sessions WHERE state = ?", [acta_ownership.SIGNED_STATE]))

    def fence(self) -> None:
        """Close the history as it stands to every step that touched an acta's tables."""
        owned = acta_ownership.owned_tables()
        stack = self.undo_stack
        for index in range(stack.count()):
            for leaf in _leaves(stack.command(index)):
                if isinstance(leaf, Step) and leaf.tables & owned:
                    leaf.fenced = True


def _leaves(command: QUndoCommand) -> list[QUndoCommand]:
    """The commands a history step is made of (a macro's children), in the order done."""
    if command.childCount() == 0:
        return [command]
    return [leaf for i in range(command.childCount()) for leaf in _leaves(command.child(i))]


class Step(QUndoCommand):
    """One of our undo steps: ``apply(forward)`` runs its data-layer call and raises a
    refusal; ``redo``/``undo`` (called by Qt) skip the work ``step`` already did."""

    tables: frozenset[str] = frozenset()
    fenced = False
    applied = False

    def apply(self, forward: bool) -> None:
        raise TypeError(f"{type(self).__name__} must say how to apply its step")

    def _by_qt(self, forward: bool) -> None:
        if self.applied:
            self.applied = False
            return
        self.ops.guarded(lambda: self.apply(forward), self.tables)  # type: ignore[attr-defined]


class CallbackCommand(Step):
    def __init__(self, ops: Operations, text: str, do: Callable[[], Any],
                 undo: Callable[[], Any], tables: set[str]):
        super().__init__(text)
        self.ops, self._do, self._undo, self.tables = ops, do, undo, frozenset(tables)
        self._skip_first_redo = True  # the action already ran when the command was pushed

    def apply(self, forward: bool) -> None:
        (self._do if forward else self._undo)()

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._by_qt(True)

    def undo(self) -> None:
        self._by_qt(False)


class FieldEditCommand(Step):
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

    def apply(self, forward: bool) -> None:
        self.update(self.ops.db, self.row_id, {self.field: self.new if forward else self.old})

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._by_qt(True)

    def undo(self) -> None:
        self._by_qt(False)
