"""Months and the last Friday of each month: when a branch's theme Party day (主题党日) is due."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from township_desk.services.normalize import to_halfwidth

FRIDAY = 4  # date.weekday()
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_MONTH_TEXT = re.compile(r"\s*(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*月?)?\s*")


class MonthParseError(ValueError):
    """Text that is not a month such as 2024-03; str() is a Chinese message."""


def last_friday(year: int, month: int) -> date:
    """The last Friday of a month: the day its theme Party day is held."""
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - FRIDAY) % 7)


def last_friday_of(day: date) -> date:
    """The last Friday of the month a date falls in."""
    return last_friday(day.year, day.month)


def is_last_friday(day: date) -> bool:
    return day == last_friday_of(day)


def month_key(day: date) -> str:
    """The month of a date as stored and compared: "2024-03"."""
    return f"{day.year:04d}-{day.month:02d}"


def key_of(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) from 2024-03, 2024.3, 2024/03, 2024年3月 or 202403; MonthParseError otherwise."""
    cleaned = to_halfwidth(str(text)).strip()
    compact = re.fullmatch(r"(\d{4})(\d{2})", cleaned)
    match = compact or _MONTH_TEXT.fullmatch(cleaned)
    if match is None or match.group(2) is None:
        raise MonthParseError(f"无法识别的月份“{text}”，请写成 2024-03 这样的形式。")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        raise MonthParseError(f"月份“{text}”不存在。")
    return year, month


def month_label(year: int, month: int) -> str:
    return f"{year}年{month}月"


def day_label(day: date) -> str:
    """2024年3月29日（星期五）."""
    return f"{day.year}年{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def months_until(start: date, end: date) -> list[tuple[int, int]]:
    """Every (year, month) from start's month to end's month, both included."""
    months: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def is_due(year: int, month: int, today: date) -> bool:
    """Whether a month's theme day should have been held by today (its last Friday has come)."""
    return last_friday(year, month) <= today


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)
