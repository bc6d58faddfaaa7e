"""The 统计 tab: the cadre force's structure on a date (beside another), charts, targets, who misses them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import clock, statistics
from township_desk.services.statistics import output
from township_desk.services.statistics.misses import MissListing
from township_desk.services.statistics.report import Table, tables, targets_table
from township_desk.ui import file_dialogs, messages
from township_desk.ui.chart_widget import ChartWidget
from township_desk.ui.record_tab import RecordTab, TabAction
from township_desk.ui.reporting import print_to_pdf
from township_desk.ui.workers import run_task

RED = QBrush(QColor("#c0392b"))
GREEN = QBrush(QColor("#1e8449"))


def _date_edit(name: str, day: Any) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def fill(widget: QTableWidget, table: Table) -> None:
    widget.clear()
    widget.setColumnCount(len(table.headers))
    widget.setHorizontalHeaderLabels(list(table.headers))
    widget.setRowCount(len(table.rows))
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            item = QTableWidgetItem(str(cell))
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if cell in ("未达标", "达标"):
                item.setForeground(RED if cell == "未达标" else GREEN)
            widget.setItem(r, c, item)
    widget.resizeColumnsToContents()


def _panel(layout: QHBoxLayout | QVBoxLayout, *items: QWidget | QHBoxLayout) -> QWidget:
    panel = QWidget()
    panel.setLayout(layout)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        layout.addLayout(item) if isinstance(item, QHBoxLayout) else layout.addWidget(
            item, 0 if isinstance(item, QLabel) else 1
        )
    return panel


class StatisticsTab(RecordTab):
    title = "统计"
    search_hint = "输入村(社区)名称查找未达标的村"

    def __init__(self, window: Any) -> None:
        self.misses = MissListing()
        super().__init__(window, self.misses)
        self.report: statistics.Report | None = None
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.hide()
        today = clock.today()
        self.as_of = _date_edit("as_of", today)
        self.compare_box = QCheckBox("对比日期")
        self.compare_box.setObjectName("compare_box")
        self.compare_on = _date_edit("compare_on", today.replace(year=2021, month=7, day=1))
        self.table_choice = QComboBox()
        self.table_choice.setObjectName("table_choice")
        self.export_button = QPushButton("导出Excel…")
        self.print_button = QPushButton("打印PDF…")
        bar = QHBoxLayout()
        for widget in (
            QLabel("统计日期"),
            self.as_of,
            self.compare_box,
            self.compare_on,
            QLabel("表格"),
            self.table_choice,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        self.as_of.dateChanged.connect(lambda _d: self.reload())
        self.compare_on.dateChanged.connect(
            lambda _d: self.reload() if self.compare_box.isChecked() else None
        )
        self.compare_box.toggled.connect(lambda _on: self.reload())
        self.table_choice.currentIndexChanged.connect(lambda _i: self._show_table())
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.print_button.clicked.connect(lambda: self.print_report())

        self.grid = QTableWidget()
        self.grid.setObjectName("stats_table")
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.charts = [ChartWidget() for _ in range(4)]
        self.targets = QTableWidget()
        self.targets.setObjectName("targets_table")
        self.targets.setEditTriggers(QTableWidget.EditTrigger.DoubleClicked)
        self.targets.cellClicked.connect(lambda row, _col: self._pick_target(row))
        self.targets.cellChanged.connect(self._target_edited)
        for item in (self.bar, self.table, self.count_label):  # the list of villages goes beside the targets
            self.body.removeItem(item) if item is self.bar else self.body.removeWidget(item)
        misses = _panel(QVBoxLayout(), self.bar, self.table, self.count_label)
        chart_row = _panel(QHBoxLayout(), *self.charts)
        lower = _panel(QHBoxLayout(), self.targets, misses)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.grid, chart_row, lower):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([260, 220, 240])
        self.body.addLayout(bar)
        self.body.addWidget(self.splitter, 1)

    # ---- reading
    def dates(self) -> tuple[Any, Any]:
        compare = self.compare_on.date().toPython() if self.compare_box.isChecked() else None
        return self.as_of.date().toPython(), compare

    def reload(self) -> None:
        on, compare = self.dates()
        try:
            self.report = statistics.compute(on, compare)
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            messages.show_error(self, "统计", exc)
            return
        self.misses.use(self.report)
        self.tables = tables(self.report)
        current = self.table_choice.currentText()
        self.table_choice.blockSignals(True)
        self.table_choice.clear()
        self.table_choice.addItems([t.title.split("（")[0] for t in self.tables])
        self.table_choice.setCurrentIndex(max(0, self.table_choice.findText(current)))
        self.table_choice.blockSignals(False)
        self._show_table()
        for widget, chart in zip(self.charts, output.charts(self.report), strict=False):
            widget.set_chart(chart)
        self._fill_targets()
        super().reload()

    def _show_table(self) -> None:
        index = self.table_choice.currentIndex()
        if 0 <= index < len(self.tables):
            fill(self.grid, self.tables[index])

    def _fill_targets(self) -> None:
        assert self.report is not None
        self.targets.blockSignals(True)
        fill(self.targets, targets_table(self.report))
        for row in range(self.targets.rowCount()):
            for col in range(self.targets.columnCount()):
                item = self.targets.item(row, col)
                if col != 1:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                else:
                    item.setToolTip("双击修改目标值（保存在本数据库中）")
        self.targets.blockSignals(False)

    def _pick_target(self, row: int) -> None:
        """One click on a target shows the villages that miss it."""
        if self.report is None or not 0 <= row < len(self.report.targets):
            return
        result = self.report.targets[row]
        box = self.filter_boxes["target"]
        box.setCurrentIndex(max(0, box.findText(result.label)) if result.misses else 0)

    def _target_edited(self, row: int, col: int) -> None:
        if self.report is None or col != 1:
            return
        key = self.report.targets[row].key
        try:
            statistics.set_target_value(key, self.targets.item(row, col).text().lstrip("≥ ").split("天")[0])
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "修改目标值", exc)
        self.reload()

    def count_unit(self) -> str:
        return "个未达标村(社区)"

    # ---- out
    def export_rows(self, path: Path, progress: Any) -> int:
        assert self.report is not None
        output.write_workbook(self.report, path)
        return len(self.tables)

    def export_excel(self, path: Path | None = None) -> None:
        path = path or file_dialogs.ask_save(
            self, "导出Excel", "干部队伍结构统计.xlsx", "Excel 文件 (*.xlsx)"
        )
        if path is None or self.report is None:
            return
        report = self.report
        run_task(
            self,
            "正在导出…",
            lambda _progress: output.write_workbook(report, path),
            on_done=lambda _r: messages.export_done(
                self, "导出Excel", path, f"已导出 {len(self.tables)} 张统计表。"
            ),
            on_error=lambda exc: messages.show_error(self, "导出Excel", exc),
        )

    def print_report(self, path: Path | None = None, preview: bool = True) -> None:
        report = self.report
        if report is None:
            return
        print_to_pdf(
            self,
            "打印统计报告",
            "干部队伍结构统计.pdf",
            lambda out, _progress: output.write_pdf(report, out),
            path,
            preview,
        )

    def print_actions(self) -> list[TabAction]:
        return [TabAction("干部队伍结构统计报告…", lambda: self.print_report())]


TAB_CLASS = StatisticsTab
