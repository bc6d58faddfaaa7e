"""The column-mapping step of an import: each column of the sheet's header row → a field, or 忽略.

Shown when the importer finds no header it knows (or one without a required column); what the user chose is
checked by services.column_mapping.resolve (an unknown field, two columns for one field are refused) and
remembered for the next file with the same header texts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from township_desk.services.column_mapping import MappingRefused, resolve
from township_desk.services.excel_import import ImportColumn, field_for
from township_desk.services.normalize import clean_text
from township_desk.ui import messages

IGNORED = "（忽略此列）"


class ColumnMappingDialog(QDialog):
    def __init__(
        self,
        file_name: str,
        reason: str,
        headers: Sequence[str],
        columns: Sequence[ImportColumn],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入Excel：指定各列对应的内容")
        self.columns = tuple(columns)
        self.headers = [clean_text(h) for h in headers]
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"“{file_name}”：{reason}\n请为表中的每一列选择对应的内容（不需要的列选“{IGNORED}”）。"
            "红色 * 为必填。确定后会记住，下次导入同样表头的文件时自动使用。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for text in dict.fromkeys(h for h in self.headers if h):
            box = QComboBox()
            box.setObjectName(f"map_{text}")
            box.addItem(IGNORED, "")
            for column in self.columns:
                box.addItem(f"{column.label}{' *' if column.required else ''}", column.key)
            guess = field_for(text, self.columns)
            box.setCurrentIndex(max(0, box.findData(guess)) if guess else 0)
            self.boxes[text] = box
            form.addRow(text, box)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定，读取表格")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self, header: str, key: str) -> None:
        """Set one column's field ("" = ignore), as a click in its list would."""
        box = self.boxes[header]
        box.setCurrentIndex(box.findData(key))

    def mapping(self) -> dict[str, str]:
        return {text: str(box.currentData() or "") for text, box in self.boxes.items()}

    def accept(self) -> None:
        chosen = self.mapping()
        try:
            resolve(chosen, self.columns)
        except MappingRefused as exc:
            messages.show_error(self, "列对应关系", exc)
            return
        missing = [c.label for c in self.columns if c.required and c.key not in chosen.values()]
        if missing:
            messages.show_error(self, "列对应关系", f"还没有选择必填的：{'、'.join(missing)}。")
            return
        super().accept()
