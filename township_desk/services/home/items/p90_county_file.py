"""The county file (上报文件): due twice a year, on 30 June and 31 December.

The county organisation department collects the townships' files twice a year; the program takes the
half-year ends as the due dates (DUE_DATES) and reminds from 30 days before. Counts are days left.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from township_desk.services.home.todo import WINDOW, TodoContext, TodoItem

DUE_DATES = ((6, 30), (12, 31))  # (month, day) each year
REMIND_DAYS = 30


def next_due(today: date) -> date:
    """The next due date on or after today."""
    for year in (today.year, today.year + 1):
        for month, day in DUE_DATES:
            due = date(year, month, day)
            if due >= today:
                return due
    raise AssertionError("unreachable")


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    due = next_due(ctx.today)
    days = (due - ctx.today).days
    when = "今天" if days == 0 else f"还有 {days} 天"
    yield TodoItem(
        "county_file.due",
        days,
        f"下次向县委组织部报送上报文件：{due.year}年{due.month}月{due.day}日（{when}）",
        WINDOW,
        action="export_for_county",
        urgent=days <= REMIND_DAYS,
        order=90,
    )
