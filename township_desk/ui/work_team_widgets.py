"""Widgets of the 驻村工作队 tab: a plain read-only table, the month attendance grid filled from the
keyboard, and the spot-check dialog. All reading and writing goes through services.work_teams."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import clock
from township_desk.services.work_teams import attendance, checks
from township_desk.services.work_teams.teams import members_of
from township_desk.ui import messages


class PlainTable(QTableWidget):
    """A read-only table of rows (objects or dicts) by (key, label) columns; remembers each row's id."""

    def __init__(self, name: str, columns: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.setObjectName(name)
        self.keys = [key for key, _label in columns]
        self.ids: list[str] = []
        self.setHorizontalHeaderLabels([label for _key, label in columns])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(24)

    def set_rows(self, rows: Sequence[Any], warn: str = "") -> None:
        self.setRowCount(len(rows))
        self.ids = []
        for r, row in enumerate(rows):
            get = row.get if isinstance(row, dict) else lambda key, row=row: getattr(row, key, "")
            self.ids.append(str(get("id")))
            for c, key in enumerate(self.keys):
                value = get(key)
                item = QTableWidgetItem("" if value is None else str(value))
                if key == warn and value:
                    item.setForeground(QColor("#b00020"))
                self.setItem(r, c, item)
        self.resizeColumnsToContents()

    def selected_id(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None


# keys → marks: the letters of the marks' pinyin and the number row
KEY_MARKS = {
    Qt.Key.Key_Z: attendance.IN_VILLAGE,
    Qt.Key.Key_1: attendance.IN_VILLAGE,
    Qt.Key.Key_G: attendance.ON_BUSINESS,
    Qt.Key.Key_2: attendance.ON_BUSINESS,
    Qt.Key.Key_Q: attendance.ABSENT,
    Qt.Key.Key_3: attendance.ABSENT,
    Qt.Key.Key_S: attendance.leave_mark("事假"),
    Qt.Key.Key_B: attendance.leave_mark("病假"),
    Qt.Key.Key_X: attendance.leave_mark("年休假"),
    Qt.Key.Key_Delete: attendance.UNKNOWN,
    Qt.Key.Key_Backspace: attendance.UNKNOWN,
}
MARK_COLOURS = {
    attendance.ABSENT: "#f8d7da",
    attendance.ON_BUSINESS: "#e3f2fd",
    attendance.UNKNOWN: "#ffffff",
    attendance.IN_VILLAGE: "#e8f5e9",
}
LEGEND = (
    "键盘：Z或1 在村，G或2 公务外出，Q或3 缺勤，S 事假，B 病假，X 年休假，Delete 清除；"
    "W 把所选日期所在的一整周未记的日子记为在村。可先框选多格再按键。"
)


class AttendanceGrid(QWidget):
    """The month's ledger of one team: members down, days across, totals; marks typed on selected cells."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team_id: str | None = None
        today = clock.today()
        self.year, self.month = today.year, today.month
        self.rows: list[attendance.MemberMonth] = []
        self.title = QLabel()
        self.title.setObjectName("attendance_month")
        previous, following = QPushButton("◀ 上月"), QPushButton("下月 ▶")
        previous.clicked.connect(lambda: self.shift(-1))
        following.clicked.connect(lambda: self.shift(1))
        self.table = QTableWidget()
        self.table.setObjectName("attendance_grid")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultSectionSize(26)
        self.table.keyPressEvent = self._key  # type: ignore[method-assign]
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        bar = QHBoxLayout()
        for widget in (previous, self.title, following):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)

    def set_team(self, team_id: str | None) -> None:
        self.team_id = team_id
        self.reload()

    def shift(self, months: int) -> None:
        index = self.year * 12 + self.month - 1 + months
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self.reload()

    def reload(self) -> None:
        self.title.setText(f"{self.year}年{self.month}月")
        self.rows = attendance.month_ledger(self.year, self.month, self.team_id) if self.team_id else []
        days = attendance.month_days(self.year, self.month)
        labels = [str(d) for d in range(1, days + 1)] + ["在村", "公务", "请假", "缺勤", "在岗/应"]
        self.table.setColumnCount(len(labels))
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setRowCount(len(self.rows))
        self.table.setVerticalHeaderLabels([f"{row.name}（{row.role[:2]}）" for row in self.rows])
        for r, row in enumerate(self.rows):
            for d, mark in enumerate(row.marks):
                item = QTableWidgetItem("" if mark == attendance.UNKNOWN else mark)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QColor(MARK_COLOURS.get(mark, "#fff8e1")))
                item.setToolTip(attendance.MARK_LABELS.get(mark, ""))
                self.table.setItem(r, d, item)
            t = row.totals
            for c, value in enumerate(
                (t.in_village, t.on_business, t.leave, t.absent, f"{t.on_duty}/{row.required}")
            ):
                item = QTableWidgetItem(str(value))
                if c == 4 and row.below:
                    item.setForeground(QColor("#b00020"))
                self.table.setItem(r, days + c, item)
        for c in range(days, days + 5):
            self.table.setColumnWidth(c, 56)

    def _selected(self) -> list[tuple[str, date]]:
        days = attendance.month_days(self.year, self.month)
        return [
            (self.rows[i.row()].member_id, date(self.year, self.month, i.column() + 1))
            for i in self.table.selectedIndexes()
            if i.column() < days and i.row() < len(self.rows)
        ]

    def _key(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        cells = self._selected()
        if key == Qt.Key.Key_W and cells:
            self._write(cells, attendance.IN_VILLAGE, week=True)
        elif key in KEY_MARKS and cells:
            self._write(cells, KEY_MARKS[key])
        else:
            QTableWidget.keyPressEvent(self.table, event)

    def _write(self, cells: list[tuple[str, date]], mark: str, week: bool = False) -> None:
        current = (self.table.currentRow(), self.table.currentColumn())
        try:
            for member_id in dict.fromkeys(m for m, _d in cells):
                days = [d for m, d in cells if m == member_id]
                if week:
                    days = sorted({w for d in days for w in attendance.week_of(d)})
                attendance.set_days(member_id, days, mark, overwrite=not week)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "考勤", exc)
        self.reload()
        self.table.setCurrentCell(*current)
        self.changed.emit()


class SpotCheckDialog(QDialog):
    """督查暗访: the date, inspectors and every serving member of the team, ticked when found present."""

    def __init__(self, team_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记督查暗访")
        self.setObjectName("SpotCheckDialog")
        self.check_id: str | None = None
        today = clock.today()
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.inspectors = QLineEdit("镇纪委、组织办联合督查组")
        self.notes = QLineEdit()
        self.boxes: list[tuple[str, QCheckBox]] = []
        form = QFormLayout()
        form.addRow("检查日期", self.date)
        form.addRow("检查人员", self.inspectors)
        form.addRow("检查情况", self.notes)
        for member in members_of(team_id, include_past=False):
            box = QCheckBox(f"{member.name}（{member.role}）在岗")
            box.setChecked(True)
            self.boxes.append((member.id, box))
            form.addRow("", box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("不在岗且未请假的，将记为缺勤，并提示谈话（一年内再次发现的提示召回）。"))
        layout.addWidget(buttons)

    def save(self) -> None:
        day = self.date.date().toPython()
        findings = [checks.Finding(member_id, box.isChecked()) for member_id, box in self.boxes]
        try:
            self.check_id = checks.record_check(day, self.inspectors.text(), self.notes.text(), findings)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "督查暗访", exc)
            return
        self.accept()


def button_row(*buttons: tuple[str, Callable[[], Any]]) -> tuple[QHBoxLayout, list[QPushButton]]:
    bar = QHBoxLayout()
    made = []
    for label, slot in buttons:
        button = QPushButton(label)
        button.clicked.connect(slot)
        bar.addWidget(button)
        made.append(button)
    bar.addStretch(1)
    return bar, made
