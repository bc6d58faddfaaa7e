"""组织生活 on the command line and on paper: exit codes, PDFs read back, workbooks read back, the county."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from exchange_helpers import county, export
from meetings_helpers import hold
from party_days_helpers import make_branch, person_name
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.models.households import HouseholdMatter
from township_desk.models.meetings import Meeting
from township_desk.reports import load_template
from township_desk.services import households
from township_desk.services.meetings import appraisals, groups, ledger
from township_desk.services.settings import set_setting


def pdf_text(path: Path) -> str:
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


def run(db: Path, *args: str) -> int:
    close_database()
    try:
        return main(["--db", str(db), *args])
    finally:
        open_database(db)


def small_township(today: date) -> dict[str, object]:
    """A branch with a service group, a grid of two households, posts, meetings, a 屋场会 and appraisals."""
    set_setting("township", "漳江镇")  # printing needs the township's name
    year = today.year - 1
    branch, people = make_branch("桃花村党支部", members=5)
    group = groups.save_group(
        None,
        {
            "branch": branch,
            "name": "三组服务型党小组",
            "kind": "服务型党小组",
            "leader": people[0],
            "members": people[:3],
        },
    )
    zhang = households.save_household(None, {"head": "张大山", "village": "桃花村", "group": "3组"})
    grid = groups.save_grid(
        None, {"group": group, "name": "三组网格", "keeper": people[1], "households": [zhang]}
    )
    groups.assign_post(people[2], groups.find_post("矛盾调解岗").id, grid_id=grid, duties="调解3组邻里纠纷")
    hold(branch, "支部委员会", date(year, 3, 10))
    hold(branch, "支部党员大会", date(year, 3, 20), topic="讨论发展党员")
    hold(
        branch,
        "屋场会",
        today - timedelta(days=1),
        group=group,
        households=[zhang],
        villagers="村民8人",
        issues=[{"content": "3组路灯坏了", "household_id": zhang, "as_matter": True}],
    )
    appraisals.save_appraisals(
        branch, year, dict(zip(people, ["优秀", "合格", "合格", "合格", "基本合格"], strict=True))
    )
    return {"branch": branch, "people": people, "year": year, "zhang": zhang}


def test_printing_the_record_ledger_sheet_results_and_roster(db, today, tmp_path):
    made = small_township(today)
    year = made["year"]
    out = tmp_path / "record.pdf"
    assert (
        run(db, "print", "meeting-record", "--branch", "桃花村", "--date", f"{year}-03-20", "--out", str(out))
        == 0
    )
    text = pdf_text(out)
    assert "会议记录" in text and "支部党员大会" in text and "讨论发展党员" in text and "桃花村党支部" in text
    assert person_name(made["people"][0]) in text

    courtyard = tmp_path / "courtyard.pdf"
    assert (
        run(
            db,
            "print",
            "meeting-record",
            "--branch",
            "桃花村党支部",
            "--date",
            (today - timedelta(days=1)).isoformat(),
            "--out",
            str(courtyard),
        )
        == 0
    )
    text = pdf_text(courtyard)
    assert "屋场会" in text and "3组路灯坏了" in text and "已转群众诉求" in text and "张大山户" in text

    blank = tmp_path / "blank.pdf"
    assert run(db, "print", "meeting-record", "--blank", "--out", str(blank)) == 0
    assert "会议记录" in pdf_text(blank) and "讨论发展党员" not in pdf_text(blank)
    assert len(PdfReader(blank).pages) == 1

    ledger_pdf = tmp_path / "ledger.pdf"
    assert run(db, "print", "meeting-ledger", "--year", str(year), "--out", str(ledger_pdf)) == 0
    text = pdf_text(ledger_pdf)
    assert f"{year}年度“三会一课”开展情况台账" in text and "支部委员会" in text and "主题党日" in text

    sheet = tmp_path / "sheet.pdf"
    assert (
        run(
            db,
            "print",
            "member-appraisal-sheet",
            "--year",
            str(year),
            "--branch",
            "桃花村",
            "--out",
            str(sheet),
        )
        == 0
    )
    text = pdf_text(sheet)
    assert "民主评议党员测评表" in text and all(person_name(p) in text for p in made["people"])
    assert all(label in text for label in ("优秀", "合格", "基本合格", "不合格"))
    template = load_template("member_appraisal_sheet")
    boxes = [c for c in template.table.columns if c.key in ("excellent", "qualified", "basic", "unqualified")]
    assert len(boxes) == 4 and min(c.width_mm for c in boxes) >= 4 and template.table.row_height_mm >= 4

    results = tmp_path / "results.pdf"
    assert run(db, "print", "member-appraisal-results", "--year", str(year), "--out", str(results)) == 0
    assert "评议5人：优秀1人，合格3人，基本合格1人，不合格0人" in pdf_text(results)

    roster = tmp_path / "roster.pdf"
    assert run(db, "print", "post-roster", "--out", str(roster)) == 0
    text = pdf_text(roster)
    assert (
        "设岗定责公示表" in text and "矛盾调解岗" in text and "调解3组邻里纠纷" in text and "三组网格" in text
    )


def test_bad_requests_exit_non_zero_and_write_nothing(db, today, tmp_path, capsys):
    small_township(today)
    out = tmp_path / "x.pdf"
    assert run(db, "print", "meeting-record", "--branch", "桃花村", "--out", str(out)) != 0
    assert (
        run(db, "print", "meeting-record", "--branch", "梨花村", "--date", "2020-01-01", "--out", str(out))
        != 0
    )
    assert (
        run(db, "print", "meeting-record", "--branch", "桃花村", "--date", "2020-13-01", "--out", str(out))
        != 0
    )
    assert (
        run(db, "print", "member-appraisal-sheet", "--year", "2020", "--branch", "无此村", "--out", str(out))
        != 0
    )
    assert not out.exists()
    assert "梨花村" in capsys.readouterr().err


def test_exports_read_back(db, today, tmp_path):
    made = small_township(today)
    path = tmp_path / "meetings.xlsx"
    assert run(db, "export", "meetings", str(path)) == 0
    book = openpyxl.load_workbook(path)
    sheet = book["会议记录"]
    header = [c.value for c in sheet[2]]  # under the title row
    kinds = sorted(row[header.index("会议类型")] for row in sheet.iter_rows(min_row=3, values_only=True))
    assert kinds == sorted(["屋场会", "支部委员会", "支部党员大会"])
    assert len(book.sheetnames) == 2

    path = tmp_path / "groups.xlsx"
    assert run(db, "export", "party-groups", str(path)) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["党小组", "网格", "设岗定责"]
    assert [c.value for c in book["网格"][3]][2:4] == ["三组网格", person_name(made["people"][1])]
    assert "矛盾调解岗" in [c.value for c in book["设岗定责"][3]]

    path = tmp_path / "appraisals.xlsx"
    assert run(db, "export", "appraisals", str(path)) == 0
    rows = list(openpyxl.load_workbook(path)["民主评议党员"].iter_rows(min_row=3, values_only=True))
    assert sorted(r[4] for r in rows) == ["优秀", "合格", "合格", "合格", "基本合格"]


def test_everything_travels_to_the_county_and_merging_twice_changes_nothing(db, today, tmp_path):
    from township_desk.services.merge import merge_files
    from township_desk.services.settings import set_setting

    set_setting("township", "漳江镇")
    made = small_township(today)
    close_database()
    package = export(db, tmp_path / "t.tdx")
    target = county(tmp_path / "county.db")
    merge_files(target, [package])
    merge_files(target, [package])
    connection = sqlite3.connect(target)
    expected = {
        "meeting": 3,
        "meeting_attendance": 5 + 5 + 3,
        "meeting_household": 1,
        "meeting_issue": 1,
        "member_appraisal": 5,
        "party_group": 1,
        "party_group_member": 3,
        "grid": 1,
        "grid_household": 1,
        "member_post": 1,
        "service_post": 6,
    }
    for table, count in expected.items():
        assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, table
        assert {r[0] for r in connection.execute(f'SELECT origin_township FROM "{table}"')} == {"漳江镇"}
    connection.close()
    open_database(target)
    try:
        assert Meeting.live().count() == 3
        issue_matter = HouseholdMatter.get(HouseholdMatter.household == made["zhang"])
        assert "3组路灯坏了" in issue_matter.content
        assert appraisals.appraisal_counts(made["year"])["合计"] == 5
        assert groups.household_place(made["zhang"]).grid == "三组网格"
        book = ledger.year_ledger(made["year"], date(made["year"] + 1, 1, 1))
        assert book.branches and book.held
    finally:
        close_database()
    open_database(db)
