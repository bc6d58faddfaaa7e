"""主题党日: branches with no theme Party day this month once the month's last Friday has passed."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services import party_day_matrix
from township_desk.services.home.todo import TodoContext, TodoItem


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    missed = party_day_matrix.missed_branches(ctx.today.year, ctx.today.month, ctx.today)
    if missed.overdue and missed.branches:
        count = len(missed.branches)
        yield TodoItem(
            "party_days.missed",
            count,
            f"{count} 个党支部{missed.month}月还没有登记主题党日（应于{missed.month}月{missed.due.day}日开展）",
            "主题党日",
            order=30,
        )
