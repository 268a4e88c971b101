"""Binds editors to the fields of one record and commits each change promptly.

Text is committed when the user pauses typing (or leaves the field), choices at once.
A refused value shows its Spanish message under the field; the database keeps the old
value, so nothing wrong is ever written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.errors import SesionaError, ValidationError
from desktop.operations import Operations
from desktop.widgets.fields import (
    ErrorLabel,
    OptionalDateEdit,
    OptionalSpinBox,
    OptionalTimeEdit,
    RequiredDateEdit,
)

TYPING_PAUSE_MS = 700
INVALID_STYLE = "border: 1px solid #b3261e;"


@dataclass
class Binding:
    field: str
    label: str
    widget: QWidget
    error: ErrorLabel
    loaded: Any = None


def read_value(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, OptionalDateEdit | RequiredDateEdit | OptionalTimeEdit):
        return widget.value()
    if isinstance(widget, OptionalSpinBox):
        return widget.optional_value()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return int(widget.isChecked())
    if isinstance(widget, QComboBox):
        return widget.currentData()
    raise TypeError(f"unsupported editor {type(widget).__name__}")


def write_value(widget: QWidget, value: Any) -> None:
    widget.blockSignals(True)
    try:
        if isinstance(widget, QLineEdit):
            if widget.text() != (value or ""):  # keep the cursor where the user is typing
                widget.setText(value or "")
        elif isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != (value or ""):
                widget.setPlainText(value or "")
        elif isinstance(widget, OptionalDateEdit | RequiredDateEdit | OptionalTimeEdit):
            widget.set_value(value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(value or 0)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
    finally:
        widget.blockSignals(False)


class BoundForm(QObject):
    """The editors of one record. ``update(db, row_id, changes)`` validates and writes."""

    committed = Signal(str)  # field name
    refused = Signal(str, str)  # field name, message

    def __init__(self, ops: Operations, update: Callable[..., dict], table: str,
                 tables: set[str] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.ops, self.update, self.table = ops, update, table
        self.tables = tables or {table}
        self.row_id: str | None = None
        self.bindings: dict[str, Binding] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        self._pending: set[str] = set()

    def add_row(self, layout: QFormLayout, field: str, label: str, widget: QWidget) -> QWidget:
        """Put ``widget`` in ``layout`` with its error label beneath it."""
        error = ErrorLabel()
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        inner.addWidget(error)
        layout.addRow(label, box)
        self.bind(field, label, widget, error)
        return widget

    def bind(self, field: str, label: str, widget: QWidget, error: ErrorLabel) -> None:
        widget.setObjectName(f"field_{field}")
        error.setObjectName(f"error_{field}")
        self.bindings[field] = Binding(field, label.rstrip(":* "), widget, error)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t, f=field: self._later(f))
            widget.editingFinished.connect(lambda f=field: self.commit(f))
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(lambda f=field: self._later(f))
        elif isinstance(widget, OptionalDateEdit | RequiredDateEdit):
            widget.dateChanged.connect(lambda _d, f=field: self.commit(f))
        elif isinstance(widget, OptionalTimeEdit):
            widget.timeChanged.connect(lambda _t, f=field: self._later(f))
            widget.editingFinished.connect(lambda f=field: self.commit(f))
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(lambda _v, f=field: self._later(f))
            widget.editingFinished.connect(lambda f=field: self.commit(f))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _c, f=field: self.commit(f))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i, f=field: self.commit(f))

    def load(self, row: dict[str, Any] | None) -> None:
        """Show a record (or nothing).

        Reloading the record already shown (after any change in the database) rewrites
        only the fields whose stored value really changed, such as after an undo, so the
        field being typed and its error message are left alone. Showing another record
        first saves the typing of the previous one.
        """
        if row is not None and row["id"] == self.row_id:
            for binding in self.bindings.values():
                stored = row.get(binding.field)
                if stored == binding.loaded or binding.field in self._pending:
                    continue
                binding.loaded = stored
                write_value(binding.widget, stored)
                self._show(binding, "")
            return
        self.flush()
        self.row_id = row["id"] if row else None
        for binding in self.bindings.values():
            binding.loaded = row.get(binding.field) if row else None
            write_value(binding.widget, binding.loaded)
            self._show(binding, "")
            binding.widget.setEnabled(row is not None)

    def set_read_only(self, read_only: bool) -> None:
        for binding in self.bindings.values():
            widget = binding.widget
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only and self.row_id is not None)

    def _later(self, field: str) -> None:
        self._pending.add(field)
        self._timer.start()

    def flush(self) -> None:
        """Commit whatever is being typed now (called on pauses, focus loss and close)."""
        self._timer.stop()
        pending, self._pending = self._pending, set()
        for field in pending:
            self.commit(field)

    def commit(self, field: str) -> bool:
        self._pending.discard(field)
        binding = self.bindings[field]
        if self.row_id is None:
            return False
        value = read_value(binding.widget)
        if isinstance(value, str) and isinstance(binding.widget, QLineEdit):
            value = value.strip()
        if value == binding.loaded:
            self._show(binding, "")
            return True
        try:
            self.ops.edit(self.update, self.table, self.row_id, field, value, binding.label,
                          tables=self.tables,
                          merge=isinstance(binding.widget, QLineEdit | QPlainTextEdit))
        except ValidationError as exc:
            self._show(binding, exc.errors.get(field) or exc.message)
            self.refused.emit(field, exc.message)
            return False
        except SesionaError as exc:
            self._show(binding, exc.message)
            self.refused.emit(field, exc.message)
            return False
        binding.loaded = value
        self._show(binding, "")
        self.committed.emit(field)
        return True

    def error_text(self, field: str) -> str:
        return self.bindings[field].error.text()

    def _show(self, binding: Binding, message: str) -> None:
        if message:
            binding.error.show_error(message)
            binding.widget.setStyleSheet(INVALID_STYLE)
        else:
            binding.error.clear_error()
            binding.widget.setStyleSheet("")
