"""Guards the PySide6 pin: 6.12.0 leaks references to None on CPython 3.11 until the
interpreter aborts (none_dealloc). A long editing session would crash the app."""

import sys

from PySide6.QtWidgets import QLineEdit


def test_qt_setters_keep_none_refcount(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for _ in range(500):
        edit.setReadOnly(False)
    # Other code may create or drop a few references meanwhile; a leak loses all 500.
    assert sys.getrefcount(None) - before > -50
