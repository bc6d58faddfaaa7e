"""The command line and paper of the theme Party days: Excel export, activity record, year ledger (read back)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from party_days_helpers import day_values, make_branch, person_name
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.models.party_days import PartyBranch, PartyDay
from township_desk.services import clock, party_day_matrix, party_days
from township_desk.services.settings import set_setting


def pdf_text(path: Path) -> str:
    return "".join("".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def squash(text: str) -> str:
    return "".join(text.split())


def test_export_party_days_from_the_command_line(demo_db, tmp_path):
    out = tmp_path / "党日.xlsx"
    assert main(["--db", str(demo_db), "export", "party-days", str(out)]) == 0
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))  # row 1: the title
    assert list(rows[0][:5]) == ["日期", "支部", "主题", "应到", "实到"]
    assert len(rows) - 1 == PartyDay.live().count() > 400
    newest = PartyDay.live().order_by(PartyDay.held_on.desc()).first()
    first = rows[1]
    assert first[0].date() == newest.held_on  # a real date
    assert isinstance(first[3], int) and isinstance(first[4], int) and first[3] >= first[4] > 0


def test_print_one_days_record_from_the_command_line(demo_db, tmp_path, capsys):
    day = PartyDay.live().where(PartyDay.late_reason != "").order_by(PartyDay.held_on.desc()).first()
    branch = day.branch.name
    values = party_days.record_values(day.id)
    out = tmp_path / "记录.pdf"
    month = day.held_on.strftime("%Y-%m")
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "print",
                "party-day-record",
                "--branch",
                branch,
                "--month",
                month,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "已生成" in capsys.readouterr().out
    text = pdf_text(out)
    assert "主题党日活动记录" in text
    for expected in (
        branch,
        day.theme,
        day.late_reason,
        f"{day.held_on.year}年{day.held_on.month}月{day.held_on.day}日",
        values["expected"],
        values["present"],
        "记录人（签字）",
        "支部书记（签字）",
    ):
        assert squash(expected) in text, expected
    attendees = [r for r in party_days.attendance_rows(day.id) if r["status"] == "出席"]
    assert all(r["name"] in text for r in attendees)
    for row in party_days.attendance_rows(day.id):
        if row["status"] == "请假":
            assert squash(f"{row['name']}（{row['reason']}）") in text


def test_record_command_names_what_is_wrong(demo_db, tmp_path, capsys):
    branch = PartyBranch.live().first().name
    out = tmp_path / "x.pdf"
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "print",
                "party-day-record",
                "--branch",
                "没有这个支部",
                "--month",
                "2024-03",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "没有名为“没有这个支部”的党支部" in capsys.readouterr().err
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "print",
                "party-day-record",
                "--branch",
                branch,
                "--month",
                "2015-03",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "2015年3月没有主题党日记录" in capsys.readouterr().err
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "print",
                "party-day-record",
                "--branch",
                branch,
                "--month",
                "3月",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "无法识别的月份" in capsys.readouterr().err
    assert not out.exists()


def test_print_year_ledger_a4_landscape(demo_db, tmp_path):
    year = clock.today().year - 1  # a whole year, every month due
    PartyDay.live().where(PartyDay.month == f"{year}-05").first().delete_instance(recursive=True)
    out = tmp_path / "台账.pdf"
    assert (
        main(["--db", str(demo_db), "print", "party-day-ledger", "--year", str(year), "--out", str(out)]) == 0
    )
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width) / 72 * 25.4) == 297
    text = pdf_text(out)
    assert f"{year}年度主题党日开展情况台账" in text
    assert all(f"{m}月" in text for m in range(1, 13))
    matrix = party_day_matrix.year_matrix(year)
    for branch in matrix.branches:
        assert squash(branch.name) in text
    totals = matrix.totals()
    assert f"已开展{totals['held']}次" in text and f"未开展{totals['missed']}次" in text
    assert totals["missed"] > 0 and "未开展" in text
    assert totals["expected"] == 12 * len(matrix.branches)


def test_blank_and_long_records_print(db, tmp_path):
    set_setting("township", "示例镇")  # printing needs the township's name
    branch, people = make_branch(members=3)
    summary = "一、集中学习。" + "党员们认真学习了有关文件精神，结合本村实际谈了体会。" * 60 + "（完）"
    day_id = party_days.save_day(
        None,
        day_values(
            branch,
            date(2024, 3, 29),
            summary=summary,
            host=person_name(people[2]),
            recorder=person_name(people[0]),
        ),
    )
    out = party_days.print_day_records(tmp_path / "长.pdf", [day_id])
    text = pdf_text(out)
    assert "（完）" in text and "活动内容及情况（续）" in text
    assert person_name(people[0]) in text
    blank = pdf_text(party_days.print_blank_record(tmp_path / "空白.pdf"))
    for label in (
        "党支部",
        "活动日期",
        "活动主题",
        "应到人数",
        "出席人员",
        "请假人员及原因",
        "记录人（签字）",
    ):
        assert label in blank
    assert "桃花村" not in blank
