"""The window once a file has users (issue 23): the login dialog before anything is read, the idle lock,
a 查看 user's masked ID numbers and read-only banner, 文件 ▸ 操作日志."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QDialog
from window_helpers import show_tab

from township_desk import masking, session
from township_desk.db import close_database, open_database
from township_desk.services import audit, users


@pytest.fixture(autouse=True)
def signed_out():
    session.sign_out()
    yield
    session.sign_out()


@pytest.fixture
def file_with_users(demo_template, tmp_path):
    path = tmp_path / "users.db"
    shutil.copyfile(demo_template, path)
    open_database(path)
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小李", "查看", "viewer1")
    close_database()
    session.sign_out()
    return path


def test_the_login_dialog_refuses_a_wrong_password_and_signs_in_with_the_right_one(qtbot, file_with_users):
    from township_desk.ui.app import make_application
    from township_desk.ui.dialogs.login import LoginDialog

    make_application()
    open_database(file_with_users)
    try:
        dialog = LoginDialog(None, file_with_users.name)
        qtbot.addWidget(dialog)
        dialog.user.setCurrentText("老王")
        dialog.password.setText("wrong")
        dialog.ok.click()
        assert (
            "用户名或密码不正确" in dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted
        )
        assert session.SESSION.user == ""
        dialog.password.setText("secret1")
        dialog.ok.click()
        assert dialog.result() == QDialog.DialogCode.Accepted and session.SESSION.role == "管理员"
    finally:
        close_database()


def test_the_window_asks_who_before_reading_and_a_viewer_sees_masked_numbers(
    qtbot, file_with_users, qt_settings, monkeypatch
):
    from township_desk.ui import messages
    from township_desk.ui.app import make_application
    from township_desk.ui.dialogs import login
    from township_desk.ui.main_window import MainWindow

    make_application()
    asked: list[bool] = []

    def answer(parent, file_name="", locked_to=None):
        asked.append(parent.loaded)
        dialog = login.LoginDialog(parent, file_name, locked_to)
        dialog.user.setCurrentText("小李")
        dialog.password.setText("viewer1")
        dialog.try_sign_in()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(login, "ask", answer)
    monkeypatch.setattr(messages, "show_error", lambda parent, title, exc: None)
    window = MainWindow(file_with_users, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded)
    assert asked == [False]  # asked before the first tab read the file
    assert session.SESSION.user == "小李"
    assert "只能查看" in window.readonly_banner.text() and window.readonly_banner.isVisibleTo(window)
    # the record form shows the number masked
    tab = show_tab(window, "干部")
    editor = tab.open_editor(tab.model.row_id(0))
    qtbot.addWidget(editor)
    from township_desk.ui.record_editor import get_value

    shown = get_value(editor.widgets["id_number"])
    assert "********" in shown and shown == masking.mask_id(editor.opened["id_number"])
    # the idle lock hides the contents and asks the same user again
    hidden: list[bool] = []

    def again(parent, file_name="", locked_to=None):
        hidden.append(not window.centralWidget().isVisible())
        assert locked_to == "小李"
        return True

    monkeypatch.setattr(login, "ask", again)
    window.idle_lock.lock()
    assert hidden == [True] and window.centralWidget().isVisible()
    from township_desk.ui.tabs import TABS

    qtbot.waitUntil(
        lambda: len(window.built_pages()) == len(TABS)
    )  # no page is built after the window closed
    window.close()
    close_database()


def test_giving_up_at_the_login_reads_nothing_and_exits(qtbot, file_with_users, qt_settings, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from township_desk.ui.app import make_application
    from township_desk.ui.dialogs import login
    from township_desk.ui.main_window import MainWindow

    make_application()
    codes: list[int] = []
    monkeypatch.setattr(login, "ask", lambda parent, file_name="", locked_to=None: False)
    monkeypatch.setattr(QApplication, "exit", lambda code=0: codes.append(code))
    window = MainWindow(file_with_users, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: codes == [2])
    assert not window.loaded and window.built_pages() == []
    window.close()
    close_database()


def test_the_audit_log_dialog_lists_filters_and_refuses_a_clerk(main_window, qtbot, monkeypatch):
    from township_desk.models.people import Person
    from township_desk.ui.dialogs.audit_log import open_audit_log

    person = Person.create(name="日志里的人", id_number="")
    Person.update(phone="13900000003").where(Person.id == person.id).execute()
    dialog = open_audit_log(main_window)
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())]
    assert texts.count("日志里的人") == 2
    dialog.subject.setText(person.id)
    dialog.refresh()
    actions = sorted(dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount()))
    assert actions == ["修改", "新增"]
    assert any("13900000003" in dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount()))
    dialog.close()
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小张", "录入员", "clerk12")
    users.authenticate("小张", "clerk12")
    assert open_audit_log(main_window) is None
    assert any("只有管理员可以查看操作日志" in e for e in main_window.errors_shown)
    assert audit.entries(audit.Query(subject="登录"))
