"""Row by row: the ID number wins over a contradicting 性别/出生年月 (the row is taken, the contradiction named),
dates before birth and unusable names are refused with the row named, households without an ID number are
taken once, and a person in the recycle bin is restored instead of doubled."""

from __future__ import annotations

import datetime as dt

from workbook_helpers import MAN_1980, MAN_1990, WOMAN_1985, write_csv, write_xlsx

from township_desk.cli import main
from township_desk.models.cadres import CadrePost
from township_desk.models.households import Household
from township_desk.models.people import Person
from township_desk.services import households
from township_desk.services.cadre_import import apply_cadre_import, plan_cadre_import
from township_desk.services.household_import import apply_household_import, plan_household_import
from township_desk.services.recycle_bin import soft_delete

HEADER = ["姓名", "性别", "出生年月", "身份证号", "村(社区)", "现任职务", "任职时间", "入党时间"]


def _roster(tmp_path, rows):
    return write_xlsx(tmp_path / "r.xlsx", [("花名册", [HEADER, *rows])])


def test_the_id_number_wins_and_the_contradiction_is_named(db, tmp_path):
    path = _roster(
        tmp_path,
        [
            ["张三", "女", "1980.02", MAN_1980, "桃花村", "委员", "2021.05", ""],
            ["李秀英", "女", "1985.06", WOMAN_1985, "桃花村", "委员", "2021.05", ""],
            ["王五", "男", "一九九〇年", MAN_1990, "桃花村", "委员", "", ""],
        ],
    )
    plan = plan_cadre_import(path)
    assert len(plan.accepted) == 3 and plan.refused == []
    zhang = plan.accepted[0][1]
    assert (zhang.sex, zhang.birth_date) == ("男", dt.date(1980, 1, 15))
    lines = [w.line() for w in plan.warnings]
    assert lines == [
        "第 2 行（张三）：表中性别“女”与身份证号（男）不符，已按身份证号登记",
        "第 2 行（张三）：表中出生年月 1980.02 与身份证号（1980.01）不符，已按身份证号登记",
        "第 4 行（王五）：表中出生年月“一九九〇年”无法识别，已按身份证号（1990.11）登记",
    ]
    assert apply_cadre_import(plan) == 3
    assert Person.get(Person.name == "张三").sex == "男"


def test_the_command_line_prints_the_warnings_and_exits_0(db_path, tmp_path, capsys):
    path = _roster(tmp_path, [["张三", "女", "", MAN_1980, "桃花村", "委员", "", ""]])
    assert main(["--db", str(db_path), "import", "cadres", str(path)]) == 0
    assert "提示 第 2 行（张三）：表中性别“女”与身份证号（男）不符" in capsys.readouterr().out


def test_dates_before_birth_are_refused(db, tmp_path):
    path = _roster(
        tmp_path,
        [
            ["张三", "", "", MAN_1980, "桃花村", "委员", "1979.05", ""],
            ["李秀英", "", "", WOMAN_1985, "桃花村", "委员", "2021.05", "1984.07"],
            ["王五", "", "", MAN_1990, "桃花村", "委员", "2021.05", "2015.07"],
        ],
    )
    plan = plan_cadre_import(path)
    assert [r.name for _row, r in plan.accepted] == ["王五"]
    lines = [r.line() for r in plan.refused]
    assert lines[0].startswith("第 2 行（张三）：任职时间 1979-05-01 早于出生日期 1980-01-15")
    assert lines[1].startswith("第 3 行（李秀英）：入党时间 1984-07-01 早于出生日期 1985-06-03")


def test_names_must_be_chinese_dot_or_letters(db, tmp_path):
    from township_desk.services.id_numbers import make_id_number

    names = ["张😀", "李\x07四", "王", "欧" * 21, "赵6", "阿依古丽·买买提", "Maria", "钱　七"]
    rows = [
        [
            name,
            "",
            "",
            make_id_number("430725", dt.date(1970, 1, 1) + dt.timedelta(days=40 * i), i, True),
            "桃花村",
            "委员",
            "",
            "",
        ]
        for i, name in enumerate(names)
    ]
    # openpyxl refuses to write a control character; a .csv carries it as an export from another system would
    plan = plan_cadre_import(write_csv(tmp_path / "r.csv", [HEADER, *rows], "utf-8"))
    assert [r.name for _row, r in plan.accepted] == ["阿依古丽·买买提", "Maria", "钱七"]
    reasons = {refusal.sheet_row: refusal.line() for refusal in plan.refused}
    assert "表情符号" in reasons[2] and "（张😀）" in reasons[2]
    assert "控制字符" in reasons[3] and "第 3 行（李\\x07四）" in reasons[3]
    assert "2—20 个字" in reasons[4] and "2—20 个字" in reasons[5]
    assert "“6”" in reasons[6]


HOUSEHOLDS = ["户主姓名", "身份证号", "村", "村民小组", "家庭人口"]


