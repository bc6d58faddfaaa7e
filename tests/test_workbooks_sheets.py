"""Which sheet and which header: hidden sheets are never taken, several candidate sheets are named (the command
line takes --sheet, the window asks), two-row headers and headers with notes are read whole, and every column
that nothing takes is listed."""

from __future__ import annotations

import pytest
from workbook_helpers import (
    MAN_1980,
    MAN_1990,
    ROSTER_HEADER,
    ROSTER_ROWS,
    WOMAN_1985,
    roster,
    write_csv,
    write_xls,
    write_xlsx,
)

from township_desk.cli import main
from township_desk.models.people import Person
from township_desk.services.cadre_import import apply_cadre_import, plan_cadre_import
from township_desk.services.excel_import import ImportFileError, SheetChoiceNeeded

OLD_ROWS = [[1, "旧人甲", WOMAN_1985, "桃花村", "委员", "2015.01", ""]]


def test_a_hidden_old_sheet_is_never_taken(db, tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [("2019年（旧）", [ROSTER_HEADER, *OLD_ROWS]), ("花名册", roster())],
        hidden=["2019年（旧）"],
    )
    plan = plan_cadre_import(path)
    assert plan.sheet == "花名册"
    assert "旧人甲" not in {r.name for _row, r in plan.accepted} and len(plan.accepted) == 3


def test_only_a_hidden_sheet_with_a_header_is_refused_saying_so(db, tmp_path):
    path = write_xls(
        tmp_path / "r.xls",
        [("旧表", [ROSTER_HEADER, *OLD_ROWS]), ("说明", [["本表为示例"]])],
        hidden=["旧表"],
    )
    with pytest.raises(ImportFileError, match="找不到表头.*隐藏的工作表：旧表"):
        plan_cadre_import(path)
    with pytest.raises(ImportFileError, match="隐藏"):
        plan_cadre_import(path, sheet="旧表")


def _two_sheets(tmp_path):
    return write_xlsx(
        tmp_path / "两个村.xlsx",
        [
            ("说明", [["填表说明：身份证号请设为文本"]]),
            ("桃花村", [ROSTER_HEADER, *ROSTER_ROWS[:1]]),
            ("杏林村", [ROSTER_HEADER, *ROSTER_ROWS[1:]]),
        ],
    )


def test_several_candidate_sheets_on_the_command_line(db_path, tmp_path, capsys):
    path = _two_sheets(tmp_path)
    assert main(["--db", str(db_path), "import", "cadres", str(path)]) == 2
    err = capsys.readouterr().err
    assert "桃花村、杏林村" in err and "--sheet" in err and "说明" not in err.split("：")[1]
    assert main(["--db", str(db_path), "import", "cadres", str(path), "--sheet", "没有这张"]) == 2
    assert "可选的工作表：说明、桃花村、杏林村" in capsys.readouterr().err
    assert main(["--db", str(db_path), "import", "cadres", str(path), "--sheet", "杏林村"]) == 0
    out = capsys.readouterr().out
    assert "工作表“杏林村”" in out and "已导入 2 人" in out


def test_several_candidate_sheets_in_the_service(db, tmp_path):
    path = _two_sheets(tmp_path)
    with pytest.raises(SheetChoiceNeeded) as raised:
        plan_cadre_import(path)
    assert raised.value.sheets == ["桃花村", "杏林村"]
    assert [r.name for _row, r in plan_cadre_import(path, sheet="桃花村").accepted] == ["张三"]


def _two_row_header_rows():
    return [
        ["漳江镇村(社区)干部花名册"],
        [
            "序号",
            "基本情况",
            None,
            None,
            "身份证号码（18位）",
            "出生年月（例：1980.01）",
            "任职情况",
            None,
            "家庭住址",
            "备注",
        ],
        [None, "姓名", "性别", "民族", None, None, "现任职务", "任职时间", None, None],
        [1, "张三", "男", "苗族", MAN_1980, "1980.01", "委员", "2021.05", "桃花村3组", "无"],
        [2, "李秀英", "女", "汉族", WOMAN_1985, "1985.06", "副书记", "2018.03", "", ""],
    ]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv (no merged cells)"])
