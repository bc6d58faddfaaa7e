"""The last backup: when it was made; a reminder when there is none or it is more than a week old."""

from __future__ import annotations

from collections.abc import Iterator

from township_desk.services import backups
from township_desk.services.home.todo import WINDOW, TodoContext, TodoItem

STALE_DAYS = 7


def items(ctx: TodoContext) -> Iterator[TodoItem]:
    if ctx.db_path is None:
        return
    found = backups.list_backups(ctx.db_path)
    if not found:
        yield TodoItem(
            "backup.last",
            0,
            "还没有备份：请点“立即备份”，并定期把备份复制到U盘",
            WINDOW,
            action="open_backups",
            urgent=True,
            order=95,
        )
        return
    last = found[0].taken_at
    days = max((ctx.today - last.date()).days, 0)
    ago = "今天" if days == 0 else f"{days} 天前"
    yield TodoItem(
        "backup.last",
        days,
        f"最近一次备份：{last:%Y-%m-%d %H:%M}（{ago}）",
        WINDOW,
        action="open_backups",
        urgent=days > STALE_DAYS,
        order=95,
    )
