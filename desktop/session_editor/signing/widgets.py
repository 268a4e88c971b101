"""Small builders shared by the panels of the «Firmas» tab: wrapped labels and buttons
wired to their slot by name (tables and rows of buttons come from
``desktop.widgets.list_panel``, as everywhere in the desktop).

Rule: a button named ``x`` is the owner's attribute ``x_button`` (object name too) and is
connected to the owner's slot ``on_x_button_clicked``; a missing slot fails at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop.widgets.list_panel import push_button


def wrapped_label(name: str, text: str = "", *, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def named_button(owner: QWidget, name: str, text: str) -> QPushButton:
    button = push_button(f"{name}_button", text, getattr(owner, f"on_{name}_button_clicked"))
    setattr(owner, f"{name}_button", button)
    return button
