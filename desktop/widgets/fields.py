"""Input widgets for values that may be empty, and a label that shows a field's error."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDateEdit, QLabel, QSpinBox, QTimeEdit, QWidget

from db.locale_pe import lima_today

EMPTY_DATE = QDate(1900, 1, 1)
EMPTY_TIME = QTime(0, 0)


class OptionalDateEdit(QDateEdit):
    """A date edit whose lowest value means «no date» and reads back as None."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText("—")
        self.set_value(None)

    def value(self) -> str | None:
        d = self.date()
        return None if d == EMPTY_DATE else date(d.year(), d.month(), d.day()).isoformat()

    def set_value(self, value: str | None) -> None:
        if value:
            d = date.fromisoformat(value)
            self.setDate(QDate(d.year, d.month, d.day))
        else:
            self.setDate(EMPTY_DATE)


class RequiredDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        today = lima_today()  # Qt's own clock would use the machine's zone
        self.setDate(QDate(today.year, today.month, today.day))

    def value(self) -> str:
        d = self.date()
        return date(d.year(), d.month(), d.day()).isoformat()

    def set_value(self, value: str | None) -> None:
        if value:
            d = date.fromisoformat(value)
            self.setDate(QDate(d.year, d.month, d.day))


class OptionalTimeEdit(QTimeEdit):
    """Shown as «—» until a time is set; 00:00 means «no time»."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("hh:mm AP")
        self.setSpecialValueText("—")
        self.setMinimumTime(EMPTY_TIME)

    def value(self) -> str | None:
        t = self.time()
        return None if t == EMPTY_TIME else time(t.hour(), t.minute()).strftime("%H:%M")

    def set_value(self, value: str | None) -> None:
        if value:
            t = time.fromisoformat(value)
            self.setTime(QTime(t.hour, t.minute))
        else:
            self.setTime(EMPTY_TIME)


class OptionalSpinBox(QSpinBox):
    """0 shows the special text (e.g. «Automático») and reads back as None."""

    def __init__(self, special: str, maximum: int = 999, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, maximum)
        self.setSpecialValueText(special)

    def optional_value(self) -> int | None:
        return self.value() or None


class ErrorLabel(QLabel):
    """The Spanish message under a field that refused a value."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet("color: #b3261e;")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_error(self) -> None:
        self.setText("")
        self.hide()
