"""待办: what needs doing today, each item a count, a Chinese line and the tab (and filter) that opens it.

Items come from providers. Each module of services/home/items/ (pNN_subject.py, NN orders them) has
``items(ctx)`` returning TodoItems; a later subject (work teams, training, elections …) adds its own
module there, or calls ``register(provider)``, without editing this one. Providers reuse their subject's
service functions (talks.pending_count, visits.overdue_counts …) instead of querying again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from township_desk.services import clock

WINDOW = "窗口"  # TodoItem.tab for an item the main window opens itself (a dialog), not a tab


@dataclass(frozen=True)
class TodoItem:
    key: str  # stable identifier, e.g. "talks.pending"
    count: int
    text: str  # the Chinese line shown and printed
    tab: str = ""  # the title of the tab that opens it (as in ui/tabs TABS), WINDOW, or ""
    filters: dict[str, str] = field(default_factory=dict)  # the tab's filter box key → the value to choose
    action: str = ""  # a method of that tab (or of the window's data safety for WINDOW) to call after
    urgent: bool = True  # False for a reminder that is only information (the next county file is far off)
    order: int = 50


@dataclass(frozen=True)
class TodoContext:
    today: date
    db_path: Path | None = None  # the database file, for what lives beside it (backups)


Provider = Callable[[TodoContext], Iterable[TodoItem]]
_registered: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); providers in services/home/items/ need not register."""
    if provider not in _registered:
        _registered.append(provider)
    return provider


def providers() -> list[Provider]:
    from township_desk.plugins import import_submodules
    from township_desk.services.home import items as package

    found: list[Provider] = [m.items for m in import_submodules(package) if hasattr(m, "items")]
    return found + [p for p in _registered if p not in found]


def todo_items(today: date | None = None, db_path: Path | None = None) -> list[TodoItem]:
    """Every item for today (clock.today() unless given), urgent ones first, then by order."""
    ctx = TodoContext(today or clock.today(), db_path)
    with clock.pinned(ctx.today):  # providers' services read the date from the clock
        found = [item for provider in providers() for item in provider(ctx)]
    return sorted(found, key=lambda item: (not item.urgent, item.order))


def todo_lines(items: Iterable[TodoItem]) -> list[str]:
    lines = []
    for item in items:
        where = f"（{item.tab}）" if item.tab and item.tab != WINDOW else ""
        lines.append(f"{'●' if item.urgent else '○'} {item.text}{where}")
    return lines
