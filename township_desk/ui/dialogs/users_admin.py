"""文件 ▸ 用户管理 (管理员 only, issue 23): users with role and state; add, change role, reset password, stop and
start again. Every rule (the first user is an administrator, the last administrator stays, passwords of at
least six characters, an encrypted file's key wrapped for the new password) is in services/users.py."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from township_desk import masking, session
from township_desk.services import users
from township_desk.services.records import ValidationError
from township_desk.ui import messages

COLUMNS = ("用户名", "角色", "状态")


class UserFormDialog(QDialog):
    """A user's name, role and password (twice); only the parts asked for are shown."""

    def __init__(
        self, parent: QWidget | None, title: str, *, name: str = "", role: bool = True, password: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("user_form_dialog")
        self.setWindowTitle(title)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setObjectName("user_form_name")
        self.name.setReadOnly(bool(name))
        form.addRow("用户名", self.name)
        self.role = QComboBox()
        self.role.setObjectName("user_form_role")
        self.role.addItems(list(users.ROLES))
        if role:
            form.addRow("角色", self.role)
        self.password = QLineEdit()
        self.password.setObjectName("user_form_password")
        self.again = QLineEdit()
        self.again.setObjectName("user_form_again")
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if password:
            form.addRow("密码", self.password)
            form.addRow("再输入一次", self.again)
        self.message = QLabel("")
        self.message.setObjectName("user_form_message")
        self.message.setStyleSheet("color: #b02a37;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.shows_password = password

    def check(self) -> None:
        if self.shows_password and self.password.text() != self.again.text():
            self.message.setText("两次输入的密码不一致。")
            return
        self.accept()


def ask_user(parent: QWidget | None, title: str, **options: object) -> UserFormDialog | None:
    """The form, answered (None when cancelled). Tests replace this function to answer it."""
    dialog = UserFormDialog(parent, title, **options)  # type: ignore[arg-type]
    return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None


class UsersDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_dialog")
        self.setWindowTitle("用户管理")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add", "添加用户…", self.add),
            ("role", "修改角色…", self.change_role),
            ("password", "重设密码…", self.reset_password),
            ("lock", "停用", self.lock),
            ("unlock", "启用/解锁", self.unlock),
        ):
            button = QPushButton(text)
            button.setObjectName(f"users_{key}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        from PySide6.QtWidgets import QCheckBox

        self.mask_phones = QCheckBox("名单、打印和导出中隐藏手机号（如 138****1234）")
        self.mask_phones.setObjectName("users_mask_phones")
        self.mask_phones.setChecked(masking.phones_setting())
        self.mask_phones.toggled.connect(self._set_phone_masking)
        note = QLabel(
            "角色：管理员（用户、设置、恢复、合并、密钥）；录入员（修改记录）；查看（只读，身份证号和手机号隐藏）。"
            "密码连续输错 5 次锁定 15 分钟。"
        )
        note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.mask_phones)
        layout.addWidget(close)
        self.resize(560, 380)
        self.refresh()

    def refresh(self) -> None:
        found = users.list_users()
        self.table.setRowCount(len(found))
        for number, info in enumerate(found):
            for column, text in enumerate((info.name, info.role, info.state())):
                self.table.setItem(number, column, QTableWidgetItem(text))
        if found and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def selected(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            messages.show_error(self, "用户管理", "请先在列表中选一个用户。")
            return None
        return item.text()

    def _do(self, title: str, action: object) -> bool:
        try:
            action()  # type: ignore[operator]
        except (ValidationError, Exception) as exc:  # noqa: BLE001 - every refusal is shown, nothing half-done
            messages.show_error(self, title, exc)
            return False
        self.refresh()
        return True

    def add(self) -> None:
        first = not users.users_enabled()
        form = ask_user(self, "添加用户")
        if form is None:
            return
        name, role, password = form.name.text().strip(), form.role.currentText(), form.password.text()
        if self._do("添加用户", lambda: users.add_user(name, role, password)) and first:
            session.sign_in(name, role)  # the one who set up users goes on as its administrator

    def change_role(self) -> None:
        name = self.selected()
        if name is None:
            return
        form = ask_user(self, "修改角色", name=name, password=False)
        if form is not None:
            self._do("修改角色", lambda: users.set_role(name, form.role.currentText()))

    def reset_password(self) -> None:
        name = self.selected()
        if name is None:
            return
        form = ask_user(self, "重设密码", name=name, role=False)
        if form is not None:
            self._do("重设密码", lambda: users.set_password(name, form.password.text()))

    def lock(self) -> None:
        name = self.selected()
        if name is not None and messages.confirm(
            self, "停用用户", f"停用“{name}”？停用后该账号不能登录。", "停用"
        ):
            self._do("停用用户", lambda: users.lock_user(name))

    def unlock(self) -> None:
        name = self.selected()
        if name is not None:
            self._do("启用用户", lambda: users.unlock_user(name))

    def _set_phone_masking(self, on: bool) -> None:
        if not self._do("隐藏手机号", lambda: users.set_phone_masking(on)):
            self.mask_phones.blockSignals(True)
            self.mask_phones.setChecked(masking.phones_setting())
            self.mask_phones.blockSignals(False)


def open_users(parent: QWidget) -> UsersDialog | None:
    """Only an administrator (or anyone while the file has no users: the first must be an administrator)."""
    try:
        users.require_admin("管理用户")
    except ValidationError as exc:
        messages.show_error(parent, "用户管理", exc)
        return None
    dialog = UsersDialog(parent)
    dialog.open()
    return dialog
