"""Widgets of the 组织生活 tab: the meeting editor (attendance, 屋场会 households and issues), the 三会一课 ledger,
Party groups with grids and posts, and the year's 民主评议党员 results."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import clock, party_branches
from township_desk.services.meetings import appraisals, groups, ledger, records
from township_desk.services.meetings.terms import RESULTS
from township_desk.services.normalize import DateParseError, parse_date
from township_desk.services.records import FormSpec, Values
from township_desk.ui.party_day_widgets import AttendanceTable
from township_desk.ui.record_editor import RecordEditor, get_value
from township_desk.ui.table_model import Index

COLOURS = {ledger.DONE: "#d7f0d2", ledger.OVERDUE: "#fbe6b0", ledger.MISSING: "#f6c7c3"}


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows with optional cell colours.

    A model, not QTableWidget items: PySide6 6.12's setItem / addItem / setData each drop a reference to None,
    and a few thousand of them crash the interpreter (see the closing note of issue 20).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[Any]] = []
        self.colours: dict[tuple[int, int], tuple[str, str]] = {}  # (row, column) → (colour, tooltip)

    def load(
        self,
        headers: list[str],
        rows: list[list[Any]],
        colours: dict[tuple[int, int], tuple[str, str]] | None = None,
    ) -> None:
        self.beginResetModel()
        self.headers, self.rows, self.colours = headers, rows, colours or {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.rows[index.row()][index.column()]
            return "" if value is None else str(value)
        colour = self.colours.get((index.row(), index.column()))
        if colour and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(colour[0]))
        if colour and role == Qt.ItemDataRole.ToolTipRole:
            return colour[1]
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def text(self, row: int, column: int) -> str:
        return str(self.rows[row][column])


def rows_view(name: str) -> tuple[QTableView, RowsModel]:
    view = QTableView()
    view.setObjectName(name)
    model = RowsModel(view)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    return view, model


class CheckList(QAbstractListModel):
    """(id, label) pairs with a tick each (the households that came to a 屋场会)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, str]] = []
        self.checked: set[str] = set()

    def load(self, items: list[tuple[str, str]], checked: list[str]) -> None:
        self.beginResetModel()
        self.items, self.checked = items, {c for c in checked if c in {i for i, _ in items}}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key, label = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if key in self.checked else Qt.CheckState.Unchecked).value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self.items[index.row()][0]
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self.checked.add(key)
        else:
            self.checked.discard(key)
        self.dataChanged.emit(index, index, [role])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def set_checked(self, row: int, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.setData(self.index(row), state.value, Qt.ItemDataRole.CheckStateRole)

    def chosen(self) -> list[str]:
        return [key for key, _label in self.items if key in self.checked]


class IssueTable(QTableWidget):
    """Issues raised at the meeting: the text, the household that raised it, and 转为诉求 (followed in 联系户)."""

    def __init__(self) -> None:
        super().__init__(0, 3)
        self.setObjectName("issue_table")
        self.setHorizontalHeaderLabels(["反映问题", "联系户", "转为群众诉求"])
        self.horizontalHeader().setStretchLastSection(False)
        self.setColumnWidth(0, 360)
        self.setColumnWidth(1, 140)
        self._ids: list[str] = []
        self._households: list[tuple[str, str]] = []

    def set_households(self, households: list[tuple[str, str]]) -> None:
        self._households = households

    def add_row(self, row: dict[str, Any] | None = None) -> int:
        row = row or {}
        index = self.rowCount()
        self.insertRow(index)
        self._ids.append(str(row.get("id") or ""))
        self.setCellWidget(index, 0, QLineEdit(str(row.get("content") or "")))
        combo = QComboBox()
        combo.addItem("", "")
        for hid, name in self._households:
            combo.addItem(name, hid)
        found = combo.findData(str(row.get("household_id") or ""))
        combo.setCurrentIndex(max(found, 0))
        self.setCellWidget(index, 1, combo)
        check = QCheckBox(str(row.get("matter_status") or ""))
        check.setChecked(bool(row.get("as_matter")))
        check.setEnabled(not row.get("matter_id"))  # once a matter, it is followed in 联系户
        self.setCellWidget(index, 2, check)
        return index

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.setRowCount(0)
        self._ids = []
        for row in rows:
            self.add_row(row)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for r, issue_id in enumerate(self._ids):
            text, combo, check = self.cellWidget(r, 0), self.cellWidget(r, 1), self.cellWidget(r, 2)
            assert (
                isinstance(text, QLineEdit) and isinstance(combo, QComboBox) and isinstance(check, QCheckBox)
            )
            out.append(
                {
                    "id": issue_id,
                    "content": text.text(),
                    "household_id": combo.currentData(),
                    "as_matter": check.isChecked(),
                }
            )
        return out


class MeetingEditor(RecordEditor):
    """The meeting form plus attendance (the branch's or the group's members), and for a group meeting the
    households of its grids that came and the issues they raised."""

    min_width = 940

    def __init__(
        self,
        spec: FormSpec,
        record_id: str | None = None,
        parent: QWidget | None = None,
        initial: Values | None = None,
    ) -> None:
        self._pending: Values = {}
        super().__init__(spec, record_id, parent, initial)
        self.setObjectName("MeetingEditor")
        self.attendance = AttendanceTable()
        self.attendance.setMinimumHeight(200)
        self.households = CheckList(self)
        household_view = QListView()
        household_view.setObjectName("household_list")
        household_view.setModel(self.households)
        self.issues = IssueTable()
        listing = QPushButton("按党员名单重新列出")
        listing.setObjectName("regenerate")
        listing.clicked.connect(self.list_members)
        add_issue = QPushButton("增加问题")
        add_issue.setObjectName("add_issue")
        add_issue.clicked.connect(lambda: self.issues.add_row())
        attendance_box = QGroupBox("党员出席情况（请假须填原因）")
        box = QVBoxLayout(attendance_box)
        box.addWidget(listing, 0, Qt.AlignmentFlag.AlignRight)
        box.addWidget(self.attendance)
        courtyard = QGroupBox("参会户和群众反映问题（屋场会等）：转为群众诉求的，在“联系户”中跟踪办理")
        row = QHBoxLayout(courtyard)
        row.addWidget(household_view, 1)
        issues = QVBoxLayout()
        issues.addWidget(self.issues)
        issues.addWidget(add_issue, 0, Qt.AlignmentFlag.AlignRight)
        row.addLayout(issues, 3)
        self.attendance.setMinimumHeight(260)
        courtyard.setMinimumHeight(200)
        self.add_wide(attendance_box)
        self.add_wide(courtyard)
        self._listed = (self._get("branch"), self._get("group"))
        self._set_custom(self._pending)
        if record_id is None and not self._pending.get("attendance") and self._get("branch"):
            self.list_members()
        for key in ("branch", "group"):
            combo = self.widgets[key]
            assert isinstance(combo, QComboBox)
            combo.currentTextChanged.connect(lambda _text: self._owner_changed())

    def _get(self, key: str) -> str:
        return str(get_value(self.widgets[key]) or "")

    def set_values(self, values: Values) -> None:
        if not hasattr(self, "issues"):
            self._pending.update(values)
        super().set_values(values)
        if hasattr(self, "issues"):
            self._set_custom(values)

    def _set_custom(self, values: Values) -> None:
        self._fill_households([str(r["household_id"]) for r in values.get("households") or []])
        if "attendance" in values:
            self.attendance.set_rows(list(values["attendance"] or []))
        if "issues" in values:
            self.issues.set_rows(list(values["issues"] or []))

    def _fill_households(self, checked: list[str]) -> None:
        group = self._get("group")
        options = groups.group_households(group) if group else []
        known = {hid for hid, _ in options}
        if self.record_id:
            options += [
                (r["household_id"], r["name"])
                for r in records.household_rows(self.record_id)
                if r["household_id"] not in known
            ]
        self.households.load(options, checked)
        self.issues.set_households(options)

    def values(self) -> Values:
        values = super().values()
        if hasattr(self, "issues"):
            values["attendance"] = self.attendance.rows()
            values["households"] = [{"household_id": hid} for hid in self.households.chosen()]
            values["issues"] = self.issues.rows()
        return values

    def _owner_changed(self) -> None:
        owner = (self._get("branch"), self._get("group"))
        if self._deriving or owner == self._listed:
            return
        self._listed = owner
        self._fill_households([])
        self.list_members()

    def list_members(self) -> None:
        branch = self._get("branch")
        try:
            day = parse_date(self._get("held_on")) or clock.today()
        except DateParseError:
            day = clock.today()
        self.attendance.set_rows(
            records.expected_members(branch, day, self._get("group") or None) if branch else []
        )


class LedgerPanel(QWidget):
    """The 三会一课 ledger of a year: a row per branch and kind, a column per period, coloured by status."""

    def __init__(self) -> None:
        super().__init__()
        self.year_box = QSpinBox()
        self.year_box.setObjectName("ledger_year")
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(clock.today().year)
        self.year_box.valueChanged.connect(lambda _v: self.reload())
        self.stats = QLabel()
        self.stats.setObjectName("ledger_stats")
        self.table, self.model = rows_view("ledger_table")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year_box)
        bar.addWidget(self.stats, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        from township_desk.services.meetings.output import ledger_stats

        book = ledger.year_ledger(self.year_box.value())
        rows = book.rows()
        colours = {
            (r, 3 + p): (COLOURS[status], status)
            for r, row in enumerate(rows)
            for p, status in enumerate(row["statuses"])
            if status in COLOURS
        }
        self.model.load(
            ["党支部", "会议类型", "要求", *[f"{i}" for i in range(1, 13)], "已开/应开"],
            [
                [r["branch"], r["kind"], r["every"], *[r[f"p{i}"] for i in range(1, 13)], r["tally"]]
                for r in rows
            ],
            colours,
        )
        for column in range(3, 15):
            self.table.setColumnWidth(column, 40)
        self.stats.setText(ledger_stats(book))


class GroupsPanel(QWidget):
    """Party groups, their grids and households, and the posts of members without office."""

    def __init__(self) -> None:
        super().__init__()
        self.bar = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        self.models: dict[str, RowsModel] = {}
        self.views: dict[str, QTableView] = {}
        self.ids: dict[str, list[str]] = {}
        for key, title in (("groups", "党小组"), ("grids", "网格及联系户"), ("posts", "设岗定责")):
            self.views[key], self.models[key] = rows_view(f"{key}_table")
            self.views[key].setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            layout.addWidget(QLabel(title))
            layout.addWidget(self.views[key], 1)

    def selected_id(self, key: str) -> str | None:
        rows = self.views[key].selectionModel().selectedRows()
        return self.ids[key][rows[0].row()] if rows else None

    def reload(self) -> None:
        group_rows, grid_rows, post_rows = groups.group_rows(), groups.grid_rows(), groups.post_roster()
        self.ids = {
            "groups": [r["id"] for r in group_rows],
            "grids": [r["id"] for r in grid_rows],
            "posts": [r["id"] for r in post_rows],
        }
        self.models["groups"].load(
            ["党支部", "党小组", "类型", "组长", "服务区域", "党员人数", "党员", "网格"],
            [
                [
                    r["branch"],
                    r["name"],
                    r["kind"],
                    r["leader"],
                    r["area"],
                    r["member_count"],
                    r["members"],
                    r["grids"],
                ]
                for r in group_rows
            ],
        )
        self.models["grids"].load(
            ["党支部", "党小组", "网格", "网格员", "户数", "联系户"],
            [
                [r["branch"], r["group"], r["name"], r["keeper"], r["household_count"], r["households"]]
                for r in grid_rows
            ],
        )
        self.models["posts"].load(
            ["党支部", "党小组", "网格", "姓名", "岗位", "岗位职责"],
            [[r["branch"], r["group"], r["grid"], r["name"], r["post"], r["duties"]] for r in post_rows],
        )


class AppraisalPanel(QWidget):
    """民主评议党员 of a branch and year: one row per member with the result chosen, saved together."""

    saved = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.branch_box = QComboBox()
        self.branch_box.setObjectName("appraisal_branch")
        self.year_box = QSpinBox()
        self.year_box.setObjectName("appraisal_year")
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(clock.today().year - 1)
        self.counts = QLabel()
        self.counts.setObjectName("appraisal_counts")
        self.message = QLabel()
        self.message.setObjectName("appraisal_message")
        self.message.setStyleSheet("color: #b00020;")
        save = QPushButton("保存评议结果")
        save.setObjectName("save_appraisals")
        save.clicked.connect(self.save)
        # cell widgets only (no items: see RowsModel)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("appraisal_table")
        self.table.setHorizontalHeaderLabels(["姓名", "正式/预备", "评议结果", "备注（不合格须写处置意见）"])
        self.table.horizontalHeader().setStretchLastSection(True)
        bar = QHBoxLayout()
        for widget in (QLabel("党支部"), self.branch_box, QLabel("年度"), self.year_box):
            bar.addWidget(widget)
        bar.addWidget(self.counts, 1)
        bar.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.branch_box.currentIndexChanged.connect(lambda _i: self.load())
        self.year_box.valueChanged.connect(lambda _v: self.load())
        self._ids: list[str] = []

    def reload(self) -> None:
        current = self.branch_box.currentData()
        self.branch_box.blockSignals(True)
        self.branch_box.clear()
        for bid, name in party_branches.branch_options():
            self.branch_box.addItem(name, bid)
        self.branch_box.setCurrentIndex(max(self.branch_box.findData(current), 0))
        self.branch_box.blockSignals(False)
        self.load()

    def load(self) -> None:
        branch = self.branch_box.currentData()
        rows = appraisals.appraisal_rows(branch, self.year_box.value()) if branch else []
        self._ids = [r["person_id"] for r in rows]
        self.table.setRowCount(0)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            combo = QComboBox()
            combo.addItems(["", *RESULTS])
            combo.setCurrentText(row["result"])
            for column, widget in enumerate(
                (QLabel(row["name"]), QLabel(row["standing"]), combo, QLineEdit(row["notes"]))
            ):
                self.table.setCellWidget(r, column, widget)
        counts = appraisals.appraisal_counts(self.year_box.value(), branch) if branch else {}
        self.counts.setText("，".join(f"{k} {v} 人" for k, v in counts.items()))
        self.message.clear()

    def result_box(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 2)
        assert isinstance(widget, QComboBox)
        return widget

    def note_edit(self, row: int) -> QLineEdit:
        widget = self.table.cellWidget(row, 3)
        assert isinstance(widget, QLineEdit)
        return widget

    def save(self) -> None:
        from township_desk.services.records import ValidationError

        results = {pid: self.result_box(r).currentText() for r, pid in enumerate(self._ids)}
        notes = {pid: self.note_edit(r).text() for r, pid in enumerate(self._ids)}
        try:
            appraisals.save_appraisals(self.branch_box.currentData(), self.year_box.value(), results, notes)
        except ValidationError as exc:
            self.message.setText(exc.message)
            return
        self.load()
        self.message.setText("已保存。")
        self.saved.emit()


def status_line() -> str:
    found = ledger.missing_meetings()
    return f"逾期未开会议 {found.count} 个" if found.count else "没有逾期未开的会议"
