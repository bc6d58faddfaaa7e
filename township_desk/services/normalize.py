"""Turn messy Excel cell values (full-width digits, odd dates, padded names) into clean values."""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime, timedelta

# Full-width punctuation that belongs to Chinese text and is kept as is.
_KEEP_FULLWIDTH = frozenset("！（），：；？～")
_HALFWIDTH_TABLE = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULLWIDTH
} | {0x3000: 0x20}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_NOT_PHONE = re.compile("[^0-9-]")  # a phone keeps its ASCII digits and hyphens
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NAME_DOTS = re.compile("[.\u2022\u2024\u2027\u2219\u22c5\u30fb\uff65\u00b7]+")
_NAME_GAPS = re.compile(rf"\s+(?=[{_HAN}·])|(?<=[{_HAN}·])\s+")

_EXCEL_EPOCH = date(1899, 12, 30)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_SEPARATED_DATE = re.compile(r"(\d{4})[.\-/年](\d{1,2})(?:(?:月|[.\-/])(?:(\d{1,2})[日号]?)?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})?")


class DateParseError(ValueError):
    """A cell value that is not a recognisable date; str() is a Chinese message naming the value."""

    def __init__(self, value: str, reason: str = "") -> None:
        self.value = value
        super().__init__(f"无法识别的日期“{value}”" + (f"：{reason}" if reason else ""))


def to_halfwidth(text: str) -> str:
    """Full-width ASCII and the ideographic space to ASCII, keeping Chinese punctuation （），：；！？～."""
    return text.translate(_HALFWIDTH_TABLE)


def _number_text(value: int | float) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def clean_text(value: object) -> str:
    """Any cell value as a single-line string: half-width, trimmed, whitespace runs collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    return _clean_string(str(value))


@functools.lru_cache(maxsize=8192)
def _clean_string(text: str) -> str:
    """clean_text of a string (cached: an imported column repeats its villages, posts, yes/no …)."""
    text = _INVISIBLE.sub("", to_halfwidth(text))
    return _SPACES.sub(" ", text).strip()


def clean_name(value: object) -> str:
    """A person's name: no spaces around Chinese characters, minority-name dots unified to ·."""
    text = _NAME_DOTS.sub("·", clean_text(value))
    return _NAME_GAPS.sub("", text).strip("·")


def clean_phone(value: object) -> str:
    """A phone number with only digits and hyphens (numbers from Excel lose their .0)."""
    return _NOT_PHONE.sub("", clean_text(value))


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise DateParseError(shown, f"年份应在{_MIN_YEAR}—{_MAX_YEAR}之间")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(shown) from None


def _parse_number(value: int | float) -> date:
    shown = _number_text(value)
    if isinstance(value, float) and not value.is_integer():
        if math.isnan(value) or math.isinf(value):
            raise DateParseError(shown)
        if _MIN_YEAR <= int(value) <= _MAX_YEAR:
            # 1975.03 typed into a number cell: year.month, but 1975.10 arrives as 1975.1.
            if shown.endswith(".1"):
                raise DateParseError(
                    shown, "Excel会把1975.10存成1975.1，无法区分1月与10月，请把该列设为文本后重新填写"
                )
            return _parse_text(shown, shown)
    number = int(value)
    if _MIN_YEAR <= number <= _MAX_YEAR or not 1 <= number <= 80000:
        return _parse_text(str(number), shown)
    day = _EXCEL_EPOCH + timedelta(days=number)  # an Excel serial (day count, time of day dropped)
    return _make_date(day.year, day.month, day.day, shown)


def _parse_text(text: str, shown: str) -> date:
    text = _SPACES.sub("", _TIME_SUFFIX.sub("", text.strip()))
    match = _SEPARATED_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        raise DateParseError(shown)
    year, month, day = match.groups()
    return _make_date(int(year), int(month), int(day or 1), shown)


def parse_date(value: object) -> date | None:
    """A date from a cell: date/datetime, Excel serial, or text like 1975.03 / 1975年3月5日 / 19750305.

    Month-only forms give the first day of the month; empty gives None; anything else raises
    DateParseError.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateParseError(str(value))
    if isinstance(value, int | float):
        return _parse_number(value)
    shown = str(value).strip()
    text = clean_text(value)
    if not text:
        return None
    return _parse_text(text, shown)


def format_month(d: date | None) -> str:
    """A date as a roster prints 出生年月 / 任职时间: "1975.03"; "" for None."""
    return "" if d is None else f"{d.year}.{d.month:02d}"
