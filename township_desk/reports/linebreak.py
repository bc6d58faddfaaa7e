"""Chinese line breaking, in one place, for every printed form.

Rules (GB/T 15834 usage and the customs of official paper):

- no line starts with closing punctuation (，。、；：！？）》」』】”’…— …): a single closing mark at
  the end of a full line hangs past the edge (悬挂标点); two or more ("。”", "……") move to
  the next line together with the character before them;
- no line ends with opening punctuation (（《「『【“‘): it moves to the next line;
- short words are never split: a run of two to four Chinese characters between punctuation or
  spaces (a person's name in an 出席人员 list joined by 、, a label such as 谈话内容), a name with a
  middle dot (欧阳·买买提), and a run of Latin letters and digits (dates, ID numbers);
- no paragraph ends with one character alone on its last line ("中共预备党 / 员"): a character
  or word more comes down with it.

When a line has no allowed break (a word longer than the line), the rules about words give way
first, then the punctuation rules, and the text is cut between characters.

break_lines() is the single implementation. The fast table wrapper (reports/wrap.py) calls it,
and patch_line_breaking() makes reportlab's CJK Paragraph wrapping (textsplit.dumbSplit for a
paragraph of one font, paragraph.cjkFragSplit for mixed fonts and line breaks) call it too, so
the table cells, form boxes, titles and signature lines all break alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from unicodedata import category

from reportlab.lib import textsplit
from reportlab.platypus import paragraph
from reportlab.rl_config import _FUZZ

#: Punctuation that must stay at the end of the previous line (避头点).
CHINESE_CANNOT_START = "，。、；：！？）》」』】”’…—〕〉］｝％‰℃"

#: Punctuation that must not end a line (避尾点): it goes down with what it opens.
CANNOT_END = "（《「『【“‘〔〈［｛([{"

#: A forced line break in the character list given to break_lines.
FORCED = "\n"

#: Characters that join their neighbours into one word (names such as 欧阳·买买提).
JOINERS = "·•・"

#: Longest run of Chinese characters kept whole as a "short word" (names are two to four).
SHORT_WORD = 4
#: Longest name with a middle dot kept whole.
DOTTED_NAME = 12

_closing: frozenset[str] = frozenset(CHINESE_CANNOT_START)


def _is_han(char: str) -> bool:
    """A CJK ideograph (URO, Extensions A–H, compatibility ideographs) or 〇."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x323AF
        or 0xF900 <= code <= 0xFAFF
        or code == 0x3007
    )


def _is_word_ascii(char: str) -> bool:
    """A character of a Latin word or number: ASCII letters, digits and the marks inside them."""
    return char.isascii() and (char.isalnum() or char in "-./:_@%+#&'")


def closing_set() -> frozenset[str]:
    """Characters that may not begin a line: reportlab's and the Chinese closing marks."""
    return _closing


def _words(chars: Sequence[str]) -> list[int]:
    """Word id per character: characters sharing an id > 0 must stay on one line."""
    ids = [0] * len(chars)
    n = len(chars)
    i = 0
    next_id = 1
    while i < n:
        c = chars[i]
        if _is_han(c) or c in JOINERS:
            j = i
            han = 0
            dotted = False
            while j < n and (_is_han(chars[j]) or chars[j] in JOINERS):
                if chars[j] in JOINERS:
                    dotted = True
                else:
                    han += 1
                j += 1
            if (2 <= han <= SHORT_WORD) or (dotted and j - i <= DOTTED_NAME):
                for k in range(i, j):
                    ids[k] = next_id
                next_id += 1
            i = j
        elif _is_word_ascii(c):
            j = i
            while j < n and _is_word_ascii(chars[j]):
                j += 1
            if j - i > 1:
                for k in range(i, j):
                    ids[k] = next_id
                next_id += 1
            i = j
        else:
            i += 1
    return ids


class _Rules:
    """Where a line may break in one text: before character j when allowed(j)."""

    def __init__(self, chars: Sequence[str], closing: frozenset[str]) -> None:
        self.chars = chars
        self.closing = closing
        self._words: list[int] | None = None

    def punctuation_ok(self, j: int) -> bool:
        """Breaking before chars[j] keeps the punctuation rules."""
        chars = self.chars
        before, after = chars[j - 1], chars[j]
        if before == FORCED:
            return True
        if after in self.closing or after in JOINERS or before in JOINERS or before in CANNOT_END:
            return False
        # A space ends the line it follows rather than starting the next one.
        return not (after != FORCED and category(after) == "Zs")

    def allowed(self, j: int) -> bool:
        """Breaking before chars[j] keeps every rule (punctuation and words)."""
        if not self.punctuation_ok(j):
            return False
        if self._words is None:
            self._words = _words(self.chars)
        word = self._words[j]
        return word == 0 or word != self._words[j - 1]

    def content(self, start: int, stop: int) -> int:
        """How many characters of chars[start:stop] are not punctuation, space or a break."""
        return sum(
            1
            for c in self.chars[start:stop]
            if c != FORCED and c not in self.closing and c not in CANNOT_END and category(c)[0] not in "PZ"
        )


def _choose(rules: _Rules, start: int, overflow: int, count: int) -> int:
    """Where the line starting at `start` ends, chars[overflow] being the first that does not fit."""
    chars = rules.chars
    c = chars[overflow]
    hangs = c in rules.closing or (c != FORCED and category(c) == "Zs")
    if hangs and (overflow + 1 >= count or rules.punctuation_ok(overflow + 1)):
        return overflow + 1  # a single closing mark (or a space) hangs past the edge
    for test in (rules.allowed, rules.punctuation_ok):
        for j in range(overflow, start, -1):
            if test(j):
                return j
    if hangs:
        # No place to break (a very narrow cell): all the closing marks hang rather than start a line.
        stop = overflow + 1
        while stop < count and chars[stop] in rules.closing:
            stop += 1
        return stop
    return overflow


