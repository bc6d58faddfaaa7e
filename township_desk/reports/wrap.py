"""Fast line wrapping of table cells, breaking lines exactly as a CJK Paragraph would.

A reportlab Paragraph (wordWrap="CJK") per wrapping table cell is slow to build, wrap and
draw, so the table renderer breaks its lines here, on plain strings, by the same rules:

- the text is cleaned as Paragraph cleans its markup (to_markup, then whitespace runs
  collapse to one space; runs of two or more spaces were turned into no-break spaces);
- a text that is one markup fragment goes through the rule of reportlab's textsplit.dumbSplit
  (inner lines stripped), one with line breaks or escaped & < > through that of cjkFragSplit;
  both choose their breaks by linebreak.break_lines, the Chinese line-breaking rules that
  patch_line_breaking also gives reportlab's Paragraph (closing punctuation never starts a
  line and a single mark hangs past the edge, opening punctuation never ends one, names and
  short words stay whole, no single character alone on a paragraph's last line).

Each line keeps its unused width ("extra space"), from which line_offset places it as
Paragraph does: centred lines move right by half of it, right-aligned lines by all of it.
tests/reports/test_pdf_table_layout.py checks the result against Paragraph itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import unescape

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.paragraph import cleanBlockQuotedText

from township_desk.reports.fonts import font_of, register_cjk_font
from township_desk.reports.linebreak import FORCED, break_lines, closing_set
from township_desk.reports.text import to_markup

NBSP = "\u00a0"
_BREAK_TAG = "<br/>"
_FRAGMENT = re.compile(r"(&\w+;|<br/>)")
_JUSTIFY_EPSILON = 1e-8


class Measure:
    """Advance widths of one font at one size, cached per character.

    Widths are computed as reportlab computes them (0.001 × size × the glyph width), so
    a text measured here fits or overflows exactly where reportlab would say it does.
    """

    def __init__(self, font_name: str, size: float) -> None:
        self.font_name = font_name
        self.size = size
        self.scale = 0.001 * size
        face = pdfmetrics.getFont(font_name).face
        self._glyph_widths: dict[int, float] = face.charWidths
        self._default_width: float = face.defaultWidth
        self._cmap: dict[int, int] = face.charToGlyph
        self._raw: dict[str, float] = {}
        self._char: dict[str, float] = {}
        #: Characters seen that the font lacks (drawn in a fallback font, or by none).
        self.foreign: set[str] = set()

    def raw(self, char: str) -> float:
        """The glyph width of one character in 1/1000 em (a fallback font's for a rare one)."""
        width = self._raw.get(char)
        if width is None:
            code = ord(char)
            if code in self._cmap or char == "\n":
                width = self._glyph_widths.get(code, self._default_width)
            else:
                self.foreign.add(char)
                fallback = font_of(self.font_name, char)
                if fallback == self.font_name:
                    width = self._glyph_widths.get(code, self._default_width)
                else:
                    width = pdfmetrics.getFont(fallback).face.charWidths.get(code, 1000.0)
            self._raw[char] = width
        return width

    def char(self, char: str) -> float:
        """The advance of one character in points."""
        width = self._char.get(char)
        if width is None:
            width = self._char[char] = self.scale * self.raw(char)
        return width

    def text(self, text: str) -> float:
        """The advance of a whole string in points (same sum as pdfmetrics.stringWidth)."""
        raw = self._raw
        try:
            total = sum([raw[c] for c in text])
        except KeyError:
            total = sum([self.raw(c) for c in text])
        return self.scale * total


@dataclass(frozen=True, slots=True)
class Line:
    """One wrapped line: its text, the unused width and whether a line break ended it."""

    text: str
    extra: float
    forced: bool = False


@dataclass(frozen=True, slots=True)
class Wrapped:
    """A wrapped cell text; `simple` when it was one markup fragment (no line breaks and
    no escaped & < >), which Paragraph wraps and places by slightly different rules (for
    one, a justified line ended by a line break is never stretched).
    """

    lines: tuple[Line, ...]
    simple: bool


def wrap(text: str, measure: Measure, max_width: float, cannot_start: frozenset[str]) -> Wrapped:
    """Break text into lines no wider than max_width (closing punctuation may hang)."""
    # The markup a Paragraph would get, cleaned as Paragraph cleans it. Plain markup is one
    # fragment; escaped & < > and line breaks make several, which wrap by the other rule.
    cleaned = cleanBlockQuotedText(to_markup(text))
    if "&" not in cleaned and "<" not in cleaned:
        fragments = [cleaned] if cleaned else []
    else:
        fragments = [f for f in _FRAGMENT.split(cleaned) if f]
    if len(fragments) == 1:
        single = "" if fragments[0] == _BREAK_TAG else unescape(fragments[0])
        return Wrapped(tuple(_knife_split(single, measure, max_width, cannot_start)), True)
    if not fragments:
        return Wrapped((), True)
    segments = [unescape(part) for part in cleaned.split(_BREAK_TAG)]
    return Wrapped(tuple(_frag_split(segments, measure, max_width, cannot_start)), False)


def _knife_split(word: str, measure: Measure, max_width: float, cannot_start: frozenset[str]) -> list[Line]:
    """reportlab.lib.textsplit.dumbSplit for one run of text (no line breaks), as patched by
    linebreak.patch_line_breaking: break_lines chooses the breaks, inner lines are stripped."""
    widths = [measure.char(c) for c in word]
    breaks = break_lines(word, widths, [max_width], cannot_start)
    last = len(breaks) - 1
    return [
        Line(word[a:b] if index == last else word[a:b].strip(), max_width - sum(widths[a:b]))
        for index, (a, b, _forced) in enumerate(breaks)
    ]


def _frag_split(
    segments: list[str], measure: Measure, max_width: float, cannot_start: frozenset[str]
) -> list[Line]:
    """reportlab.platypus.paragraph.cjkFragSplit (as patched) for text with line breaks."""
    chars: list[str] = []
    for index, segment in enumerate(segments):
        if index:
            chars.append(FORCED)
        chars.extend(segment)
    widths = [0.0 if c == FORCED else measure.char(c) for c in chars]
    return [
        Line("".join(chars[a:b]).replace(FORCED, ""), max_width - sum(widths[a:b]), forced)
        for a, b, forced in break_lines(chars, widths, [max_width], cannot_start)
    ]


def line_offset(line: Line, align: str, last: bool, simple: bool) -> tuple[float, float]:
    """(x offset, word spacing) of a wrapped line, as Paragraph draws it.

    align is "left", "center", "right" or "justify". Word spacing is only ever non-zero
    for a line with no-break spaces (runs of spaces in the input) that has to stretch or
    shrink; reportlab applies it through the PDF word-spacing operator.
    """
    extra = line.extra
    spaces = line.text.count(NBSP)
    if align == "justify":
        plain = (
            (-_JUSTIFY_EPSILON < extra <= _JUSTIFY_EPSILON)
            or (last and extra > -_JUSTIFY_EPSILON)
            or (not simple and line.forced)
            or spaces <= 0
        )
        return (0.0, 0.0) if plain else (0.0, extra / spaces)
    if extra > -_JUSTIFY_EPSILON or spaces <= 0:
        if align == "center":
            return 0.5 * extra, 0.0
        if align == "right":
            return extra, 0.0
        return 0.0, 0.0
    return 0.0, extra / spaces


def cannot_start_set() -> frozenset[str]:
    """Characters that may not begin a line: reportlab's and the Chinese closing marks."""
    register_cjk_font()  # patches reportlab's line breaking and the closing set, once
    return closing_set()
