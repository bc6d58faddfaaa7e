"""Turning user values into clean printable text and safe Paragraph markup."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from xml.sax.saxutils import escape

#: Column/cell formats a template may name (see templates.py).
FORMATS = ("text", "month", "date", "cn_date", "check", "box")

_SPACE_RUN = re.compile(r" {2,}")
_DROP_CATEGORIES = {"Cc", "Cf", "Cs"}
_KEEP = {"\n"}


def clean_text(value: str) -> str:
    """NFC-normalise and drop control/format characters, keeping line breaks.

    NFC, not NFKC: NFKC would turn full-width Chinese punctuation (，（）：) into ASCII.
    """
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", " ")
    if text.isprintable():
        return text
    return "".join(c for c in text if c in _KEEP or unicodedata.category(c) not in _DROP_CATEGORIES)


def to_markup(text: str) -> str:
    """Escape cleaned text for a Paragraph; keep line breaks and runs of spaces."""
    escaped = escape(text)
    escaped = _SPACE_RUN.sub(lambda m: "\u00a0" * len(m.group()), escaped)
    return escaped.replace("\n", "<br/>")


def _as_date(value: object) -> dt.date | None:
    """A date from a date, datetime or ISO string; None when it is none of these."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def format_value(value: object, fmt: str = "text", *, check_mark: str = "✓", checked_box: str = "■") -> str:
    """Printable text for one value under a column format.

    None → ""; bool → check_mark / "" ("box": checked_box / "□"); dates → "YYYY-MM-DD",
    "YYYY.MM" (month) or "YYYY年M月D日" (cn_date); sequences → items joined by "、".
    """
    if fmt == "box":
        return checked_box if value else "□"
    if value is None:
        return ""
    if isinstance(value, bool) or fmt == "check":
        return check_mark if value else ""
    if fmt in ("month", "date", "cn_date"):
        day = _as_date(value)
        if day is not None:
            if fmt == "month":
                return f"{day.year:04d}.{day.month:02d}"
            if fmt == "cn_date":
                return f"{day.year}年{day.month}月{day.day}日"
            return day.isoformat()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int | Decimal | str):
        return clean_text(str(value))
    if isinstance(value, Iterable):
        return "、".join(format_value(item, fmt) for item in value)
    return clean_text(str(value))


_HALF_PARENS = re.compile(r"\(([^()\n]*)\)")
_HALF_COLON = re.compile(r"(?<=[\u3400-\u9fff\uff09）]):(?!\d)")


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or ord(c) >= 0x20000 for c in text)


def cjk_punctuation(text: str) -> str:
    """Template text with full-width punctuation where it touches Chinese: 村(社区) → 村（社区）.

    Brackets whose content or neighbours are Chinese become （）, and a colon after a Chinese
    character becomes ：(a time such as 10:30 keeps its colon). Latin text keeps its own marks.
    """
    if "(" not in text and ":" not in text:
        return text

    def parens(match: re.Match[str]) -> str:
        start, end = match.span()
        around = text[max(0, start - 1) : start] + match.group(1) + text[end : end + 1]
        return f"（{match.group(1)}）" if _has_han(around) else match.group()

    return _HALF_COLON.sub("：", _HALF_PARENS.sub(parens, text))
