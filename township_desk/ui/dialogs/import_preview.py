"""The preview of an Excel import (the rows that will be written, the refused rows with reasons, the warnings),
and the sheet chooser shown first when a workbook has several sheets that could be imported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from township_desk.services.excel_import import ImportPlan

PreviewColumn = tuple[str, Callable[[Any], object]]
SHOWN_LIMIT = 2000  # a preview lists this many rows; the count above says how many there are


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ImportPreviewDialog(QDialog):
    """Nothing is written until the user presses 导入."""

    def __init__(
        self, plan: ImportPlan[Any], columns: Sequence[PreviewColumn], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入预览 — {plan.file.name}")
        self.plan = plan
        summary = QLabel(
            f"工作表“{plan.sheet}”，{plan.header_text()}。"
            f"可导入 <b>{len(plan.accepted)}</b> 行，拒绝 <b style='color:#b00020'>{len(plan.refused)}</b> 行。"
            + ("" if plan.accepted else "<br>没有可以导入的行。")
        )
        summary.setObjectName("summary")
        found = QLabel(
            "识别的列："
            + "、".join(plan.columns.values())
            + (f"<br><span style='color:#b00020'>{plan.ignored_text()}</span>" if plan.ignored else "")
        )
        found.setObjectName("found_columns")
        found.setWordWrap(True)
        tabs = QTabWidget()
        accepted_rows = [
            [row, *(getter(record) for _label, getter in columns)]
            for row, record in plan.accepted[:SHOWN_LIMIT]
        ]
        self.accepted_table = _table(["行号", *(label for label, _ in columns)], accepted_rows)
        self.refused_table = _table(
            ["行号", "姓名", "原因"], [[r.sheet_row, r.name, r.reason] for r in plan.refused[:SHOWN_LIMIT]]
        )
        tabs.addTab(self.accepted_table, f"将导入（{len(plan.accepted)}）")
        tabs.addTab(self.refused_table, f"拒绝（{len(plan.refused)}）")
        self.warnings_table = _table(
            ["行号", "姓名", "提示（已导入，按身份证号等登记）"],
            [[w.sheet_row, w.name, w.reason] for w in plan.warnings[:SHOWN_LIMIT]],
        )
        tabs.addTab(self.warnings_table, f"提示（{len(plan.warnings)}）")
        if plan.refused:
            tabs.setCurrentIndex(1)
        elif plan.warnings:
            tabs.setCurrentIndex(2)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            f"导入 {len(plan.accepted)} 行", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(bool(plan.accepted))
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(found)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)


class SheetChooserDialog(QDialog):
    """Which sheet to import, when more than one visible sheet has a header that could be imported."""

    def __init__(self, file_name: str, sheets: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"选择工作表 — {file_name}")
        text = QLabel(f"“{file_name}”中有 {len(sheets)} 个工作表可以导入，请选择一个（隐藏的工作表不导入）：")
        text.setWordWrap(True)
        self.sheets = QComboBox()
        self.sheets.setObjectName("sheet_choice")
        self.sheets.addItems(list(sheets))
        buttons = QDialogButtonBox()
        buttons.addButton("读取此工作表", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.sheets)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        return self.sheets.currentText()
