"""A merge killed (SIGKILL) midway leaves the county database sound, with all or none of that merge."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from exchange_helpers import export, identity

from township_desk.db import close_database, open_database
from township_desk.services.check import check_database

PEOPLE = 15000
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def big_township(template: Path, path: Path, name: str, seed: int) -> Path:
    shutil.copyfile(template, path)
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO setting (key, value) VALUES ('township', ?)", (name,))
    connection.execute(
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('township_id', ?)", (identity(name),)
    )
    village = f"{seed:02d}" + "0" * 30
    connection.execute(
        "INSERT INTO village (id, created_at, updated_at, name, kind, sort_order) "
        "VALUES (?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', '一村', '村', 0)",
        (village,),
    )
    connection.executemany(
        "INSERT INTO person (id, created_at, updated_at, name, initials, pinyin, id_number, sex, ethnicity, political, "
        "education, phone, village_id, notes) VALUES (?, '2024-01-01 00:00:00', '2024-01-02 00:00:00', ?, 'r', 'ren', "
        "?, '男', '汉族', '群众', '高中', ?, ?, '')",
        (
            (f"{seed:02d}{i:030d}", f"人{i}", f"{seed:02d}{i:016d}", f"1{i:010d}", village)
            for i in range(PEOPLE)
        ),
    )
    connection.commit()
    connection.close()
    return path


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("big")
    template = folder / "empty.db"
    open_database(template)
    close_database()
    made = []
    for seed, name in ((1, "漳江镇"), (2, "桃花乡")):
        db = big_township(template, folder / f"{seed}.db", name, seed)
        made.append(export(db, folder / f"{name}.tdx"))
    return made


def counts(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        return (
            connection.execute("SELECT count(*) FROM person").fetchone()[0],
            connection.execute("SELECT count(*) FROM merge_log").fetchone()[0],
        )
    finally:
        connection.close()


def merge_command(target: Path, files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "township_desk", "merge", "--into", str(target), *map(str, files)]


@pytest.mark.parametrize("moment", ["while the second file is merged", "as pages reach the WAL"])
def test_killed_merge_holds_all_or_none(tmp_path, packages, moment):
    target = tmp_path / "县级汇总.db"
    process = subprocess.Popen(
        merge_command(target, packages), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert process.stdout is not None
    killed = False
    deadline = time.monotonic() + 60
    wanted = packages[1 if moment == "while the second file is merged" else 0].name
    for raw in process.stdout:  # the merge says which file it is writing
        if "正在合并" in raw.decode() and wanted in raw.decode():
            break
    if moment == "while the second file is merged":
        process.send_signal(signal.SIGKILL)
        killed = True
    else:  # the transaction's pages spill into the WAL long before its commit: kill while they do
        wal = target.with_name(target.name + "-wal")
        start = wal.stat().st_size if wal.exists() else 0
        while process.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > start + 200_000:
                process.send_signal(signal.SIGKILL)
                killed = True
                break
            time.sleep(0.0005)
    process.wait()
    process.stdout.close()
    assert killed, "the merge finished before it could be interrupted"

    report = check_database(target)
    assert report.ok, report.lines
    people, merged = counts(target)
    assert (people, merged) in ((0, 0), (2 * PEOPLE, 2))

    # run again: the interrupted files were never recorded as merged, so they go in now, completely
    result = subprocess.run(merge_command(target, packages), capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert counts(target) == (2 * PEOPLE, 2)
    assert check_database(target).ok
