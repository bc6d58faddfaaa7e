"""The window's part of issue 23: 文件 ▸ 用户管理 (add, change role, reset password, stop and start again),
文件 ▸ 加密数据库 (warning, password, recovery key) and opening an encrypted file with a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from township_desk import cipher, session
from township_desk.db import close_database
from township_desk.services import encryption, users
from township_desk.ui.dialogs import encryption as encryption_dialogs
from township_desk.ui.dialogs import users_admin

PASSWORD = "窗口密码123"


@pytest.fixture(autouse=True)
def clean_state(monkeypatch):
    monkeypatch.setattr(encryption, "KDF", {**encryption.KDF, "memory_cost": 8192, "time_cost": 1})
    cipher.forget()
    session.sign_out()
    yield
    cipher.forget()
    session.sign_out()


def answer_form(monkeypatch, **values):
    """The next user form is answered with these values (a real form, filled in)."""

    def fake(parent, title, **options):
        form = users_admin.UserFormDialog(parent, title, **options)
        if "name" in values and not form.name.isReadOnly():
            form.name.setText(values["name"])
        if "role" in values:
            form.role.setCurrentText(values["role"])
        form.password.setText(values.get("password", ""))
        form.again.setText(values.get("password", ""))
        return form

    monkeypatch.setattr(users_admin, "ask_user", fake)


def states(dialog) -> dict[str, tuple[str, str]]:
    table = dialog.table
    return {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }


def select(dialog, name: str) -> None:
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == name)
    dialog.table.selectRow(row)


def test_the_users_dialog_adds_changes_role_resets_password_and_stops_users(main_window, qtbot, monkeypatch):
    dialog = users_admin.open_users(main_window)
    qtbot.addWidget(dialog)
    answer_form(monkeypatch, name="老王", role="管理员", password="laowang1")
    dialog.buttons["add"].click()
    assert states(dialog) == {"老王": ("管理员", "正常")}
    assert session.SESSION.user == "老王"  # who set up users goes on as its administrator

    answer_form(monkeypatch, name="小李", role="录入员", password="xiaoli1")
    dialog.buttons["add"].click()
    select(dialog, "小李")
    answer_form(monkeypatch, role="查看")
    dialog.buttons["role"].click()
    assert states(dialog)["小李"] == ("查看", "正常")

    answer_form(monkeypatch, password="xiaoli2")
    dialog.buttons["password"].click()
    select(dialog, "小李")
    dialog.buttons["lock"].click()
    assert states(dialog)["小李"][1] == "已停用"
    with pytest.raises(users.LoginError, match="已停用"):
        users.authenticate("小李", "xiaoli2")
    select(dialog, "小李")
    dialog.buttons["unlock"].click()
    assert states(dialog)["小李"][1] == "正常"

    select(dialog, "老王")  # the last administrator cannot be stopped: said, nothing changed
    dialog.buttons["lock"].click()
    assert "唯一的管理员" in main_window.errors_shown[-1]
    assert states(dialog)["老王"] == ("管理员", "正常")

    users.authenticate("小李", "xiaoli2")  # the reset password works; a 查看 user may not manage users
    assert users_admin.open_users(main_window) is None
    assert "只有管理员" in main_window.errors_shown[-1]


def test_the_window_encrypts_the_file_and_shows_the_recovery_key(main_window, qtbot, monkeypatch, tmp_path):
    path = Path(main_window.db_path)
    shown: list[str] = []
    monkeypatch.setattr(encryption_dialogs, "ask_encrypt", lambda parent, p: ("", PASSWORD))
    monkeypatch.setattr(encryption_dialogs, "show_recovery_key", lambda parent, p, key: shown.append(key))
    main_window.encrypt_database()
    assert shown and len(shown[0].split("-")) == 13
    assert encryption.is_encrypted(path)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    from township_desk.models.people import Person

    assert Person.select().count() > 0  # the window goes on with the encrypted file

    close_database()
    cipher.forget()
    dialog = encryption_dialogs.UnlockDialog(None, path)
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong-password")
    dialog.try_unlock()
    assert "密码不正确" in dialog.message.text() and dialog.result() == 0
    dialog.password.setText(PASSWORD)
    dialog.try_unlock()
    assert dialog.credentials == ("", PASSWORD)
    assert encryption.held_key(path) is not None


def test_the_encrypt_dialog_warns_and_asks_for_the_acknowledgement(qtbot, db):
    dialog = encryption_dialogs.EncryptDialog(None, db)
    qtbot.addWidget(dialog)
    warning = dialog.findChild(type(dialog.message), "encrypt_warning").text()
    assert "恢复密钥" in warning and "无法找回" in warning
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    dialog.check()
    assert "我已了解" in dialog.message.text() and dialog.result() == 0
    dialog.understood.setChecked(True)
    dialog.check()
    assert dialog.result() == 1


def test_the_recovery_key_page_is_saved_as_a_pdf_with_the_key(qtbot, tmp_path, monkeypatch):
    from reports.pdf_helpers import page_texts, squash

    from township_desk.ui import file_dialogs

    key = encryption.format_recovery(bytes(range(32)))
    monkeypatch.setattr(file_dialogs, "ask_save", lambda *args: tmp_path / "恢复密钥.pdf")
    dialog = encryption_dialogs.RecoveryKeyDialog(None, tmp_path / "乡镇.db", key)
    qtbot.addWidget(dialog)
    out = dialog.save_pdf()
    text = squash("".join(page_texts(out)))
    assert key.split("-")[0] in text and "恢复密钥" in text and "无法找回" in text
