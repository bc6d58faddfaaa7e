"""培训: people short of the yearly training days — from December on for this year, in January for last year."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services.home.todo import TodoContext, TodoItem
from township_desk.services.training import days


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    # Earlier in the year nobody has had time to reach the rule yet: a count in March would only alarm.
    if ctx.today.month == 12:
        year = ctx.today.year
    elif ctx.today.month == 1:
        year = ctx.today.year - 1
    else:
        return
    short = days.shortfall(year, ctx.today)
    if short:
        yield TodoItem(
            "training.shortfall", len(short), f"{len(short)} 人{year}年培训天数未达要求", "培训", order=60
        )
