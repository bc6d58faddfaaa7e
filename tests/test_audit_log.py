"""The operation log (操作日志, issue 23): every kind of write with who, when and old → new; append-only;
imports, exports, prints, merges and restores logged; users and the log never reach the county."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import openpyxl
import peewee
import pytest
from exchange_helpers import county, export, id_number, make_township, read_package

from township_desk import session
from township_desk.cli import main
from township_desk.db import KnownDatabaseError, close_database, database, open_database, translate_error
from township_desk.models.people import Person
from township_desk.services import audit, recycle_bin, users
from township_desk.services.cadres import CADRE_FORM
from township_desk.services.record_save import save_changes


@pytest.fixture(autouse=True)
def signed_out():
    session.sign_out()
    yield
    session.sign_out()


def a_cadre() -> Person:
    from township_desk.models.cadres import CadrePost

    # A person with a live current post (an ended post's person has no 现任职务 and cannot be saved as is),
    # chosen in a fixed order.
    serving = CadrePost.live().join(Person).where(CadrePost.ended_on.is_null() & Person.deleted_at.is_null())
    return serving.order_by(CadrePost.id).first().person


def log(record_id: str) -> list[dict]:
    return list(reversed(audit.entries(audit.Query(record_id=record_id))))


def signed_in_clerk() -> None:
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小张", "录入员", "clerk12")
    users.authenticate("小张", "clerk12")


def test_add_change_delete_restore_and_purge_are_logged_with_user_and_old_and_new_values(demo_db):
    signed_in_clerk()
    person = a_cadre()
    opened = CADRE_FORM.load(person.id)
    save_changes(CADRE_FORM, person.id, opened, dict(opened, phone="13900000002"))
    change = next(e for e in log(person.id) if e["action"] == "修改" and "phone" in e["changes"])
    assert change["user_name"] == "小张" and change["subject"] == "人员" and change["summary"] == person.name
    assert json.loads(change["changes"])["phone"] == [person.phone or None, "13900000002"] or json.loads(
        change["changes"]
    )["phone"] == [person.phone, "13900000002"]
    assert "phone：" in change["changes_text"] and "→ 13900000002" in change["changes_text"]
    assert change["at"].startswith(date.today().isoformat()[:4])  # local time, "YYYY-MM-DD HH:MM:SS"

    recycle_bin.soft_delete(Person.get_by_id(person.id))
    recycle_bin.restore("Person", person.id)
    actions = [e["action"] for e in log(person.id)]
    assert actions[-2:] == ["删除", "恢复"]

    added = Person.create(name="新来的", id_number=id_number(901))
    assert [e["action"] for e in log(added.id)] == ["新增"] and log(added.id)[0]["user_name"] == "小张"
    recycle_bin.soft_delete(added)
    recycle_bin.purge("Person", added.id)
    purged = log(added.id)[-1]
    assert purged["action"] == "彻底删除" and json.loads(purged["changes"])["name"] == ["新来的", None]


def test_the_log_refuses_to_be_changed_or_deleted_through_any_connection(demo_db):
    Person.create(name="某人", id_number=id_number(902))
    with pytest.raises(Exception) as caught:
        database.execute_sql("UPDATE audit_log SET user_name = '别人'")
    assert str(translate_error(caught.value)) == "操作日志只能追加，不能修改"
    close_database()
    connection = sqlite3.connect(demo_db)
    with pytest.raises(sqlite3.IntegrityError, match="不能删除"):
        connection.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError, match="不能修改"):
        connection.execute("UPDATE audit_log SET action = '无'")
    assert connection.execute("SELECT count(*) FROM audit_log WHERE summary = '某人'").fetchone()[0] == 1
    connection.close()


def test_a_viewer_is_refused_and_nothing_is_logged_for_the_refused_write(demo_db):
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    users.add_user("小李", "查看", "viewer1")
    users.authenticate("小李", "viewer1")
    before = len(audit.entries())
    with pytest.raises(Exception) as caught:
        Person.create(name="不该有", id_number=id_number(903))
    assert isinstance(translate_error(caught.value), KnownDatabaseError)
    with pytest.raises(peewee.IntegrityError, match="本账号只能查看"):
        recycle_bin.soft_delete(a_cadre())
    assert not Person.select().where(Person.name == "不该有").exists()
    assert len(audit.entries()) == before


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_import_export_print_are_logged_and_audit_filters_and_exports(tmp_path, capsys, monkeypatch):
    from township_desk.services.cadres import export_cadres

    path = tmp_path / "t.db"
    assert run(capsys, "--db", path, "demo")[0] == 0
    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "secret1")
    assert run(capsys, "--db", path, "users", "add", "老王", "--role", "管理员")[0] == 0
    roster = tmp_path / "roster.xlsx"
    open_database(path)
    session.sign_in("老王", "管理员")
    export_cadres(roster)
    close_database()
    session.sign_out()
    code, text = run(capsys, "--db", path, "--user", "老王", "export", "cadres", tmp_path / "c.xlsx")
    assert code == 0, text
    code, text = run(capsys, "--db", path, "--user", "老王", "print", "roster", "--out", tmp_path / "r.pdf")
    assert code == 0, text
    fresh = tmp_path / "fresh.db"
    assert run(capsys, "--db", fresh, "demo", "--size", "small")[0] == 0
    code, text = run(capsys, "--db", path, "--user", "老王", "audit", "--subject", "导出")
    assert code == 0 and "c.xlsx" in text and "老王" in text
    code, text = run(capsys, "--db", path, "--user", "老王", "audit", "--subject", "打印")
    assert code == 0 and "r.pdf" in text
    code, text = run(
        capsys, "--db", path, "--user", "老王", "audit", "--user", "老王", "--since", date.today().isoformat()
    )
    assert "登录" in text and "共 " in text
    out = tmp_path / "log.xlsx"
    code, text = run(capsys, "--db", path, "--user", "老王", "audit", "--out", out)
    assert code == 0, text
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))  # row 1: the title
    assert rows[0][:4] == ("时间", "用户", "操作", "对象")
    assert any(r[2] == "导出" and "c.xlsx" in (r[4] or "") for r in rows[1:])
    assert any(r[2] == "添加用户" for r in rows[1:])


def test_an_import_is_one_line_naming_the_file_and_the_rows(tmp_path, capsys):
    from township_desk.services.cadres import export_cadres

    source = tmp_path / "source.db"
    assert run(capsys, "--db", source, "demo")[0] == 0
    open_database(source)
    roster = tmp_path / "花名册.xlsx"
    export_cadres(roster)
    close_database()
    target = tmp_path / "target.db"
    code, text = run(capsys, "--db", target, "import", "cadres", roster)
    assert code in (0, 1), text
    connection = sqlite3.connect(target)
    lines = connection.execute("SELECT action, summary FROM audit_log").fetchall()
    connection.close()
    imports = [s for a, s in lines if a == "导入"]
    assert len(imports) == 1 and "花名册.xlsx" in imports[0] and " 行" in imports[0]
    assert not [a for a, _ in lines if a == "新增"]  # one line for the import, not one per row


def test_users_and_the_log_do_not_travel_to_the_county_and_a_merge_is_one_line(tmp_path):
    from township_desk.services.merge import merge_files

    path = make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1))])
    open_database(path)
    users.add_user("老王", "管理员", "secret1")
    users.authenticate("老王", "secret1")
    close_database()
    package = export(path, tmp_path / "a.tdx")
    _manifest, data = read_package(package)
    copy = tmp_path / "copy.db"
    copy.write_bytes(data)
    connection = sqlite3.connect(copy)
    assert connection.execute("SELECT count(*) FROM app_user").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    # the copy keeps the log's guard
    assert connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log_no_delete'"
    ).fetchone()[0]
    connection.close()
    # at home the log says the file went out
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM audit_log WHERE subject = '上报文件'").fetchone()[0] == 1
    connection.close()
    target = county(tmp_path / "county.db")
    merge_files(target, [package])
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM app_user").fetchone()[0] == 0
    rows = connection.execute("SELECT action, summary FROM audit_log WHERE subject != '设置'").fetchall()
    connection.close()
    assert [a for a, _ in rows] == ["合并"] and "漳江镇" in rows[0][1]  # one line, not one per row merged


def test_restoring_a_backup_keeps_the_newer_log_and_logs_the_restore(tmp_path):
    from township_desk.services.backups import make_backup, restore_backup

    path = make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1))])
    backup = make_backup(path, "手动").path
    open_database(path)
    Person.create(name="备份后加的", id_number=id_number(2))
    close_database()
    restore_backup(path, backup)
    open_database(path)
    assert not Person.select().where(Person.name == "备份后加的").exists()
    actions = [(e["action"], e["summary"]) for e in reversed(audit.entries())]
    assert ("新增", "备份后加的") in actions  # the log only grows
    assert actions[-1][0] == "恢复备份" and backup.name in actions[-1][1]
