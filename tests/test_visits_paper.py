"""The visit ledger and the 五个到户登记表 as PDFs, exports read back, from the services and the command line."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import peewee
import pytest
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database, database
from township_desk.models.households import Household, HouseholdMatter
from township_desk.services import clock, households, visits
from township_desk.services.id_numbers import make_id_number
from township_desk.services.people import save_person
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.records import ValidationError
from township_desk.services.settings import set_setting

TODAY = clock.today()


def pdf_text(path):
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


def member(name: str, village: str) -> str:
    with database.atomic():
        return str(
            save_person(
                None,
                {
                    "name": name,
                    "initials": name_initials(name),
                    "pinyin": name_pinyin(name),
                    "id_number": None,
                    "sex": "女",
                    "birth_date": None,
                    "ethnicity": "汉族",
                    "political": "中共党员",
                    "party_joined_on": None,
                    "education": "大学专科",
                    "phone": "13500000000",
                    "village": village,
                    "notes": "",
                },
            ).id
        )


@pytest.fixture
def ledger_db(db):
    """Two villages, three households, two members; visits in 2023 and 2024, one with a companion."""
    set_setting("township", "示例镇")  # printing needs the township's name
    li, sun = member("李红梅", "桃花村"), member("孙建国", "杏林村")
    ids = {}
    for index, (head, village) in enumerate(
        [("张大山", "桃花村"), ("王秀英", "桃花村"), ("赵长河", "杏林村")]
    ):
        number = make_id_number("430725", dt.date(1955 + index, 2, 3), index, male=index != 1)
        ids[head] = households.save_household(
            None,
            {
                "head": head,
                "id_number": number,
                "village": village,
                "group": f"{index + 1}组",
                "member_count": "3",
                "category": "脱贫户",
                "members": "配偶 刘某、长子 张某",
            },
        )
    households.save_pairing(ids["张大山"], None, {"member": li, "started_on": "2022-03-01"})

    def visit(head, visitor, day, items, situation, **extra):
        values = {
            "visited_on": day,
            "visitor": visitor,
            "form": "入户走访",
            "situation": situation,
            **{f"item_{bit}": True for bit in items},
            **extra,
        }
        return visits.save_visit(ids[head], None, values)

    visit("张大山", li, "2023-05-06", (1, 2), "了解春耕生产情况。")
    visit("张大山", li, "2024-03-05", (1, 2, 4), "宣讲医保缴费政策。", new_matters="通组公路破损，出行不便")
    visit("王秀英", sun, "2024-04-10", (1, 8), "联系柑橘销路。", companion=li)
    visit("赵长河", sun, "2024-06-01", (1, 16), "协助办理助学贷款。")
    return {"ids": ids, "li": li, "sun": sun}


def test_ledger_by_village_member_and_dates(ledger_db):
    def heads(**query):
        return [(str(r["visited_on"]), r["head"]) for r in visits.ledger_rows(visits.LedgerQuery(**query))]

    assert heads() == [
        ("2023-05-06", "张大山"),
        ("2024-03-05", "张大山"),
        ("2024-04-10", "王秀英"),
        ("2024-06-01", "赵长河"),
    ]
    assert heads(village="杏林村") == [("2024-06-01", "赵长河")]
    # a member's ledger holds the visits they made and those they went along on
    assert heads(member_id=ledger_db["li"]) == [
        ("2023-05-06", "张大山"),
        ("2024-03-05", "张大山"),
        ("2024-04-10", "王秀英"),
    ]
    assert heads(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 4, 30)) == [
        ("2024-03-05", "张大山"),
        ("2024-04-10", "王秀英"),
    ]
    row = next(r for r in visits.ledger_rows(visits.LedgerQuery()) if r["head"] == "王秀英")
    assert row["visitors"] == "孙建国、李红梅" and row["items"] == "联系、产业"
    with pytest.raises(ValidationError, match="没有名为"):
        list(visits.ledger_rows(visits.LedgerQuery(village="不存在村")))
    with pytest.raises(ValidationError, match="早于开始日期"):
        list(
            visits.ledger_rows(visits.LedgerQuery(date_from=dt.date(2024, 5, 1), date_to=dt.date(2024, 1, 1)))
        )


def test_ledger_pdf_reads_back(ledger_db, tmp_path):
    ledger = visits.LedgerQuery(
        village="桃花村",
        member_id=ledger_db["li"],
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
    )
    text = pdf_text(visits.print_visit_ledger(tmp_path / "ledger.pdf", ledger))
    assert "党员联系户走访台账" in text
    assert (
        "村（社区）：桃花村" in text and "联系党员：李红梅" in text and "2024年1月1日至2024年12月31日" in text
    )
    assert "2024-03-05" in text and "宣讲医保缴费政策。" in text and "通组公路破损，出行不便（待办）" in text
    assert "2024-04-10" in text and "联系柑橘销路。" in text
    assert "2023-05-06" not in text and "赵长河" not in text


def test_household_card_lists_what_each_visit_served(ledger_db, tmp_path):
    household_id = ledger_db["ids"]["张大山"]
    matter = HouseholdMatter.get(HouseholdMatter.household == household_id)
    visits.save_matter(
        household_id,
        matter.id,
        {
            **visits.load_matter(matter.id),
            "status": "已办结",
            "resolution": "村委会组织修补",
            "resolved_on": "2024-04-01",
        },
    )
    card = visits.household_card(household_id)
    assert card["item_1"].startswith("共联系 2 次：2023.05.06 李红梅（入户走访）")
    assert card["item_2"].splitlines() == [
        "2023.05.06 李红梅（入户走访）：了解春耕生产情况。",
        "2024.03.05 李红梅（入户走访）：宣讲医保缴费政策。",
    ]
    assert card["item_4"] == "2024.03.05 李红梅（入户走访）：宣讲医保缴费政策。"
    assert card["item_8"] == "" and card["item_16"] == ""
    assert "2024.04.01办结：村委会组织修补" in card["matters"]
    assert "李红梅 13500000000（2022.03起至今）" == card["members_paired"]
    text = pdf_text(visits.print_household_card(tmp_path / "card.pdf", household_id))
    for words in (
        "党员联系户“五个到户”登记表",
        "张大山",
        "桃花村1组",
        "脱贫户",
        "配偶刘某、长子张某",
        "党员联系到户",
        "民情走访到户",
        "政策落实到户",
        "产业对接到户",
        "精准服务到户",
        "宣讲医保缴费政策。",
        "通组公路破损，出行不便",
        "联系党员（签字）",
    ):
        assert words in text, words


def test_command_line_prints_and_exports(ledger_db, db, tmp_path, capsys):
    path = ledger_db_path = str(db)
    close_database()
    ledger = tmp_path / "ledger.pdf"
    assert (
        main(
            [
                "--db",
                ledger_db_path,
                "print",
                "visit-ledger",
                "--member",
                "李红梅",
                "--from",
                "2024-01-01",
                "--to",
                "2024.12",
                "--out",
                str(ledger),
            ]
        )
        == 0
    )
    text = pdf_text(ledger)
    assert "联系党员：李红梅" in text and "王秀英" in text and "2023-05-06" not in text
    assert main(["--db", path, "print", "visit-ledger", "--member", "无此人", "--out", str(ledger)]) == 2
    assert "没有名为“无此人”的党员" in capsys.readouterr().err
    assert main(["--db", path, "print", "visit-ledger", "--from", "去年", "--out", str(ledger)]) == 2

    card = tmp_path / "card.pdf"
    assert main(["--db", path, "print", "household-card", "--head", "赵长河", "--out", str(card)]) == 0
    assert "协助办理助学贷款。" in pdf_text(card)
    assert main(["--db", path, "print", "household-card", "--head", "无此户", "--out", str(card)]) == 2

    workbook = tmp_path / "visits.xlsx"
    assert main(["--db", path, "export", "visits", str(workbook)]) == 0
    rows = list(openpyxl.load_workbook(workbook).active.iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("走访日期", "村(社区)", "村民小组", "户主")
    assert [(r[0].date().isoformat(), r[3]) for r in rows[1:]] == [  # real dates
        ("2023-05-06", "张大山"),
        ("2024-03-05", "张大山"),
        ("2024-04-10", "王秀英"),
        ("2024-06-01", "赵长河"),
    ]
    assert rows[3][7] == "李红梅" and rows[2][10] == "党员联系到户、民情走访到户、政策落实到户"

    workbook = tmp_path / "households.xlsx"
    assert main(["--db", path, "export", "households", str(workbook)]) == 0
    sheet = openpyxl.load_workbook(workbook).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == ("户主姓名", "身份证号", "联系电话")
    assert [r[0] for r in rows[1:]] == ["张大山", "王秀英", "赵长河"]
    assert sheet["B3"].number_format == "@" and len(rows[1][1]) == 18
    assert rows[1][9] == "李红梅" and rows[1][11] == 2 and rows[1][12] == 1


def test_household_card_refuses_ambiguous_heads(demo_db):
    twin = (
        Household.select(Household.head_name)
        .where(Household.deleted_at.is_null())
        .group_by(Household.head_name)
        .having(peewee.fn.COUNT(Household.id) > 1)
        .limit(1)
        .scalar()
    )
    assert twin, "the demo has households whose heads share a name"
    with pytest.raises(ValidationError, match="请加 --village"):
        visits.find_household(twin)
    number = Household.get(Household.head_name == twin).head_id_number
    assert visits.find_household(number).head_name == twin
    with pytest.raises(ValidationError, match="没有户主"):
        visits.find_household(twin, "不存在村")
