"""The last Friday of a month, month texts, and the date a new record proposes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from township_desk.services.party_day_calendar import (
    MonthParseError,
    is_due,
    is_last_friday,
    last_friday,
    months_until,
    parse_month,
)
from township_desk.services.party_days import due_hint, proposed_day


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2024, 1, date(2024, 1, 26)),
        (2024, 2, date(2024, 2, 23)),  # leap year, 29th is a Thursday
        (2024, 3, date(2024, 3, 29)),
        (2024, 5, date(2024, 5, 31)),  # the last day itself is a Friday
        (2023, 6, date(2023, 6, 30)),
        (2021, 12, date(2021, 12, 31)),
        (2025, 2, date(2025, 2, 28)),
        (2026, 11, date(2026, 11, 27)),
    ],
)
def test_last_friday_of_known_months(year, month, expected):
    assert last_friday(year, month) == expected


def test_last_friday_is_a_friday_in_the_last_week_for_thirty_years():
    for year in range(2000, 2031):
        for month in range(1, 13):
            day = last_friday(year, month)
            assert day.weekday() == 4 and day.month == month
            assert (day + timedelta(days=7)).month != month
            assert is_last_friday(day) and not is_last_friday(day - timedelta(days=7))


@pytest.mark.parametrize(
    "text", ["2024-03", "2024.3", "2024/03", "2024年3月", "２０２４－０３", "202403", " 2024-3 "]
)
def test_month_texts_clerks_type(text):
    assert parse_month(text) == (2024, 3)


@pytest.mark.parametrize("text", ["2024-13", "2024", "三月", "24-03", ""])
def test_bad_month_texts_are_refused_in_chinese(text):
    with pytest.raises(MonthParseError) as caught:
        parse_month(text)
    assert "月份" in str(caught.value)


def test_new_record_proposes_this_months_last_friday_once_it_has_come():
    assert proposed_day(date(2024, 3, 29)) == date(2024, 3, 29)
    assert proposed_day(date(2024, 3, 31)) == date(2024, 3, 29)
    # before this month's last Friday the latest one due is last month's
    assert proposed_day(date(2024, 3, 20)) == date(2024, 2, 23)
    assert proposed_day(date(2024, 1, 5)) == date(2023, 12, 29)


def test_due_hint_asks_for_a_reason_only_off_the_last_friday():
    assert due_hint({"held_on": "2024-03-29"}) == "3月最后一个星期五：2024-03-29"
    hint = due_hint({"held_on": "2024.3.27"})
    assert "2024-03-29" in hint and "星期三" in hint and "原因" in hint
    assert due_hint({"held_on": "不是日期"}) == ""


def test_months_and_due():
    assert months_until(date(2023, 11, 5), date(2024, 2, 1)) == [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]
    assert is_due(2024, 3, date(2024, 3, 29)) and not is_due(2024, 3, date(2024, 3, 28))
