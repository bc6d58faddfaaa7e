"""三会一课: meetings of the period that ended last that a branch has not recorded (逾期未开)."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services.home.todo import TodoContext, TodoItem
from township_desk.services.meetings.ledger import missing_meetings


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    missing = missing_meetings(ctx.today)
    if missing.count:
        yield TodoItem(
            "meetings.overdue",
            missing.count,
            f"{missing.count} 次“三会一课”等组织生活逾期未开展",
            "组织生活",
            action="show_overdue_ledger",
            order=35,
        )
