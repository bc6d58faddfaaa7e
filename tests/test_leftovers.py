"""Leftovers (issue 23, item 5): temporary copies a killed run left behind are removed at the next start, and
every path that makes one removes it itself, also when it fails."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from township_desk.cli import main
from township_desk.services import backups, workspace
from township_desk.services.exchange import EXPORT_PREFIX
from township_desk.services.merge import PREFIX as MERGE_PREFIX

DEAD_PID = 2**22 + 12345  # above Linux's pid_max: no such process


def fake_crash_leftovers(db: Path, stick: Path) -> list[Path]:
    """What a run killed midway leaves: a merge's township copies, an export's folder on the stick (listed in
    the dead process's journal), a restore's and an encryption's copy beside the database, an old backup part."""
    # (a name no other test uses: tests run side by side, and each one's sweep may find the other's leftovers)
    merge = Path(tempfile.gettempdir()) / f"{MERGE_PREFIX}{DEAD_PID}-window-start"
    merge.mkdir(exist_ok=True)
    (merge / "0.db").write_bytes(b"township copy")
    export = stick / f"{EXPORT_PREFIX}{DEAD_PID}-xyz"
    export.mkdir(parents=True)
    (export / "database.db").write_bytes(b"half-written")
    workspace.journal(DEAD_PID).write_text(f"{export}\n", encoding="utf-8")
    restoring = db.with_name(f".{db.name}.restoring")
    converting = db.with_name(f".{db.name}.converting")
    restoring.write_bytes(b"copy")
    converting.write_bytes(b"copy")
    part = backups.folder(db) / f".{db.stem}-自动-20260101-000000.db.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"copy")
    old = time.time() - 3600
    os.utime(part, (old, old))
    return [merge, export, restoring, converting, part]


def test_the_next_start_of_the_window_removes_a_killed_runs_leftovers(
    demo_db, tmp_path, qtbot, qt_settings, monkeypatch
):
    from township_desk.db import close_database
    from township_desk.ui import messages
    from township_desk.ui.main_window import MainWindow

    close_database()
    leftovers = fake_crash_leftovers(demo_db, tmp_path / "U盘")
    alive = Path(tempfile.gettempdir()) / f"{MERGE_PREFIX}{os.getpid()}-mine"  # a running merge's: kept
    alive.mkdir()
    monkeypatch.setattr(messages, "show_error", lambda parent, title, exc: None)
    window = MainWindow(demo_db, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded, timeout=10000)
    try:  # swept once the first tab is painted (start-up house-keeping waits for that paint)
        qtbot.waitUntil(lambda: not any(p.exists() for p in leftovers), timeout=5000)
        assert [p for p in leftovers if p.exists()] == []
        assert alive.exists()
        assert not workspace.journal(DEAD_PID).exists()
    finally:
        alive.rmdir()


def test_a_command_sweeps_the_temporary_folder_too(demo_db, tmp_path, capsys):
    from township_desk.db import close_database

    close_database()
    merge, export, *_ = fake_crash_leftovers(demo_db, tmp_path / "U盘")
    assert main(["--db", str(demo_db), "export", "cadres", str(tmp_path / "c.xlsx")]) == 0
    assert not merge.exists() and not export.exists()


def test_a_failed_backup_leaves_no_part_behind(demo_db, monkeypatch):
    from township_desk.services import db_files

    def broken(path, readonly=True):
        return ["页面损坏"]

    monkeypatch.setattr(db_files, "quick_check", broken)
    with pytest.raises(backups.BackupError):
        backups.make_backup(demo_db, "手动")
    assert list(backups.folder(demo_db).glob(".*")) == []


def test_a_failed_export_removes_its_work_folder_from_the_stick(demo_db, tmp_path, monkeypatch):
    from township_desk.services import exchange

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange, "build_manifest", fail)
    stick = tmp_path / "U盘"
    with pytest.raises(OSError):
        exchange.export_for_county(demo_db, stick / "上报.tdx")
    assert list(stick.iterdir()) == []
    assert not workspace.journal().exists()