def test_a_two_row_header_is_read_as_one(db, tmp_path, kind):
    rows = _two_row_header_rows()
    if kind.startswith("csv"):
        path = write_csv(tmp_path / "r.csv", rows, "gbk")
    elif kind == "xlsx":
        path = write_xlsx(
            tmp_path / "r.xlsx",
            [("花名册", rows)],
            merges={"花名册": ["A2:A3", "B2:D2", "E2:E3", "F2:F3", "G2:H2", "I2:I3", "J2:J3"]},
        )
    else:
        path = write_xls(
            tmp_path / "r.xls",
            [("花名册", rows)],
            merges={
                "花名册": [
                    (1, 2, 0, 0),
                    (1, 1, 1, 3),
                    (1, 2, 4, 4),
                    (1, 2, 5, 5),
                    (1, 1, 6, 7),
                    (1, 2, 8, 8),
                    (1, 2, 9, 9),
                ]
            },
        )
    plan = plan_cadre_import(path)
    assert (plan.header_first, plan.header_row) == (2, 3) and plan.header_text() == "表头在第 2—3 行"
    assert set(plan.columns) >= {"name", "sex", "ethnicity", "id_number", "birth_date", "post", "post_start"}
    assert plan.columns["id_number"] == "身份证号码（18位）"
    assert plan.refused == [] and plan.warnings == []  # the sub-header row is not a refused row
    taken = {r.name: r for _row, r in plan.accepted}
    assert taken["张三"].ethnicity == "苗族" and taken["张三"].post_start.year == 2021
    assert taken["李秀英"].post == "党组织副书记"
    assert plan.ignored == ["家庭住址", "备注"]
    assert plan.ignored_text() == "未识别的列：家庭住址、备注，已忽略"


def test_the_command_line_lists_the_ignored_columns(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", [("花名册", [[*ROSTER_HEADER, "籍贯", "特长"], *ROSTER_ROWS])])
    assert main(["--db", str(db_path), "import", "cadres", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "未识别的列：籍贯、特长，已忽略" in out and "序号" not in out


def test_a_sheet_without_the_required_columns_is_not_a_candidate(db, tmp_path):
    summary = [["村(社区)", "现任职务", "人数"], ["桃花村", "委员", 3]]
    path = write_xlsx(tmp_path / "r.xlsx", [("汇总", summary), ("花名册", roster())])
    plan = plan_cadre_import(path)
    assert plan.sheet == "花名册" and len(plan.accepted) == 3
    assert apply_cadre_import(plan) == 3 and Person.live().count() == 3


def test_the_window_asks_which_sheet(main_window, qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel
    from test_cadres_window import cadre_tab

    from township_desk.ui.dialogs.import_preview import ImportPreviewDialog, SheetChooserDialog

    path = _two_sheets(tmp_path)
    tab = cadre_tab(main_window)
    before = tab.model.total
    tab.import_excel(path)
    qtbot.waitUntil(lambda: tab.findChild(SheetChooserDialog) is not None, timeout=10000)
    chooser = tab.findChild(SheetChooserDialog)
    combo = chooser.sheets
    assert [combo.itemText(i) for i in range(combo.count())] == ["桃花村", "杏林村"]
    combo.setCurrentIndex(1)
    chooser.accept()
    qtbot.waitUntil(lambda: tab.findChild(ImportPreviewDialog) is not None, timeout=10000)
    preview = tab.findChild(ImportPreviewDialog)
    assert "工作表“杏林村”" in preview.findChild(QLabel, "summary").text()
    assert preview.accepted_table.rowCount() == 2
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.total == before + 2, timeout=10000)


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_a_village_merged_down_beside_its_cadres_counts_for_each(db, tmp_path, kind):
    rows = [
        ["姓名", "身份证号", "村(社区)", "现任职务"],
        ["张三", MAN_1980, "桃花村", "委员"],
        ["李秀英", WOMAN_1985, None, "委员"],
        ["王五", MAN_1990, "杏林村", "委员"],
    ]
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "r.xlsx", [("花名册", rows)], merges={"花名册": ["C2:C3"]})
    else:
        path = write_xls(tmp_path / "r.xls", [("花名册", rows)], merges={"花名册": [(1, 2, 2, 2)]})
    plan = plan_cadre_import(path)
    assert [(r.name, r.village) for _row, r in plan.accepted] == [
        ("张三", "桃花村"),
        ("李秀英", "桃花村"),
        ("王五", "杏林村"),
    ]
