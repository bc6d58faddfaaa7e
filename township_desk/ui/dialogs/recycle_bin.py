"""The recycle bin (回收站): deleted records of every kind, to restore or purge."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import clock, recycle_bin
from township_desk.ui import messages


class RecycleBinDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        self.changed = False
        self.items: list[recycle_bin.DeletedItem] = []
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["类别", "内容", "删除时间"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel("回收站是空的。")
        self.restore_button = QPushButton("恢复")
        self.purge_button = QPushButton("彻底删除…")
        close_button = QPushButton("关闭")
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(640, 420)
        self.reload()

    def reload(self) -> None:
        self.items = recycle_bin.deleted_items()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            local = clock.office_time(item.deleted_at)  # the office's clock, not UTC (8 hours off)
            for column, text in enumerate((item.kind_label, item.description, local)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.empty_label.setVisible(not self.items)
        for button in (self.restore_button, self.purge_button):
            button.setEnabled(bool(self.items))
        if self.items:
            self.table.selectRow(0)

    def _selected(self) -> recycle_bin.DeletedItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        try:
            recycle_bin.restore(item.kind, item.id)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "恢复", exc)
            return
        self.changed = True
        self.reload()

    def purge_selected(self) -> None:
        item = self._selected()
        if item is None or not messages.confirm(
            self, "彻底删除", f"彻底删除“{item.description}”？此操作不能撤销。", "彻底删除"
        ):
            return
        try:
            recycle_bin.purge(item.kind, item.id)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "彻底删除", exc)
            return
        self.reload()
