"""The county trusts a township file with its own rows only: copies of another township's file, rows and
purge markers of another township, edits dated after the export, and damaged copies are refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from exchange_helpers import county, dump, export, id_number, make_township, read_package, rewrite_package

from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.services.merge import merge_files
from township_desk.services.records import ValidationError

NEIGHBOUR = [(f"邻{i}", id_number(i)) for i in range(1, 9)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_settings(path: Path, **values: str) -> None:
    connection = sqlite3.connect(path)
    connection.executemany("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", values.items())
    connection.commit()
    connection.close()


def people(path: Path, township: str) -> list[tuple[object, ...]]:
    return (
        sqlite3.connect(path)
        .execute(
            "SELECT id, name, deleted_at, updated_at FROM person WHERE origin_township = ? ORDER BY id",
            (township,),
        )
        .fetchall()
    )


@pytest.fixture
def neighbour(tmp_path):
    """漳江镇 with 8 people, exported and merged into the county."""
    a = make_township(tmp_path / "a.db", "漳江镇", NEIGHBOUR)
    target = county(tmp_path / "county.db")
    report = merge_files(target, [export(a, tmp_path / "a.tdx")])
    assert report.files[0].status == "merged"
    return a, target


def copied(tmp_path: Path, a: Path) -> Path:
    """A new township made from a copy of its neighbour's file: renamed, the neighbour's people deleted."""
    b = tmp_path / "b.db"
    shutil.copyfile(a, b)
    set_settings(b, township="桃花乡")
    open_database(b)
    try:
        from township_desk.models.people import Person
        from township_desk.services import recycle_bin

        for person in list(Person.select())[:5]:
            recycle_bin.soft_delete(person)
    finally:
        close_database()
    return b


def test_a_copied_file_cannot_be_exported_until_it_says_rename_or_new_township(neighbour, tmp_path):
    a, _target = neighbour
    b = copied(tmp_path, a)
    with pytest.raises(ValidationError) as refused:
        export(b, tmp_path / "b.tdx")
    assert "漳江镇" in refused.value.message and "rekey" in refused.value.message
    assert not (tmp_path / "b.tdx").exists()


def test_a_copied_file_that_hides_its_origin_is_refused_naming_the_township_and_its_rows(neighbour, tmp_path):
    a, target = neighbour
    b = copied(tmp_path, a)
    set_settings(b, exported_as="桃花乡")  # the question bypassed: same identity, another name
    before = digest(target)
    report = merge_files(target, [export(b, tmp_path / "b1.tdx")])
    assert report.files[0].status == "refused"
    assert "漳江镇" in report.files[0].reason and "rekey" in report.files[0].reason
    # even with a made-up identity, the rows themselves are the neighbour's: refused whole, counted
    set_settings(b, township_id="f" * 32)
    report = merge_files(target, [export(b, tmp_path / "b2.tdx")])
    outcome = report.files[0]
    assert outcome.status == "refused"
    assert (
        "“漳江镇”的" in outcome.reason and "9 条记录" in outcome.reason
    )  # 8 people and their village and "rekey" in outcome.reason
    assert digest(target) == before  # nothing written
    assert [p[2] for p in people(target, "漳江镇")] == [None] * 8  # the neighbour's people still live


def test_rekey_makes_a_copied_file_a_new_township(neighbour, tmp_path, capsys):
    a, target = neighbour
    b = copied(tmp_path, a)
    assert main(["--db", str(b), "rekey"]) == 0
    assert "新的乡镇标识" in capsys.readouterr().out
    before = people(target, "漳江镇")
    report = merge_files(target, [export(b, tmp_path / "b.tdx")])
    assert report.files[0].status == "merged", report.files[0].reason
    assert people(target, "漳江镇") == before  # the neighbour's rows untouched
    mine = people(target, "桃花乡")
    assert len(mine) == 8 and sum(p[2] is not None for p in mine) == 5
    assert not {p[0] for p in mine} & {p[0] for p in before}
    # the rekeyed file still holds together: people point at its (rekeyed) village
    assert sqlite3.connect(b).execute("PRAGMA foreign_key_check").fetchall() == []
    assert sqlite3.connect(b).execute(
        "SELECT count(*) FROM person p JOIN village v ON v.id = p.village_id"
    ).fetchone() == (8,)


def test_a_confirmed_rename_renames_the_townships_rows_in_the_county(neighbour, tmp_path, capsys):
    a, target = neighbour
    set_settings(a, township="漳江街道")
    assert main(["--db", str(a), "rekey", "--rename"]) == 0
    assert "漳江镇" in capsys.readouterr().out
    report = merge_files(target, [export(a, tmp_path / "renamed.tdx")])
    assert report.files[0].status == "merged", report.files[0].reason
    assert "乡镇改名" in report.files[0].line()
    assert len(people(target, "漳江街道")) == 8 and people(target, "漳江镇") == []


def test_rows_and_purge_markers_of_another_township_are_refused_whole(neighbour, tmp_path):
    a, target = neighbour
    b = make_township(tmp_path / "b.db", "桃花乡", [("王五", id_number(20))])
    foreign_ids = [r[0] for r in sqlite3.connect(a).execute("SELECT id FROM person ORDER BY id")]
    connection = sqlite3.connect(b)
    # a hand-edited file: 2 of the neighbour's people "edited", purge markers for 3 more
    connection.execute("ATTACH ? AS a", (str(a),))
    connection.execute(
        "INSERT INTO person (id, created_at, updated_at, name, initials, pinyin, id_number, sex, ethnicity, "
        "political, education, phone, notes) SELECT id, created_at, strftime('%Y-%m-%d %H:%M:%S', 'now', '-1 minute'),"
        " '改过', initials, pinyin, id_number, sex, ethnicity, political, education, phone, notes FROM a.person "
        "WHERE id IN (?, ?)",
        foreign_ids[:2],
    )
    connection.executemany(
        "INSERT INTO purged_row (id, created_at, updated_at, table_name, row_id, purged_at) VALUES "
        "(lower(hex(randomblob(16))), '2024-01-01', '2024-01-01', 'person', ?, '2024-01-01')",
        [(i,) for i in foreign_ids[2:5]],
    )
    connection.commit()
    connection.close()
    before = digest(target)
    report = merge_files(target, [export(b, tmp_path / "b.tdx")])
    reason = report.files[0].reason
    assert report.files[0].status == "refused"
    assert "“漳江镇”的2 条记录和3 个彻底删除标记" in reason
    assert digest(target) == before
    assert people(target, "桃花乡") == []  # not even its own new person: refused whole


def test_edits_later_than_the_export_are_refused(neighbour, tmp_path):
    _a, target = neighbour
    b = make_township(tmp_path / "b.db", "桃花乡", [("王五", id_number(20))])
    sqlite3.connect(b).execute("UPDATE person SET updated_at = '2099-01-01 00:00:00'").connection.commit()
    report = merge_files(target, [export(b, tmp_path / "b.tdx")])
    assert report.files[0].status == "refused" and "晚于" in report.files[0].reason
    manifest, data = read_package(tmp_path / "b.tdx")
    future = rewrite_package(
        tmp_path / "b.tdx",
        tmp_path / "future.tdx",
        manifest=dict(manifest, exported_at="2099-01-02T00:00:00Z"),
    )
    report = merge_files(target, [future])
    assert report.files[0].status == "refused" and "导出时间" in report.files[0].reason


def test_a_damaged_copy_of_a_merged_file_is_refused_as_damaged(neighbour, tmp_path):
    _a, target = neighbour
    good = tmp_path / "a.tdx"
    manifest, data = read_package(good)
    broken = bytearray(data)
    broken[len(broken) // 3] ^= 0x01
    bad = rewrite_package(good, tmp_path / "a-copy.tdx", database=bytes(broken))
    report = merge_files(target, [bad])
    assert report.files[0].status == "refused" and "SHA-256" in report.files[0].reason
    assert merge_files(target, [good]).files[0].status == "skipped"


def test_cli_exit_codes(neighbour, tmp_path, capsys):
    a, target = neighbour
    c = make_township(tmp_path / "c.db", "石门乡", [("赵六", id_number(30))])
    good = export(c, tmp_path / "c.tdx")
    forged = tmp_path / "forged.db"
    shutil.copyfile(a, forged)
    set_settings(forged, township="假乡", township_id="e" * 32, exported_as="假乡")
    bad = export(forged, tmp_path / "forged.tdx")
    assert main(["merge", "--into", str(target), str(good), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "forged.tdx" in err and "漳江镇" in err
    assert main(["merge", "--into", str(target), str(good)]) == 0
    assert main(["merge", "--into", str(a), str(good)]) == 2  # a township's file is no county
    with pytest.raises(SystemExit) as no_file:
        main(["merge", "--into", str(target)])
    assert no_file.value.code == 2
    assert dump(target, ["person"])  # still there
