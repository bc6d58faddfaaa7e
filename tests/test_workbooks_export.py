"""What goes out: an exported workbook never holds a formula, whatever a clerk typed into a field."""

from __future__ import annotations

import zipfile

import openpyxl
from python_calamine import CalamineWorkbook

from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.services import households
from township_desk.services.excel_export import write_workbook

RISKY = ['=HYPERLINK("http://example.invalid","点我")', "+1+2", "-3组", "@SUM(A1:A9)", "\t=1+1", "=1+1"]


def _sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_formula_like_text_is_written_as_text(tmp_path):
    out = tmp_path / "名单.xlsx"
    rows = [{"name": text, "notes": text, "count": -3} for text in RISKY]
    assert write_workbook(out, "名单", [("name", "姓名"), ("notes", "备注"), ("count", "数")], rows) == len(
        RISKY
    )
    assert "<f>" not in _sheet_xml(out)  # no formula anywhere in the file
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[2]] == ["姓名", "备注", "数"]  # under the title row
    for index, text in enumerate(RISKY, 3):
        for column in (1, 2):
            cell = sheet.cell(index, column)
            assert (cell.value, cell.data_type) == (text, "s")
            assert cell.quotePrefix  # Excel keeps it text when the cell is edited
        assert sheet.cell(index, 3).value == -3  # a real negative number stays a number
    read_back = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert [row[0] for row in read_back[2:]] == RISKY


def test_an_export_from_the_command_line_holds_no_formula(db_path, tmp_path):
    open_database(db_path)
    households.save_household(
        None,
        {
            "head": "张大山",
            "village": "桃花村",
            "group": "3组",
            "address": '=HYPERLINK("http://example.invalid","家")',
            "notes": "-欠费",
        },
    )
    close_database()
    out = tmp_path / "联系户.xlsx"
    assert main(["--db", str(db_path), "export", "households", str(out)]) == 0
    assert "<f>" not in _sheet_xml(out)
    sheet = openpyxl.load_workbook(out).active
    values = {sheet.cell(2, c).value: sheet.cell(3, c) for c in range(1, sheet.max_column + 1)}
    assert values["家庭住址"].value.startswith("=HYPERLINK") and values["家庭住址"].data_type == "s"
    assert values["备注"].value == "-欠费"


def test_workbooks_of_several_sheets_follow_the_same_rules(tmp_path, db):
    """The multi-sheet exports (组织生活, 培训) go through the one writer: no formulas, days as numbers."""
    from township_desk.services.excel_export import write_sheets

    out = tmp_path / "two.xlsx"
    count = write_sheets(
        out,
        [
            (
                "会议记录",
                [("topic", "主题"), ("id_number", "身份证号")],
                [{"topic": "=1+1", "id_number": "430725198001011234"}],
            ),
            ("参训记录", [("name", "姓名"), ("days", "天数")], [{"name": "王书记", "days": "1.5"}]),
        ],
        number_keys=frozenset({"days"}),
    )
    book = openpyxl.load_workbook(out)
    first, second = book["会议记录"], book["参训记录"]
    assert count == 2 and first["A3"].value == "=1+1" and first["A3"].data_type == "s"
    assert first["B3"].value == "430725198001011234"
    assert second["B3"].value == 1.5
