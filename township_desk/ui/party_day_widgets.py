"""Widgets of the 主题党日 tab: attendance table, fixed-item checks, the record editor, year matrix, missed list."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.models.party_days import PartyBranch
from township_desk.services import clock, party_day_matrix, party_days
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.party_branches import branch_names, fixed_items, members_on, secretary_name
from township_desk.services.party_day_calendar import last_friday, previous_month
from township_desk.services.records import FormSpec, Values
from township_desk.ui.entry_grid import EntryGrid
from township_desk.ui.record_editor import RecordEditor
from township_desk.ui.table_model import Index

STATUSES = (party_days.PRESENT, party_days.LEAVE, party_days.ABSENT)
WARNING_STYLE = "color: #b00020; font-weight: bold;"
CELL_COLOURS = {
    party_day_matrix.HELD: QColor("#d7f0d2"),
    party_day_matrix.LATE: QColor("#fbe6b0"),
    party_day_matrix.MISSED: QColor("#f6c7c3"),
}


# ---------------------------------------------------------------- attendance per member


class AttendanceTable(QTableWidget):
    """One row per member: name, 正式/预备, a 出席/请假/缺席 choice and the reason."""

    changed = Signal()
    NAME, STANDING, STATUS, REASON = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("attendance_table")
        self.setHorizontalHeaderLabels(["姓名", "类别", "出席情况", "请假/缺席原因"])
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setSectionResizeMode(self.REASON, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(self.NAME, 90)
        self.setColumnWidth(self.STANDING, 70)
        self.setColumnWidth(self.STATUS, 90)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self._person_ids: list[str] = []
        self._loading = False
        self.itemChanged.connect(lambda _item: None if self._loading else self.changed.emit())
        self.entry = EntryGrid(self, frozen=1, title="粘贴出席情况")

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._loading = True
        try:
            self.setRowCount(0)
            self._person_ids = []
            for row in rows:
                self._append(row)
        finally:
            self._loading = False
        self.changed.emit()

    def _append(self, row: dict[str, Any]) -> None:
        index = self.rowCount()
        self.insertRow(index)
        self._person_ids.append(str(row["person_id"]))
        for column, text in ((self.NAME, row.get("name", "")), (self.STANDING, row.get("standing", ""))):
            item = QTableWidgetItem(str(text))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(index, column, item)
        combo = QComboBox()
        combo.addItems(list(STATUSES))
        combo.setCurrentText(str(row.get("status") or party_days.PRESENT))
        combo.setObjectName(f"status_{index}")
        combo.currentTextChanged.connect(lambda _text, r=index: self._status_changed(r))
        self.setCellWidget(index, self.STATUS, combo)
        self.setItem(index, self.REASON, QTableWidgetItem(str(row.get("reason") or "")))
        self._paint(index)

    def status_box(self, row: int) -> QComboBox:
        widget = self.cellWidget(row, self.STATUS)
        assert isinstance(widget, QComboBox)
        return widget

    def _status_changed(self, row: int) -> None:
        self._paint(row)
        if self.status_box(row).currentText() == party_days.LEAVE and not self.reason(row):
            self.setCurrentCell(row, self.REASON)
        if not self._loading:
            self.changed.emit()

    def _paint(self, row: int) -> None:
        status = self.status_box(row).currentText()
        colour = {party_days.LEAVE: QColor("#fdf1cf"), party_days.ABSENT: QColor("#f9d9d6")}.get(status)
        for column in (self.NAME, self.STANDING, self.REASON):
            item = self.item(row, column)
            if item is not None:
                item.setBackground(QBrush(colour) if colour else QBrush())

    def reason(self, row: int) -> str:
        item = self.item(row, self.REASON)
        return item.text().strip() if item else ""

    def set_status(self, row: int, status: str, reason: str = "") -> None:
        """What a clerk does by choosing in the combo and typing the reason."""
        self.status_box(row).setCurrentText(status)
        reason_item = self.item(row, self.REASON)
        if reason_item is not None:
            reason_item.setText(reason)

    def set_all(self, status: str) -> None:
        self._loading = True
        try:
            for row in range(self.rowCount()):
                self.status_box(row).setCurrentText(status)
                self._paint(row)
        finally:
            self._loading = False
        self.changed.emit()

    def row_of(self, name: str) -> int:
        for row in range(self.rowCount()):
            item = self.item(row, self.NAME)
            if item is not None and item.text() == name:
                return row
        return -1

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for row, person_id in enumerate(self._person_ids):
            name = self.item(row, self.NAME)
            standing = self.item(row, self.STANDING)
            out.append(
                {
                    "person_id": person_id,
                    "name": name.text() if name else "",
                    "standing": standing.text() if standing else "",
                    "status": self.status_box(row).currentText(),
                    "reason": self.reason(row),
                }
            )
        return out


class ItemChecks(QWidget):
    """A check box per fixed item of the year (plus any item a stored record has that the year lacks)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("item_checks")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}

    def set_items(self, available: list[str], checked: list[str]) -> None:
        for box in self.boxes.values():
            self.grid.removeWidget(box)
            box.deleteLater()
        self.boxes = {}
        names = list(available) + [item for item in checked if item not in available]
        for index, name in enumerate(names):
            box = QCheckBox(name)
            box.setObjectName(f"item_{name}")
            box.setChecked(name in checked)
            box.toggled.connect(lambda _on: self.changed.emit())
            self.boxes[name] = box
            self.grid.addWidget(box, index // 3, index % 3)

    def checked(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]


# ---------------------------------------------------------------- the record editor


class PartyDayEditor(RecordEditor):
    """The record form plus the fixed items done and the attendance of every member.

    Choosing a branch lists its members (all 出席 at first) and proposes the secretary as host; the
    date field starts on the month's last Friday and says when another date needs a reason.
    """

    def __init__(
        self,
        spec: FormSpec,
        record_id: str | None = None,
        parent: QWidget | None = None,
        initial: Values | None = None,
    ) -> None:
        self._pending: Values = {}
        super().__init__(spec, record_id, parent, initial)
        self.setObjectName("PartyDayEditor")
        self.items = ItemChecks()
        self.attendance = AttendanceTable()
        all_present = QPushButton("全部出席")
        all_present.setObjectName("all_present")
        all_present.clicked.connect(lambda: self.attendance.set_all(party_days.PRESENT))
        regenerate = QPushButton("按党员名单重新列出")
        regenerate.setObjectName("regenerate")
        regenerate.setToolTip("按所选支部在活动日期当天的党员名单重新列出，全部记为出席")
        regenerate.clicked.connect(self.list_members)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts_label")
        self.counts_label.setWordWrap(True)

        items_box = QGroupBox("固定动作（“4+X”中的“4”）")
        QVBoxLayout(items_box).addWidget(self.items)
        attendance_box = QGroupBox("党员出席情况（请假须填原因）")
        attendance_layout = QVBoxLayout(attendance_box)
        bar = QHBoxLayout()
        bar.addWidget(self.counts_label, 1)
        bar.addWidget(all_present)
        bar.addWidget(regenerate)
        attendance_layout.addLayout(bar)
        attendance_layout.addWidget(self.attendance)
        self.attendance.setMinimumHeight(240)
        self.body_grid.addWidget(items_box, len(self.spec.sections) - 1, 1)
        self.add_wide(attendance_box)

        self._year = self._date_year()
        self._apply_pending()
        self._listed_branch = self.branch_id()
        self.items.changed.connect(self._derive)
        self.attendance.changed.connect(self._derive)
        branch = self.widgets["branch"]
        assert isinstance(branch, QComboBox)
        # currentTextChanged also fires while a branch name is typed into the editable box
        branch.currentTextChanged.connect(lambda _text: self._branch_changed())
        date_edit = self.widgets["held_on"]
        date_edit.textChanged.connect(lambda _text: self._date_changed())  # type: ignore[attr-defined]
        self.duplicate_label = self.add_note("held_on", "duplicate_label")
        self._derive()
        self.check_duplicate()

    # ---- values in and out
    def set_values(self, values: Values) -> None:
        if not hasattr(self, "attendance"):  # still inside RecordEditor.__init__
            self._pending.update(values)
        super().set_values(values)
        if hasattr(self, "attendance"):
            self._set_custom(values)

    def _apply_pending(self) -> None:
        values = self._pending
        self._pending = {}
        self._fill_member_choices()
        super().set_values({k: v for k, v in values.items() if k in ("host", "recorder")})
        if self.record_id is None:  # a new record: every fixed item of its year, ticked
            values["items"] = fixed_items(self._date_year())
        self._set_custom(values)
        if self.record_id is None and not values.get("attendance") and self.branch_id():
            self.list_members()
            self._propose_host()

    def _set_custom(self, values: Values) -> None:
        if "items" in values:
            self.items.set_items(fixed_items(self._date_year()), list(values["items"] or []))
        if "attendance" in values:
            self.attendance.set_rows(list(values["attendance"] or []))

    def values(self) -> Values:
        values = super().values()
        if hasattr(self, "attendance"):
            values["items"] = self.items.checked()
            values["attendance"] = self.attendance.rows()
        return values

    def _derive(self) -> None:
        super()._derive()
        if not hasattr(self, "counts_label"):
            return
        counts = party_days.counts_of(self.values())
        self.counts_label.setText(counts.describe())
        self.counts_label.setStyleSheet(WARNING_STYLE if counts.low else "font-weight: bold;")
        due = self.widgets["due"]
        due.setStyleSheet(WARNING_STYLE if "原因" in due.text() else "")  # type: ignore[attr-defined]

    # ---- reacting to branch and date
    def branch_id(self) -> str:
        from township_desk.ui.record_editor import get_value

        return str(get_value(self.widgets["branch"]) or "")

    def held_on(self) -> date | None:
        try:
            return parse_date(self.widgets["held_on"].text())  # type: ignore[attr-defined]
        except DateParseError:
            return None

    def _date_year(self) -> int:
        day = self.held_on()
        return day.year if day else clock.today().year

    def check_duplicate(self) -> str:
        """Flag at once a branch and month that already have a record (the service decides; save refuses)."""
        if not hasattr(self, "duplicate_label"):
            return ""
        clash = party_days.month_clash(self.branch_id(), self.held_on(), self.record_id)
        self.show_note(self.duplicate_label, f"⚠ {clash}" if clash else "", WARNING_STYLE)
        return clash

    def _branch_changed(self) -> None:
        self.check_duplicate()
        if self._deriving or self.branch_id() == self._listed_branch:
            return
        self._listed_branch = self.branch_id()
        self._fill_member_choices()
        self.list_members()
        self._propose_host()

    def _date_changed(self) -> None:
        self.check_duplicate()
        year = self._date_year()
        if year != self._year:
            self._year = year
            self.items.set_items(fixed_items(year), self.items.checked())

    def _member_names(self) -> list[str]:
        branch = self.branch_id()
        if not branch:
            return []
        return [m.name for m in members_on(branch, self.held_on() or clock.today())]

    def _fill_member_choices(self) -> None:
        names = self._member_names()
        for key in ("host", "recorder"):
            combo = self.widgets[key]
            assert isinstance(combo, QComboBox)
            text = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(["", *names])
            combo.setEditText(text)
            combo.blockSignals(False)

    def _propose_host(self) -> None:
        host = self.widgets["host"]
        assert isinstance(host, QComboBox)
        branch = self.branch_id()
        if branch and not host.currentText().strip():
            found = PartyBranch.get_or_none(PartyBranch.id == branch)
            if found is not None:
                host.setEditText(secretary_name(found))

    def list_members(self) -> None:
        branch = self.branch_id()
        day = self.held_on() or clock.today()
        self.attendance.set_rows(party_days.new_attendance(branch, day) if branch else [])


# ---------------------------------------------------------------- the year matrix


class YearMatrixModel(QAbstractTableModel):
    """Branches down, months across (plus three totals); data from one YearMatrix (two SQL queries)."""

    TOTALS = ("已开展", "调整日期", "未开展")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: party_day_matrix.YearMatrix | None = None

    def load(self, year: int, today: date | None = None) -> None:
        self.beginResetModel()
        self.matrix = party_day_matrix.year_matrix(year, today)
        self._tallies = {b.id: self.matrix.tally(b.id) for b in self.matrix.branches}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.branches)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 12 + len(self.TOTALS)

    def branch(self, row: int) -> party_day_matrix.MatrixBranch:
        assert self.matrix is not None
        return self.matrix.branches[row]

    def cell(self, index: Index) -> party_day_matrix.MatrixCell | None:
        if self.matrix is None or not index.isValid() or index.column() >= 12:
            return None
        return self.matrix.cell(self.branch(index.row()).id, index.column() + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.matrix is None or not index.isValid() or not 0 <= index.row() < len(self.matrix.branches):
            return None
        if index.column() >= 12:
            if role == Qt.ItemDataRole.DisplayRole:
                tally = self._tallies[self.branch(index.row()).id]
                held = tally[party_day_matrix.HELD] + tally[party_day_matrix.LATE]
                return str(
                    (held, tally[party_day_matrix.LATE], tally[party_day_matrix.MISSED])[index.column() - 12]
                )
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter.value)
            return None
        cell = self.cell(index)
        assert cell is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.short()
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = CELL_COLOURS.get(cell.status)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter.value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), index.column() + 1, cell)
        return None

    def _tooltip(self, row: int, month: int, cell: party_day_matrix.MatrixCell) -> str:
        assert self.matrix is not None
        branch = self.branch(row).name
        head = f"{branch} {self.matrix.year}年{month}月"
        if cell.held_on is not None:
            text = f"{head}：{cell.held_on.isoformat()} 开展，主题：{cell.theme}"
            if cell.status == party_day_matrix.LATE:
                text += f"\n未在最后一个星期五开展，原因：{cell.late_reason}"
            return text + "\n点击打开记录"
        due = last_friday(self.matrix.year, month)
        if cell.status == party_day_matrix.MISSED:
            return f"{head}：未开展（应于 {due.isoformat()} 开展）\n点击补录"
        return f"{head}：未到期（{due.isoformat()}）"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return f"{section + 1}月" if section < 12 else self.TOTALS[section - 12]
        if self.matrix is not None and 0 <= section < len(self.matrix.branches):
            return self.branch(section).name
        return None


