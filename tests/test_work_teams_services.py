"""Village work teams: the rules a clerk relies on, on the real database file (no Qt)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from township_desk.models.work_teams import TeamAttendance, TeamLogHousehold, WorkTeamMember
from township_desk.services.records import ValidationError
from township_desk.services.work_teams import (
    ACTION_RECALL,
    ACTION_TALK,
    END_RECALLED,
    ROLE_LEADER,
    ROLE_MEMBER,
    SETTING_MIN_DAYS,
    SETTING_VETO,
    SETTING_WEIGHT,
    assessment,
    attendance,
    checks,
    leave,
    logs,
    set_rule_setting,
    teams,
)


def make_team(
    village: str = "桃花村",
    kind: str = "党群",
    category: str = "软弱涣散村",
    started: date = date(2024, 1, 1),
    members: int = 1,
) -> tuple[str, str, list[str]]:
    team_id = teams.save_team(
        None,
        {
            "village": village,
            "sending_unit": "县委组织部",
            "unit_kind": kind,
            "village_category": category,
            "started_on": started.isoformat(),
        },
    )
    leader = teams.save_member(None, team_id, {"name": "李建华", "role": "队长", "phone": "13800000001"})
    others = [
        teams.save_member(None, team_id, {"name": f"王队员{i}", "role": ROLE_MEMBER}) for i in range(members)
    ]
    return team_id, leader, others


def test_a_team_is_one_leader_and_one_or_two_members(db):
    assert teams.composition_problems([ROLE_LEADER, ROLE_MEMBER]) == []
    assert teams.composition_problems([ROLE_LEADER, ROLE_MEMBER, ROLE_MEMBER]) == []
    assert teams.composition_problems([ROLE_MEMBER]) == ["缺少队长(第一书记)"]
    assert teams.composition_problems([ROLE_LEADER]) == ["缺少队员（应为1至2名）"]
    assert teams.composition_problems([ROLE_LEADER] + [ROLE_MEMBER] * 3) == ["队员3名（应为1至2名）"]


def test_a_second_leader_is_refused_and_the_team_row_shows_the_leader(db, today):
    team_id, _leader, _ = make_team(started=today - timedelta(days=60))
    with pytest.raises(ValidationError, match="已有队长"):
        teams.save_member(None, team_id, {"name": "赵二", "role": ROLE_LEADER})
    row = teams.team_rows()[0]
    assert row["leader"] == "李建华" and row["members"] == "王队员0"
    assert row["problems"] == ""


@pytest.mark.parametrize(
    ("kind", "category", "flagged"),
    [
        ("党群", "软弱涣散村", False),
        ("经济", "脱贫村", False),
        ("政法", "矛盾纠纷多发村", False),
        ("涉农", "产业村", False),
        ("经济", "软弱涣散村", True),
        ("党群", "产业村", True),
        ("政法", "脱贫村", True),
        ("政法", "示范创建村", False),
    ],
)
def test_the_match_of_unit_and_village_is_checked(kind, category, flagged):
    assert bool(teams.match_problem(kind, category)) is flagged


def test_a_mismatched_team_is_flagged_in_its_row(db, today):
    make_team(kind="政法", category="产业村", started=today - timedelta(days=30))
    row = teams.team_rows()[0]
    assert "因村派人" in row["problems"] and "涉农" in row["problems"]


def test_attendance_totals_against_the_rule(db):
    team_id, leader, (member,) = make_team(started=date(2025, 1, 1))
    march = [date(2025, 3, d) for d in range(1, 32)]
    attendance.set_days(leader, march[:22], attendance.IN_VILLAGE)
    attendance.set_days(leader, march[22:25], attendance.ON_BUSINESS)
    attendance.set_days(member, march[:15], attendance.IN_VILLAGE)
    attendance.set_days(member, march[15:20], attendance.ABSENT)
    ledger = {row.name: row for row in attendance.month_ledger(2025, 3, today=date(2025, 4, 10))}
    assert ledger["李建华"].totals.on_duty == 25 and not ledger["李建华"].below
    assert ledger["王队员0"].totals.absent == 5 and ledger["王队员0"].below
    below = attendance.members_below_rule(2025, 3, today=date(2025, 4, 10))
    assert [row.name for row in below] == ["王队员0"]
    set_rule_setting(SETTING_MIN_DAYS, "15")
    assert attendance.members_below_rule(2025, 3, today=date(2025, 4, 10)) == []
    with pytest.raises(ValidationError):
        set_rule_setting(SETTING_MIN_DAYS, "四十")


def test_a_member_who_joined_midmonth_is_held_to_a_share_of_the_rule(db):
    team_id, leader, _ = make_team(started=date(2025, 1, 1))
    late = teams.save_member(
        None, team_id, {"name": "新来的", "role": ROLE_MEMBER, "started_on": "2025-04-16"}
    )
    attendance.set_days(late, [date(2025, 4, d) for d in range(16, 27)], attendance.IN_VILLAGE)
    row = next(r for r in attendance.month_ledger(2025, 4, today=date(2025, 5, 2)) if r.name == "新来的")
    assert row.served == 15 and row.required == 10 and not row.below
    # days before joining are never marked
    assert attendance.set_days(late, [date(2025, 4, 1)], attendance.IN_VILLAGE) == 0


def test_filling_a_week_keeps_days_already_recorded(db):
    _team, leader, _ = make_team(started=date(2025, 1, 1))
    attendance.set_days(leader, [date(2025, 6, 11)], attendance.leave_mark("病假"))
    changed = attendance.set_days(
        leader, attendance.week_of(date(2025, 6, 11)), attendance.IN_VILLAGE, overwrite=False
    )
    assert changed == 6
    assert attendance.marks_of(leader, 2025, 6)[8:15] == "在在病在在在在"


def test_leave_marks_the_ledger_and_overlaps_are_refused(db, today):
    _team, leader, _ = make_team(started=date(2025, 1, 1))
    leave_id = leave.save_leave(
        None,
        leader,
        {
            "kind": "事假",
            "starts_on": "2025-05-06",
            "ends_on": "2025-05-08",
            "reason": "家中有事",
            "approved_by": "张书记",
        },
    )
    assert attendance.marks_of(leader, 2025, 5)[4:9] == "-事事事-"
    with pytest.raises(ValidationError, match="重叠"):
        leave.save_leave(None, leader, {"kind": "病假", "starts_on": "2025-05-08", "ends_on": "2025-05-09"})
    leave.close_leave(leave_id, date(2025, 5, 8))  # came back a day early
    assert attendance.marks_of(leader, 2025, 5)[4:9] == "-事事在-"
    rows = leave.leaves(member_id=leader, today=today)
    assert rows[0].returned_on == date(2025, 5, 8) and rows[0].problem == ""
    # the same return written on the form (editing the leave) gives the same ledger
    leave.save_leave(
        leave_id,
        leader,
        {
            "kind": "事假",
            "starts_on": "2025-05-06",
            "ends_on": "2025-05-08",
            "approved_by": "张书记",
            "returned_on": "2025-05-08",
        },
    )
    assert attendance.marks_of(leader, 2025, 5)[4:9] == "-事事在-"


def test_leave_not_closed_is_flagged(db, today):
    _team, leader, _ = make_team(started=today - timedelta(days=90))
    start = today - timedelta(days=10)
    leave.save_leave(
        None,
        leader,
        {
            "kind": "病假",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=2)).isoformat(),
            "approved_by": "张书记",
        },
    )
    open_rows = leave.leaves_not_closed(today)
    assert [row.name for row in open_rows] == ["李建华"]
    assert "逾期未销假" in open_rows[0].problem


def test_absence_without_leave_asks_for_a_talk_then_a_recall(db, today):
    _team, leader, (member,) = make_team(started=today - timedelta(days=200))
    first, second = today - timedelta(days=40), today - timedelta(days=5)
    on_leave_day = today - timedelta(days=20)
    leave.save_leave(
        None,
        member,
        {
            "kind": "事假",
            "starts_on": on_leave_day.isoformat(),
            "ends_on": on_leave_day.isoformat(),
            "approved_by": "张书记",
            "returned_on": (on_leave_day + timedelta(days=1)).isoformat(),
        },
    )
    checks.record_check(first, "督查组", "", [checks.Finding(leader, False), checks.Finding(member, True)])
    checks.record_check(on_leave_day, "督查组", "", [checks.Finding(member, False)])
    pending = checks.pending_actions(today)
    assert [(p.name, p.action) for p in pending] == [("李建华", ACTION_TALK)]
    assert attendance.marks_of(leader, first.year, first.month)[first.day - 1] == attendance.ABSENT
    checks.complete_action(pending[0].finding_id, first + timedelta(days=2))
    assert checks.pending_actions(today) == []
    checks.record_check(second, "督查组", "", [checks.Finding(leader, False)])
    (recall,) = checks.pending_actions(today)
    assert recall.action == ACTION_RECALL
    checks.complete_action(recall.finding_id, today)
    leader_row = WorkTeamMember.get_by_id(leader)
    assert (
        leader_row.end_kind == END_RECALLED
        and leader_row.ended_on == today
        and "督查暗访" in leader_row.end_reason
    )
    assert checks.pending_actions(today) == []


def test_a_check_on_a_future_date_is_refused_and_writes_nothing(db, today):
    _team, leader, _ = make_team(started=today - timedelta(days=30))
    with pytest.raises(ValidationError):
        checks.record_check(today + timedelta(days=1), "督查组", "", [checks.Finding(leader, False)])
    assert TeamAttendance.select().count() == 0


def test_the_veto_makes_low_satisfaction_fail_whatever_the_score(db, today):
    assert assessment.grade(98.0, 65.0, 30, 70) == (88.1, "不合格", True)
    assert assessment.grade(98.0, 95.0, 30, 70) == (97.1, "优秀", False)
    assert assessment.grade(70.0, 70.0, 30, 70) == (70.0, "合格", False)
    team_id, _leader, _ = make_team(started=date(today.year - 1, 1, 1))
    year = today.year
    assessment.ensure_default_indicators(team_id, year)
    for item in assessment.indicators_of(team_id, year):
        assessment.score_indicator(item.id, 24)
    set_rule_setting(SETTING_WEIGHT, 40)
    set_rule_setting(SETTING_VETO, 80)
    assessment.save_result(team_id, year, 79.5)
    (result,) = assessment.year_results(year)
    assert result.indicator_score == 96.0 and result.grade == "不合格" and result.vetoed
    assert result.result_use == "调整" and result.leader == "李建华"
    assessment.save_result(team_id, year, 92.0, "优先推荐")
    (result,) = assessment.year_results(year)
    assert result.total == 94.4 and result.grade == "优秀" and result.result_use == "优先推荐"
    with pytest.raises(ValidationError):
        assessment.save_result(team_id, year, 120.0)


def test_work_logs_link_the_households_visited(db, today):
    from township_desk.models.base import insert_rows
    from township_desk.models.households import Household
    from township_desk.models.people import Person, Village
    from township_desk.services.demo import stamp

    team_id, leader, _ = make_team(started=today - timedelta(days=30))
    village = Village.get(Village.name == "桃花村")
    head = Person.create(name="陈大山", village=village)
    insert_rows(Household, [stamp({"head": head.id, "village": village.id})])
    ((household_id, label),) = logs.household_options(team_id)
    assert label.startswith("陈大山")
    log_id = logs.save_log(
        None,
        leader,
        {"log_date": today.isoformat(), "kind": "走访", "text": "入户了解种植情况"},
        [household_id],
    )
    assert logs.households_visited(log_id) == [household_id]
    logs.save_log(
        log_id,
        leader,
        {"log_date": today.isoformat(), "kind": "走访", "text": "入户", "households_text": "外出户刘某"},
        [],
    )
    assert logs.households_visited(log_id) == []
    assert TeamLogHousehold.select().count() == 1  # kept, marked deleted, so the county learns of it
    assert logs.logs(team_id=team_id)[0].households == "外出户刘某"
    with pytest.raises(ValidationError, match="类别"):
        logs.save_log(None, leader, {"log_date": today.isoformat(), "kind": "打牌", "text": "x"})


def test_the_home_page_lists_what_needs_doing(db, today):
    from township_desk.services.work_teams.home import home_items, last_month

    _team, leader, (member,) = make_team(started=today - timedelta(days=120))
    year, month = last_month(today)
    attendance.set_days(leader, [date(year, month, d) for d in range(1, 6)], attendance.IN_VILLAGE)
    checks.record_check(today - timedelta(days=1), "督查组", "", [checks.Finding(member, False)])
    kinds = [item.kind for item in home_items(today)]
    assert "待谈话" in kinds and kinds.count("在岗不足") == 2  # nothing recorded for the member either
    assert any("在岗 5 天" in item.text for item in home_items(today))


def test_the_rules_form_checks_every_value_before_storing_any(db):
    from township_desk.services.work_teams import SETTING_DEFAULTS, forms, rule_setting

    spec = forms.rules_form()
    values = spec.load(None)
    assert values["work_teams_min_days_per_month"] == "20"
    values.update(work_teams_min_days_per_month="22", work_teams_veto_threshold="百分之六十")
    with pytest.raises(ValidationError):
        spec.save(None, values)
    assert rule_setting(SETTING_MIN_DAYS) == SETTING_DEFAULTS[SETTING_MIN_DAYS]
    values["work_teams_veto_threshold"] = "60%"
    spec.save(None, values)
    assert rule_setting(SETTING_MIN_DAYS) == 22 and rule_setting(SETTING_VETO) == 60
