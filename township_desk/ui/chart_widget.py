"""A small bar or pie chart drawn with QPainter (no chart library: the window stays light)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from township_desk.services.statistics.output import ChartData

PALETTE = ("#c0392b", "#2e86c1", "#f39c12", "#27ae60", "#8e44ad", "#7f8c8d")


class ChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: ChartData | None = None
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: ChartData) -> None:
        self.chart = chart
        self.setToolTip(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart as text (its tooltip; what tests read)."""
        if self.chart is None:
            return ""
        lines = [self.chart.title]
        for name, values in self.chart.series:
            pairs = "，".join(
                f"{c} {v:g}{self.chart.value_suffix}"
                for c, v in zip(self.chart.categories, values, strict=True)
            )
            lines.append(f"{name}：{pairs}")
        return "\n".join(lines)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.chart is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        w, h = self.width(), self.height()
        painter.drawText(QRectF(0, 2, w, 20), Qt.AlignmentFlag.AlignCenter, self.chart.title)
        painter.setFont(self.font())
        area = QRectF(8, 26, w - 16, h - 34)
        if self.chart.kind == "pie":
            self._pie(painter, area)
        else:
            self._bars(painter, area)
        painter.end()

    def _bars(self, painter: QPainter, area: QRectF) -> None:
        chart = self.chart
        assert chart is not None
        top = max([v for _n, values in chart.series for v in values] or [0]) or 1
        legend = 16 if len(chart.series) > 1 else 0
        plot = QRectF(area.left(), area.top() + legend, area.width(), area.height() - legend - 18)
        slot = plot.width() / max(1, len(chart.categories))
        bar = slot * 0.8 / max(1, len(chart.series))
        for s, (name, values) in enumerate(chart.series):
            color = QColor(PALETTE[s % len(PALETTE)])
            if legend:
                painter.fillRect(QRectF(area.left() + s * 110, area.top() + 3, 10, 10), color)
                painter.drawText(
                    QRectF(area.left() + s * 110 + 14, area.top(), 95, 16), Qt.AlignmentFlag.AlignLeft, name
                )
            for i, value in enumerate(values):
                height = (plot.height() - 14) * value / top
                x = plot.left() + i * slot + slot * 0.1 + s * bar
                rect = QRectF(x, plot.bottom() - height, bar - 1, height)
                painter.fillRect(rect, color)
                painter.drawText(
                    QRectF(x - 10, rect.top() - 14, bar + 20, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    f"{value:.0f}{chart.value_suffix}",
                )
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for i, category in enumerate(chart.categories):
            painter.drawText(
                QRectF(plot.left() + i * slot, plot.bottom() + 2, slot, 16),
                Qt.AlignmentFlag.AlignCenter,
                category,
            )

    def _pie(self, painter: QPainter, area: QRectF) -> None:
        chart = self.chart
        assert chart is not None
        values = list(chart.series[0][1]) if chart.series else []
        total = sum(values)
        size = min(area.height(), area.width() * 0.4)
        circle = QRectF(area.left(), area.top() + (area.height() - size) / 2, size, size)
        angle = 90 * 16
        for i, value in enumerate(values):
            span = int(round(-360 * 16 * value / total)) if total else 0
            painter.setBrush(QColor(PALETTE[i % len(PALETTE)]))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPie(circle, angle, span)
            angle += span
        painter.setPen(self.palette().color(self.foregroundRole()))
        for i, (category, value) in enumerate(zip(chart.categories, values, strict=True)):
            y = area.top() + 6 + i * 20
            painter.fillRect(QRectF(circle.right() + 12, y + 3, 10, 10), QColor(PALETTE[i % len(PALETTE)]))
            share = f"（{100 * value / total:.1f}%）" if total else ""
            painter.drawText(
                QRectF(circle.right() + 26, y, area.width() - size - 26, 18),
                Qt.AlignmentFlag.AlignLeft,
                f"{category} {value:g}{share}",
            )
