"""文件 ▸ 合并记录 (county) and 文件 ▸ 重新生成本库标识 (township)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from township_desk.services.merge import merge_history
from township_desk.ui import messages

if TYPE_CHECKING:
    from township_desk.ui.main_window import MainWindow

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
            values = [record.file_name, record.township, record.exported_at, record.merged_at,
                      f"{record.rows_changed} 条", record.signature, record.result]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        label = QLabel(f"已合并 {len(records)} 个文件（时间均为北京时间）。" if records else "还没有合并过乡镇文件。")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 420)


def rekey_database(window: MainWindow) -> None:
    """Give the open township database fresh identities after asking (a file copied from another township)."""
    from township_desk.services import township_identity
    from township_desk.services.settings import township_name

    question = (f"本库（{township_name()}）是从别的乡镇的文件复制来的吗？\n\n重新生成标识后，本库的乡镇标识和全部记录编号"
                "都换成新的，导出的文件将作为一个新的乡镇合并，不会改动原乡镇在县里的数据。\n"
                "如果本库一直是本乡镇自己的数据，请不要这样做。")
    if not messages.confirm(window, "重新生成本库标识", question, yes="重新生成"):
        return
    try:
        result = township_identity.open_rekey()
    except Exception as exc:  # noqa: BLE001 - shown to the clerk
        messages.show_error(window, "重新生成本库标识", exc)
        return
    window.reload_all()
    window.show_status(result.summary())
