"""Automatic backups: verified copies, made only when the data changed, thinned by date (7 daily, 4 weekly,
12 monthly), listed with date and counts; one before every import."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from exchange_helpers import id_number, make_township
from window_helpers import show_tab

from township_desk.cli import main
from township_desk.services import backups
from township_desk.services.backups import Policy, plan_thinning


def test_thinning_keeps_newest_then_one_per_day_week_and_month():
    now = datetime(2024, 6, 30, 18, 0)
    # every 6 hours for 400 days
    times = [now - timedelta(hours=6 * i) for i in range(400 * 4)]
    kept = sorted((times[i] for i in plan_thinning(times)), reverse=True)
    assert kept[:3] == times[:3]  # the newest few, whatever their day
    days = {t.date() for t in kept}
    for back in range(7):
        assert (now - timedelta(days=back)).date() in days  # each of the last 7 days
    weeks = {t.isocalendar()[:2] for t in kept}
    assert len(weeks) >= 4 and all((now - timedelta(weeks=w)).isocalendar()[:2] in weeks for w in range(4))
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and (2023, 7) in months and (2023, 6) not in months
    assert len(kept) <= 3 + 7 + 4 + 12
    # the one kept for a day is that day's newest
    for day in days:
        same_day = [t for t in times if t.date() == day]
        assert max(same_day) in kept


def test_thinning_counts_days_that_have_backups_not_calendar_days():
    """After a long holiday the old backups are not thrown away just because they are old."""
    times = [datetime(2024, 1, d, 9) for d in range(1, 11)] + [datetime(2024, 5, 1, 9)]
    kept = {times[i] for i in plan_thinning(times, Policy(last=1, daily=7, weekly=0, monthly=0))}
    assert datetime(2024, 5, 1, 9) in kept
    assert {t.day for t in kept if t.month == 1} == {10, 9, 8, 7, 6, 5}


def test_make_backup_verifies_then_thins_the_folder(tmp_path):
    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    start = datetime(2024, 1, 1, 9)
    made = [backups.make_backup(path, "自动", now=start + timedelta(days=i)) for i in range(40)]
    listed = backups.list_backups(path)
    assert listed[0].path == made[-1].path and listed[0].reason_label == "定时自动备份"
    assert 7 <= len(listed) < 40
    assert all(info.path.parent == tmp_path / "t-备份" for info in listed)
    for info in listed:
        assert sqlite3.connect(info.path).execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert backups.backup_counts(listed[0].path)["人员"] == 1
    assert "人员 1" in backups.counts_text(backups.backup_counts(listed[0].path))
    assert not list((tmp_path / "t-备份").glob(".*"))  # no half-written files left


def test_migration_backups_share_the_folder_and_are_listed(tmp_path):
    from township_desk.db import close_database, open_database

    path = tmp_path / "old.db"
    path.write_bytes((Path(__file__).parent / "fixtures" / "township_v1.db").read_bytes())
    open_database(path)
    close_database()
    listed = backups.list_backups(path)
    assert len(listed) == 1 and listed[0].reason_label == "升级前自动备份（数据版本 1）"


def test_backup_only_when_something_changed(tmp_path):
    from township_desk.db import close_database, open_database
    from township_desk.models.people import Person
    from township_desk.services import recycle_bin

    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1)), ("李四", id_number(2))])
    assert backups.backup_if_changed(path, "启动") is not None
    assert backups.backup_if_changed(path, "自动") is None  # nothing changed since
    backups._known.clear()  # a new session: it compares with the newest backup file itself
    assert backups.backup_if_changed(path, "启动") is None
    open_database(path)
    try:
        recycle_bin.soft_delete(Person.get(Person.name == "李四"))
        later = backups.backup_if_changed(path, "自动", now=datetime.now() + timedelta(seconds=5))
        assert later is not None
        recycle_bin.purge("Person", Person.get(Person.name == "李四").id)
        assert backups.backup_if_changed(path, "自动", now=datetime.now() + timedelta(seconds=10)) is not None
    finally:
        close_database()
    assert [b.reason for b in backups.list_backups(path)] == ["自动", "自动", "启动"]


def test_a_failed_check_keeps_the_old_backups(tmp_path, monkeypatch):
    path = make_township(tmp_path / "t.db", "漳江镇")
    first = backups.make_backup(path, "手动", now=datetime(2024, 1, 1))
    monkeypatch.setattr(backups.db_files, "quick_check", lambda p, readonly=True: ["page 3: btree damaged"])
    with pytest.raises(backups.BackupError):
        backups.make_backup(path, "自动", now=datetime(2025, 1, 1), policy=Policy(0, 0, 0, 0))
    assert [b.path for b in backups.list_backups(path)] == [first.path]


def test_cli_import_backs_up_first(tmp_path, capsys):
    import openpyxl

    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "村(社区)", "现任职务"])
    book.active.append(["李四", id_number(2), "桃花村", "村委会委员"])
    book.save(tmp_path / "in.xlsx")
    assert main(["--db", str(path), "import", "cadres", str(tmp_path / "in.xlsx")]) == 0
    listed = backups.list_backups(path)
    assert [b.reason for b in listed] == ["导入前"]
    assert backups.backup_counts(listed[0].path)["人员"] == 1  # the data as it was before the import


def test_cli_backup_and_list(tmp_path, capsys):
    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    assert main(["--db", str(path), "backup"]) == 0
    assert main(["--db", str(path), "backup", "--out", str(tmp_path / "u盘" / "copy.db")]) == 0
    assert sqlite3.connect(tmp_path / "u盘" / "copy.db").execute(
        "SELECT count(*) FROM person"
    ).fetchone() == (1,)
    capsys.readouterr()
    assert main(["--db", str(path), "backup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "手动备份" in out and "人员 1" in out


def test_timer_backup_in_the_window(main_window, qtbot):
    from township_desk.models.people import Person
    from township_desk.ui.workers import wait_for_tasks

    safety = main_window.data_safety
    safety.backup_in_background("自动")
    qtbot.waitUntil(lambda: safety.job is None, timeout=15000)
    assert [b.reason for b in backups.list_backups(main_window.db_path)] == ["自动"]
    safety.backup_in_background("自动")  # nothing changed: no second copy
    qtbot.waitUntil(lambda: safety.job is None, timeout=15000)
    assert len(backups.list_backups(main_window.db_path)) == 1
    person = Person.select().first()
    person.phone = "13900000000"
    person.save()
    safety.timer.setInterval(50)
    safety.timer.start()
    qtbot.waitUntil(lambda: len(backups.list_backups(main_window.db_path)) == 2, timeout=15000)
    safety.timer.stop()
    qtbot.waitUntil(lambda: safety.job is None, timeout=15000)
    wait_for_tasks()


def test_window_import_backs_up_first(main_window, qtbot, tmp_path):
    import openpyxl

    from township_desk.models.people import Person
    from township_desk.ui.dialogs.import_preview import ImportPreviewDialog

    before = Person.select().count()
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "村(社区)", "现任职务"])
    book.active.append(["李导入", id_number(9), "桃花村", "村委会委员"])
    book.save(tmp_path / "in.xlsx")
    tab = show_tab(main_window, "干部")
    tab.import_excel(tmp_path / "in.xlsx")
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is not None, timeout=10000)
    tab.findChild(ImportPreviewDialog).accept()
    qtbot.waitUntil(lambda: Person.select().count() == before + 1, timeout=10000)
    listed = backups.list_backups(main_window.db_path)
    assert [b.reason for b in listed] == ["导入前"]
    assert backups.backup_counts(listed[0].path)["人员"] == before