class YearMatrixPanel(QWidget):
    """The year chooser, a legend and the matrix; a click on a month cell asks to open or create that record."""

    cell_clicked = Signal(str, int, int, str)  # branch id, year, month, day id ("" when none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("year_matrix")
        self.year_box = QSpinBox()
        self.year_box.setObjectName("matrix_year")
        self.year_box.setRange(2000, 2100)
        self.year_box.setSuffix(" 年")
        self.year_box.setValue(clock.today().year)
        self.year_box.valueChanged.connect(lambda _year: self.reload())
        self.summary = QLabel()
        self.summary.setObjectName("matrix_summary")
        legend = QLabel(
            '<span style="background:#d7f0d2">&nbsp;29日&nbsp;</span> 按时开展　'
            '<span style="background:#fbe6b0">&nbsp;22日*&nbsp;</span> 调整日期开展　'
            '<span style="background:#f6c7c3">&nbsp;未开展&nbsp;</span> 应开展而无记录　'
            "空白：未到期　点击格子打开或补录该月记录"
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year_box)
        bar.addWidget(legend, 1)
        self.model = YearMatrixModel(self)
        self.view = QTableView()
        self.view.setObjectName("matrix_view")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setDefaultSectionSize(58)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setMinimumWidth(150)
        self.view.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)

    def reload(self) -> None:
        self.model.load(self.year_box.value())
        matrix = self.model.matrix
        assert matrix is not None
        totals = matrix.totals()
        self.summary.setText(
            f"{matrix.year}年：{len(matrix.branches)} 个党支部，应开展 {totals['expected']} 次，"
            f"已开展 {totals['held']} 次（其中调整日期 {totals['late']} 次），未开展 {totals['missed']} 次"
        )

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() >= 12 or self.model.matrix is None:
            return
        cell = self.model.cell(index)
        branch = self.model.branch(index.row())
        self.cell_clicked.emit(
            branch.id, self.model.matrix.year, index.column() + 1, (cell.day_id if cell else "") or ""
        )

    def index_of(self, branch_name: str, month: int) -> QModelIndex:
        matrix = self.model.matrix
        assert matrix is not None
        for row, branch in enumerate(matrix.branches):
            if branch.name == branch_name:
                return self.model.index(row, month - 1)
        return QModelIndex()


