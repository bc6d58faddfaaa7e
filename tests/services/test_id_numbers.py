"""Tests for resident ID number parsing and validation."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from township_desk.services.id_numbers import (
    IdInfo,
    IdNumberError,
    check_digit,
    make_id_number,
    normalize_id_number,
    parse_id_number,
    upgrade_legacy,
)

EXCEL_MESSAGE = (
    "身份证号已被Excel改写为科学计数法（如 1.10101E+17），末几位数字已丢失，请把该列设为文本后重新填写"
)

regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))


def message(value: object) -> str:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(value, today=date(2025, 6, 1))
    return str(caught.value)


def test_known_valid_numbers() -> None:
    assert parse_id_number("11010519491231002X") == IdInfo("11010519491231002X", date(1949, 12, 31), "女")
    assert parse_id_number("430725197503051238") == IdInfo("430725197503051238", date(1975, 3, 5), "男")
    assert parse_id_number("110101198001010010").sex == "男"
    assert parse_id_number("440304199912310816").birth_date == date(1999, 12, 31)


def test_check_digit() -> None:
    assert check_digit("11010519491231002") == "X"
    assert check_digit("43072519750305123") == "8"
    with pytest.raises(IdNumberError):
        check_digit("1234")


def test_wrong_check_digit_names_expected_and_actual() -> None:
    assert message("430725197503051235") == "身份证号校验位错误：末位应为 8，而不是 5"
    assert message("110105194912310021") == "身份证号校验位错误：末位应为 X，而不是 1"


def test_lower_case_x_spaces_and_full_width_digits() -> None:
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"
    assert parse_id_number(" 110105 19491231 002X\t").number == "11010519491231002X"
    assert parse_id_number("１１０１０５１９４９１２３１００２ｘ").number == "11010519491231002X"
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"
    assert parse_id_number(430725197503051238).number == "430725197503051238"


def test_legacy_15_digit_numbers() -> None:
    assert upgrade_legacy("110105491231002") == "11010519491231002X"
    info = parse_id_number("430725750305123")
    assert info == IdInfo("430725197503051238", date(1975, 3, 5), "男")
    with pytest.raises(IdNumberError):
        upgrade_legacy("11010549123100X")


@pytest.mark.parametrize(
    "value", [1.10101e17, 430725197503051238.0, "1.10101E+17", "4.30725E+17", "1.10101e17"]
)
def test_excel_scientific_notation_refused(value: object) -> None:
    with pytest.raises(IdNumberError) as caught:
        normalize_id_number(value)
    assert str(caught.value) == EXCEL_MESSAGE
    assert message(value) == EXCEL_MESSAGE


def test_error_messages() -> None:
    assert message(None) == "身份证号为空"
    assert message("  ") == "身份证号为空"
    assert message("4307251975030512") == "身份证号应为18位（旧号码15位），现为16位"
    assert message("43072519750305123A") == "身份证号只能由数字和末位X组成"
    assert message("4307251975X3051238") == "身份证号只能由数字和末位X组成"
    assert message("43072575030512X") == "身份证号只能由数字和末位X组成"
    assert message("430725197513321234") == "身份证号中的出生日期 19751332 无效"
    assert message("430725190002291234") == "身份证号中的出生日期 19000229 无效"
    assert message(make_id_number("430725", date(2030, 1, 1), 1, True)).startswith(
        "身份证号中的出生日期 20300101 无效"
    )
    assert message("430725189912311234").startswith("身份证号中的出生日期 18991231 无效")


def test_normalize_keeps_what_it_cannot_judge() -> None:
    assert normalize_id_number(None) == ""
    assert normalize_id_number("'430725197503051238") == "430725197503051238"


@given(regions, births, st.integers(0, 99), st.booleans())
def test_make_then_parse_round_trips(region: str, birth: date, sequence: int, male: bool) -> None:
    number = make_id_number(region, birth, sequence, male)
    info = parse_id_number(number, today=date(2025, 12, 31))
    assert info.number == number
    assert info.birth_date == birth
    assert info.sex == ("男" if male else "女")
    assert number[:6] == region
    assert number[14:16] == f"{sequence:02d}"


@given(regions, births, st.integers(0, 99), st.booleans(), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_refused(
    region: str, birth: date, sequence: int, male: bool, position: int, delta: int
) -> None:
    number = make_id_number(region, birth, sequence, male)
    changed_digit = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(changed, today=date(2025, 12, 31))
    assert str(caught.value).startswith(("身份证号校验位错误", "身份证号中的出生日期"))


@given(regions, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), st.integers(0, 999))
def test_upgraded_legacy_numbers_parse(region: str, birth: date, sequence: int) -> None:
    legacy = f"{region}{birth:%y%m%d}{sequence:03d}"
    upgraded = upgrade_legacy(legacy)
    info = parse_id_number(upgraded)
    assert info.birth_date == birth
    assert info.sex == ("男" if sequence % 2 else "女")
    assert parse_id_number(legacy) == info


def test_typing_feedback_counts_a_short_number_and_names_a_wrong_one_at_once():
    from township_desk.services.id_numbers import typing_feedback

    today = date(2024, 6, 1)
    number = make_id_number("430725", date(1975, 3, 8), 3, male=False)
    assert typing_feedback("", today=today) == typing_feedback(None, today=today)
    assert typing_feedback("", today=today).message == ""
    short = typing_feedback(number[:10], today=today)
    assert not short.error and short.info is None and "已输入10位" in short.message
    good = typing_feedback(number, today=today)
    assert not good.error and good.info is not None and good.info.sex == "女"
    assert "1975年3月8日" in good.message
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    bad = typing_feedback(wrong, today=today)
    assert bad.error and bad.info is None and "校验位错误" in bad.message
    month13 = typing_feedback("43072519751308", today=today)  # said before the last four digits
    assert month13.error and "出生日期 19751308 无效" in month13.message
    future = typing_feedback("43072520300101", today=today)
    assert future.error and "晚于今天" in future.message
    assert typing_feedback(number + "1", today=today).error
    assert typing_feedback("4307a5", today=today).error
    assert typing_feedback("1.10101E+17", today=today).error


def test_fifteen_digits_of_a_number_born_after_2000_are_not_read_as_an_old_number():
    """430725 200103 08… is also a valid old number (born 1920-01-03): while typed it stays a count, so the
    form does not rewrite it to 18 characters under the clerk's fingers."""
    from township_desk.services.id_numbers import typing_feedback
    from township_desk.services.people import derive_person

    today = date(2024, 6, 1)
    number = make_id_number("430725", date(2001, 3, 8), 3, male=True)
    assert parse_id_number(number[:15], today=today).birth_date == date(1920, 1, 3)  # the trap
    typed = typing_feedback(number[:15], today=today)
    assert typed.info is None and not typed.error and "已输入15位" in typed.message
    assert "id_number" not in derive_person({"id_number": number[:15]})
    old = "430725750308123"  # a real old number: upgraded, read
    assert typing_feedback(old, today=today).info == parse_id_number(old, today=today)
