"""Importing a messy Excel roster: header anywhere, values normalised, refused rows named, nothing twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from township_desk.cli import main
from township_desk.db import close_database
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.services.cadre_import import apply_cadre_import, plan_cadre_import
from township_desk.services.excel_import import ImportFileError
from township_desk.services.id_numbers import make_id_number

GOOD_1 = make_id_number("430725", dt.date(1975, 3, 8), 12, male=True)
GOOD_2 = make_id_number("430725", dt.date(1982, 11, 30), 3, male=False)
GOOD_3 = make_id_number("430725", dt.date(1990, 1, 2), 44, male=True)
LEGACY_15 = "430725750308123"  # 15-digit: born 1975-03-08, odd sequence → man
BAD_CHECK = GOOD_1[:-1] + ("0" if GOOD_1[-1] != "0" else "1")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def messy_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet["A1"] = "漳江镇村(社区)“两委”干部花名册"
    sheet.merge_cells("A1:J1")
    sheet["A2"] = "填报单位：漳江镇组织办          2024年3月"
    sheet.merge_cells("A2:J2")
    sheet["A4"] = "基本情况"
    sheet.merge_cells("A4:E4")
    sheet["F4"] = "任职情况"
    sheet.merge_cells("F4:H4")
    sheet.append(
        [
            "序号",
            "姓  名",
            "身份证号码",
            "性别",
            "出生年月",
            "村（社区）",
            "职务",
            "任现职时间",
            "文化程度",
            "政治面貌",
            "联系电话",
        ]
    )
    rows = [
        [
            1,
            " 张　三 ",
            GOOD_1.translate(FULLWIDTH),
            "男",
            "1975.03",
            "桃花村",
            "书记、主任",
            "2021.05",
            "大专",
            "党员",
            "１３８１２３４５６７８",
        ],
        [
            2,
            "李四",
            GOOD_2.lower() if GOOD_2[-1] == "X" else GOOD_2,
            "女",
            "1982年11月",
            "桃花村",
            "副书记",
            dt.datetime(2021, 5, 18),
            "本科",
            "中国共产党党员",
            13912345678,
        ],
        [3, "王五", BAD_CHECK, "男", "", "杏林村", "委员", "2021-05", "高中", "群众", ""],
        [4, "赵六", 1.10101e17, "男", "", "杏林村", "委员", "", "初中", "群众", ""],
        [5, "", GOOD_3, "男", "", "杏林村", "委员", "", "初中", "群众", ""],
        [6, "张三", GOOD_1, "男", "", "桃花村", "书记", "", "大专", "党员", ""],
        [],
        [7, "钱七", LEGACY_15, "男", "", "杏林村", "监委会主任", "2021年5月", "中专", "预备党员", ""],
        [8, "孙八", GOOD_3, "男", "", "杏林村", "", "", "初中", "群众", ""],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_messy_roster_is_normalised_and_refusals_are_named(db, tmp_path):
    plan = plan_cadre_import(messy_workbook(tmp_path / "roster.xlsx"))
    assert plan.header_row == 5
    accepted = {record.name: (row, record) for row, record in plan.accepted}
    assert set(accepted) == {"张三", "李四", "钱七"}
    row, zhang = accepted["张三"]
    assert row == 6
    assert zhang.id_number == GOOD_1 and zhang.phone == "13812345678"
    assert (
        zhang.post == "党组织书记、主任" and zhang.education == "大学专科" and zhang.political == "中共党员"
    )
    assert zhang.post_start == dt.date(2021, 5, 1)
    li = accepted["李四"][1]
    assert li.post_start == dt.date(2021, 5, 18) and li.education == "大学本科" and li.phone == "13912345678"
    qian = accepted["钱七"][1]
    assert qian.id_number.startswith("43072519750308123") and len(qian.id_number) == 18
    assert qian.political == "中共预备党员" and qian.post == "村务监督委员会主任"

    reasons = {refusal.sheet_row: refusal.reason for refusal in plan.refused}
    assert "校验位" in reasons[8]
    assert "科学计数法" in reasons[9]
    assert "没有姓名" in reasons[10]
    assert "第 6 行" in reasons[11]
    assert "现任职务" in reasons[14]
    assert len(plan.refused) == 5

    assert Person.select().count() == 0  # planning writes nothing
    assert apply_cadre_import(plan) == 3
    assert Person.live().count() == 3 and CadrePost.live().count() == 3
    person = Person.get(Person.name == "张三")
    assert person.initials == "zs" and person.sex == "男" and person.birth_date == dt.date(1975, 3, 8)


def test_importing_the_same_file_twice_adds_nothing(db, tmp_path):
    path = messy_workbook(tmp_path / "roster.xlsx")
    apply_cadre_import(plan_cadre_import(path))
    again = plan_cadre_import(path)
    assert again.accepted == []
    assert any("已在库中" in r.reason for r in again.refused)
    assert apply_cadre_import(again) == 0
    assert Person.live().count() == 3


def test_unreadable_files_are_refused_with_a_reason(db, tmp_path):
    text = tmp_path / "roster.xlsx"
    text.write_text("这不是Excel文件", encoding="utf-8")
    with pytest.raises(ImportFileError, match="不是有效的 Excel"):
        plan_cadre_import(text)
    old = tmp_path / "roster.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")  # the start of an .xls, cut short
    with pytest.raises(ImportFileError, match="已损坏"):
        plan_cadre_import(old)
    no_header = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["品名", "数量"])
    book.save(no_header)
    with pytest.raises(ImportFileError, match="找不到表头"):
        plan_cadre_import(no_header)


def test_cli_exit_codes_and_dry_run(db_path, tmp_path, capsys):
    path = messy_workbook(tmp_path / "roster.xlsx")
    assert main(["--db", str(db_path), "import", "cadres", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "第 8 行（王五）" in out and "校验位" in out and "未写入" in out
    close_database()
    assert main(["--db", str(db_path), "export", "cadres", str(tmp_path / "empty.xlsx")]) == 0
    assert (
        openpyxl.load_workbook(tmp_path / "empty.xlsx").active.max_row == 2
    )  # title, header: dry run wrote nothing

    assert main(["--db", str(db_path), "import", "cadres", str(path)]) == 1
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"nonsense")
    assert main(["--db", str(db_path), "import", "cadres", str(garbage)]) == 2
    assert "无法导入" in capsys.readouterr().err


def test_clean_roster_imports_with_exit_zero(db_path, tmp_path):
    path = tmp_path / "clean.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "村(社区)", "现任职务"])
    book.active.append(["周九", GOOD_3, "杏林村", "党组织委员"])
    book.save(path)
    assert main(["--db", str(db_path), "import", "cadres", str(path)]) == 0
