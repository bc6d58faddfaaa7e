"""文件 ▸ 合并记录: each township file merged into the open county database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services.county_view import merge_history

HEADERS = ["文件", "乡镇", "导出时间", "合并时间", "新增或更新", "签名", "结果"]


class MergeLogDialog(QDialog):
    """Each file merged into the open county database: township, export time, rows, signature, result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("合并记录")
        records = merge_history()
        self.table = QTableWidget(len(records), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, record in enumerate(records):
            values = [
                record.file_name,
                record.township,
                record.exported_at,
                record.merged_at,
                f"{record.rows_changed} 条",
                record.signature,
                record.result,
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        label = QLabel(
            f"已合并 {len(records)} 个文件（时间均为北京时间）。" if records else "还没有合并过乡镇文件。"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 420)
