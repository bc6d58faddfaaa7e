"""Widgets of the 联系户 tab: the member filter, a household's visits, matters and pairings, the overdue panel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from township_desk.services.listing import Listing, Row
from township_desk.ui.sub_list import STALE_BACKGROUND as STALE_BACKGROUND
from township_desk.ui.sub_list import STATUS_COLOURS as STATUS_COLOURS
from township_desk.ui.sub_list import RowColumn
from township_desk.ui.sub_list import RowsModel as RowsModel  # the shared sub-list, formerly defined here
from township_desk.ui.sub_list import RowsPanel as RowsPanel
from township_desk.ui.sub_list import sub_table as _table
from township_desk.ui.table_model import RecordTableModel

VISIT_COLUMNS = (
    RowColumn("visited_on", "走访日期", 85, "center"),
    RowColumn("visitors", "走访人", 95),
    RowColumn("form", "方式", 65, "center"),
    RowColumn("items", "五个到户", 110),
    RowColumn("situation", "走访情况", 260),
    RowColumn("matters", "反映诉求", 200),
)
MATTER_COLUMNS = (
    RowColumn("raised_on", "提出日期", 85, "center"),
    RowColumn("content", "诉求内容", 220),
    RowColumn("status", "状态", 55, "center"),
    RowColumn("age", "已过天数", 60, "center"),
    RowColumn("responsible", "责任人", 90),
    RowColumn("resolved_on", "办结日期", 85, "center"),
    RowColumn("resolution", "办理结果", 220),
)
PAIRING_COLUMNS = (
    RowColumn("member", "联系党员", 80),
    RowColumn("phone", "联系电话", 105),
    RowColumn("started_on", "结对时间", 85, "center"),
    RowColumn("ended_on", "结束时间", 85, "center"),
    RowColumn("last_visit_on", "最近走访", 85, "center"),
    RowColumn("days", "未走访天数", 75, "center"),
    RowColumn("notes", "备注", 120),
)


class MemberFilter(QLineEdit):
    """The 联系党员 filter: type a name, pick from the members who have households (thousands in a county)."""

    member_changed = Signal(str)  # person id, "" for all members

    def __init__(self, load: Callable[[], list[tuple[str, str]]]) -> None:
        super().__init__()
        self.setObjectName("member_filter")
        self.setPlaceholderText("联系党员（输入姓名）")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(150)
        self._load = load
        self._ids: dict[str, str] = {}
        self._loaded = False
        self.current = ""
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(15)
        completer.activated.connect(self.choose)
        self.setCompleter(completer)
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(lambda: self.choose(self.text()))

    def invalidate(self) -> None:
        """Pairings changed: read the members again the next time the box is used."""
        self._loaded = False

    def ensure_loaded(self) -> None:
        if self._loaded:
            return
        pairs = self._load()
        self._ids = {label: person_id for person_id, label in pairs}
        self.names.setStringList([label for _person_id, label in pairs])
        self._loaded = True

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.ensure_loaded()
        super().focusInEvent(event)

    def _edited(self, text: str) -> None:
        self.ensure_loaded()
        if not text.strip():
            self.choose("")

    def choose(self, label: str) -> None:
        """Filter by the member of this label ("" or an unknown text: every member)."""
        self.ensure_loaded()
        person_id = self._ids.get(label.strip(), "") if label.strip() else ""
        if label.strip() and not person_id:
            matches = [name for name in self._ids if label.strip() in name]
            if len(matches) == 1:
                label, person_id = matches[0], self._ids[matches[0]]
        if person_id and self.text() != label:
            self.setText(label)
        if person_id != self.current:
            self.current = person_id
            self.member_changed.emit(person_id)


class _ListingModel(RecordTableModel):
    """The shared lazy model, with access to a loaded row's values."""

    def row_values(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class OverduePanel(QWidget):
    """Overdue at a glance: pairings with no visit in N days, matters open more than 30 days."""

    days_changed = Signal(int)
    household_requested = Signal(str)  # household id

    def __init__(self, pairings: Listing, matters: Listing, days: int) -> None:
        super().__init__()
        self.setObjectName("overdue_panel")
        self.days = QSpinBox()
        self.days.setObjectName("overdue_days")
        self.days.setRange(7, 3650)
        self.days.setValue(days)
        self.days.setSuffix(" 天")
        self.days.setKeyboardTracking(False)
        self.days.valueChanged.connect(self.days_changed.emit)
        self.pairings_model = _ListingModel(pairings, self)
        self.matters_model = _ListingModel(matters, self)
        self.pairings_table = _table(
            self.pairings_model, [c.width for c in pairings.columns], "overdue_pairings"
        )
        self.matters_table = _table(self.matters_model, [c.width for c in matters.columns], "stale_matters")
        self.pairings_label = QLabel()
        self.pairings_label.setObjectName("overdue_pairings_label")
        self.matters_label = QLabel()
        self.matters_label.setObjectName("stale_matters_label")
        for table, model in (
            (self.pairings_table, self.pairings_model),
            (self.matters_table, self.matters_model),
        ):
            table.doubleClicked.connect(lambda index, m=model: self._open(m, index))
        for table in (self.pairings_table, self.matters_table):
            table.horizontalHeader().setStretchLastSection(False)
        setting = QHBoxLayout()
        setting.addWidget(QLabel("结对党员超过"))
        setting.addWidget(self.days)
        setting.addWidget(QLabel("未走访即为超期；诉求超过 30 天未办结即为超期。双击一行查看该户。"))
        setting.addStretch(1)
        lists = QHBoxLayout()
        for label, table in (
            (self.pairings_label, self.pairings_table),
            (self.matters_label, self.matters_table),
        ):
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(table, 1)
            lists.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(setting)
        layout.addLayout(lists, 1)

    def refresh(self) -> None:
        self.pairings_model.refresh()
        self.matters_model.refresh()
        self.pairings_label.setText(
            f"超过 {self.days.value()} 天未走访的结对：{self.pairings_model.total} 个"
        )
        self.matters_label.setText(f"超过 30 天未办结的诉求：{self.matters_model.total} 件")

    def _open(self, model: _ListingModel, index: QModelIndex) -> None:
        row = model.row_values(index.row())
        if row is not None:
            self.household_requested.emit(str(row["household_id"]))


class LedgerDialog(QDialog):
    """Which visits the 走访台账 covers: village, member, date range (typed dates such as 2024-01-01)."""

    def __init__(
        self,
        villages: Sequence[str],
        village: str,
        member_label: str,
        date_from: str,
        date_to: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ledger_dialog")
        self.setWindowTitle("打印走访台账")
        self.village = QComboBox()
        self.village.setObjectName("ledger_village")
        self.village.addItems(["全部", *villages])
        self.village.setCurrentIndex(max(self.village.findText(village), 0))
        self.member = QLabel(member_label or "全部（可在列表上方“联系党员”中选定一名党员）")
        self.member.setObjectName("ledger_member")
        self.date_from = QLineEdit(date_from)
        self.date_from.setObjectName("ledger_from")
        self.date_from.setPlaceholderText("如 2024-01-01，留空为不限")
        self.date_to = QLineEdit(date_to)
        self.date_to.setObjectName("ledger_to")
        self.date_to.setPlaceholderText("如 2024-12-31，留空为不限")
        self.error = QLabel()
        self.error.setObjectName("ledger_error")
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("村(社区)", self.village)
        form.addRow("联系党员", self.member)
        form.addRow("走访日期从", self.date_from)
        form.addRow("到", self.date_to)
        buttons = QDialogButtonBox()
        buttons.addButton("打印", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> tuple[str | None, str, str]:
        village = self.village.currentText()
        return (None if village == "全部" else village), self.date_from.text(), self.date_to.text()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
