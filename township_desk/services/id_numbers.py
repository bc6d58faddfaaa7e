"""Chinese resident ID numbers (GB 11643): normalise, validate, upgrade 15-digit numbers, read birth date and sex."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date

from township_desk.services import clock
from township_desk.services.normalize import to_halfwidth

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_MIN_BIRTH = date(1900, 1, 1)
_IGNORED = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]?\d+")
_EXCEL_MESSAGE = (
    "身份证号已被Excel改写为科学计数法（如 1.10101E+17），末几位数字已丢失，请把该列设为文本后重新填写"
)


class IdNumberError(ValueError):
    """An unusable ID number; str() is a Chinese message for the user."""


@dataclass(frozen=True)
class IdInfo:
    """A valid 18-character ID number and what it says about its holder."""

    number: str
    birth_date: date
    sex: str  # "男" or "女"


def normalize_id_number(value: object) -> str:
    """The ID number as text: half-width, no whitespace, upper-case X; "" for None.

    Raises IdNumberError for values Excel has already rounded (floats, scientific notation).
    """
    if value is None:
        return ""
    if isinstance(value, float):
        raise IdNumberError(_EXCEL_MESSAGE)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise IdNumberError("身份证号只能由数字和末位X组成")
    text = _IGNORED.sub("", to_halfwidth(str(value))).lstrip("'`").replace("x", "X")
    if _SCIENTIFIC.fullmatch(text):
        raise IdNumberError(_EXCEL_MESSAGE)
    return text


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise IdNumberError("计算校验位需要17位数字")
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def upgrade_legacy(id15: str) -> str:
    """A 15-digit ID number (issued before 1999) as its 18-character form."""
    if len(id15) != 15 or not (id15.isascii() and id15.isdigit()):
        raise IdNumberError("旧身份证号应为15位数字")
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + check_digit(first17)


def _birth_date(number: str, today: date) -> date:
    digits = number[6:14]
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期 {digits} 无效") from None
    if born > today:
        raise IdNumberError(f"身份证号中的出生日期 {digits} 无效（晚于今天）")
    if born < _MIN_BIRTH:
        raise IdNumberError(f"身份证号中的出生日期 {digits} 无效（早于1900年）")
    return born


def parse_id_number(value: object, *, today: date | None = None) -> IdInfo:
    """Validate an ID number (18 characters, or 15 digits upgraded) and read birth date and sex."""
    number = normalize_id_number(value)
    if not number:
        raise IdNumberError("身份证号为空")
    if len(number) not in (15, 18):
        raise IdNumberError(f"身份证号应为18位（旧号码15位），现为{len(number)}位")
    body = number if len(number) == 15 else number[:17]
    if not (body.isascii() and body.isdigit()) or not (len(number) == 15 or number[17] in "0123456789X"):
        raise IdNumberError("身份证号只能由数字和末位X组成")
    if len(number) == 15:
        number = upgrade_legacy(number)
    born = _birth_date(number, today or clock.today())
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"身份证号校验位错误：末位应为 {expected}，而不是 {number[17]}")
    return IdInfo(number=number, birth_date=born, sex="男" if int(number[16]) % 2 else "女")


@dataclass(frozen=True)
class TypingFeedback:
    """What a form says beside an ID number while it is typed."""

    message: str  # "" for an empty field
    error: bool  # a wrong number (red), not one still being typed
    info: IdInfo | None  # the number's holder when it is valid


def _read(info: IdInfo) -> TypingFeedback:
    born = info.birth_date
    return TypingFeedback(f"✓ {info.sex}，{born.year}年{born.month}月{born.day}日出生", False, info)


def _typing_18(number: str, today: date) -> bool:
    """15 digits that read as the start of an 18-character number (born 19xx/20xx): not an old number, which
    would mean a holder born in 1919 or 1920 (its 7th–8th digits are then the year)."""
    if number[6:8] not in ("19", "20"):
        return False
    try:
        _birth_date(number, today)
    except IdNumberError:
        return False
    return True


def typing_feedback(value: object, *, today: date | None = None) -> TypingFeedback:
    """Check an ID number as it is typed: a short number is counted, a wrong one named at once
    (check digit, impossible birth date, letters), a valid one read (sex and birth date)."""
    try:
        number = normalize_id_number(value)
    except IdNumberError as exc:
        return TypingFeedback(str(exc), True, None)
    if not number:
        return TypingFeedback("", False, None)
    body = number[:17]
    if not (body.isascii() and body.isdigit()) or (len(number) == 18 and number[17] not in "0123456789X"):
        return TypingFeedback("身份证号只能由数字和末位X组成", True, None)
    if len(number) > 18:
        return TypingFeedback(f"身份证号应为18位，现为{len(number)}位", True, None)
    today = today or clock.today()
    if len(number) == 15 and not _typing_18(number, today):  # an old number (issued before 1999)
        try:
            return _read(parse_id_number(number, today=today))
        except IdNumberError:
            pass
    if len(number) >= 14:  # the birth date is complete: an impossible one is said at once
        try:
            _birth_date(number, today)
        except IdNumberError as exc:
            return TypingFeedback(str(exc), True, None)
    if len(number) == 18:
        try:
            return _read(parse_id_number(number, today=today))
        except IdNumberError as exc:
            return TypingFeedback(str(exc), True, None)
    return TypingFeedback(f"已输入{len(number)}位，身份证号共18位", False, None)


def make_id_number(region: str, birth: date, sequence: int, male: bool) -> str:
    """A valid ID number for demo data: region (6 digits), birth date, sequence 0–99, sex."""
    if len(region) != 6 or not (region.isascii() and region.isdigit()):
        raise IdNumberError("地区码应为6位数字")
    if not 0 <= sequence <= 99:
        raise IdNumberError("顺序号应在0到99之间")
    sex_digit = (sequence % 5) * 2 + (1 if male else 0)
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:02d}{sex_digit}"
    return first17 + check_digit(first17)
