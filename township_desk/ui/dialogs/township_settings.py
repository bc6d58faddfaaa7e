"""文件 ▸ 本乡镇信息: the township's name, code, Party committee, unit and contact, printed on every form and
sent to the county (the same form as the 首页's first set-up step)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from township_desk.ui.village_dialogs import TownshipForm


class TownshipSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("本乡镇信息")
        self.form = TownshipForm()
        self.form.save_button.hide()  # the dialog's own 保存 button saves
        self.form.reload()
        self.form.saved.connect(self.accept)
        self.edits = self.form.edits
        self.error = self.form.error
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(480, 260)

    def save(self) -> None:
        self.form.save()
