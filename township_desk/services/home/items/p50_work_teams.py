"""驻村工作队: talks or recalls pending after spot checks, members below the days rule last month, leave not closed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from township_desk.services.home.todo import TodoContext, TodoItem
from township_desk.services.work_teams.home import home_items

WORDING = {
    "待谈话": "名工作队员暗访缺岗，待谈话",
    "待召回": "名工作队员再次缺岗，待召回",
    "在岗不足": "名工作队员上月在岗天数不足",
    "逾期未销假": "名工作队员请假逾期未销假",
}


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    counts = Counter(item.kind for item in home_items(ctx.today))
    for order, (kind, text) in enumerate(WORDING.items()):
        if counts[kind]:
            yield TodoItem(
                f"work_teams.{kind}", counts[kind], f"{counts[kind]} {text}", "驻村工作队", order=50 + order
            )
