"""Signing in (登录) once a file has users, and locking the window after N idle minutes (issue 23)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from township_desk.services import users


class LoginDialog(QDialog):
    """User and password; a wrong password says so (and how many tries are left) and the dialog stays.

    locked_to: the window was locked; only that user (or an administrator) may open it again."""

    def __init__(
        self, parent: QWidget | None = None, file_name: str = "", locked_to: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle("窗口已锁定" if locked_to else "登录")
        self.locked_to = locked_to
        self.user = QComboBox()
        self.user.setObjectName("login_user")
        self.user.setEditable(True)
        self.user.addItems([info.name for info in users.list_users() if not info.disabled])
        if locked_to:
            self.user.setCurrentText(locked_to)
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setObjectName("login_message")
        self.message.setStyleSheet("color: #b02a37;")
        self.message.setWordWrap(True)
        intro = (
            f"窗口空闲后已锁定。请“{locked_to}”输入密码继续。"
            if locked_to
            else f"数据库“{file_name}”已启用用户登录，请输入用户名和密码。"
        )
        form = QFormLayout()
        form.addRow("用户名", self.user)
        form.addRow("密码", self.password)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出程序" if not locked_to else "关闭程序", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    def try_sign_in(self) -> None:
        name = self.user.currentText().strip()
        if self.locked_to and name != self.locked_to:
            try:
                info = users.authenticate(name, self.password.text())
            except users.LoginError as exc:
                self.message.setText(str(exc))
                self.password.clear()
                return
            if info.role != users.ADMIN:
                self.message.setText(f"窗口由“{self.locked_to}”锁定，只有本人或管理员可以解锁。")
                return
            self.accept()
            return
        try:
            users.authenticate(name, self.password.text())
        except users.LoginError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            return
        self.accept()


def ask(parent: QWidget | None, file_name: str = "", locked_to: str | None = None) -> bool:
    """Show the login dialog until someone signs in (True) or the clerk gives up (False).

    Tests replace this function (as they answer ui.messages) or drive LoginDialog directly."""
    dialog = LoginDialog(parent, file_name, locked_to)
    return dialog.exec() == QDialog.DialogCode.Accepted


class IdleLock(QObject):
    """Locks the window after `minutes` without a key press or a mouse click: its contents are hidden and
    the login dialog asks for the password again."""

    INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self, minutes: int) -> None:
        """(Re)start counting; 0 minutes: never lock."""
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(minutes * 60_000)
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self.INPUT and self.timer.isActive():
            self.timer.start()  # any input starts the minutes again
        return False

    def lock(self) -> None:
        from township_desk import session

        if self.locked or not session.SESSION.user:
            return
        self.locked = True
        central = self.window.centralWidget() if hasattr(self.window, "centralWidget") else None
        if central is not None:
            central.hide()
        user = session.SESSION.user
        try:
            opened = ask(self.window, locked_to=user)
        finally:
            self.locked = False
        if not opened:
            self.window.close()
            return
        if central is not None:
            central.show()
        self.timer.start()


def attach(window: QWidget) -> IdleLock:
    lock = IdleLock(window)
    lock.setObjectName("idle_lock")
    return lock
