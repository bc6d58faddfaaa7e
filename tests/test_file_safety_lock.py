"""One writer per file: a second window (a real second process) reads only; a crashed window's lock is taken
over; restore, merge --into and schema upgrades refuse while another process has the file; a busy writer
is a plain message."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import peewee
import pytest
from file_safety_helpers import OtherProcess

from township_desk import file_lock
from township_desk.cli import main
from township_desk.db import (
    ACCESS,
    OPEN_ELSEWHERE,
    SCHEMA_VERSION,
    KnownDatabaseError,
    close_database,
    open_database,
    translate_error,
)
from township_desk.models.people import Person
from township_desk.services import backups
from township_desk.services.cadres import save_cadre


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def township(db_path):
    open_database(db_path)
    save_cadre(None, {"name": "张建国", "village": "桃花村", "post": "村委会主任"})
    close_database()
    return db_path


def test_a_second_window_on_a_file_another_window_has_open_reads_only(township):
    with OtherProcess(township) as other:
        assert other.ready == "READY writer"
        open_database(township, lock=True)
        try:
            assert ACCESS.readonly_reason == OPEN_ELSEWHERE == "该文件已在另一窗口中打开，本窗口只读"
            assert Person.select().count() == 1  # reading works
            with pytest.raises(peewee.DatabaseError) as refused:
                save_cadre(None, {"name": "李四", "village": "桃花村", "post": "村委会委员"})
            assert "本窗口只读" in str(translate_error(refused.value))
        finally:
            close_database()
        assert file_lock.holder(township).pid == other.pid  # closing the reader left the writer's lock alone
    assert file_lock.holder(township) is None  # the writer closed cleanly: free, lock file gone
    assert not file_lock.lock_path(township).exists()
    open_database(township, lock=True)
    try:
        assert not ACCESS.readonly  # now this window is the writer
    finally:
        close_database()


def test_a_lock_left_by_a_crashed_window_is_taken_over(township):
    other = OtherProcess(township)
    other.crash()
    leftover = json.loads(file_lock.lock_path(township).read_text(encoding="utf-8"))
    assert leftover["pid"] == other.pid  # the crashed window's lock file is still there …
    assert file_lock.holder(township) is None  # … but nothing holds it
    open_database(township, lock=True)
    try:
        assert not ACCESS.readonly
        assert json.loads(file_lock.lock_path(township).read_text(encoding="utf-8"))["pid"] == os.getpid()
        save_cadre(None, {"name": "李四", "village": "桃花村", "post": "村委会委员"})
        with OtherProcess(township) as third:  # and a window opened now is the reader
            assert third.ready == f"READY {OPEN_ELSEWHERE}"
    finally:
        close_database()


def test_restore_refuses_while_another_window_has_the_file(township, tmp_path, capsys):
    backup = backups.make_backup(township, "手动").path
    before = digest(township)
    with OtherProcess(township):
        assert main(["--db", str(township), "restore", str(backup)]) == 2
        assert digest(township) == before
    err = capsys.readouterr().err
    assert "正在本机的另一窗口" in err and "不能用备份恢复" in err and "Traceback" not in err
    assert main(["--db", str(township), "restore", str(backup)]) == 0  # once the window closed


def test_merge_into_a_county_file_open_in_a_window_is_refused(tmp_path, capsys):
    county = tmp_path / "county.db"
    open_database(county)
    close_database()
    before = digest(county)
    with OtherProcess(county):
        assert (
            main(["--db", str(tmp_path / "x.db"), "merge", "--into", str(county), str(tmp_path / "a.tdx")])
            == 2
        )
    assert digest(county) == before
    assert "不能合并" in capsys.readouterr().err


def test_a_schema_upgrade_waits_until_no_other_process_has_the_file(township):
    with OtherProcess(township) as other:
        assert other.ready.startswith("READY")
        connection = sqlite3.connect(township)  # as if the file were from the previous version
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        connection.commit()
        connection.close()
        with pytest.raises(KnownDatabaseError) as refused:
            open_database(township)
        assert "不能升级数据版本" in str(refused.value)
        check = sqlite3.connect(township)
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1  # untouched
        check.close()
    assert not list(backups.folder(township).glob("*升级前*"))  # not even the backup before an upgrade


def test_another_writer_busy_is_a_plain_message_after_the_wait(township):
    open_database(township)
    try:
        with OtherProcess(township, "busy"):
            from township_desk.db import database

            database.execute_sql("PRAGMA busy_timeout = 300")  # the wait, shortened for the test
            with pytest.raises(peewee.OperationalError) as busy:
                save_cadre(None, {"name": "李四", "village": "桃花村", "post": "村委会委员"})
            message = str(translate_error(busy.value))
            assert "正被其他窗口或程序写入" in message and "没有写入" in message
        assert Person.select().count() == 1
        save_cadre(None, {"name": "李四", "village": "桃花村", "post": "村委会委员"})  # free again
        assert Person.select().count() == 2
    finally:
        close_database()


def test_opening_the_same_file_twice_in_one_process_keeps_one_hold(township):
    open_database(township, lock=True)
    open_database(township, lock=True)  # File ▸ Open on the file already open
    assert not ACCESS.readonly and file_lock.held_by_this_process(township)
    close_database()
    assert not file_lock.held_by_this_process(township)
    assert file_lock.holder(township) is None


def test_restore_also_waits_for_a_read_only_window_and_not_for_a_crashed_one(township, capsys):
    backup = backups.make_backup(township, "手动").path
    writer = OtherProcess(township)
    reader = OtherProcess(township)
    assert reader.ready == f"READY {OPEN_ELSEWHERE}"
    writer.stop()
    try:
        assert (
            main(["--db", str(township), "restore", str(backup)]) == 2
        )  # the read-only window still reads it
        assert f"进程 {reader.pid}" in capsys.readouterr().err
        reader.crash()
        assert list(township.parent.glob("township.db.open-*.lock"))  # its leftover …
        assert main(["--db", str(township), "restore", str(backup)]) == 0  # … holds nothing
        assert not list(township.parent.glob("township.db.open-*.lock"))
    finally:
        writer.__exit__()
        reader.__exit__()
