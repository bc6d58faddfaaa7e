"""Restoring a backup (the current file kept aside), and the check at start that sets a damaged file aside."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from exchange_helpers import id_number, make_township
from window_helpers import show_tab

from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.services import backups, startup_check


def scribble(data: bytes, page: int = 4096) -> bytes:
    """Damage every page after the first: an invalid b-tree page type where the page starts."""
    damaged = bytearray(data)
    for start in range(page, len(damaged), page):
        damaged[start] = 0x13
    return bytes(damaged)


def people(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(
            name for (name,) in connection.execute("SELECT name FROM person WHERE deleted_at IS NULL")
        )
    finally:
        connection.close()


def add_person(path, name: str, n: int) -> None:
    from township_desk.models.people import Person

    open_database(path)
    try:
        Person.create(name=name, id_number=id_number(n))
    finally:
        close_database()


def test_restore_round_trip_keeps_the_current_file_aside(tmp_path):
    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    first = backups.make_backup(path, "手动", now=datetime(2024, 3, 1, 9))
    add_person(path, "李四", 2)
    assert people(path) == ["张三", "李四"]

    aside = backups.restore_backup(path, first.path, now=datetime(2024, 3, 2, 9))
    assert people(path) == ["张三"]
    assert aside is not None and aside.parent == backups.folder(path)
    assert people(aside) == ["张三", "李四"]  # nothing is lost: the file before the restore is a backup too
    listed = backups.list_backups(path)
    assert [b.reason_label for b in listed] == ["恢复备份前的原文件", "手动备份"]

    backups.restore_backup(path, aside)  # and back again
    assert people(path) == ["张三", "李四"]
    open_database(path)  # the restored file opens normally
    close_database()


def test_a_damaged_backup_is_not_restored(tmp_path):
    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    bad = tmp_path / "bad.db"
    bad.write_bytes(scribble(path.read_bytes()))
    before = path.read_bytes()
    try:
        backups.restore_backup(path, bad)
    except backups.BackupError as exc:
        assert "quick_check" in str(exc)
    else:
        raise AssertionError("a damaged backup was restored")
    assert path.read_bytes() == before


def test_cli_restore(tmp_path, capsys):
    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    copy = tmp_path / "u盘.db"
    assert main(["--db", str(path), "backup", "--out", str(copy)]) == 0
    add_person(path, "李四", 2)
    assert main(["--db", str(path), "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "恢复前的数据库已保留为" in out and "人员 1" in out
    assert people(path) == ["张三"]


def test_restore_from_the_window(main_window, qtbot):
    from township_desk.models.people import Person
    from township_desk.ui.dialogs.backups import BackupsDialog

    before = Person.live().count()
    backups.make_backup(main_window.db_path, "手动", now=datetime.now() - timedelta(hours=1))
    Person.create(name="新来的", id_number=id_number(7))
    main_window.data_safety.restore_action.trigger()
    dialog = main_window.findChild(BackupsDialog)
    assert dialog is not None and dialog.table.rowCount() == 1
    assert "手动备份" in dialog.table.item(0, 1).text()
    assert f"人员 {before}" in dialog.table.item(0, 2).text()
    dialog.table.selectRow(0)
    dialog.restore_selected()  # the fixture answers the confirmation with yes
    assert Person.live().count() == before
    assert not Person.select().where(Person.name == "新来的").exists()
    assert dialog.table.rowCount() == 2  # the file before the restore is listed, to go back to
    assert show_tab(main_window, "干部").model.total > 0
    assert not main_window.errors_shown


def test_damaged_file_at_start_is_set_aside_and_the_latest_good_backup_restored(tmp_path, qapp, monkeypatch):
    from township_desk.ui import messages
    from township_desk.ui.dialogs.backups import check_at_start

    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    backups.make_backup(path, "启动", now=datetime(2024, 3, 1, 9))
    add_person(path, "李四", 2)
    newest = backups.make_backup(path, "自动", now=datetime(2024, 3, 1, 10))
    data = scribble(path.read_bytes())
    path.write_bytes(data)
    assert startup_check.check_at_start(path).status == "damaged"

    asked: list[str] = []
    answers: list[list[str]] = []
    monkeypatch.setattr(
        messages,
        "choose",
        lambda parent, title, text, buttons: (
            asked.append(text) or answers.append(buttons) or buttons.index("用备份恢复")
        ),
    )
    monkeypatch.setattr(messages, "show_error", lambda parent, title, exc: asked.append(str(exc)))
    assert check_at_start(path)
    assert len(asked) == 1 and "2024-03-01 10:00:00" in asked[0] and "人员 2" in asked[0]
    assert "抢救损坏文件中可读的数据" in answers[0]  # offered beside the backup
    assert people(path) == ["张三", "李四"]
    assert startup_check.check_at_start(path).ok
    damaged = list(backups.folder(path).glob("t-损坏-*.db"))
    assert len(damaged) == 1 and damaged[0].read_bytes() == data  # kept, never deleted
    assert all(b.reason != "损坏" for b in backups.list_backups(path))
    assert newest.path.exists()


def test_a_header_wiped_file_with_backups_counts_as_damaged(tmp_path):
    path = make_township(tmp_path / "t.db", "漳江镇")
    backups.make_backup(path, "手动")
    path.write_bytes(b"\0" * 8192)
    assert startup_check.check_at_start(path).status == "damaged"
    stranger = tmp_path / "notes.db"
    stranger.write_text("not ours")
    assert startup_check.check_at_start(stranger).ok  # no backups: opening refuses it, untouched


def test_rows_pointing_at_missing_rows_are_reported_not_moved(tmp_path):
    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    connection = sqlite3.connect(path)
    connection.execute("UPDATE person SET village_id = 'ffffffffffffffffffffffffffffffff'")
    connection.commit()
    connection.close()
    report = startup_check.check_at_start(path)
    assert report.status == "inconsistent" and "person" in report.text()
    assert path.exists()


def test_a_locked_database_is_not_taken_for_a_damaged_one(tmp_path, monkeypatch):
    path = make_township(tmp_path / "t.db", "漳江镇")
    backups.make_backup(path, "手动")
    monkeypatch.setattr(
        startup_check.db_files, "quick_check", lambda p, readonly=True: ["SQLITE_BUSY: database is locked"]
    )
    assert startup_check.check_at_start(path).ok
    assert path.exists()
