"""Importing a messy Excel list of households: header anywhere, values normalised, refusals named, nothing twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from township_desk.cli import main
from township_desk.db import close_database, database, open_database
from township_desk.models.households import Household, HouseholdPairing
from township_desk.models.people import Person
from township_desk.services import households
from township_desk.services.household_import import apply_household_import, plan_household_import
from township_desk.services.id_numbers import make_id_number
from township_desk.services.people import save_person
from township_desk.services.pinyin import name_initials, name_pinyin

GOOD_1 = make_id_number("430725", dt.date(1956, 3, 8), 12, male=True)
GOOD_2 = make_id_number("430725", dt.date(1962, 11, 30), 3, male=False)
GOOD_3 = make_id_number("430725", dt.date(1970, 1, 2), 44, male=True)
GOOD_4 = make_id_number("430725", dt.date(1971, 6, 2), 45, male=True)
GOOD_5 = make_id_number("430725", dt.date(1972, 7, 3), 46, male=False)
PRESENT = make_id_number("430725", dt.date(1950, 5, 5), 7, male=True)
BAD_CHECK = GOOD_3[:-1] + ("0" if GOOD_3[-1] != "0" else "1")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def person(name: str, political: str = "中共党员", number: str | None = None) -> Person:
    with database.atomic():
        return save_person(
            None,
            {
                "name": name,
                "initials": name_initials(name),
                "pinyin": name_pinyin(name),
                "id_number": number,
                "sex": "男",
                "birth_date": None,
                "ethnicity": "汉族",
                "political": political,
                "party_joined_on": None,
                "education": "",
                "phone": "",
                "village": "桃花村",
                "notes": "",
            },
        )


def messy_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "联系户"
    sheet["A1"] = "漳江镇党员联系户花名册"
    sheet.merge_cells("A1:K1")
    sheet["A2"] = "填报单位：漳江镇组织办            2024年3月"
    sheet.merge_cells("A2:K2")
    sheet["A3"] = "户主情况"
    sheet.merge_cells("A3:D3")
    sheet.append(
        [
            "序号",
            "户主 姓名",
            "身份证号码",
            "联系 电话",
            "所在村",
            "组别",
            "家庭住址",
            "家庭人口",
            "户类型",
            "联系党员",
            "结对时间",
            "备注",
        ]
    )
    rows = [
        [
            1,
            " 张　大山 ",
            GOOD_1.translate(FULLWIDTH),
            "１３８１２３４５６７８",
            "桃花村",
            3,
            "桃花村3组12号",
            "4人",
            "防返贫监测户",
            "李党员",
            "2022.03",
            "户主常年务工",
        ],
        [2, "王秀英", GOOD_2.lower(), 13912345678, "桃花村", "5组", "", 2, "低保", "", "", ""],
        [3, "赵错位", BAD_CHECK, "", "杏林村", "1组", "", 3, "", "", "", ""],
        [4, "", GOOD_3, "", "杏林村", "1组", "", 3, "", "", "", ""],
        [5, "钱科学", 1.10101e17, "", "杏林村", "1组", "", 3, "", "", "", ""],
        [],
        [6, "张大山", GOOD_1, "", "桃花村", "3组", "", 4, "", "", "", "重复的一行"],
        [7, "孙已有", PRESENT, "", "桃花村", "2组", "", 5, "", "", "", ""],
        [8, "周某", GOOD_3, "", "杏林村", "2组", "", 3, "一般户", "王不存在", "", ""],
        [9, "吴某", GOOD_4, "", "杏林村", "2组", "", 3, "一般户", "赵同名", "", ""],
        [10, "郑某", GOOD_5, "", "杏林村", "2组", "", "很多", "一般户", "", "", ""],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def seed_database() -> None:
    person("李党员")
    person("赵同名")
    person("赵同名")
    households.save_household(
        None, {"head": "孙已有", "id_number": PRESENT, "village": "桃花村", "group": "2组"}
    )


def test_messy_list_is_normalised_and_every_refusal_named(db, tmp_path):
    seed_database()
    plan = plan_household_import(messy_workbook(tmp_path / "households.xlsx"))
    assert plan.header_row == 4 and plan.sheet == "联系户"
    accepted = {record.head: (row, record) for row, record in plan.accepted}
    assert set(accepted) == {"张大山", "王秀英"}
    row, zhang = accepted["张大山"]
    assert row == 5
    assert (zhang.id_number, zhang.phone, zhang.group, zhang.member_count) == (
        GOOD_1,
        "13812345678",
        "3组",
        4,
    )
    assert zhang.category == "监测户" and zhang.member == "李党员" and zhang.paired_on == dt.date(2022, 3, 1)
    wang = accepted["王秀英"][1]
    assert (
        wang.id_number == GOOD_2.upper()
        and wang.category == "低保户"
        and wang.sex == "女"
        and wang.phone == "13912345678"
    )

    reasons = {refusal.sheet_row: refusal.reason for refusal in plan.refused}
    assert "校验位" in reasons[7]
    assert "没有户主姓名" in reasons[8]
    assert "科学计数法" in reasons[9]
    assert "第 5 行" in reasons[11]
    assert "已在库中" in reasons[12] and "孙已有" in reasons[12]
    assert "王不存在" in reasons[13] and "不在库中" in reasons[13]
    assert "2 名党员" in reasons[14]
    assert "很多" in reasons[15]
    assert len(plan.refused) == 8
    assert "第 7 行（赵错位）" in plan.refused[0].line()
    # planning writes nothing
    assert Household.select().count() == 1


def test_import_writes_heads_households_and_pairings_once(db, tmp_path):
    seed_database()
    path = messy_workbook(tmp_path / "households.xlsx")
    assert apply_household_import(plan_household_import(path)) == 2
    zhang = Household.get(Household.head_name == "张大山")
    assert zhang.village.name == "桃花村" and zhang.group_name == "3组" and zhang.notes == "户主常年务工"
    assert zhang.head.birth_date == dt.date(1956, 3, 8) and zhang.head.initials == "zds"
    pairing = HouseholdPairing.get(HouseholdPairing.household == zhang.id)
    assert pairing.member.name == "李党员" and pairing.started_on == dt.date(2022, 3, 1)
    assert zhang.pairing_count == 1
    assert Household.get(Household.head_name == "王秀英").pairing_count == 0

    again = plan_household_import(path)
    assert again.accepted == []
    assert all(
        "已在库中" in r.reason or "第 5 行" in r.reason or r.sheet_row in (7, 8, 9, 13, 14, 15)
        for r in again.refused
    )
    assert apply_household_import(again) == 0
    assert Household.select().count() == 3
    assert Person.select().where(Person.id_number == GOOD_1).count() == 1


def test_rows_that_appeared_meanwhile_are_skipped(db, tmp_path):
    plan = plan_household_import(messy_workbook(tmp_path / "households.xlsx"))
    households.save_household(None, {"head": "王秀英", "id_number": GOOD_2, "village": "桃花村"})
    added = apply_household_import(plan)
    assert added == sum(1 for _row, record in plan.accepted if record.id_number != GOOD_2.upper())
    assert Household.select().where(Household.head_id_number == GOOD_2.upper()).count() == 1


def test_command_line_import_dry_run_exit_codes(db_path, tmp_path, capsys):
    open_database(db_path)
    seed_database()
    close_database()
    path = messy_workbook(tmp_path / "households.xlsx")
    assert main(["--db", str(db_path), "import", "households", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "可导入 2 行，拒绝 8 行" in out and "第 13 行（周某）" in out and "试运行" in out
    open_database(db_path)
    assert Household.select().count() == 1
    close_database()
    assert main(["--db", str(db_path), "import", "households", str(path)]) == 1
    open_database(db_path)
    assert Household.select().count() == 3
    close_database()

    clean = tmp_path / "clean.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["户主", "身份证", "村"])
    book.active.append(["郑某", GOOD_5, "杏林村"])
    book.save(clean)
    assert main(["--db", str(db_path), "import", "households", str(clean)]) == 0
    not_excel = tmp_path / "notes.xlsx"
    not_excel.write_text("not a workbook", encoding="utf-8")
    assert main(["--db", str(db_path), "import", "households", str(not_excel)]) == 2
    assert "无法导入" in capsys.readouterr().err
