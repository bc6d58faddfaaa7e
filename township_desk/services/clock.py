"""The office's calendar: what "today" is for every rule, form and default.

Every rule that needs the date asks here, never `date.today()` directly, so that one reference date can be
set for a whole process: tests pin it (and CI runs them under several dates), `TOWNSHIP_DESK_TODAY=YYYY-MM-DD`
pins it for a demonstration, and `demo --today` builds data around a chosen day. Row timestamps
(`models.base.utc_now`) stay on the real clock: they order edits between files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

ENVIRONMENT_KEY = "TOWNSHIP_DESK_TODAY"

_pinned: date | None = None


def parse_reference_date(text: str) -> date:
    """A reference date given as YYYY-MM-DD; ValueError with a Chinese message otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"日期“{text}”无法识别，请写成 YYYY-MM-DD，如 2026-11-30。") from None


def pin_today(day: date | None) -> None:
    """Make `today()` return `day` for this process (None: back to the environment or the real date)."""
    global _pinned
    _pinned = day


@contextmanager
def pinned(day: date) -> Iterator[date]:
    """Within the block, `today()` is `day` (e.g. while demo data are built around a chosen day)."""
    global _pinned
    before = _pinned
    _pinned = day
    try:
        yield day
    finally:
        _pinned = before


def today() -> date:
    """Today's date: the pinned reference date, else TOWNSHIP_DESK_TODAY, else the computer's date."""
    if _pinned is not None:
        return _pinned
    text = os.environ.get(ENVIRONMENT_KEY, "").strip()
    if text:
        return parse_reference_date(text)
    return date.today()


OFFICE_UTC_OFFSET = timedelta(hours=8)  # Beijing time: every township office's clock


def office_time(utc: datetime) -> str:
    """A stored UTC time (rows' created/updated/deleted times) as the office's clock reads it, to the minute."""
    return f"{utc.replace(tzinfo=None) + OFFICE_UTC_OFFSET:%Y-%m-%d %H:%M}"
