"""文件 ▸ 密钥管理 (county: issue and revoke townships' keys) and 文件 ▸ 安装县里的密钥 (township)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import county_keys
from township_desk.services.county_trust import beijing
from township_desk.ui import file_dialogs, messages

if TYPE_CHECKING:
    from township_desk.ui.main_window import MainWindow

KEY_FILTER = "密钥文件 (*.key)"


class CountyKeysDialog(QDialog):
    """The keys the open county database issued: issue one for a township, revoke a township's keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("密钥管理")
        self.township = QLineEdit()
        self.township.setPlaceholderText("乡镇名称，与乡镇数据库中的名称一致")
        issue = QPushButton("发放密钥…")
        issue.clicked.connect(self.issue)
        revoke = QPushButton("作废该乡镇的密钥")
        revoke.clicked.connect(self.revoke)
        row = QHBoxLayout()
        row.addWidget(QLabel("乡镇："))
        row.addWidget(self.township, 1)
        row.addWidget(issue)
        row.addWidget(revoke)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["乡镇", "密钥编号", "发放时间", "状态"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)
        note = QLabel(
            "发放密钥后，该乡镇导出的上报文件都签名并加密，县里只接收签名的文件。密钥文件丢失时先作废，再重新发放。"
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 400)
        self.refresh()

    def refresh(self) -> None:
        keys = county_keys.issued_keys()
        self.table.setRowCount(len(keys))
        for index, key in enumerate(keys):
            state = f"已作废（{beijing(key.revoked_at)}）" if key.revoked_at else "有效"
            for column, value in enumerate([key.township, key.key_id, beijing(key.issued_at), state]):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def _selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.township.setText(self.table.item(items[0].row(), 0).text())

    def issue(self) -> None:
        name = self.township.text().strip()
        if not name:
            messages.show_error(self, "发放密钥", "请填写乡镇名称。")
            return
        out = file_dialogs.ask_save(self, "保存密钥文件", f"{name}.key", KEY_FILTER)
        if out is None:
            return
        try:
            county_keys.issue_key(name, out)
        except Exception as exc:  # noqa: BLE001 - shown to the clerk
            messages.show_error(self, "发放密钥", exc)
            return
        self.refresh()

    def revoke(self) -> None:
        name = self.township.text().strip()
        if not name or not messages.confirm(
            self, "作废密钥", f"作废“{name}”的密钥？此后用它签名的文件都将被拒收。", yes="作废"
        ):
            return
        try:
            county_keys.revoke_keys(name)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "作废密钥", exc)
            return
        self.refresh()


def install_county_key(window: MainWindow) -> None:
    """Choose the key file the county issued and install it in the open township database."""
    path = file_dialogs.ask_open(window, "选择县委组织部发放的密钥文件", KEY_FILTER)
    if path is None:
        return
    try:
        body = county_keys.install_key(path)
    except Exception as exc:  # noqa: BLE001 - shown to the clerk
        messages.show_error(window, "安装密钥", exc)
        return
    window.show_status(f"已安装发给“{body['township']}”的密钥：此后导出的上报文件都签名并加密。")