# ---------------------------------------------------------------- branches that missed a month


class MissedPanel(QGroupBox):
    """The branches with no theme day recorded in this (or last) month; double-click to record one."""

    record_requested = Signal(str, int, int)  # branch id, year, month

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("本月未开展的党支部", parent)
        self.setObjectName("missed_panel")
        self.month_box = QComboBox()
        self.month_box.setObjectName("missed_month")
        self.month_box.currentIndexChanged.connect(lambda _i: self._load())
        self.label = QLabel()
        self.label.setObjectName("missed_label")
        self.label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("missed_list")
        self.list.itemDoubleClicked.connect(self._record)
        button = QPushButton("为选中支部补录…")
        button.setObjectName("record_missed")
        button.clicked.connect(lambda: self._record(self.list.currentItem()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.month_box)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        layout.addWidget(button)
        self.setMinimumWidth(220)

    def reload(self, today: date | None = None) -> None:
        today = today or clock.today()
        this = (today.year, today.month)
        last = previous_month(*this)
        keep = self.month_box.currentIndex()
        self.month_box.blockSignals(True)
        self.month_box.clear()
        self.month_box.addItem(f"本月（{this[0]}年{this[1]}月）", this)
        self.month_box.addItem(f"上月（{last[0]}年{last[1]}月）", last)
        self.month_box.setCurrentIndex(max(keep, 0))
        self.month_box.blockSignals(False)
        self._today = today
        self._load()

    def _load(self) -> None:
        year, month = self.month_box.currentData() or (clock.today().year, clock.today().month)
        missed = party_day_matrix.missed_branches(year, month, getattr(self, "_today", None))
        when = f"{month}月{missed.due.day}日"
        if missed.overdue:
            head = f"{year}年{month}月主题党日应于{when}（最后一个星期五）开展，以下 {len(missed.branches)} 个支部没有记录："
        else:
            head = f"{year}年{month}月主题党日将于{when}开展（未到期），尚未登记的支部 {len(missed.branches)} 个："
        if not missed.branches:
            head = f"{year}年{month}月：所有党支部都已登记主题党日。"
            if not branch_names():  # no branches at all: nothing is "all done" yet
                head = "还没有党支部：请先点“党支部和党员…”添加本乡镇的党支部（每个村、社区一个），再登记主题党日。"
        self.label.setText(head)
        self.label.setStyleSheet(WARNING_STYLE if missed.overdue and missed.branches else "")
        self.list.clear()
        for branch in missed.branches:
            item = QListWidgetItem(branch.name)
            item.setData(Qt.ItemDataRole.UserRole, branch.id)
            self.list.addItem(item)
        self._month = (year, month)

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _record(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.record_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)), *self._month)
