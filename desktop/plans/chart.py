"""A horizontal bar chart of execution % per objective (or line of action), painted with
QPainter so that it draws the same on screen, offscreen and in a grab for the tests."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from db.domain.rules.execution import COLOURS, format_percent

BAR_HEIGHT = 18
GAP = 8
MARGIN = 10
LABEL_WIDTH = 220
VALUE_WIDTH = 48


@dataclass(frozen=True)
class Bar:
    label: str  # «OE 1»
    tooltip: str  # the objective's text
    percent: int | None  # None: no indicator with a target above zero
    state: str  # colour key of db.domain.rules.execution.COLOURS


class ExecutionChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("execution_chart")
        self.bars: list[Bar] = []
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[Bar], title: str = "") -> None:
        self.bars, self.title = list(bars), title
        self.setToolTip("\n".join(f"{b.label}: {format_percent(b.percent)} — {b.tooltip}"
                                  for b in self.bars))
        self.setMinimumHeight(self._height())  # taller than its box: the box scrolls
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self._height())

    def _height(self) -> int:
        return 2 * MARGIN + 24 + max(len(self.bars), 1) * (BAR_HEIGHT + GAP) + 16

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text_colour = self.palette().text().color()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        if not self.bars:
            painter.drawText(QRectF(MARGIN, MARGIN + 24, self.width() - 2 * MARGIN, 30),
                             Qt.AlignmentFlag.AlignLeft,
                             self.tr("Sin indicadores para graficar."))
            painter.end()
            return
        metrics = QFontMetrics(self.font())
        label_width = min(LABEL_WIDTH, max(metrics.horizontalAdvance(b.label) for b in self.bars)
                          + 12)
        left = MARGIN + label_width
        width = max(self.width() - left - MARGIN - VALUE_WIDTH, 40)
        scale = max(100, *[b.percent or 0 for b in self.bars])
        top = MARGIN + 24
        for number, bar in enumerate(self.bars):
            y = top + number * (BAR_HEIGHT + GAP)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.setPen(text_colour)
            painter.drawText(QRectF(MARGIN, y, label_width - 8, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            painter.fillRect(QRectF(left, y, width, BAR_HEIGHT), QColor("#f2f2f2"))
            length = width * (bar.percent or 0) / scale
            if bar.percent is None or bar.percent == 0:
                length = 3  # a sliver, so that «0 %» and «—» still show their colour
            painter.fillRect(QRectF(left, y, length, BAR_HEIGHT),
                             QColor(COLOURS.get(bar.state, "#999999")))
            painter.setPen(text_colour)
            painter.drawText(QRectF(left + width + 4, y, VALUE_WIDTH, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             format_percent(bar.percent))
        # The 100 % line.
        x = left + width * 100 / scale
        painter.setPen(QPen(QColor("#555555"), 1, Qt.PenStyle.DashLine))
        bottom = top + len(self.bars) * (BAR_HEIGHT + GAP) - GAP
        painter.drawLine(int(x), top - 4, int(x), bottom + 4)
        painter.drawText(QRectF(x - 30, bottom + 4, 60, 14), Qt.AlignmentFlag.AlignCenter,
                         "100%")
        painter.end()
