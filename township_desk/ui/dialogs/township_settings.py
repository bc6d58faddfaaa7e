"""文件 ▸ 本乡镇信息: the township's name, unit and code, printed on every form and sent to the county."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from township_desk.services.settings import get_setting, set_setting

FIELDS = (
    ("township", "乡镇(街道)名称", "如 漳江镇"),
    ("unit", "填报单位", "如 中共漳江镇委员会组织办"),
    ("township_code", "乡镇代码", "统计用区划代码前 9 位，如 430725100"),
)


class TownshipSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("本乡镇信息")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label, hint in FIELDS:
            edit = QLineEdit(get_setting(key))
            edit.setPlaceholderText(hint)
            edit.setObjectName(key)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, 180)

    def save(self) -> None:
        values = {key: edit.text().strip() for key, edit in self.edits.items()}
        if not values["township"]:
            self.error.setText("请填写乡镇(街道)名称。")
            return
        code = values["township_code"]
        if code and not (code.isascii() and code.isdigit()):
            self.error.setText("乡镇代码只能是数字。")
            return
        from township_desk.services import township_identity
        from township_desk.ui.dialogs import township_identity as identity_dialog

        # renamed after an export: the same township renamed, or another one made from a copy?
        question = township_identity.open_rename_question(values["township"])
        choice = identity_dialog.ask_rename_or_new(self, question) if question else None
        if question and choice is None:
            return
        for key, value in values.items():
            set_setting(key, value)
        if choice == "rename":
            township_identity.open_confirm_rename()
        elif choice == "rekey":
            township_identity.open_rekey()
        self.accept()
