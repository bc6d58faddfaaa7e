"""The county clerk's window: 文件 ▸ 合并记录 (Beijing time, signature status), and 重新生成本库标识."""

from __future__ import annotations

import sqlite3

from exchange_helpers import export, id_number, make_township


def test_merge_log_lists_each_file_in_beijing_time(tmp_path, main_window, qtbot):
    from township_desk.ui.dialogs.county_export import MergeResultDialog, merge_townships
    from township_desk.ui.dialogs.merge_log import MergeLogDialog

    a = export(make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1))]), tmp_path / "a.tdx")
    b = export(make_township(tmp_path / "b.db", "桃花乡", [("王五", id_number(3))]), tmp_path / "b.tdx")
    assert not main_window.data_safety.merge_log_action.isVisible()
    merge_townships(main_window, [a, b], county=tmp_path / "县级汇总.db")
    qtbot.waitUntil(lambda: main_window.findChild(MergeResultDialog) is not None, timeout=15000)
    result = main_window.findChild(MergeResultDialog)
    assert result.files.item(0, 3).text() == "未签名"
    assert main_window.data_safety.merge_log_action.isVisible()
    assert not main_window.data_safety.rekey_action.isVisible()
    main_window.data_safety.merge_log_action.trigger()
    dialog = main_window.findChild(MergeLogDialog)
    table = dialog.table
    assert table.rowCount() == 2
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(2)]
    assert {r[1] for r in rows} == {"漳江镇", "桃花乡"}
    merged_utc = (
        sqlite3.connect(tmp_path / "县级汇总.db")
        .execute("SELECT min(merged_at) FROM merge_log")
        .fetchone()[0]
    )
    from datetime import datetime, timedelta

    beijing = datetime.fromisoformat(str(merged_utc)[:19]) + timedelta(hours=8)
    assert rows[0][3] == f"{beijing:%Y-%m-%d %H:%M}（北京时间）"
    assert all(r[5] == "未签名" and r[6] == "已合并" for r in rows)


def test_rekey_from_the_file_menu(tmp_path, main_window):
    path = make_township(tmp_path / "copy.db", "桃花乡", [("王五", id_number(3))])
    assert main_window.switch_database(path)
    before = sqlite3.connect(path).execute("SELECT value FROM setting WHERE key = 'township_id'").fetchone()
    people_before = sqlite3.connect(path).execute("SELECT id FROM person").fetchall()
    assert main_window.data_safety.rekey_action.isVisible()
    main_window.data_safety.rekey_action.trigger()  # the question is answered yes by the fixture
    after = sqlite3.connect(path).execute("SELECT value FROM setting WHERE key = 'township_id'").fetchone()
    assert after != before and not main_window.errors_shown
    assert sqlite3.connect(path).execute("SELECT id FROM person").fetchall() != people_before
    assert "新的乡镇标识" in main_window.statusBar().currentMessage()


def test_renaming_after_an_export_asks_rename_or_another_township(tmp_path, main_window, monkeypatch):
    from township_desk.ui.dialogs import township_identity as identity_dialog
    from township_desk.ui.dialogs.township_settings import TownshipSettingsDialog

    path = make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1))])
    export(path, tmp_path / "first.tdx")
    assert main_window.switch_database(path)
    asked: list[str] = []
    answers = iter(["rename", None, "rekey"])

    def answer(parent, question):
        asked.append(question)
        return next(answers)

    monkeypatch.setattr(identity_dialog, "ask_rename_or_new", answer)

    def save_as(name: str) -> TownshipSettingsDialog:
        dialog = TownshipSettingsDialog(main_window)
        dialog.edits["township"].setText(name)
        dialog.save()
        return dialog

    def setting(key: str) -> str | None:
        row = sqlite3.connect(path).execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    identity = setting("township_id")
    save_as("漳江街道")  # a rename: same identity, the old name remembered for the county
    assert "漳江镇" in asked[-1]
    assert setting("township") == "漳江街道" and setting("township_id") == identity
    assert "漳江镇" in (setting("former_names") or "")
    export(path, tmp_path / "renamed.tdx")  # exports again without a question

    dialog = save_as("桃花乡")  # cancelled: nothing saved
    assert not dialog.result() and setting("township") == "漳江街道"
    save_as("桃花乡")  # another township: fresh identities
    assert setting("township") == "桃花乡" and setting("township_id") != identity
    assert len(asked) == 3


def test_keys_issued_and_installed_from_the_file_menu(tmp_path, main_window, monkeypatch):
    from exchange_helpers import county

    from township_desk.services.merge import merge_files
    from township_desk.ui import file_dialogs
    from township_desk.ui.dialogs.county_keys import CountyKeysDialog

    target = county(tmp_path / "县级汇总.db")
    township = make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1))])
    assert main_window.switch_database(target)
    main_window.data_safety.keys_action.trigger()
    dialog = main_window.findChild(CountyKeysDialog)
    dialog.township.setText("漳江镇")
    monkeypatch.setattr(file_dialogs, "ask_save", lambda *a: tmp_path / "漳江镇.key")
    dialog.issue()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "有效"

    assert main_window.switch_database(township)
    assert main_window.data_safety.install_key_action.isVisible()
    monkeypatch.setattr(file_dialogs, "ask_open", lambda *a: tmp_path / "漳江镇.key")
    main_window.data_safety.install_key_action.trigger()
    assert not main_window.errors_shown
    package = export(township, tmp_path / "a.tdx")
    assert merge_files(target, [package]).files[0].signature == "已签名"
