"""导师帮带: serving new cadres without a mentor, and mentors with no exchange in 90 days."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services import mentoring
from township_desk.services.home.todo import TodoContext, TodoItem


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    unpaired = mentoring.unpaired_count()
    if unpaired:
        yield TodoItem(
            "mentoring.unpaired", unpaired, f"{unpaired} 名新任干部还没有结对导师", "导师帮带", order=40
        )
    stale = len(mentoring.stale_mentors(ctx.today))
    if stale:
        yield TodoItem(
            "mentoring.stale",
            stale,
            f"{stale} 名导师超过 {mentoring.STALE_DAYS} 天没有帮带交流记录",
            "导师帮带",
            {"flag": mentoring.STALE_FLAG},
            order=41,
        )
