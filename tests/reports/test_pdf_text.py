"""Cleaning, escaping and formatting of values before they reach a PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from township_desk.reports.text import clean_text, format_value, to_markup


def test_clean_text_drops_control_and_zero_width_characters() -> None:
    assert clean_text("张\x00三\u200b\x07\ufeff") == "张三"


def test_clean_text_keeps_line_breaks_and_normalises_newlines() -> None:
    assert clean_text("一\r\n二\r三\n四\t五") == "一\n二\n三\n四 五"


def test_clean_text_is_nfc_and_keeps_full_width_punctuation() -> None:
    assert clean_text("e\u0301，（注）") == "\u00e9，（注）"


def test_markup_is_escaped_and_spacing_kept() -> None:
    assert to_markup("<b>A&B</b>") == "&lt;b&gt;A&amp;B&lt;/b&gt;"
    assert to_markup("单位：X    日期") == "单位：X\u00a0\u00a0\u00a0\u00a0日期"
    assert to_markup("一\n二") == "一<br/>二"


def test_format_dates_per_column_format() -> None:
    day = dt.date(1975, 3, 9)
    assert format_value(day, "month") == "1975.03"
    assert format_value(day, "date") == "1975-03-09"
    assert format_value(day, "cn_date") == "1975年3月9日"
    assert format_value(day) == "1975-03-09"
    assert format_value(dt.datetime(1975, 3, 9, 8, 30), "month") == "1975.03"
    assert format_value("1975-03-09", "month") == "1975.03"
    assert format_value("不详", "month") == "不详"


def test_format_other_values() -> None:
    assert format_value(None) == ""
    assert format_value(True) == "✓"
    assert format_value(False) == ""
    assert format_value(True, check_mark="是") == "是"
    assert format_value(None, "box") == "□"
    assert format_value(True, "box") == "■"
    assert format_value(42) == "42"
    assert format_value(2.50) == "2.5"
    assert format_value(Decimal("3.10")) == "3.10"
    assert format_value(["书记", "主任"]) == "书记、主任"
