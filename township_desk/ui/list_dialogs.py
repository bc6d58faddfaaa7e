"""Small dialogs of the lists: 批量修改 (one field for the selected rows) and 修改记录 (a record's history)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services.batch_edit import BatchField
from township_desk.services.record_history import HistoryLine


class BatchEditDialog(QDialog):
    """Choose a field and its new value for the selected rows."""

    def __init__(self, count: int, fields: Sequence[BatchField], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batch_edit_dialog")
        self.setWindowTitle("批量修改")
        self.fields = list(fields)
        self.field_box = QComboBox()
        self.field_box.setObjectName("batch_field")
        self.field_box.addItems([f.label for f in self.fields])
        self.values = QStackedWidget()
        self.editors: list[QWidget] = []
        for spec in self.fields:
            editor: QWidget
            if spec.kind == "bool":
                editor = QCheckBox("是")
            elif spec.choices:
                combo = QComboBox()
                combo.setEditable(spec.kind != "ref")
                combo.addItems(["", *spec.choices])
                editor = combo
            else:
                line = QLineEdit()
                if spec.kind == "date":
                    line.setPlaceholderText("如 2026-11-30 或 2026.11")
                editor = line
            editor.setObjectName(f"batch_value_{spec.key}")
            self.editors.append(editor)
            self.values.addWidget(editor)
        self.field_box.currentIndexChanged.connect(self.values.setCurrentIndex)
        note = QLabel(f"把选中的 {count} 条记录的这一项改为同一个值（可用 编辑 ▸ 撤销 Ctrl+Z 撤回）。")
        note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow("修改项目", self.field_box)
        form.addRow("改为", self.values)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("修改")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(lambda: self.apply() if self.apply is not None else self.accept())
        buttons.rejected.connect(self.reject)
        self.apply: Callable[[], None] | None = None  # writes, then accepts (or shows the refusal)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def choose(self, key: str, value: Any) -> None:
        """Pick a field and type its value (what the clerk does; tests use it too)."""
        index = next(i for i, f in enumerate(self.fields) if f.key == key)
        self.field_box.setCurrentIndex(index)
        editor = self.editors[index]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def chosen(self) -> tuple[str, Any]:
        index = self.field_box.currentIndex()
        editor = self.editors[index]
        value: Any
        if isinstance(editor, QCheckBox):
            value = editor.isChecked()
        elif isinstance(editor, QComboBox):
            value = editor.currentText().strip()
        else:
            value = editor.text().strip() if isinstance(editor, QLineEdit) else ""
        return self.fields[index].key, value

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


HISTORY_COLUMNS = ("时间", "用户", "操作", "对象", "修改内容（原值 → 新值）")


class HistoryDialog(QDialog):
    """修改记录: who changed the record, when, and what (old → new), newest first."""

    def __init__(self, title: str, lines: Sequence[HistoryLine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(f"修改记录 — {title}")
        self.table = QTableWidget(len(lines), len(HISTORY_COLUMNS))
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels(list(HISTORY_COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        for row, line in enumerate(lines):
            for column, text in enumerate((line.at, line.user, line.action, line.what, line.changes)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column, width in enumerate((140, 70, 60, 90)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        note = QLabel(
            f"共 {len(lines)} 条（最新的在前）。完整的操作日志见 文件 ▸ 操作日志。"
            if lines
            else "还没有修改记录（本程序记录操作日志之前的修改不会显示）。"
        )
        note.setObjectName("history_note")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        from township_desk.ui.screen_fit import fit_window

        fit_window(self, 900, 480)

    def texts(self) -> list[str]:
        """Every row as one line (tests read it)."""
        return [
            " ".join(self.table.item(r, c).text() for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]
