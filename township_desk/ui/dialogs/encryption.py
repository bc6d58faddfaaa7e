"""Encryption at rest in the window (issue 23): opening an encrypted file (password or recovery key),
文件 ▸ 加密数据库… with its warning and the recovery key to print, 文件 ▸ 解除数据库加密…. The rules are in
services/encryption.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from township_desk import session
from township_desk.services import encryption
from township_desk.services.records import ValidationError
from township_desk.ui import messages

WARNING = (
    "加密后，数据库、备份和临时副本都只能用密码打开。\n\n"
    "如果忘记密码，唯一的补救是“恢复密钥”：加密完成后会显示，请立即打印（或抄写）并存放在保险柜等安全的地方，"
    "不要与电脑放在一起。\n\n"
    "密码和恢复密钥都丢失，数据将永远无法找回，任何人（包括软件开发者）都无法解密。"
)


class UnlockDialog(QDialog):
    """The password of a user (or of the file, while it has no users), or the recovery key."""

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        self.setWindowTitle("打开加密的数据库")
        self.path = path
        self.credentials: tuple[str, str] | None = None
        try:
            names = encryption.wraps_of(path)
        except encryption.EncryptionError as exc:
            names = []
            self._error = str(exc)
        else:
            self._error = ""
        self.user = QComboBox()
        self.user.setObjectName("unlock_user")
        self.user.setEditable(True)
        self.user.addItems([name for name in names if name])
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery = QLineEdit()
        self.recovery.setObjectName("unlock_recovery")
        self.recovery.setPlaceholderText("XXXX-XXXX-…（13 组）")
        self.recovery.setVisible(False)
        self.use_recovery = QPushButton("忘记密码？使用恢复密钥…")
        self.use_recovery.setObjectName("unlock_use_recovery")
        self.use_recovery.setFlat(True)
        self.use_recovery.clicked.connect(self.show_recovery)
        self.message = QLabel(self._error)
        self.message.setObjectName("unlock_message")
        self.message.setStyleSheet("color: #b02a37;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        self.has_users = any(names)
        if self.has_users:
            form.addRow("用户名", self.user)
        form.addRow("密码", self.password)
        form.addRow("恢复密钥", self.recovery)
        self.recovery_label = form.labelForField(self.recovery)
        if self.recovery_label is not None:
            self.recovery_label.setVisible(False)
        buttons = QDialogButtonBox()
        buttons.addButton("打开", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"数据库“{path.name}”已加密，请输入密码。"))
        layout.addLayout(form)
        layout.addWidget(self.use_recovery)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    def show_recovery(self) -> None:
        self.recovery.setVisible(True)
        if self.recovery_label is not None:
            self.recovery_label.setVisible(True)
        self.recovery.setFocus()

    def try_unlock(self) -> None:
        try:
            if self.recovery.isVisible() and self.recovery.text().strip():
                encryption.unlock_with_recovery(self.path, self.recovery.text())
                self.credentials = ("", "")
            else:
                user = self.user.currentText().strip() if self.has_users else ""
                encryption.unlock(self.path, user, self.password.text())
                self.credentials = (user, self.password.text())
        except (ValidationError, encryption.EncryptionError) as exc:
            self.message.setText(str(exc))
            self.password.clear()
            return
        self.accept()


def ask_unlock(parent: QWidget | None, path: Path) -> tuple[str, str] | None:
    """(user, password) once the key is unwrapped (("", "") by the recovery key); None when given up.
    Tests replace this function or drive UnlockDialog."""
    dialog = UnlockDialog(parent, path)
    return dialog.credentials if dialog.exec() == QDialog.DialogCode.Accepted else None


class EncryptDialog(QDialog):
    """The warning, the password that will open the file, and the clerk's acknowledgement."""

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("encrypt_dialog")
        self.setWindowTitle("加密数据库")
        self.path = path
        self.user = session.SESSION.user
        warning = QLabel(WARNING)
        warning.setObjectName("encrypt_warning")
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b02a37;")
        self.password = QLineEdit()
        self.password.setObjectName("encrypt_password")
        self.again = QLineEdit()
        self.again.setObjectName("encrypt_again")
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        if self.user:
            form.addRow(f"您（{self.user}）的登录密码", self.password)
        else:
            form.addRow("设置打开密码", self.password)
            form.addRow("再输入一次", self.again)
        self.understood = QCheckBox("我已了解：忘记密码又丢失恢复密钥，数据将无法找回")
        self.understood.setObjectName("encrypt_understood")
        self.message = QLabel("")
        self.message.setObjectName("encrypt_message")
        self.message.setStyleSheet("color: #b02a37;")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("加密", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.understood)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def check(self) -> None:
        if not self.understood.isChecked():
            self.message.setText("请先勾选“我已了解”。")
            return
        if not self.user and self.password.text() != self.again.text():
            self.message.setText("两次输入的密码不一致。")
            return
        if self.user:
            from township_desk.services import users

            try:
                users.authenticate(self.user, self.password.text())
            except ValidationError as exc:
                self.message.setText(str(exc))
                return
        self.accept()


