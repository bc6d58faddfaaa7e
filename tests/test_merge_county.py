"""County mode: merging township files by UUID, newest edit wins, deletions travel, bad files refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from exchange_helpers import county, dump, export, id_number, make_township, read_package, rewrite_package
from window_helpers import show_tab

from township_desk.cli import main
from township_desk.db import SCHEMA_VERSION, close_database, database, open_database
from township_desk.services.merge import merge_files


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def two_townships(tmp_path):
    a = make_township(
        tmp_path / "a.db", "漳江镇", [("张三", id_number(1)), ("李四", id_number(2))], code="430725101"
    )
    b = make_township(tmp_path / "b.db", "桃花乡", [("王五", id_number(3)), ("张叁", id_number(1))])
    return a, b, export(a, tmp_path / "a.tdx"), export(b, tmp_path / "b.tdx")


def test_merge_keeps_every_row_with_its_township_and_opens_in_the_window_schema(two_townships, tmp_path):
    _a, _b, a_zip, b_zip = two_townships
    target = county(tmp_path / "county.db")
    report = merge_files(target, [a_zip, b_zip])
    assert [f.status for f in report.files] == ["merged", "merged"]
    assert report.files[0].township == "漳江镇" and report.files[0].township_code == "430725101"
    rows = (
        sqlite3.connect(target).execute("SELECT name, origin_township FROM person ORDER BY name").fetchall()
    )
    assert rows == [("张三", "漳江镇"), ("张叁", "桃花乡"), ("李四", "漳江镇"), ("王五", "桃花乡")]

    # the same ID number from two townships (different people rows) is listed, neither overwritten
    groups = report.review_groups()
    assert list(groups) == [id_number(1)]
    assert sorted((i.name, i.township) for i in groups[id_number(1)]) == [
        ("张三", "漳江镇"),
        ("张叁", "桃花乡"),
    ]

    open_database(target)  # the normal window's schema: opens without any migration
    try:
        from township_desk.services.merge import is_county_database, merged_townships, review_items

        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert is_county_database()
        assert merged_townships() == ["桃花乡", "漳江镇"]
        assert len(review_items()) == 2
    finally:
        close_database()
    from township_desk.services.check import check_database

    assert check_database(target).ok


def test_merging_the_same_file_twice_changes_nothing(two_townships, tmp_path):
    _a, _b, a_zip, b_zip = two_townships
    target = county(tmp_path / "county.db")
    merge_files(target, [a_zip, b_zip])
    before = dump(target, [*_data_tables(), "merge_log", "id_number_review"])
    report = merge_files(target, [b_zip, a_zip, a_zip])
    assert [f.status for f in report.files] == ["skipped", "skipped", "skipped"]
    assert "合并过" in report.files[0].reason
    assert dump(target, [*_data_tables(), "merge_log", "id_number_review"]) == before


def _data_tables() -> list[str]:
    from township_desk.models.base import all_models

    return [m._meta.table_name for m in all_models()]


def test_newest_edit_wins_and_deletions_and_purges_travel(tmp_path):
    from township_desk.models.people import Person
    from township_desk.services import recycle_bin

    path = make_township(
        tmp_path / "a.db", "漳江镇", [("张三", id_number(1)), ("李四", id_number(2)), ("王五", id_number(3))]
    )
    spring = export(path, tmp_path / "spring.tdx")
    open_database(path)
    try:
        zhang = Person.get(Person.name == "张三")
        zhang.phone = "13800000000"
        zhang.save()
        recycle_bin.soft_delete(Person.get(Person.name == "李四"))
        wang = Person.get(Person.name == "王五")
        recycle_bin.soft_delete(wang)
        recycle_bin.purge("Person", wang.id)
    finally:
        close_database()
    autumn = export(path, tmp_path / "autumn.tdx")

    for order in ([spring, autumn], [autumn, spring]):
        target = county(tmp_path / f"county-{order[0].stem}.db")
        for package in order:  # one file per run: the older one never undoes the newer
            merge_files(target, [package])
        rows = dict(
            sqlite3.connect(target)
            .execute("SELECT name, phone || '|' || (deleted_at IS NOT NULL) FROM person")
            .fetchall()
        )
        assert rows["张三"] == "13800000000|0"
        assert rows["李四"].endswith("|1")  # deleted in the township: deleted in the county
        assert rows["王五"].endswith("|1")  # purged in the township: its marker deletes it, in either order


@pytest.fixture
def merged_county(two_townships, tmp_path):
    _a, _b, a_zip, _b_zip = two_townships
    target = county(tmp_path / "county.db")
    merge_files(target, [a_zip])
    return target


def _refusal(target: Path, package: Path) -> str:
    before = digest(target)
    report = merge_files(target, [package])
    assert [f.status for f in report.files] == ["refused"]
    assert digest(target) == before  # the county file is byte-for-byte unchanged
    return report.files[0].reason


def test_damaged_file_is_refused_before_anything_is_written(two_townships, merged_county, tmp_path):
    b_zip = two_townships[3]
    manifest, data = read_package(b_zip)
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0xFF
    bad = rewrite_package(b_zip, tmp_path / "bad.tdx", database=bytes(flipped))
    assert "SHA-256" in _refusal(merged_county, bad)
    truncated = tmp_path / "short.tdx"
    truncated.write_bytes(b_zip.read_bytes()[: b_zip.stat().st_size // 2])
    assert "损坏" in _refusal(merged_county, truncated)


def test_damaged_database_with_a_matching_checksum_fails_quick_check(two_townships, merged_county, tmp_path):
    """A file damaged before it was packed (SHA-256 made over the damage) is caught by quick_check."""
    b_zip = two_townships[3]
    manifest, data = read_package(b_zip)
    broken = bytearray(data)
    page = 4096
    broken[2 * page + 8 : 2 * page + 200] = b"\x07" * 192  # scribble over a b-tree page
    manifest.update(sha256=hashlib.sha256(bytes(broken)).hexdigest(), size=len(broken))
    bad = rewrite_package(b_zip, tmp_path / "bad.tdx", manifest=manifest, database=bytes(broken))
    assert "quick_check" in _refusal(merged_county, bad)


def test_foreign_and_newer_files_are_refused(two_townships, merged_county, tmp_path):
    a_db, _b, _a_zip, b_zip = two_townships
    manifest, data = read_package(b_zip)
    foreign = rewrite_package(
        b_zip,
        tmp_path / "foreign.tdx",
        manifest={"format": "something-else", **{k: v for k, v in manifest.items() if k != "format"}},
    )
    assert "不是" in _refusal(merged_county, foreign)
    assert "数据库文件" in _refusal(merged_county, a_db)  # a raw .db is not a county file
    text = tmp_path / "note.tdx"
    text.write_text("不是压缩包")
    assert "不是" in _refusal(merged_county, text)

    newer_db = tmp_path / "newer.db"
    newer_db.write_bytes(data)
    connection = sqlite3.connect(newer_db)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    raw = newer_db.read_bytes()
    newer_manifest = dict(
        manifest, schema_version=SCHEMA_VERSION + 1, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw)
    )
    newer = rewrite_package(b_zip, tmp_path / "newer.tdx", manifest=newer_manifest, database=raw)
    assert "升级软件" in _refusal(merged_county, newer)

    lying = rewrite_package(b_zip, tmp_path / "lying.tdx", manifest=dict(manifest, township="别的镇"))
    assert "乡镇名称" in _refusal(merged_county, lying)


def test_older_schema_file_is_upgraded_in_a_work_copy_and_merged(merged_county, tmp_path):
    """A township that has not updated its program yet (schema 1) can still send its file."""
    fixture = Path(__file__).parent / "fixtures" / "township_v1.db"
    old = tmp_path / "old.db"
    old.write_bytes(fixture.read_bytes())
    connection = sqlite3.connect(old)
    connection.execute("INSERT OR REPLACE INTO setting VALUES ('township', '老版本镇')")
    connection.commit()
    people = connection.execute("SELECT count(*) FROM person").fetchone()[0]
    connection.close()
    data = old.read_bytes()
    from township_desk.services.exchange import FORMAT

    exported_at = (
        sqlite3.connect(old)
        .execute(  # exported after its last edit
            "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(updated_at), '+1 hour') FROM person"
        )
        .fetchone()[0]
    )
    manifest = {
        "format": FORMAT,
        "format_version": 1,
        "township": "老版本镇",
        "township_code": "",
        "schema_version": 1,
        "exported_at": exported_at,
        "database_file": "township.db",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "tables": {},
    }
    import json
    import zipfile

    package = tmp_path / "old.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("township.db", data)
    window_db = open_database(tmp_path / "window.db")  # as in the window: another database is open meanwhile
    try:
        report = merge_files(merged_county, [package])
        assert database.obj is window_db  # the upgrade borrowed the shared proxy and gave it back
        from township_desk.services.settings import get_setting

        assert get_setting("township") == ""  # the window's new file, which has no name yet
    finally:
        close_database()
    assert report.files[0].status == "merged", report.files[0].reason
    count = (
        sqlite3.connect(merged_county)
        .execute("SELECT count(*) FROM person WHERE origin_township = '老版本镇'")
        .fetchone()[0]
    )
    assert count == people
    assert old.read_bytes() == data  # nothing upgraded in place


def test_cli_merge_names_each_refused_file_and_exits_non_zero(two_townships, tmp_path, capsys):
    _a, _b, a_zip, b_zip = two_townships
    bad = tmp_path / "坏文件.tdx"
    bad.write_bytes(b_zip.read_bytes()[:-100])
    target = tmp_path / "县级汇总.db"
    assert main(["merge", "--into", str(target), str(a_zip), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "坏文件.tdx" in err and "损坏" in err
    assert "已合并 a.tdx" in out
    assert sqlite3.connect(target).execute("SELECT count(*) FROM person").fetchone()[0] == 2
    assert main(["merge", "--into", str(target), str(b_zip)]) == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM person").fetchone()[0] == 4
    # a township's own database is never turned into a county database
    assert main(["merge", "--into", str(two_townships[0]), str(b_zip)]) == 2
    assert "已有乡镇数据" in capsys.readouterr().err


def test_county_window_has_a_township_filter(two_townships, tmp_path, main_window, qtbot):
    from township_desk.ui.dialogs.county_export import MergeResultDialog, merge_townships

    _a, _b, a_zip, b_zip = two_townships
    assert not main_window.data_safety.corner.isVisible()
    target = tmp_path / "县级汇总.db"
    merge_townships(main_window, [a_zip, b_zip], county=target)
    qtbot.waitUntil(lambda: main_window.findChild(MergeResultDialog) is not None, timeout=15000)
    result = main_window.findChild(MergeResultDialog)
    assert result.files.rowCount() == 2 and result.reviews.rowCount() == 2
    assert main_window.db_path == target
    assert main_window.data_safety.corner.isVisible()
    assert main_window.data_safety.review_action.isVisible()
    assert not main_window.data_safety.export_action.isVisible()
    box = main_window.data_safety.township_box
    assert [box.itemText(i) for i in range(box.count())] == ["全部", "桃花乡", "漳江镇"]

    # the cadre tab lists people with posts: give two of them one so that the filter has something to show
    from township_desk.models.cadres import CadrePost
    from township_desk.models.people import Person

    for person in Person.select():
        CadrePost.create(person=person, post="村委会委员", origin_township=person.origin_township)
    main_window.reload_all()
    tab = show_tab(main_window, "干部")
    labels = [
        tab.model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
        for c in range(tab.model.columnCount())
    ]
    assert labels[-2:] == ["乡镇", "最近报送"]
    arrived = {tab.model.data(tab.model.index(r, len(labels) - 1)) for r in range(tab.model.rowCount())}
    assert len(arrived) == 1 and next(iter(arrived)).endswith("（北京时间）")  # both files merged in one run
    assert tab.model.total == 4
    box.setCurrentText("桃花乡")
    assert tab.model.total == 2
    townships = {tab.model.data(tab.model.index(r, len(labels) - 2)) for r in range(tab.model.rowCount())}
    assert townships == {"桃花乡"}

    # back on a township database the county parts disappear and the list is the tab's own again
    assert main_window.switch_database(two_townships[0])
    assert not main_window.data_safety.corner.isVisible()
    assert tab.model.columnCount() == len(labels) - 2


def test_window_refuses_to_turn_a_township_file_into_a_county_database(two_townships, main_window):
    from township_desk.ui.dialogs.county_export import merge_townships

    a_db, _b, _a_zip, b_zip = two_townships
    before = main_window.db_path
    merge_townships(main_window, [b_zip], county=a_db)
    assert main_window.errors_shown and "已有乡镇数据" in main_window.errors_shown[-1]
    assert main_window.db_path == before
    assert sqlite3.connect(a_db).execute(
        "SELECT count(*) FROM person WHERE origin_township IS NOT NULL"
    ).fetchone() == (0,)