def test_households_without_an_id_number_are_taken_once(db, tmp_path, capsys):
    rows = [
        ["张大山", "", "桃花村", "3组", 4],
        ["张大山", "", "桃花村", "5组", 2],  # another man of the same name in another group
        ["王秀英", "", "杏林村", 1, 3],
        ["王秀英", "", "杏林村", "1组", 3],  # the same household twice in the list
        ["李有证", WOMAN_1985, "杏林村", "2组", 2],
    ]
    path = write_csv(tmp_path / "联系户.csv", [HOUSEHOLDS, *rows], "gbk")
    plan = plan_household_import(path)
    assert [(r.head, r.group) for _row, r in plan.accepted] == [
        ("张大山", "3组"),
        ("张大山", "5组"),
        ("王秀英", "1组"),
        ("李有证", "2组"),
    ]
    assert [r.line() for r in plan.refused] == [
        "第 5 行（王秀英）：与第 4 行是同一人（户主姓名、村、村民小组相同：王秀英，杏林村1组 重复）"
    ]
    assert apply_household_import(plan) == 4
    assert Household.live().count() == 4
    assert Person.get(Person.name == "王秀英").id_number is None

    again = plan_household_import(path)
    assert again.accepted == [] and len(again.refused) == 5
    assert all("已在库中" in r.reason or "同一人" in r.reason for r in again.refused)
    assert apply_household_import(again) == 0 and Household.live().count() == 4

    # the office later adds the ID numbers: still the same households
    with_numbers = write_xlsx(
        tmp_path / "补登.xlsx", [("联系户", [HOUSEHOLDS, ["张大山", MAN_1980, "桃花村", "3组", 4]])]
    )
    later = plan_household_import(with_numbers)
    assert later.accepted == [] and "登记时没有身份证号" in later.refused[0].reason


def test_a_cadre_in_the_recycle_bin_is_restored_not_doubled(db, tmp_path):
    apply_cadre_import(
        plan_cadre_import(_roster(tmp_path, [["张三", "", "", MAN_1980, "桃花村", "委员", "2018.01", ""]]))
    )
    zhang = Person.get(Person.name == "张三")
    soft_delete(zhang)
    assert Person.live().count() == 0

    path = write_xlsx(
        tmp_path / "新.xlsx",
        [
            (
                "花名册",
                [
                    HEADER,
                    ["张三", "", "", MAN_1980, "杏林村", "副书记", "2024.03", ""],
                    ["李秀英", "", "", WOMAN_1985, "桃花村", "委员", "", ""],
                ],
            )
        ],
    )
    plan = plan_cadre_import(path)
    assert [w.line() for w in plan.warnings] == ["第 2 行（张三）：回收站中有此人，导入时将恢复"]
    assert len(plan.accepted) == 2 and plan.refused == []
    assert apply_cadre_import(plan) == 2
    assert Person.select().where(Person.id_number == MAN_1980).count() == 1  # one person, not two
    back = Person.get_by_id(zhang.id)
    assert back.deleted_at is None and back.village.name == "杏林村"
    posts = list(CadrePost.live().where(CadrePost.person == zhang.id))
    assert [(p.post, p.started_on) for p in posts] == [("党组织副书记", dt.date(2024, 3, 1))]
    assert Person.live().count() == 2


def test_the_command_line_names_the_restore(db_path, tmp_path, capsys):
    path = _roster(tmp_path, [["张三", "", "", MAN_1980, "桃花村", "委员", "", ""]])
    assert main(["--db", str(db_path), "import", "cadres", str(path)]) == 0
    from township_desk.db import close_database, open_database

    open_database(db_path)
    soft_delete(Person.get(Person.name == "张三"))
    close_database()
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", "cadres", str(path), "--dry-run"]) == 0
    assert "提示 第 2 行（张三）：回收站中有此人，导入时将恢复" in capsys.readouterr().out


def test_a_household_head_in_the_recycle_bin_is_restored_with_the_household(db, tmp_path):
    household_id = households.save_household(
        None, {"head": "张大山", "id_number": MAN_1980, "village": "桃花村", "group": "3组"}
    )
    soft_delete(Household.get_by_id(household_id).head)
    assert Household.live().count() == 0
    path = write_xlsx(
        tmp_path / "h.xlsx", [("联系户", [HOUSEHOLDS, ["张大山", MAN_1980, "桃花村", "4组", 5]])]
    )
    plan = plan_household_import(path)
    assert [w.reason for w in plan.warnings] == ["回收站中有此人，导入时将恢复"]
    assert apply_household_import(plan) == 1
    assert Household.select().count() == 1 and Person.select().count() == 1
    household = Household.get_by_id(household_id)
    assert household.deleted_at is None and (household.group_name, household.member_count) == ("4组", 5)


def test_the_preview_shows_the_warnings_and_the_ignored_columns(db, qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel, QTabWidget

    from township_desk.ui.dialogs.import_preview import ImportPreviewDialog

    path = write_xlsx(
        tmp_path / "r.xlsx",
        [("花名册", [[*HEADER, "籍贯"], ["张三", "女", "", MAN_1980, "桃花村", "委员", "", "", "湖南"]])],
    )
    dialog = ImportPreviewDialog(plan_cadre_import(path), [("姓名", lambda r: r.name)])
    qtbot.addWidget(dialog)
    assert "未识别的列：籍贯，已忽略" in dialog.findChild(QLabel, "found_columns").text()
    tabs = dialog.findChild(QTabWidget)
    assert tabs.tabText(tabs.currentIndex()) == "提示（1）"
    assert dialog.warnings_table.item(0, 2).text() == "表中性别“女”与身份证号（男）不符，已按身份证号登记"
