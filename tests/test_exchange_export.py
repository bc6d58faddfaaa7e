"""导出上报文件: one .tdx file with a consistent copy and a manifest the county can check, from the CLI and the window."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from exchange_helpers import id_number, make_township, read_package

from township_desk.cli import main
from township_desk.db import SCHEMA_VERSION, close_database, open_database
from township_desk.services.exchange import APPLICATION_ID, export_for_county, read_manifest
from township_desk.services.records import ValidationError


def test_export_holds_a_checked_copy_and_its_manifest(demo_db, tmp_path):
    from township_desk.models.people import Person
    from township_desk.services.settings import set_setting

    set_setting("township_code", "430725101")
    people = Person.select().count()
    out = tmp_path / "u盘" / "漳江镇-上报.tdx"
    result = export_for_county(demo_db, out)
    assert result.path == out and out.exists()
    assert not [p for p in out.parent.iterdir() if p != out]  # no work files left beside it
    written, data = read_package(out)  # the database, then manifest.json, then the footer
    manifest = read_manifest(out)
    assert written == manifest
    assert manifest["township"] == "漳江镇" and manifest["township_code"] == "430725101"
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["exported_at"].endswith("Z")
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest() and manifest["size"] == len(data)
    assert manifest["tables"]["person"]["rows"] == people
    assert manifest["tables"]["person"]["label"] == "人员"

    copy = tmp_path / "copy.db"
    copy.write_bytes(data)
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("SELECT count(*) FROM person").fetchone()[0] == people
    connection.close()


def test_export_is_one_snapshot_while_another_connection_writes(tmp_path):
    """The copy comes from one moment: the manifest's counts match the copy, and the export finishes."""
    path = make_township(tmp_path / "t.db", "漳江镇", [(f"人{i}", id_number(i)) for i in range(50)])
    stop = threading.Event()

    def writer() -> None:
        connection = sqlite3.connect(path, timeout=10)
        n = 1000
        while not stop.is_set():
            connection.execute(
                "INSERT INTO village (id, created_at, updated_at, name, kind, sort_order) "
                "VALUES (?, '2024-01-01 00:00:00', '2024-01-01 00:00:00', ?, '村', 0)",
                (f"{n:032x}", f"村{n}"),
            )
            connection.commit()
            n += 1
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.05)
        results = [export_for_county(path, tmp_path / f"out{i}.tdx") for i in range(3)]
    finally:
        stop.set()
        thread.join()
    for result in results:
        manifest, data = read_package(result.path)
        copy = tmp_path / "snap.db"
        copy.write_bytes(data)
        connection = sqlite3.connect(copy)
        assert (
            connection.execute("SELECT count(*) FROM village").fetchone()[0]
            == manifest["tables"]["village"]["rows"]
        )
        connection.close()
    assert (
        len({read_package(r.path)[0]["tables"]["village"]["rows"] for r in results}) >= 2
    )  # it kept writing


def test_export_without_a_township_name_is_refused_and_writes_nothing(db, tmp_path):
    from township_desk.services.settings import set_setting

    set_setting("township", " ")
    with pytest.raises(ValidationError) as refused:
        export_for_county(db, tmp_path / "out" / "x.tdx")
    assert "乡镇名称" in str(refused.value)
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_export_county(tmp_path, capsys):
    path = make_township(tmp_path / "t.db", "桃花乡", [("张三", id_number(1))], code="430725102")
    out = tmp_path / "桃花乡.tdx"
    assert main(["--db", str(path), "export-county", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    manifest = read_manifest(out)
    assert manifest["sha256"] in printed and "桃花乡" in printed
    assert manifest["tables"]["person"]["rows"] == 1


def test_window_export_dialog_saves_code_and_shows_the_checksum(main_window, tmp_path, qtbot):
    from township_desk.services.settings import get_setting
    from township_desk.ui.dialogs.county_export import CountyExportDialog

    actions = [a.text() for a in main_window.menuBar().actions()[0].menu().actions()]
    assert {"导出上报文件…", "恢复备份…", "合并乡镇文件（县级汇总）…", "立即备份"} <= set(actions)
    main_window.data_safety.export_action.trigger()
    dialog = main_window.findChild(CountyExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.name.text() == "漳江镇"
    assert dialog.counts.rowCount() > 5
    dialog.code.setText("430725101")
    dialog.out.setText(str(tmp_path / "上报"))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert dialog.result.path == tmp_path / "上报.tdx"
    assert dialog.result.sha256 in dialog.status.text()
    assert get_setting("township_code") == "430725101"
    assert read_manifest(tmp_path / "上报.tdx")["township_code"] == "430725101"


def test_export_of_an_old_file_opened_first_is_at_the_current_schema(tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "township_v1.db"
    path = tmp_path / "old.db"
    path.write_bytes(fixture.read_bytes())
    open_database(path)  # the CLI opens (and upgrades) before export-county
    close_database()
    result = export_for_county(path, tmp_path / "old.zip")
    assert result.manifest["schema_version"] == SCHEMA_VERSION
    assert result.manifest["tables"]["person"]["rows"] > 100


def test_a_township_that_never_set_its_name_cannot_export(db, tmp_path):
    """The program's placeholder name (示例镇) must not reach the county."""
    with pytest.raises(ValidationError):
        export_for_county(db, tmp_path / "x.tdx")
    assert not (tmp_path / "x.tdx").exists()
