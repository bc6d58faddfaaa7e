"""Pinyin and pinyin initials of people's names, with surname readings pypinyin gets wrong."""

from __future__ import annotations

import functools
import re

from township_desk.services.normalize import to_halfwidth

# Surname readings, applied only at the start of a name. Single-character entries are those
# pypinyin 0.55 reads wrongly on their own or at the start of a name (checked one by one);
# compound surnames are listed so that they are never split.
SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou",),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge",),
    "缪": ("miao",),
    "覃": ("qin",),
    "乐": ("yue",),
    "翟": ("zhai",),
    "召": ("shao",),
    "秘": ("bi",),
    "繁": ("po",),
    "员": ("yun",),
    "牟": ("mu",),
    "折": ("she",),
    "黑": ("he",),
    "重": ("chong",),
    "种": ("chong",),
    "洗": ("xian",),
    "都": ("du",),
    "便": ("pian",),
}
_LONGEST_SURNAME = max(len(surname) for surname in SURNAMES)
_HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{_HAN_CLASS}]")
_RUNS = re.compile(f"[{_HAN_CLASS}]+|[^{_HAN_CLASS}]+")


def _split_surname(name: str) -> tuple[list[str], str]:
    for length in range(_LONGEST_SURNAME, 0, -1):
        reading = SURNAMES.get(name[:length])
        if reading is not None:
            return list(reading), name[length:]
    return [], name


def _lazy_pinyin(text: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin  # 0.4 s to load its dictionaries: only when a name is written

    # Style.NORMAL gives plain lower-case ascii (ü as v); characters unknown to pypinyin
    # come back unchanged and are dropped.
    return tuple(t for t in lazy_pinyin(text, style=Style.NORMAL) if t.isascii() and t.isalpha())


@functools.cache
def _character(character: str) -> tuple[str, ...]:
    return _lazy_pinyin(character)


def _holds_phrase(run: str) -> bool:
    """Whether any two or more characters of the run make a word pypinyin reads as a whole (长江, 重庆)."""
    from pypinyin.constants import PHRASES_DICT

    length = len(run)
    return any(run[i:j] in PHRASES_DICT for i in range(length - 1) for j in range(i + 2, length + 1))


@functools.lru_cache(maxsize=65536)
def _han_run(run: str) -> tuple[str, ...]:
    """The pinyin of a run of Chinese characters (given names repeat a lot: cached).

    pypinyin reads a run without a word of its phrase dictionary character by character, so such a run (most
    names) is read from the characters' cached readings, ten times faster than asking pypinyin each time; a
    test compares the two on thousands of names."""
    if _holds_phrase(run):
        return _lazy_pinyin(run)
    return tuple(token for character in run for token in _character(character))


@functools.lru_cache(maxsize=65536)
def _syllables(name: str) -> tuple[str, ...]:
    """One entry per Chinese character (its pinyin) and per kept latin letter or digit."""
    tokens, rest = _split_surname(name)
    for run in _RUNS.findall(rest):
        if _HAN.match(run):
            tokens.extend(_han_run(run))
        else:
            tokens.extend(ch.lower() for ch in to_halfwidth(run) if ch.isascii() and ch.isalnum())
    return tuple(tokens)


def name_initials(name: str) -> str:
    """Pinyin initials for searching: 张建国 → "zjg"; latin letters and digits kept lower-cased."""
    return "".join(token[0] for token in _syllables(name.strip()))


def name_pinyin(name: str) -> str:
    """Full toneless pinyin: 张建国 → "zhangjianguo"."""
    return "".join(_syllables(name.strip()))
