"""Column mapping: a workbook whose headers the importer does not know is read through --map or the window's
mapping step, remembered for the next file with the same headers; bad mappings are refused in Chinese."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from window_helpers import show_tab

from township_desk.cli import main
from township_desk.services import column_mapping
from township_desk.services.cadre_import import COLUMNS as CADRE_COLUMNS
from township_desk.services.excel_import import HeaderNotRecognised, read_table
from township_desk.services.id_numbers import make_id_number

HEADERS = ["人员名称", "证件号", "岗位", "所属片区", "单位"]
MAP_TOML = '"人员名称" = "name"\n"证件号" = "id_number"\n"岗位" = "现任职务"\n"所属片区" = "village"\n"单位" = "忽略"\n'


def ids(count: int, start: int = 1) -> list[str]:
    return [make_id_number("110101", date(1975, 1, 1 + i), 40 + i, True) for i in range(start, start + count)]


def odd_workbook(path: Path, people: list[tuple[str, str]], headers: list[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for name, number in people:
        sheet.append([name, number, "村委会委员", "桃花村", "县农业局"])
    book.save(path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def live_people(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT id_number, name FROM person WHERE deleted_at IS NULL"))


def test_unknown_headers_are_named_with_the_fields_to_map_them_to(tmp_path, capsys):
    first, second = ids(2)
    book = odd_workbook(tmp_path / "名单.xlsx", [("王小明", first), ("李秀兰", second)])
    code, _, err = run(capsys, "--db", str(tmp_path / "t.db"), "import", "cadres", str(book))
    assert code == 2 and "找不到表头" in err
    assert "表中的列：人员名称、证件号、岗位、所属片区、单位" in err and "--map" in err and "name=姓名" in err


def test_map_file_imports_and_is_remembered_for_the_next_file_with_the_same_headers(tmp_path, capsys):
    db = tmp_path / "t.db"
    a, b, c = ids(3)
    mapping = tmp_path / "对应.toml"
    mapping.write_text(MAP_TOML, encoding="utf-8")
    first = odd_workbook(tmp_path / "一.xlsx", [("王小明", a), ("李秀兰", b)])
    code, out, _ = run(
        capsys, "--db", str(db), "import", "cadres", str(first), "--map", str(mapping), "--dry-run"
    )
    assert code == 0 and "可导入 2 行" in out and "人员名称→姓名" in out and "单位→忽略" in out
    assert live_people(db) == {}  # a dry run writes nothing, and remembers nothing
    assert (
        run(capsys, "--db", str(db), "import", "cadres", str(odd_workbook(tmp_path / "x.xlsx", [])))[0] == 2
    )

    code, out, _ = run(capsys, "--db", str(db), "import", "cadres", str(first), "--map", str(mapping))
    assert code == 0 and "已导入 2 人" in out and "已记住" in out
    people = live_people(db)
    assert people[a] == "王小明" and people[b] == "李秀兰"
    with sqlite3.connect(
        db
    ) as con:  # 单位 (an alias of 村(社区)) was ignored as told: the village is 所属片区's
        villages = {v for (v,) in con.execute("SELECT name FROM village")}
    assert "县农业局" not in villages and "桃花村" in villages

    second = odd_workbook(tmp_path / "二.xlsx", [("赵国强", c)])  # same headers, no --map
    code, out, _ = run(capsys, "--db", str(db), "import", "cadres", str(second))
    assert code == 0 and "已导入 1 人" in out and "按列对应关系读取" in out
    assert live_people(db)[c] == "赵国强"

    other = odd_workbook(
        tmp_path / "三.xlsx", [("钱多多", ids(1, 9)[0])], headers=["人员名称", "证件号", "岗位"]
    )
    assert run(capsys, "--db", str(db), "import", "cadres", str(other))[0] == 2  # other headers: not guessed


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ('"人员名称" = "nickname"\n', "“人员名称”对应的字段“nickname”不存在"),
        ('"人员名称" = "name"\n"证件号" = "姓名"\n', "“人员名称”和“证件号”都对应到“姓名”"),
        ("人员名称 = name\n", "格式有误"),
        ('"人员名称" = 3\n', "格式有误"),
    ],
)
def test_bad_mappings_are_refused_in_chinese_and_nothing_is_written(tmp_path, capsys, toml, said):
    db = tmp_path / "t.db"
    mapping = tmp_path / "bad.toml"
    mapping.write_text(toml, encoding="utf-8")
    book = odd_workbook(tmp_path / "名单.xlsx", [("王小明", ids(1)[0])])
    code, out, err = run(capsys, "--db", str(db), "import", "cadres", str(book), "--map", str(mapping))
    assert code == 2 and said in err and "已导入" not in out
    assert live_people(db) == {}
    code, _, err = run(
        capsys, "--db", str(db), "import", "cadres", str(book), "--map", str(tmp_path / "无.toml")
    )
    assert code == 2 and "找不到列对应文件" in err


def test_the_generic_reader_takes_a_mapping_for_any_subject(tmp_path):
    book = odd_workbook(tmp_path / "名单.xlsx", [("王小明", ids(1)[0])])
    with pytest.raises(HeaderNotRecognised) as caught:
        read_table(book, CADRE_COLUMNS)
    assert caught.value.headers == HEADERS
    table = read_table(
        book, CADRE_COLUMNS, mapping={"人员名称": "name", "证件号": "id_number", "岗位": "post"}
    )
    assert table.names == {"name": "人员名称", "id_number": "证件号", "post": "岗位", "village": "单位"}
    assert table.ignored == ["所属片区"]
    rows = [raw for _n, raw in table.rows]
    assert rows[0]["name"] == "王小明" and rows[0]["village"] == "县农业局"
    with column_mapping.mapping_context(
        {"人员名称": "name", "证件号": "id_number", "岗位": "post", "单位": ""}
    ):
        table = read_table(book, CADRE_COLUMNS)  # the context reaches a subject's plan function unchanged
    assert "village" not in table.names and table.mapped["单位"] == ""
    with pytest.raises(column_mapping.MappingRefused, match="一个字段只能对应一列"):
        read_table(book, CADRE_COLUMNS, mapping={"人员名称": "name", "单位": "name"})


def test_work_teams_read_through_a_map_file(tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(["驻点", "来自", "队员", "队内角色"])
    sheet.append(["桃花村", "县财政局", "孙立新", "第一书记"])
    book.save(tmp_path / "队.xlsx")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[columns]\n"驻点" = "village"\n"来自" = "sending_unit"\n"队员" = "name"\n"队内角色" = "role"\n',
        encoding="utf-8",
    )
    code, out, err = run(
        capsys,
        "--db",
        str(tmp_path / "t.db"),
        "import",
        "work-teams",
        str(tmp_path / "队.xlsx"),
        "--map",
        str(mapping),
        "--dry-run",
    )
    assert "表头在第 1 行" in out and "驻点→派驻村" in out and "队员→姓名" in out, err


def test_the_window_asks_which_column_is_which_and_remembers_it(main_window, qtbot, tmp_path):
    from township_desk.ui.dialogs.column_mapping import ColumnMappingDialog
    from township_desk.ui.dialogs.import_preview import ImportPreviewDialog

    tab = show_tab(main_window, "干部")
    before = tab.model.total
    a, b, c = ids(3, 20)
    tab.import_excel(odd_workbook(tmp_path / "一.xlsx", [("王小明", a), ("李秀兰", b)]))
    qtbot.waitUntil(lambda: tab.findChild(ColumnMappingDialog) is not None, timeout=10000)
    dialog = tab.findChild(ColumnMappingDialog)
    assert list(dialog.boxes) == HEADERS
    assert dialog.mapping()["单位"] == "village"  # proposed from the importer's own aliases

    dialog.choose("人员名称", "name")
    dialog.choose("证件号", "name")
    dialog.accept()  # two columns for 姓名: refused, the dialog stays
    assert "一个字段只能对应一列" in main_window.errors_shown[-1] and dialog.result() == 0
    dialog.choose("证件号", "id_number")
    dialog.accept()  # 现任职务 (required) not chosen yet
    assert "现任职务" in main_window.errors_shown[-1]
    dialog.choose("岗位", "post")
    dialog.choose("所属片区", "village")
    dialog.choose("单位", "")
    dialog.accept()
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is not None, timeout=10000)
    preview = tab.findChild(ImportPreviewDialog)
    assert preview.accepted_table.rowCount() == 2 and tab.model.total == before
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.total == before + 2, timeout=10000)
    preview.deleteLater()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is None, timeout=5000)

    tab.import_excel(odd_workbook(tmp_path / "二.xlsx", [("赵国强", c)]))  # same headers: no question asked
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is not None, timeout=10000)
    assert tab.findChild(ColumnMappingDialog) is None
    preview = tab.findChild(ImportPreviewDialog)
    assert preview.accepted_table.rowCount() == 1
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.total == before + 3, timeout=10000)


def test_the_home_page_and_the_file_menu_save_blank_templates(main_window, qtbot, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QPushButton

    home = show_tab(main_window, "首页")
    out = tmp_path / "联系户模板.xlsx"
    home.template_for("联系户", out)
    assert main_window.tabs.tabText(main_window.tabs.currentIndex()) == "联系户"
    assert load_workbook(out).worksheets[0]["A1"].value == "户主姓名"
    assert home.findChild(QPushButton, "template_干部") is not None
    tab = show_tab(main_window, "干部")
    tab.save_import_template(tmp_path / "干部模板.xlsx")
    assert [c.value for c in load_workbook(tmp_path / "干部模板.xlsx").worksheets[0][1]][:3] == [
        "姓名",
        "身份证号",
        "性别",
    ]
    assert "下载空白导入模板…" in [a.text() for a in main_window.menuBar().actions()[0].menu().actions()]
