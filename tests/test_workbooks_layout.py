"""Exported workbooks as a clerk who used WPS expects them (issue 22): a title row, a frozen bold header with
an autofilter, columns fitted to their content, dates as dates, numbers as numbers, a print set-up; and an
export that fails or is cancelled leaves nothing behind."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from township_desk import masking
from township_desk.services import excel_export
from township_desk.services.excel_export import write_workbook
from township_desk.services.progress import Cancelled
from township_desk.services.settings import set_setting

COLUMNS = [
    ("name", "姓名"),
    ("id_number", "身份证号"),
    ("birth_date", "出生年月"),
    ("visited_on", "走访日期"),
    ("count", "走访次数"),
    ("notes", "备注"),
    ("at", "时间"),
]
NUMBER = "430725198001011234"


def rows(count: int = 3) -> list[dict[str, object]]:
    return [
        {
            "name": f"阿依古丽·买买提{i}" if i == 0 else f"张{i}",
            "id_number": NUMBER,
            "birth_date": dt.date(1980, 1, 15),
            "visited_on": dt.date(2024, 3, 5) + dt.timedelta(days=i),
            "count": i + 2,
            "notes": "=1+1" if i == 1 else "",
            "at": dt.datetime(2024, 3, 5, 8, 30),
        }
        for i in range(count)
    ]


@pytest.fixture
def township(db):
    set_setting("township", "漳江镇")
    return db


def test_title_header_frozen_filter_and_print_setup(township, tmp_path, today):
    out = tmp_path / "名单.xlsx"
    assert write_workbook(out, "走访记录", COLUMNS, rows()) == 3
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "走访记录"
    title = sheet["A1"].value
    assert title == f"漳江镇走访记录（{today.year}年{today.month}月{today.day}日导出）"
    assert "A1:G1" in {str(r) for r in sheet.merged_cells.ranges}  # the title spans the table
    assert [c.value for c in sheet[2]] == [label for _k, label in COLUMNS]
    assert sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"  # title and header stay while scrolling
    assert sheet.auto_filter.ref == "A2:G5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # one page wide (fitToWidth absent means its default, 1), as many pages tall as it takes
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows.replace("$", "") == "2:2"  # the header on every printed page
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_dates_are_dates_numbers_numbers_and_formulas_text(township, tmp_path):
    out = tmp_path / "名单.xlsx"
    write_workbook(out, "走访记录", COLUMNS, rows())
    sheet = openpyxl.load_workbook(out).active
    birth, visited, count, notes, at = (sheet.cell(3, c) for c in (3, 4, 5, 6, 7))
    assert birth.is_date and birth.value == dt.datetime(1980, 1, 15) and birth.number_format == "yyyy.mm"
    assert visited.is_date and visited.value == dt.datetime(2024, 3, 5)
    assert visited.number_format == "yyyy-mm-dd"
    assert at.value == dt.datetime(2024, 3, 5, 8, 30) and at.number_format == "yyyy-mm-dd hh:mm"
    assert count.value == 2 and count.data_type == "n"
    assert notes.value is None  # nothing written for an empty value
    formula = sheet.cell(4, 6)
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)
    id_cell = sheet.cell(3, 2)
    assert (id_cell.value, id_cell.number_format) == (NUMBER, "@")
    read_back = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert read_back[2][3] == dt.date(2024, 3, 5) and read_back[3][5] == "=1+1"


def test_columns_are_as_wide_as_their_content(township, tmp_path):
    out = tmp_path / "名单.xlsx"
    write_workbook(out, "走访记录", COLUMNS, rows())
    widths = openpyxl.load_workbook(out).active.column_dimensions
    assert widths["A"].width >= 2 * len("阿依古丽买买提") + 2  # the longest name, CJK counted double
    assert widths["B"].width >= len(NUMBER)
    assert widths["E"].width < widths["A"].width  # a column of small numbers stays narrow


def test_masked_id_numbers_when_the_setting_is_on(township, tmp_path):
    set_setting(masking.SETTING_KEY, "1")
    out = tmp_path / "名单.xlsx"
    write_workbook(out, "走访记录", COLUMNS, rows())
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(3, 2).value == "430725********1234"


def test_rows_as_tuples_follow_the_same_rules(township, tmp_path):
    """Big exports hand the writer tuples in the columns' order; the rules are the same."""
    set_setting(masking.SETTING_KEY, "1")
    out = tmp_path / "名单.xlsx"
    tuples = [tuple(row[key] for key, _label in COLUMNS) for row in rows()]
    write_workbook(out, "走访记录", COLUMNS, tuples)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(3, 2).value == "430725********1234" and sheet.cell(4, 6).quotePrefix
    assert sheet.cell(3, 4).is_date and sheet.cell(5, 5).value == 4


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(excel_export.TEMP_PREFIX))


def test_a_failed_export_leaves_the_old_file_and_no_temporary(township, tmp_path):
    out = tmp_path / "名单.xlsx"
    out.write_bytes(b"the clerk's earlier export")

    def broken():
        yield from rows(2)
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_workbook(out, "走访记录", COLUMNS, broken())
    assert out.read_bytes() == b"the clerk's earlier export"
    assert leftovers(tmp_path) == []


def test_a_cancelled_export_leaves_nothing(township, tmp_path):
    out = tmp_path / "名单.xlsx"

    def cancel(done, total):
        raise Cancelled

    with pytest.raises(Cancelled):
        write_workbook(out, "走访记录", COLUMNS, rows(2500), 2500, cancel)
    assert not out.exists() and leftovers(tmp_path) == []


def test_an_empty_list_still_has_its_title_and_header(township, tmp_path):
    out = tmp_path / "空.xlsx"
    assert write_workbook(out, "干部名单", COLUMNS, []) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value.startswith("漳江镇干部名单")
    assert [c.value for c in sheet[2]][:2] == ["姓名", "身份证号"] and sheet.max_row == 2


def test_number_columns_sum_and_leave_words_as_text(township, tmp_path):
    """Training days typed as text ("1.5") become numbers Excel can sum; "半天" or "nan" stay as typed."""
    out = tmp_path / "天数.xlsx"
    days = [{"name": "王", "days": "1.5"}, {"name": "李", "days": "半天"}, {"name": "赵", "days": "nan"}]
    excel_export.write_sheets(
        out, [("参训记录", [("name", "姓名"), ("days", "天数")], days)], number_keys=frozenset({"days"})
    )
    sheet = openpyxl.load_workbook(out).active
    assert [sheet.cell(r, 2).value for r in (3, 4, 5)] == [1.5, "半天", "nan"]
