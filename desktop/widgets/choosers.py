"""Combo boxes filled from the catalogues, with the value stored as item data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


def fill(combo: QComboBox, options: dict[str, str], *, blank: str | None = None) -> QComboBox:
    """Fill with {value: Spanish label}; ``blank`` adds a first item whose data is None."""
    combo.blockSignals(True)
    combo.clear()
    if blank is not None:
        combo.addItem(blank, None)
    for value, label in options.items():
        combo.addItem(label, value)
    combo.blockSignals(False)
    return combo


def choice_combo(options: dict[str, str], parent: QWidget | None = None, *,
                 blank: str | None = None) -> QComboBox:
    return fill(QComboBox(parent), options, blank=blank)


def institution_combo(institutions: list[dict], parent: QWidget | None = None, *,
                      blank: str | None = None) -> QComboBox:
    """Searchable by acronym or name: the catalogue has dozens of entries."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    fill(combo, {i["id"]: f"{i['acronym']} — {i['name']}" for i in institutions}, blank=blank)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return combo
