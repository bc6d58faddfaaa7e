"""Users (issue 23): off until the first user, then required; argon2id hashes; five wrong passwords lock the
account; roles enforced below the window (a 查看 user's save is refused by the real service)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from township_desk import session
from township_desk.cli import main
from township_desk.db import KnownDatabaseError, close_database, open_database, translate_error
from township_desk.models.people import Person
from township_desk.services import users
from township_desk.services.cadres import CADRE_FORM
from township_desk.services.record_save import save_changes
from township_desk.services.records import ValidationError

NOON = datetime(2026, 5, 4, 12, 0)


def a_cadre() -> Person:
    from township_desk.models.cadres import CadrePost

    # A person with a live current post (an ended post's person has no 现任职务 and cannot be saved as is),
    # chosen in a fixed order.
    serving = CadrePost.live().join(Person).where(CadrePost.ended_on.is_null() & Person.deleted_at.is_null())
    return serving.order_by(CadrePost.id).first().person


@pytest.fixture(autouse=True)
def signed_out():
    session.sign_out()
    yield
    session.sign_out()


def test_users_are_off_until_the_first_and_the_first_must_be_an_administrator(db):
    assert not users.users_enabled()
    with pytest.raises(ValidationError, match="第一个用户必须是管理员"):
        users.add_user("小李", "查看", "secret1")
    users.add_user("老王", "管理员", "secret1")
    assert users.users_enabled()
    stored = sqlite3.connect(db).execute("SELECT password_hash FROM app_user").fetchone()[0]
    assert stored.startswith("$argon2id$") and "secret1" not in stored


def test_five_wrong_passwords_lock_the_account_for_some_minutes(db):
    users.add_user("老王", "管理员", "secret1")
    for attempt in range(4):
        with pytest.raises(users.LoginError, match=f"还可再试 {4 - attempt} 次"):
            users.authenticate("老王", "wrong", now=NOON)
    with pytest.raises(users.LoginError, match="已锁定"):
        users.authenticate("老王", "wrong", now=NOON)
    # the right password is refused while locked …
    with pytest.raises(users.LoginError, match="锁定到 12:15"):
        users.authenticate("老王", "secret1", now=NOON + timedelta(minutes=5))
    # … and accepted once the minutes have passed
    info = users.authenticate("老王", "secret1", now=NOON + timedelta(minutes=users.LOCK_MINUTES, seconds=1))
    assert info.role == "管理员" and session.SESSION.user == "老王"


def test_an_administrator_unlocks_a_locked_account(db):
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小张", "录入员", "clerk12")
    for _ in range(5):
        with pytest.raises(users.LoginError):
            users.authenticate("小张", "nope", now=NOON)
    users.authenticate("老王", "secret1")
    users.unlock_user("小张")
    assert users.authenticate("小张", "clerk12", now=NOON).role == "录入员"


def test_a_viewer_cannot_save_through_the_real_service_and_the_record_is_unchanged(demo_db):
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小李", "查看", "viewer1")
    users.authenticate("小李", "viewer1")
    person = a_cadre()
    opened = CADRE_FORM.load(person.id)
    edited = dict(opened, phone="13900000000")
    with pytest.raises(Exception) as caught:
        save_changes(CADRE_FORM, person.id, opened, edited)
    known = translate_error(caught.value)
    assert isinstance(known, KnownDatabaseError)
    assert str(known) == "本账号只能查看，不能修改数据"
    assert Person.get_by_id(person.id).phone == person.phone
    with pytest.raises(ValidationError, match="只有管理员可以添加用户"):
        users.add_user("小赵", "录入员", "clerk12")


def test_a_clerk_edits_records_but_cannot_manage_users_or_restore(demo_db, tmp_path):
    from township_desk.services.backups import restore_backup

    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小张", "录入员", "clerk12")
    users.authenticate("小张", "clerk12")
    person = a_cadre()
    opened = CADRE_FORM.load(person.id)
    save_changes(CADRE_FORM, person.id, opened, dict(opened, phone="13900000001"))
    assert Person.get_by_id(person.id).phone == "13900000001"
    with pytest.raises(ValidationError, match="只有管理员可以停用用户"):
        users.lock_user("老王")
    with pytest.raises(ValidationError, match="只有管理员可以用备份恢复"):
        restore_backup(demo_db, tmp_path / "any.db")


def run(capsys, monkeypatch, *argv, password=None, new_password=None):
    for name, value in (("TOWNSHIP_DESK_PASSWORD", password), ("TOWNSHIP_DESK_NEW_PASSWORD", new_password)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_command_line_once_users_exist_needs_user_and_password(tmp_path, capsys, monkeypatch):
    path = str(tmp_path / "t.db")
    assert run(capsys, monkeypatch, "--db", path, "demo")[0] == 0
    code, text = run(
        capsys, monkeypatch, "--db", path, "users", "add", "老王", "--role", "管理员", password="secret1"
    )
    assert code == 0 and "此后每次使用本数据库都要登录" in text
    code, text = run(capsys, monkeypatch, "--db", path, "export", "cadres", str(tmp_path / "c.xlsx"))
    assert code == 2 and "请用 --user 用户名 指定用户" in text
    code, text = run(capsys, monkeypatch, "--db", path, "--user", "老王", "users", "list", password="wrong")
    assert code == 2 and "用户名或密码不正确" in text
    code, text = run(
        capsys,
        monkeypatch,
        "--db",
        path,
        "--user",
        "老王",
        "users",
        "add",
        "小李",
        "--role",
        "查看",
        password="secret1",
        new_password="viewer1",
    )
    assert code == 0, text
    code, text = run(capsys, monkeypatch, "--db", path, "--user", "老王", "users", "list", password="secret1")
    assert code == 0 and "小李　查看　正常" in text and "老王　管理员　正常" in text
    # a viewer's merge or restore is refused; so is a backup restore's writing
    code, text = run(
        capsys,
        monkeypatch,
        "--db",
        path,
        "--user",
        "小李",
        "restore",
        str(tmp_path / "x.db"),
        password="viewer1",
    )
    assert code == 2 and "只有管理员可以用备份恢复" in text
    code, text = run(
        capsys, monkeypatch, "--db", path, "--user", "小李", "users", "lock", "老王", password="viewer1"
    )
    assert code == 2 and "只有管理员可以停用用户" in text
    code, text = run(
        capsys, monkeypatch, "--db", path, "--user", "老王", "users", "lock", "小李", password="secret1"
    )
    assert code == 0
    code, text = run(capsys, monkeypatch, "--db", path, "--user", "小李", "users", "list", password="viewer1")
    assert code == 2 and "已停用" in text
    close_database()
    open_database(path)
    assert users.users_enabled()


def test_a_viewer_cannot_change_the_township_settings_and_a_clerks_change_is_logged(db):
    from township_desk.services import audit
    from township_desk.services.settings import set_setting, township_name

    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    set_setting("township", "漳江镇")
    change = audit.entries(audit.Query(subject="设置"))[0]
    assert change["record_id"] == "township" and "漳江镇" in change["changes_text"]
    users.add_user("小李", "查看", "viewer1")
    users.authenticate("小李", "viewer1")
    with pytest.raises(Exception) as caught:
        set_setting("township", "别的镇")
    assert str(translate_error(caught.value)) == "本账号只能查看，不能修改数据"
    assert township_name() == "漳江镇"


def test_a_second_window_that_only_reads_the_file_signs_in_and_counts_wrong_passwords(tmp_path):
    from file_safety_helpers import OtherProcess

    from township_desk.db import ACCESS

    path = tmp_path / "t.db"
    open_database(path)
    users.add_user("老王", "管理员", "secret1")
    close_database()
    session.sign_out()
    with OtherProcess(path):  # the other window is the file's writer
        open_database(path, lock=True)
        try:
            assert ACCESS.readonly
            with pytest.raises(users.LoginError, match="还可再试 4 次"):
                users.authenticate("老王", "wrong", now=NOON)
            assert users.authenticate("老王", "secret1", now=NOON).name == "老王"
        finally:
            close_database()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2").fetchall() == [
        ("登录",),
        ("登录失败",),
    ]
    connection.close()
