"""换届: village committees whose term has ended without a new election, or ends within three months."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services.elections import terms
from township_desk.services.home.todo import TodoContext, TodoItem

MONTHS_AHEAD = 3


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    due = terms.terms_ending(MONTHS_AHEAD, ctx.today)
    overdue = sum(1 for t in due if t.overdue)
    if overdue:
        yield TodoItem(
            "elections.overdue", overdue, f"{overdue} 个村(社区)“两委”任期已届满，尚未换届", "换届", order=70
        )
    if len(due) > overdue:
        soon = len(due) - overdue
        yield TodoItem(
            "elections.soon",
            soon,
            f"{soon} 个村(社区)“两委”任期{MONTHS_AHEAD}个月内届满",
            "换届",
            urgent=False,
            order=71,
        )
