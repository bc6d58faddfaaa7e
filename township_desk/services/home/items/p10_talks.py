"""待谈话: talks registered (by a rule or by hand) and not yet held."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services import talks
from township_desk.services.home.todo import TodoContext, TodoItem


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    count = talks.pending_count()
    if count:
        yield TodoItem(
            "talks.pending",
            count,
            f"{count} 次谈话待进行（待谈话）",
            "谈话",
            {"status": talks.STATUS_PENDING},
            order=10,
        )
