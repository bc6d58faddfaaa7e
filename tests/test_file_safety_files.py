"""Files on office machines: read-only commands never create a database; a write-protected file or folder
opens read-only and still exports, prints and checks; a damaged file is salvaged into a new one; a full disk
at commit is a Chinese message with the data intact."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import openpyxl
import peewee
import pytest
from window_helpers import show_tab

from township_desk.cli import main
from township_desk.db import (
    ACCESS,
    READONLY_MEDIUM,
    SCHEMA_VERSION,
    close_database,
    database,
    open_database,
    translate_error,
)
from township_desk.models.people import Person
from township_desk.services.cadres import save_cadre
from township_desk.services.check import check_database
from township_desk.services.salvage import salvage
from township_desk.services.settings import set_setting

# ---------------------------------------------------------------- a path that does not exist


@pytest.mark.parametrize(
    "command",
    [
        ["export", "cadres", "OUT.xlsx"],
        ["print", "roster", "--out", "OUT.pdf"],
        ["check"],
        ["backup", "--list"],
    ],
)
def test_commands_that_only_read_never_create_a_database(tmp_path, capsys, command):
    missing = tmp_path / "U盘" / "township.db"
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    assert main(["--db", str(missing), *args]) == 2
    assert "找不到数据库文件" in capsys.readouterr().err
    assert not missing.exists() and not missing.parent.exists()  # nothing made, not even the folder
    assert not list(tmp_path.glob("out*"))


# ---------------------------------------------------------------- a write-protected stick


@pytest.fixture
def stick(tmp_path):
    """A folder that cannot be written, holding a township's file: a write-protected USB stick (a read-only
    mount when the tests run as root, whom file permissions do not stop; else a read-only folder)."""
    folder = tmp_path / "stick"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        if (
            shutil.which("mount") is None
            or subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], capture_output=True
            ).returncode
        ):
            pytest.skip("cannot make a read-only medium here")
        mounted = True
    path = folder / "township.db"
    open_database(path)
    set_setting("township", "漳江镇")  # printing needs the township's name
    save_cadre(None, {"name": "张建国", "village": "桃花村", "post": "村委会主任"})
    close_database()
    assert not Path(f"{path}-wal").exists()
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        path.chmod(0o444)
        folder.chmod(0o555)
    yield path
    if mounted:
        gc.collect()  # a failed statement kept by a caught exception keeps SQLite's file open until collected
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_a_write_protected_file_opens_read_only_and_says_why(stick):
    open_database(stick, lock=True)
    try:
        assert ACCESS.readonly_reason == READONLY_MEDIUM
        assert [p.name for p in Person.select()] == ["张建国"]
        with pytest.raises(peewee.DatabaseError) as refused:
            save_cadre(None, {"name": "李四", "village": "桃花村", "post": "村委会委员"})
        assert "只读" in str(translate_error(refused.value))
    finally:
        close_database()


def test_export_print_and_check_work_on_a_write_protected_file(stick, tmp_path, capsys):
    out = tmp_path / "干部.xlsx"
    assert main(["--db", str(stick), "export", "cadres", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert "张建国" in [c.value for row in sheet.iter_rows() for c in row]
    pdf = tmp_path / "花名册.pdf"
    assert main(["--db", str(stick), "print", "roster", "--out", str(pdf)]) == 0
    assert pdf.stat().st_size > 1000
    assert main(["--db", str(stick), "check"]) == 0
    out_text = capsys.readouterr().out
    assert "完整性检查通过" in out_text


def test_the_window_opens_a_write_protected_file_read_only_with_a_banner(stick, qtbot, qt_settings):
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    make_application()
    window = MainWindow(stick, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded and bool(window.counts_label.text()), timeout=10000)
    try:
        assert not window.readonly_banner.isHidden()
        assert "写保护" in window.readonly_banner.text() and "不能保存修改" in window.readonly_banner.text()
        assert window.windowTitle().endswith("（只读）")
    finally:
        window.close()
        close_database()


# ---------------------------------------------------------------- the window and a file in another window


def test_a_second_window_shows_the_banner(db_path, qtbot, qt_settings):
    from file_safety_helpers import OtherProcess

    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    open_database(db_path)
    close_database()
    make_application()
    with OtherProcess(db_path):
        window = MainWindow(db_path, open_after_paint=True)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.loaded and bool(window.counts_label.text()), timeout=10000)
        try:
            assert "该文件已在另一窗口中打开，本窗口只读" in window.readonly_banner.text()
            assert not window.readonly_banner.isHidden()
            tab = show_tab(window, "干部")
            editor = tab.open_editor(None)
            qtbot.addWidget(editor)
            editor.widgets["name"].setText("王五")
            editor.widgets["village"].setEditText("桃花村")
            editor.widgets["post"].setEditText("村委会委员")
            editor.save()
            assert editor.saved_id is None and "本窗口只读" in editor.error_label.text()
        finally:
            window.close()
            close_database()


def test_the_window_asks_before_creating_a_missing_database(tmp_path, qtbot, qt_settings, monkeypatch):
    from township_desk.ui import messages
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    make_application()
    asked: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr(
        messages, "confirm", lambda parent, title, text, yes="确定": asked.append(text) or False
    )
    monkeypatch.setattr("township_desk.ui.main_window.QApplication.exit", lambda code=0: exits.append(code))
    missing = tmp_path / "网络盘" / "township.db"
    window = MainWindow(missing, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(exits), timeout=10000)
    assert exits == [2] and "找不到数据库文件" in asked[0] and str(missing) in asked[0]
    assert not missing.exists() and not missing.parent.exists()
    window.close()


# ---------------------------------------------------------------- a damaged file


def _damaged_township(path: Path, people: int = 1500) -> set[str]:
    open_database(path)
    rows = [
        {"id": uuid.uuid4().hex, "name": f"人员{n:04d}", "notes": f"MARK-{n:05d}-" + "x" * 60}
        for n in range(people)
    ]
    with database.atomic():
        for start in range(0, people, 200):
            Person.insert_many(rows[start : start + 200]).execute()
    close_database()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")  # everything in the main file, as on a copied stick
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    for marker in (b"MARK-00500-", b"MARK-01000-"):  # two pages of the person table, in its middle
        at = data.index(marker)
        start = at - at % page_size
        data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))
    return {r["name"] for r in rows}


def test_salvage_rescues_the_readable_rows_of_a_damaged_file_into_a_new_one(tmp_path, capsys):
    damaged = tmp_path / "损坏.db"
    names = _damaged_township(damaged)
    before = damaged.read_bytes()
    assert not check_database(damaged).ok
    out = tmp_path / "抢救.db"
    assert main(["--db", str(damaged), "salvage", "--out", str(out)]) == 1  # 1: something was lost
    text = capsys.readouterr().out
    assert "抢救" in text and "无法读取" in text and "原文件未作任何改动" in text
    assert damaged.read_bytes() == before
    report = check_database(out)
    assert report.ok, report.lines
    connection = sqlite3.connect(out)
    rescued = {r[0] for r in connection.execute("SELECT name FROM person")}
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.close()
    assert version == SCHEMA_VERSION
    assert rescued < names  # only real rows, some lost …
    assert len(rescued) > len(names) - 100  # … but only those on the two damaged pages
    assert "人员0000" in rescued and "人员1499" in rescued and "人员0750" in rescued  # before, between, after
    assert main(["--db", str(damaged), "salvage", "--out", str(out)]) == 2  # never over an existing file


def test_salvage_of_a_sound_file_takes_everything(demo_db, tmp_path):
    close_database()
    out = tmp_path / "copy.db"
    report = salvage(demo_db, out)
    assert report.complete and report.rescued > 1000
    source, copy = sqlite3.connect(demo_db), sqlite3.connect(out)
    for table in ("person", "cadre_post", "household_visit", "party_day_attendance"):
        assert (
            source.execute(f"SELECT count(*) FROM {table}").fetchone()
            == copy.execute(f"SELECT count(*) FROM {table}").fetchone()
        )
    source.close()
    copy.close()


# ---------------------------------------------------------------- a full disk


def test_a_full_disk_at_commit_is_a_chinese_message_and_the_data_stay(db):
    save_cadre(None, {"name": "张建国", "village": "桃花村", "post": "村委会主任"})
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk is full: not one more page
    with pytest.raises(peewee.DatabaseError) as full:
        save_cadre(
            None,
            {
                "name": "李四" * 1,
                "village": "新村" + "长" * 2000,
                "post": "村委会委员",
                "notes": "备" * 50000,
            },
        )
    message = str(translate_error(full.value))
    assert "磁盘空间已满" in message and "原有数据完好" in message
    close_database()
    report = check_database(db)
    assert report.ok
    connection = sqlite3.connect(db)
    assert [r[0] for r in connection.execute("SELECT name FROM person")] == ["张建国"]
    connection.close()


def test_at_start_the_window_offers_to_salvage_a_damaged_file_instead_of_an_empty_one(
    tmp_path, qapp, monkeypatch
):
    from township_desk.services import backups
    from township_desk.ui import messages
    from township_desk.ui.dialogs.backups import check_at_start

    path = tmp_path / "township.db"
    names = _damaged_township(path)
    offered: list[list[str]] = []
    told: list[str] = []
    monkeypatch.setattr(
        messages,
        "choose",
        lambda parent, title, text, buttons: (
            offered.append(buttons) or buttons.index("抢救损坏文件中可读的数据")
        ),
    )
    monkeypatch.setattr(messages, "show_error", lambda parent, title, exc: told.append(str(exc)))
    assert check_at_start(path)
    assert offered == [["抢救损坏文件中可读的数据", "新建空数据库"]]  # no backup: salvage comes first
    assert "抢救" in told[0] and "无法读取" in told[0]
    connection = sqlite3.connect(path)  # the database the window now opens holds the rescued rows
    rescued = {r[0] for r in connection.execute("SELECT name FROM person")}
    connection.close()
    assert len(names) - 100 < len(rescued) < len(names)
    assert list(backups.folder(path).glob("township-损坏-*.db"))  # the damaged file is kept


def test_a_full_tiny_filesystem_at_commit_keeps_the_data(tmp_path):
    """A real full disk: a 4 MB filesystem (needs root to mount; skipped elsewhere, max_page_count above)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if (
        os.geteuid() != 0
        or shutil.which("mount") is None
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
        ).returncode
    ):
        pytest.skip("cannot mount a tiny filesystem here")
    try:
        path = folder / "township.db"
        open_database(path)
        save_cadre(None, {"name": "张建国", "village": "桃花村", "post": "村委会主任"})
        with pytest.raises(peewee.DatabaseError) as full:
            with database.atomic():
                for n in range(200):
                    Person.insert(name=f"人员{n}", notes="备" * 20000).execute()
        message = str(translate_error(full.value))
        del full
        assert "磁盘空间已满" in message
        assert [p.name for p in Person.select()] == ["张建国"]
        close_database()
        gc.collect()
        subprocess.run(["mount", "-o", "remount,size=32m", str(folder)], check=True)  # the clerk made room
        assert check_database(path).ok
        open_database(path)
        assert [p.name for p in Person.select()] == ["张建国"]
    finally:
        close_database()
        gc.collect()
        subprocess.run(["umount", str(folder)], check=True)