def ask_encrypt(parent: QWidget | None, path: Path) -> tuple[str, str] | None:
    """(user, password) to wrap the key with; None when cancelled. Tests replace this function."""
    dialog = EncryptDialog(parent, path)
    return (dialog.user, dialog.password.text()) if dialog.exec() == QDialog.DialogCode.Accepted else None


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once, with a button to save it as a page to print."""

    def __init__(self, parent: QWidget | None, path: Path, key: str) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_key_dialog")
        self.setWindowTitle("恢复密钥")
        self.path, self.key = path, key
        shown = QLabel(key)
        shown.setObjectName("recovery_key_text")
        shown.setStyleSheet("font-family: monospace; font-size: 16pt;")
        shown.setWordWrap(True)
        from PySide6.QtCore import Qt

        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        save = QPushButton("保存为 PDF 以便打印…")
        save.setObjectName("recovery_key_pdf")
        save.clicked.connect(self.save_pdf)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("我已打印并妥善保管")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("这是恢复密钥，只显示这一次。忘记密码时只有它能打开数据库："))
        layout.addWidget(shown)
        layout.addWidget(save)
        layout.addWidget(close)

    def save_pdf(self) -> Path | None:
        from township_desk.reports.recovery_key import render_recovery_key
        from township_desk.ui import file_dialogs

        out = file_dialogs.ask_save(
            self, "保存恢复密钥", f"{self.path.stem}-恢复密钥.pdf", "PDF 文件 (*.pdf)"
        )
        if out is None:
            return None
        try:
            render_recovery_key(out, self.path.name, self.key)
        except OSError as exc:
            messages.show_error(self, "保存恢复密钥", exc)
            return None
        return Path(out)


def show_recovery_key(parent: QWidget | None, path: Path, key: str) -> None:
    RecoveryKeyDialog(parent, path, key).exec()


def encrypt_from_window(window: Any) -> None:
    """文件 ▸ 加密数据库…: the warning, a password, a verified backup, the conversion, the recovery key."""
    from township_desk.db import open_database
    from township_desk.services import encryption, users
    from township_desk.ui import messages
    from township_desk.ui.workers import wait_for_tasks

    try:
        users.require_admin("加密数据库")
        if encryption.is_encrypted(window.db_path):
            raise encryption.EncryptionError("数据库已经加密。")
    except Exception as exc:  # noqa: BLE001
        messages.show_error(window, "加密数据库", exc)
        return
    answer = ask_encrypt(window, window.db_path)
    if answer is None:
        return
    wait_for_tasks()  # a backup running on the pool finishes first
    try:
        done = encryption.encrypt_database(window.db_path, answer[1], answer[0], say=window.show_status)
    except Exception as exc:  # noqa: BLE001 - refused or failed: the file is as it was
        messages.show_error(window, "加密数据库", exc)
        done = None
    open_database(window.db_path, lock=True)
    if done is None:
        return
    window.reload_all()
    window.show_status(f"已加密“{window.db_path.name}”")
    show_recovery_key(window, window.db_path, done.recovery_key)


def decrypt_from_window(window: Any) -> None:
    from township_desk.db import open_database
    from township_desk.services import encryption, users
    from township_desk.ui import messages
    from township_desk.ui.workers import wait_for_tasks

    try:
        users.require_admin("解除数据库加密")
        if not encryption.is_encrypted(window.db_path):
            raise encryption.EncryptionError("数据库没有加密。")
    except Exception as exc:  # noqa: BLE001
        messages.show_error(window, "解除数据库加密", exc)
        return
    if not messages.confirm(
        window,
        "解除数据库加密",
        "解除加密后，数据库和备份将以明文保存，任何人拿到文件都能读取。确定解除？",
        "解除加密",
    ):
        return
    wait_for_tasks()
    try:
        encryption.decrypt_database(window.db_path, say=window.show_status)
    except Exception as exc:  # noqa: BLE001
        messages.show_error(window, "解除数据库加密", exc)
        open_database(window.db_path, lock=True)
        return
    open_database(window.db_path, lock=True)
    window.reload_all()
    window.show_status(f"已解除“{window.db_path.name}”的加密")
