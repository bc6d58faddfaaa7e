"""联系户: pairings with no visit for too long, and matters open more than 30 days."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services import households, visits
from township_desk.services.home.todo import TodoContext, TodoItem


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    counts = visits.overdue_counts()
    if counts["pairings"]:
        yield TodoItem(
            "households.overdue",
            counts["pairings"],
            f"{counts['pairings']} 个结对超过 {households.overdue_days()} 天未走访",
            "联系户",
            action="show_overdue",
            order=20,
        )
    if counts["matters"]:
        yield TodoItem(
            "households.matters",
            counts["matters"],
            f"{counts['matters']} 件群众诉求超过 {households.STALE_MATTER_DAYS} 天未办结",
            "联系户",
            action="show_overdue",
            order=21,
        )
