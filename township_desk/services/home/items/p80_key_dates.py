"""Terms and key dates (换届, term ends …): a hook the elections subject fills.

A subject with dates to watch calls ``register_key_dates(source)``; a source returns (date, what) pairs.
Those within LOOKAHEAD_DAYS of today (or passed in the last week) become to-do items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from township_desk.services.home.todo import TodoContext, TodoItem

LOOKAHEAD_DAYS = 60
KeyDateSource = Callable[[date], Iterable[tuple[date, str, str]]]  # (date, what, tab title)
_sources: list[KeyDateSource] = []


def register_key_dates(source: KeyDateSource) -> KeyDateSource:
    if source not in _sources:
        _sources.append(source)
    return source


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    start, end = ctx.today - timedelta(days=7), ctx.today + timedelta(days=LOOKAHEAD_DAYS)
    for source in _sources:
        for index, (day, what, tab) in enumerate(sorted(source(ctx.today))):
            if start <= day <= end:
                days = (day - ctx.today).days
                when = "今天" if days == 0 else (f"还有 {days} 天" if days > 0 else f"已过 {-days} 天")
                yield TodoItem(
                    f"key_dates.{index}",
                    1,
                    f"{day.year}年{day.month}月{day.day}日 {what}（{when}）",
                    tab,
                    urgent=days <= 14,
                    order=80,
                )