def _fix_orphans(
    rules: _Rules, lines: list[list[int]], widths: Sequence[float], max_widths: Sequence[float]
) -> None:
    """Bring a character or word down to a line that would hold only one character.

    Mostly a paragraph's last line ("中共预备党 / 员"), but also a line squeezed between an
    unbreakable word and the one before it ("主题党 / 日—— / 认真学习……").
    """
    chars = rules.chars
    for k in range(1, len(lines)):
        start, stop, _forced = lines[k]
        prev_start, prev_stop, prev_forced = lines[k - 1]
        if prev_forced or rules.content(start, stop) != 1:
            continue
        limit = max_widths[min(k, len(max_widths) - 1)]
        tail = stop
        while tail > start and (chars[tail - 1] in rules.closing or chars[tail - 1] == FORCED):
            tail -= 1
        # Where every rule allows a break (better one character alone than a word cut), or,
        # when the word is cut already (it is longer than the line), where the punctuation allows.
        test = rules.allowed if rules.allowed(prev_stop) else rules.punctuation_ok
        moved = next(
            (
                j
                for j in range(prev_stop - 1, max(prev_start, prev_stop - SHORT_WORD - 3), -1)
                if test(j) and rules.content(prev_start, j) > 0 and sum(widths[j:tail]) <= limit + _FUZZ
            ),
            None,
        )
        if moved is not None:
            lines[k - 1][1] = moved
            lines[k][0] = moved


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    closing: frozenset[str] | None = None,
) -> list[tuple[int, int, bool]]:
    """Break a text into lines: (start, stop, forced) per line, as indexes into chars.

    chars are single characters, FORCED ("\\n") for a line break (which belongs to the line it
    ends); widths their advances; max_widths the width of each line (the last repeats).
    A line holds at most max_width, plus one hanging closing mark.
    """
    rules = _Rules(chars, closing or _closing)
    count = len(chars)
    lines: list[list[int]] = []
    start = i = 0
    used = 0.0
    max_width = max_widths[0]
    while i < count:
        c = chars[i]
        used += widths[i]
        i += 1
        if c == FORCED:
            lines.append([start, i, 1])
        elif used > max_width + _FUZZ and used > 0:
            stop = i if i - 1 == start else _choose(rules, start, i - 1, count)
            if stop < count and chars[stop] == FORCED:
                # A full line (its last mark hanging) right before a line break: the break ends
                # this line instead of making an empty one.
                lines.append([start, stop + 1, 1])
                stop += 1
            else:
                lines.append([start, stop, 0])
            i = stop
        else:
            continue
        start = i
        used = 0.0
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
    if start < count:
        lines.append([start, count, 0])
    _fix_orphans(rules, lines, widths, max_widths)
    return [(a, b, bool(f)) for a, b, f in lines]


def safe_cut(text: str, cut: int) -> int:
    """The last place at or before `cut` where text may be split into two paragraphs by the
    rules above (a box continued in a "（续）" row); `cut` itself when there is none."""
    if cut <= 0 or cut >= len(text):
        return cut
    rules = _Rules(text, _closing)
    for test in (rules.allowed, rules.punctuation_ok):
        for j in range(cut, 0, -1):
            if test(j):
                return j
    return cut


# -- reportlab --------------------------------------------------------------------------------


def _dumb_split(
    word: str, widths: Sequence[float], max_widths: float | Sequence[float]
) -> list[list[object]]:
    """textsplit.dumbSplit by break_lines: [[extra space, line text], ...]."""
    limits: list[float] = [max_widths] if isinstance(max_widths, int | float) else list(max_widths)
    result: list[list[object]] = []
    lines = break_lines(word, widths, limits)
    for index, (start, stop, _forced) in enumerate(lines):
        limit = limits[min(index, len(limits) - 1)]
        text = word[start:stop]
        result.append([limit - sum(widths[start:stop]), text if index == len(lines) - 1 else text.strip()])
    return result


def _cjk_frag_split(frags: list, maxWidths: list, calcBounds: bool, encoding: str = "utf8") -> object:  # noqa: N803
    """paragraph.cjkFragSplit by break_lines (the same line objects, other break points)."""
    units: list[Any] = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            units.append(paragraph.cjkU(text, frag, encoding))
    chars = [FORCED if hasattr(u.frag, "lineBreak") else (str(u) or "\x00") for u in units]
    widths = []
    for u in units:
        width = u.width
        if hasattr(width, "normalizedValue"):
            width._normalizer = maxWidths[0]
            width = width.normalizedValue(maxWidths[0])
        widths.append(width)
    lines = []
    for index, (start, stop, forced) in enumerate(break_lines(chars, widths, maxWidths)):
        limit = maxWidths[min(index, len(maxWidths) - 1)]
        used = sum(widths[start:stop])
        lines.append(
            paragraph.makeCJKParaLine(units[start:stop], limit, used, limit - used, forced, calcBounds)
        )
    return paragraph.ParaLines(kind=1, lines=lines)


def patch_line_breaking() -> None:
    """Make reportlab break CJK paragraphs by break_lines (idempotent).

    Also adds the Chinese closing punctuation to reportlab's ALL_CANNOT_START (kept in
    reportlab.lib.textsplit and, imported by name, in reportlab.platypus.paragraph).
    """
    global _closing
    for module in (textsplit, paragraph):
        current: str = module.ALL_CANNOT_START
        missing = "".join(c for c in CHINESE_CANNOT_START if c not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing
    _closing = frozenset(textsplit.ALL_CANNOT_START)
    textsplit.dumbSplit = _dumb_split
    paragraph.cjkFragSplit = _cjk_frag_split
