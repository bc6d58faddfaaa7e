"""Importing an organiser's messy sign-in sheet: people matched, never created, refusals listed with reasons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.training_helpers import course, person
from township_desk.models.people import Person
from township_desk.models.training import TrainingAttendance
from township_desk.services.excel_import import ImportFileError
from township_desk.services.id_numbers import make_id_number
from township_desk.services.training import attendance, signin

ZHANG_ID = make_id_number("430725", date(1975, 3, 8), 11, True)
LI_ID = make_id_number("430725", date(1980, 6, 1), 12, False)
WANG_ID = make_id_number("430725", date(1968, 1, 9), 13, True)
STRANGER_ID = make_id_number("430725", date(1990, 2, 2), 14, True)


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def messy_sheet(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "签到"
    sheet.append(["2026年村(社区)干部业务培训签到表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["主办：镇党委组织办", None, None, "地点：镇党校"])
    sheet.append(["序号", "学员 姓名", "身份证号码", "手机", "单位", "天数", "签名"])
    rows = [
        (1, "张 三", to_fullwidth(ZHANG_ID), None, "桃花村", "2天", "张三"),  # full-width digits, spaced name
        (2, "李四", float(LI_ID[:17] + "0"), 13800000002.0, "杏花村", "半天", None),  # ID mangled → phone
        (3, "王五", WANG_ID, None, "桃花村", None, None),  # days empty → whole course
        (4, "赵六", STRANGER_ID, None, "外乡", 2, None),  # not registered: refused, not created
        (5, "孙七", ZHANG_ID, None, "桃花村", 2, None),  # ID belongs to 张三
        (6, "张三", ZHANG_ID, None, "桃花村", 1, None),  # twice on the sheet
        (None, None, None, None, None, None, None),  # blank row
        (7, "周八", None, None, "桃花村", 1.5, None),  # name only, unique
        (8, "吴九", None, None, "桃花村", 1, None),  # name only, two people of that name
        (9, "郑十", None, "139 0000 0010", "桃花村", "三天", None),  # days not a number
        (10, "冯十一", "43072519", None, "桃花村", 1, None),  # ID too short
        (11, "陈十二", None, "13900000012", "桃花村", 5, None),  # more days than the course
    ]
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.fixture
def people(db):
    ids = {
        "张三": person("张三", id_number=ZHANG_ID),
        "李四": person("李四", "杏花村", id_number=LI_ID, phone="13800000002"),
        "王五": person("王五", id_number=WANG_ID),
        "周八": person("周八"),
        "吴九a": person("吴九"),
        "吴九b": person("吴九", "杏花村"),
        "郑十": person("郑十", phone="13900000010"),
        "陈十二": person("陈十二", phone="13900000012"),
    }
    return ids


def test_a_messy_sign_in_sheet_is_matched_and_every_refusal_explained(people, tmp_path):
    course_id = course("村(社区)干部业务培训", date(2026, 3, 2), date(2026, 3, 3), 2)
    # 王五 was added beforehand (no days yet): the sheet updates his row instead of adding a second one
    attendance.enroll(course_id, [people["王五"]], days=0)
    before = Person.select().count()
    plan = signin.plan_signin_import(messy_sheet(tmp_path / "签到表.xlsx"), course_id)
    assert plan.header_row == 3
    taken = {record.name: (record.days, record.action) for _row, record in plan.accepted}
    assert taken == {
        "张三": (2.0, "新增"),
        "李四": (0.5, "新增"),
        "王五": (2.0, "更新天数"),
        "周八": (1.5, "新增"),
    }
    reasons = {refusal.sheet_row: refusal.reason for refusal in plan.refused}
    assert set(reasons) == {7, 8, 9, 12, 13, 14, 15}
    assert "库中没有身份证号" in reasons[7] and "不会自动新建" in reasons[7]
    assert "张三" in reasons[8] and "不符" in reasons[8]
    assert "第 4 行是同一人" in reasons[9]
    assert "2 人名为“吴九”" in reasons[12]
    assert "参训天数" in reasons[13]
    assert "身份证号" in reasons[14]
    assert "超过" in reasons[15]

    assert signin.apply_signin_import(plan, course_id) == 4
    assert Person.select().count() == before  # nobody created
    got = {row.person.name: (row.days, row.completed) for row in TrainingAttendance.live()}
    assert got == {"张三": (2.0, True), "李四": (0.5, True), "王五": (2.0, True), "周八": (1.5, True)}
    # importing the same sheet again adds nobody twice
    again = signin.plan_signin_import(tmp_path / "签到表.xlsx", course_id)
    signin.apply_signin_import(again, course_id)
    assert TrainingAttendance.live().count() == 4


def test_a_sheet_without_a_name_column_or_not_excel_is_refused_before_anything_is_written(people, tmp_path):
    course_id = course("培训", date(2026, 3, 2), None, 1)
    book = openpyxl.Workbook()
    book.active.append(["序号", "签名", "备注"])
    book.active.append([1, "张三", ""])
    book.save(tmp_path / "no_header.xlsx")
    with pytest.raises(ImportFileError, match="表头"):
        signin.plan_signin_import(tmp_path / "no_header.xlsx", course_id)
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(ImportFileError):
        signin.plan_signin_import(tmp_path / "bad.xlsx", course_id)
    assert TrainingAttendance.select().count() == 0
