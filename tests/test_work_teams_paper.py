"""Work-team paper: the PDFs' text read back (roster with history, month ledger with totals, leave forms,
assessment results with the veto)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from township_desk.services.records import ValidationError
from township_desk.services.settings import set_setting
from township_desk.services.work_teams import END_RECALLED, attendance, leave, paper, teams
from township_desk.services.work_teams import assessment as assessments


def pdf_text(path: Path) -> str:
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


@pytest.fixture
def team(db):
    set_setting("township", "漳江镇")  # printing needs the township's name
    team_id = teams.save_team(
        None,
        {
            "village": "桃花村",
            "sending_unit": "县农业农村局",
            "unit_kind": "涉农",
            "village_category": "产业村",
            "started_on": "2025-01-01",
        },
    )
    leader = teams.save_member(None, team_id, {"name": "欧阳建国", "role": "队长", "phone": "13900000000"})
    member = teams.save_member(None, team_id, {"name": "钱多多", "role": "队员"})
    gone = teams.save_member(None, team_id, {"name": "孙不在", "role": "队员"})
    teams.end_member(gone, date(2025, 2, 10), END_RECALLED, "督查暗访两次不在岗")
    return team_id, leader, member


def test_the_roster_lists_members_with_those_recalled_and_why(team, tmp_path):
    out = paper.print_roster(tmp_path / "roster.pdf")
    text = pdf_text(out)
    assert "驻村工作队花名册" in text
    for expected in ("欧阳建国", "队长(第一书记)", "钱多多", "县农业农村局", "产业村", "13900000000"):
        assert expected in text
    assert "召回：督查暗访两次不在岗" in text
    assert "共1个驻村工作队，在岗2人" in text


def test_the_month_ledger_has_a_column_per_day_totals_and_flags_who_is_below_the_rule(team, tmp_path, today):
    _team_id, leader, member = team
    march = [date(2025, 3, d) for d in range(1, 32)]
    attendance.set_days(leader, march[:24], attendance.IN_VILLAGE)
    attendance.set_days(member, march[:10], attendance.IN_VILLAGE)
    attendance.set_days(member, march[10:13], attendance.ABSENT)
    leave.save_leave(
        None,
        member,
        {"kind": "病假", "starts_on": "2025-03-20", "ends_on": "2025-03-21", "approved_by": "张书记"},
    )
    out = paper.print_attendance(tmp_path / "att.pdf", 2025, 3)
    text = pdf_text(out)
    assert "驻村工作队考勤台账（2025年3月）" in text
    assert "31在村" in text  # the last day column, then the totals
    assert "欧阳建国队长" in text and "24" in text
    assert "病" in text and "×" in text
    assert "10▲" in text  # the member's days on duty, below the rule
    assert "不少于20天" in text
    with pytest.raises(ValidationError, match="没有驻村工作队"):
        paper.print_attendance(tmp_path / "x.pdf", 2025, 3, "不存在村")
    assert not (tmp_path / "x.pdf").exists()


def test_leave_forms_blank_and_filled(team, tmp_path):
    _team_id, _leader, member = team
    leave.save_leave(
        None,
        member,
        {
            "kind": "探亲假",
            "starts_on": "2025-04-01",
            "ends_on": "2025-04-03",
            "reason": "回老家探望父母",
            "approved_by": "李副书记",
            "approved_on": "2025-03-30",
        },
    )
    blank = pdf_text(paper.print_leave_form(tmp_path / "blank.pdf"))
    assert "驻村工作队队员请假审批表" in blank and "钱多多" not in blank and "□事假" in blank
    found = paper.leave_on("钱多多", date(2025, 4, 2))
    filled = pdf_text(paper.print_leave_form(tmp_path / "filled.pdf", str(found.id)))
    for expected in (
        "钱多多",
        "桃花村",
        "县农业农村局",
        "2025年4月1日至2025年4月3日，共3天",
        "回老家探望父母",
        "李副书记",
    ):
        assert expected in filled
    with pytest.raises(ValidationError, match="请假记录"):
        paper.leave_on("钱多多", date(2025, 5, 2))


def test_assessment_results_show_grades_and_the_veto(team, tmp_path):
    team_id, _leader, _member = team
    other = teams.save_team(
        None,
        {
            "village": "李家村",
            "sending_unit": "县财政局",
            "unit_kind": "经济",
            "village_category": "脱贫村",
            "started_on": "2025-01-01",
        },
    )
    teams.save_member(None, other, {"name": "周全", "role": "队长"})
    for tid, score, satisfaction in ((team_id, 24, 95.0), (other, 25, 60.0)):
        assessments.ensure_default_indicators(tid, 2025)
        for item in assessments.indicators_of(tid, 2025):
            assessments.score_indicator(item.id, score)
        assessments.save_result(tid, 2025, satisfaction)
    text = pdf_text(paper.print_assessment(tmp_path / "a.pdf", 2025))
    assert "2025年度驻村第一书记考核结果汇总表" in text
    assert "欧阳建国" in text and "优秀" in text and "表彰" in text
    assert "周全" in text and "不合格" in text and "一票否决" in text and "调整" in text
    sheet = pdf_text(paper.print_assessment_sheet(tmp_path / "s.pdf", 2025))
    assert "入村访民情晓村情" in sheet and "扎村广动员谋实干" in sheet and "周全" in sheet
    with pytest.raises(ValidationError):
        paper.print_assessment(tmp_path / "none.pdf", 2001)


def test_members_who_left_before_the_month_are_not_on_its_ledger(team, today):
    rows = paper.attendance_rows(2025, 3, today=today)
    assert "孙不在" not in {row["name"] for row in rows}
    rows = paper.attendance_rows(2025, 2, today=today)
    gone = next(row for row in rows if row["name"] == "孙不在")
    assert gone["d10"] == "" and gone["d11"] == "/"
    assert date(2025, 2, 1) + timedelta(days=27) == date(2025, 2, 28)
