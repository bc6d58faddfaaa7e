"""The 三会一课 ledger: due rules at month, quarter and year ends; the theme Party day read from its own table;
the home page's line of overdue meetings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from meetings_helpers import hold
from party_days_helpers import day_values, make_branch

from township_desk.services import party_days
from township_desk.services.meetings import groups, ledger
from township_desk.services.meetings.ledger import DONE, MISSING, NOT_APPLICABLE, NOT_DUE, OVERDUE
from township_desk.services.meetings.terms import RULE_OF


def last_friday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 4) % 7)


@pytest.mark.parametrize(
    ("kind", "held", "today", "period", "expected"),
    [
        # monthly: on the month's last day the month is still open; the day after it is overdue
        ("支部委员会", False, date(2025, 3, 31), 3, NOT_DUE),
        ("支部委员会", False, date(2025, 4, 1), 3, OVERDUE),
        ("支部委员会", False, date(2025, 5, 1), 3, MISSING),
        ("支部委员会", True, date(2025, 5, 1), 3, DONE),
        # quarterly: the quarter's end, then the next quarter
        ("支部党员大会", False, date(2025, 6, 30), 2, NOT_DUE),
        ("支部党员大会", False, date(2025, 7, 1), 2, OVERDUE),
        ("支部党员大会", False, date(2025, 10, 1), 2, MISSING),
        # yearly: on 31 December the year can still hold it; from 1 January it is overdue
        ("组织生活会", False, date(2025, 12, 31), 1, NOT_DUE),
        ("组织生活会", False, date(2026, 1, 1), 1, OVERDUE),
        ("组织生活会", False, date(2027, 1, 1), 1, MISSING),
        # February of a leap year ends on the 29th
        ("支部委员会", False, date(2028, 2, 29), 2, NOT_DUE),
        ("支部委员会", False, date(2028, 3, 1), 2, OVERDUE),
    ],
)
def test_due_rules_at_month_quarter_and_year_ends(kind, held, today, period, expected):
    year = 2028 if today.year == 2028 else 2025
    assert ledger.status_for(RULE_OF[kind], year, period, held, today) == expected


def test_the_ledger_counts_meetings_and_theme_days_and_skips_group_meetings_without_groups(db, today):
    year = today.year - 1
    branch, _people = make_branch("桃花村党支部", members=4)
    other, _ = make_branch("杏花村党支部", "杏花村", members=3)
    hold(branch, "支部委员会", date(year, 1, 15))
    hold(branch, "支部委员会", date(year, 1, 25))  # two in a month still count once as done
    hold(branch, "支部党员大会", date(year, 2, 10))
    party_days.save_day(None, day_values(branch, last_friday(year, 3)))
    on = date(year, 4, 1)
    book = ledger.year_ledger(year, on)
    first = next(b for b in book.branches if b.id == branch)
    assert book.cells(first, RULE_OF["支部委员会"])[:4] == [DONE, MISSING, OVERDUE, NOT_DUE]
    assert book.cells(first, RULE_OF["支部党员大会"])[:2] == [DONE, NOT_DUE]
    assert book.cells(first, RULE_OF["主题党日"])[:4] == [MISSING, MISSING, DONE, NOT_DUE]
    assert book.cells(first, RULE_OF["党小组会"])[0] == NOT_APPLICABLE  # no Party group in the branch
    row = next(r for r in book.rows() if r["branch_id"] == branch and r["kind"] == "支部委员会")
    assert (row["p1"], row["p2"], row["p3"], row["tally"]) == ("✓", "缺", "逾期", "1/3")
    second = next(b for b in book.branches if b.id == other)
    assert book.cells(second, RULE_OF["支部党员大会"])[:2] == [OVERDUE, NOT_DUE]

    groups.save_group(None, {"branch": branch, "name": "第一党小组", "kind": "党小组"})
    book = ledger.year_ledger(year, on)
    first = next(b for b in book.branches if b.id == branch)
    assert book.cells(first, RULE_OF["党小组会"])[:3] == [MISSING, MISSING, OVERDUE]


def test_missing_meetings_for_the_home_page_name_each_branch_and_open_the_ledger(db, today):
    year = today.year - 1
    branch, _ = make_branch("桃花村党支部", members=3)
    make_branch("杏花村党支部", "杏花村", members=3)
    hold(branch, "支部委员会", date(year, 5, 20))
    found = ledger.missing_meetings(date(year, 6, 3))
    assert f"桃花村党支部：{year}年5月支部委员会未开展" not in found.lines
    assert f"杏花村党支部：{year}年5月支部委员会未开展" in found.lines
    assert f"桃花村党支部：{year}年5月主题党日未开展" in found.lines
    assert f"桃花村党支部：{year}年第一季度支部党员大会未开展" in found.lines
    assert f"桃花村党支部：{year - 1}年度组织生活会未开展" in found.lines
    assert found.count == len(found.lines)
    assert found.tab == "meetings" and found.filters["year"] == str(year)
    # 1 January: December, the fourth quarter and the year all just ended
    new_year = ledger.missing_meetings(date(year + 1, 1, 1))
    assert f"杏花村党支部：{year}年12月支部委员会未开展" in new_year.lines
    assert f"杏花村党支部：{year}年度民主评议党员未开展" in new_year.lines
    assert new_year.filters["year"] == str(year)
