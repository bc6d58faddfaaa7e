"""Tests for cleaning messy Excel cell values."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from township_desk.services.normalize import (
    DateParseError,
    clean_name,
    clean_phone,
    clean_text,
    format_month,
    parse_date,
    to_halfwidth,
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def test_to_halfwidth_keeps_chinese_punctuation() -> None:
    assert to_halfwidth("１９７５．０３") == "1975.03"
    assert to_halfwidth("ＡＢｃ　－／") == "ABc -/"
    assert to_halfwidth("党组织书记，主任（一肩挑）。：；！？、") == "党组织书记，主任（一肩挑）。：；！？、"


def test_clean_text() -> None:
    assert clean_text(None) == ""
    assert clean_text(123) == "123"
    assert clean_text(123.0) == "123"
    assert clean_text(1.5) == "1.5"
    assert clean_text(float("nan")) == ""
    assert clean_text("  大学\n 本科\u3000 ") == "大学 本科"
    assert clean_text("ＡＢＣ\u200b") == "ABC"
    assert clean_text(datetime(1975, 3, 5)) == "1975-03-05"


def test_clean_name() -> None:
    assert clean_name("张  三 ") == "张三"
    assert clean_name("\u3000张\u3000三\u3000") == "张三"
    assert clean_name("阿依古丽・买买提") == "阿依古丽·买买提"
    assert clean_name("阿依古丽 • 买买提") == "阿依古丽·买买提"
    assert clean_name("阿依古丽.买买提") == "阿依古丽·买买提"
    assert clean_name("阿依古丽．买买提") == "阿依古丽·买买提"
    assert clean_name("阿依古丽·买买提") == "阿依古丽·买买提"
    assert clean_name(None) == ""


def test_clean_phone() -> None:
    assert clean_phone(13812345678) == "13812345678"
    assert clean_phone(13812345678.0) == "13812345678"
    assert clean_phone("１３８１２３４５６７８") == "13812345678"
    assert clean_phone(" 138 1234 5678 ") == "13812345678"
    assert clean_phone("0731－8888888") == "0731-8888888"
    assert clean_phone("电话：0731-8888888") == "0731-8888888"
    assert clean_phone(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1975.03", date(1975, 3, 1)),
        ("1975.3", date(1975, 3, 1)),
        ("1975.03.05", date(1975, 3, 5)),
        ("1975年3月", date(1975, 3, 1)),
        ("1975年3月5日", date(1975, 3, 5)),
        ("1975年03月", date(1975, 3, 1)),
        ("1975-03-05", date(1975, 3, 5)),
        ("1975/3/5", date(1975, 3, 5)),
        ("1975-3", date(1975, 3, 1)),
        ("197503", date(1975, 3, 1)),
        ("19750305", date(1975, 3, 5)),
        ("1975.03 ", date(1975, 3, 1)),
        ("1975 .03", date(1975, 3, 1)),
        ("１９７５．０３", date(1975, 3, 1)),
        ("１９７５年３月", date(1975, 3, 1)),
        ("1975-03-05 00:00:00", date(1975, 3, 5)),
        ("2021.12", date(2021, 12, 1)),
    ],
)
def test_parse_date_text_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_parse_date_values() -> None:
    assert parse_date(None) is None
    assert parse_date("") is None
    assert parse_date("  ") is None
    assert parse_date(date(1975, 3, 5)) == date(1975, 3, 5)
    assert parse_date(datetime(1975, 3, 5, 8, 30)) == date(1975, 3, 5)
    # Excel serials count days from 1899-12-30: 1975-03-01 is 27454 days later.
    assert (date(1975, 3, 1) - date(1899, 12, 30)).days == 27454
    assert parse_date(27454) == date(1975, 3, 1)
    assert parse_date(27454.0) == date(1975, 3, 1)
    assert parse_date(27454.75) == date(1975, 3, 1)
    assert parse_date(45658) == date(2025, 1, 1)


def test_parse_date_numbers_typed_as_dates() -> None:
    assert parse_date(197503) == date(1975, 3, 1)
    assert parse_date(19750305) == date(1975, 3, 5)
    assert parse_date(1975.03) == date(1975, 3, 1)
    assert parse_date(1975.3) == date(1975, 3, 1)
    assert parse_date(1975.12) == date(1975, 12, 1)


@pytest.mark.parametrize(
    "value",
    [
        "1975.13",
        "1975.02.30",
        "1975年13月",
        "1899.12",
        "2101.01",
        "197513",
        "abc",
        "1975",
        "75.03",
        1975,
        1975.1,
        0,
        -3,
        True,
    ],
)
def test_bad_dates_name_the_value(value: object) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(value)
    shown = value if isinstance(value, str) else str(value)
    assert str(caught.value).startswith(f"无法识别的日期“{shown}”")
    assert caught.value.value == shown


def test_bad_date_message() -> None:
    with pytest.raises(DateParseError, match="^无法识别的日期“1975.13”$"):
        parse_date("1975.13")


def test_format_month() -> None:
    assert format_month(date(1975, 3, 5)) == "1975.03"
    assert format_month(date(2021, 12, 1)) == "2021.12"
    assert format_month(None) == ""


@given(dates)
def test_chinese_dates_round_trip(d: date) -> None:
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d


@given(dates)
def test_iso_dates_round_trip(d: date) -> None:
    assert parse_date(d.isoformat()) == d


@given(dates)
def test_format_month_parses_back_to_first_of_month(d: date) -> None:
    assert parse_date(format_month(d)) == d.replace(day=1)
