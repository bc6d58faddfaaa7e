"""Resources: a zip bomb is refused without unpacking it, a bad file never spoils the next good one, work
copies go as each file is merged, and leftovers of a killed export or merge are cleaned at the next one."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from exchange_helpers import county, export, id_number, make_township

from township_desk.services.exchange import FORMAT
from township_desk.services.merge import PREFIX, merge_files


def bomb(path: Path, declared: int = 4096) -> Path:
    """A first-version zip whose manifest declares a small database and whose member inflates to 1 GiB."""
    manifest = {
        "format": FORMAT,
        "format_version": 1,
        "township": "炸弹乡",
        "schema_version": 1,
        "exported_at": "2026-01-01T00:00:00Z",
        "database_file": "township.db",
        "size": declared,
        "sha256": hashlib.sha256(b"x").hexdigest(),
        "tables": {},
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        with archive.open("township.db", "w", force_zip64=True) as member:
            zeros = bytes(1 << 22)
            for _ in range(256):  # 1 GiB of zeros, about 4 MB compressed
                member.write(zeros)
    return path


def work_folders() -> list[Path]:
    return [p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(f"{PREFIX}{os.getpid()}-")]


def test_a_zip_bomb_is_refused_unopened_and_the_next_file_still_merges(tmp_path):
    evil = bomb(tmp_path / "bomb.zip")
    assert evil.stat().st_size < 8 << 20
    good_db = make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1))])
    good = export(good_db, tmp_path / "a.tdx")
    target = county(tmp_path / "county.db")
    report = merge_files(target, [evil, good])
    assert [f.status for f in report.files] == ["refused", "merged"]
    assert "清单" in report.files[0].reason and "大" in report.files[0].reason
    assert not work_folders()


def test_work_copies_go_as_each_file_is_merged(tmp_path):
    files = [
        export(
            make_township(tmp_path / f"{n}.db", name, [(name + "人", id_number(n))]), tmp_path / f"{n}.tdx"
        )
        for n, name in enumerate(["漳江镇", "桃花乡", "石门乡"], start=1)
    ]
    target = county(tmp_path / "county.db")
    seen: list[int] = []

    def log(line: str) -> None:
        if line.startswith("正在合并"):
            seen.append(sum(len(list(folder.iterdir())) for folder in work_folders()))

    report = merge_files(target, files, log=log)
    assert [f.status for f in report.files] == ["merged"] * 3
    assert seen == [3, 2, 1]  # one work copy fewer as each file is written
    assert not work_folders()


def test_leftovers_of_killed_runs_are_cleaned_at_the_next_one(tmp_path):
    dead = 2**22 + 23456  # no such process (not test_leftovers' either: tests run side by side)
    stale_merge = Path(tempfile.gettempdir()) / f"{PREFIX}{dead}-next-merge"
    stale_merge.mkdir(exist_ok=True)
    (stale_merge / "0.db").write_bytes(b"x" * 1000)
    stale_export = tmp_path / f".导出-{dead}-xyz"
    stale_export.mkdir()
    (stale_export / "township.db").write_bytes(b"x" * 1000)
    a = make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1))])
    package = export(a, tmp_path / "a.tdx")
    assert not stale_export.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # nothing half-written
    merge_files(county(tmp_path / "county.db"), [package])
    assert not stale_merge.exists()
