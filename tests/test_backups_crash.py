"""A process killed (SIGKILL) in the middle of a large import leaves a sound file with all or none of it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from exchange_helpers import id_number, make_township

from township_desk.services.check import check_database
from township_desk.services.id_numbers import make_id_number

ROWS = 8000
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "花名册.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(["姓名", "身份证号", "村(社区)", "现任职务", "学历", "联系电话"])
    for i in range(ROWS):
        number = make_id_number("430726", dt.date(1950, 1, 1) + dt.timedelta(days=i), 1 + i % 90, True)
        name = "王" + "".join("零一二三四五六七八九"[int(digit)] for digit in str(i))  # a name has no digits
        sheet.append([name, number, f"村{i % 30}", "村委会委员", "高中", f"138{i:08d}"])
    book.save(path)
    return path


def people(path: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        connection.close()


def wal_size(path: Path) -> int:
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def start_import(path: Path, workbook: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "township_desk", "--db", str(path), "import", "cadres", str(workbook)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("moment", ["while rows are prepared", "as the commit writes"])
def test_killed_import_holds_all_or_none(tmp_path, big_workbook, moment):
    path = make_township(tmp_path / "t.db", "漳江镇", [("张三", id_number(1))])
    folder = tmp_path / "t-备份"
    process = start_import(path, big_workbook)
    deadline = time.monotonic() + 60
    killed = False
    # the backup made before every import appears just before the import starts writing
    while process.poll() is None and time.monotonic() < deadline:
        if folder.exists() and any(p.suffix == ".db" for p in folder.iterdir()):
            break
        time.sleep(0.005)
    if moment == "while rows are prepared":
        time.sleep(0.05)
    else:  # the WAL holds the transaction's pages only from its commit on: kill while they are written
        while process.poll() is None and wal_size(path) <= 100_000 and time.monotonic() < deadline:
            time.sleep(0.0005)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
        killed = True
    process.wait()
    assert killed, "the import finished before it could be interrupted"

    report = check_database(path)
    assert report.ok, report.lines
    count = people(path)
    assert count in (1, 1 + ROWS)  # all or none of the import

    if moment == "while rows are prepared":
        return
    # the interrupted import can simply be run again
    result = subprocess.run(
        [sys.executable, "-m", "township_desk", "--db", str(path), "import", "cadres", str(big_workbook)],
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert people(path) == 1 + ROWS
