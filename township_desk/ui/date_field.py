"""The one date field: typed as before (1975.03, 1975年3月, 2024-03-29 …) or picked from a calendar popup."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from township_desk.services import clock
from township_desk.services.normalize import DateParseError, parse_date


def _calendar_icon() -> QIcon:
    """A small calendar drawn in code (no image file to ship or to lose)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#4a5a6a"))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#c0392b"))
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(x, y, 2, 2, QColor("#4a5a6a"))
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A QLineEdit (so text(), setText() and textChanged work as for any field) with a calendar button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        action = self.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        action.setToolTip("从日历中选择日期（Alt+↓；也可直接输入，如 1975.03 或 2024-03-29）")
        action.setObjectName("calendar_button")
        action.triggered.connect(self.open_calendar)
        self.calendar_action = action
        self.calendar: QCalendarWidget | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Alt+↓ or F4 opens the calendar, as in a combo box."""
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if (alt_down or event.key() == Qt.Key.Key_F4) and not self.isReadOnly():
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def current_date(self) -> date | None:
        try:
            return parse_date(self.text())
        except DateParseError:
            return None

    def open_calendar(self) -> QCalendarWidget:
        """Show the calendar under the field at the typed date (or today); a click or Enter fills the field."""
        if self.calendar is None:
            calendar = QCalendarWidget(self)
            calendar.setWindowFlags(Qt.WindowType.Popup)
            calendar.setObjectName("date_calendar")
            calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.setGridVisible(True)
            calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            calendar.clicked.connect(self.choose)
            calendar.activated.connect(self.choose)
            self.calendar = calendar
        day = self.current_date() or clock.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()
        return self.calendar

    def choose(self, day: QDate) -> None:
        self.setText(date(day.year(), day.month(), day.day()).isoformat())
        if self.calendar is not None:
            self.calendar.hide()
        self.setFocus()
