"""Chinese line breaking on every printed form: scanned line by line in the real PDFs.

Each forms/*.toml template is printed with long made-up data full of punctuation, names
lists joined by 、 and rare characters; every line of every cell (pdf_helpers.text_lines)
is checked: no line starts with closing punctuation or ends with opening punctuation, no
name is cut in two, no single character is left alone on a paragraph's last line.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from pdf_helpers import text_lines
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from township_desk.paths import forms_dir
from township_desk.reports import load_template, register_cjk_font, render_form, render_table
from township_desk.reports.linebreak import break_lines
from township_desk.reports.templates import Template

CLOSING = "，。、；：！？）》」』】”’…—"
OPENING = "（《「『【“‘"
NAMES = ["赵福飞", "王䶮", "杨𬌗锋", "欧阳·买买提", "李建国", "张秀英", "司马春花", "刘德明"]
PHRASES = [
    "村党组织书记",
    "党员大会",
    "“三会一课”",
    "《中国共产党章程》",
    "（试行）",
    "认真学习……",
    "主题党日——",
    "走访困难群众",
    "中共预备党员",
    "入党积极分子",
    "发展对象",
    "乡村振兴",
    "“两委”班子",
    "【重点】",
    "组织生活会",
    "「说明」",
]
MARKS = "，。、；：！？"
TINY_VALUES = ["男", "女", "是", "汉族", "在岗"]
SHORT_VALUES = [
    "中共预备党员",
    "汉族",
    "大学本科",
    "村委会委员",
    "（兼）",
    "党员",
    "是",
    "已整改。",
    "第一书记",
]
CONTEXT = {
    "township": "城关镇",
    "county": "平安县",
    "unit": "中共城关镇委员会",
    "date": dt.date(2026, 3, 5),
    "year": "2026",
    "village": "红星村",
    "branch": "红星村党支部",
}


def _prose(rnd: random.Random, length: int) -> str:
    """Made-up text of about `length` characters, dense in punctuation, names and brackets."""
    parts: list[str] = []
    while sum(map(len, parts)) < length:
        roll = rnd.random()
        if roll < 0.25:
            # A list of names is set off by punctuation, as in 出席人员：赵福飞、王䶮。
            parts.append("：" if parts and "".join(parts)[-1] not in MARKS else "")
            parts.append("、".join(rnd.sample(NAMES, rnd.randint(2, 5))))
            parts.append(rnd.choice(MARKS))
            continue
        elif roll < 0.7:
            parts.append(rnd.choice(PHRASES))
        else:
            parts.append(
                "".join(rnd.choice("党建工作村民小组会议研究决定落实") for _ in range(rnd.randint(1, 7)))
            )
        parts.append(rnd.choice(MARKS) if rnd.random() < 0.6 else "")
    return "".join(parts).rstrip(MARKS) + "。"


def _value(rnd: random.Random, key: str, fmt: str, length: int) -> object:
    """A value for one field: names for name fields, dates and ticks by format, prose otherwise."""
    if fmt in ("check", "box"):
        return rnd.random() < 0.5
    if fmt in ("date", "month", "cn_date"):
        return dt.date(1960 + rnd.randint(0, 60), rnd.randint(1, 12), rnd.randint(1, 28))
    if key in ("name", "head", "mentee", "talkee", "talker", "mentor"):
        return rnd.choice(NAMES)
    return _prose(rnd, length)


def _templates() -> list[Path]:
    return sorted(forms_dir().glob("*.toml"))


def _check(lines: list[str], wholes: set[str]) -> None:
    """The line rules on extracted lines; `wholes` are complete texts (values, labels) that
    may legitimately be one character alone."""
    starts = [line for line in lines if line[0] in CLOSING]
    ends = [line for line in lines if line[-1] in OPENING]
    assert not starts, f"lines starting with closing punctuation: {starts[:5]}"
    assert not ends, f"lines ending with opening punctuation: {ends[:5]}"
    for index, line in enumerate(lines):
        pieces = line.replace("。", "、").replace("，", "、").split("、")
        for name in NAMES:
            # A name cut at a line end: the line ends with a proper prefix of it…
            head = pieces[-1]
            if head and head != name and name.startswith(head) and index + 1 < len(lines):
                following = lines[index + 1]
                assert not following.startswith(name[len(head) :]), f"name cut: {line!r} / {following!r}"
    # Every made-up text ends with "。", so a paragraph's last line is one ending in "。" or,
    # for short words, one without any punctuation.
    orphans = [
        line
        for line in lines
        if (line[-1] == "。" or line[-1] not in CLOSING)
        and sum(1 for c in line if "\u3400" <= c <= "\u9fff" or ord(c) >= 0x20000) == 1
        and not any(c.isascii() and c.isalnum() for c in line)
        and line.strip(CLOSING + OPENING + " ") not in wholes
        and line[0] not in OPENING  # a bracketed note such as （续） or （天） is a unit of its own
        and line not in wholes
    ]
    assert not orphans, f"single characters alone on a line: {orphans[:5]}"


def _wholes(template: Template, values: list[dict[str, object]]) -> set[str]:
    """Labels and values that are whole texts of their own."""
    wholes = {str(v) for record in values for v in record.values()}
    if template.table is not None:
        wholes |= {c.label for c in template.table.columns}
        # A label in a column too narrow for two characters stands one character a line (竖排).
        size = template.fonts.header
        narrow = [c.label for c in template.table.columns if c.width_mm * mm - 4 < 2 * size]
        if template.table.number_rows and template.table.number_width_mm * mm - 4 < 2 * size:
            narrow.append(template.table.number_label)
        wholes |= {char for label in narrow for char in label}
    if template.form is not None:
        wholes |= {cell.label for row in template.form.rows for cell in row.cells}
        wholes |= {
            line
            for cell in (c for r in template.form.rows for c in r.cells)
            for line in cell.label.split("\n")
        }
    return wholes | {"是", "□", "■", "☑", "✓"}


@pytest.mark.parametrize("source", _templates(), ids=lambda p: p.stem)
def test_every_form_keeps_the_line_rules(source: Path, tmp_path: Path) -> None:
    template = load_template(source)
    rnd = random.Random(source.stem)
    out = tmp_path / f"{source.stem}.pdf"
    if template.table is not None:
        columns = template.table.columns
        # Prose in columns wide enough for it (six characters or more a line); in narrower
        # columns what they hold in life: a short word such as 中共预备党员 or 汉族.
        rows = [
            {
                c.key: _value(rnd, c.key, c.format, rnd.choice([6, 15, 40]))
                if c.width_mm >= 25 or c.format != "text"
                else rnd.choice(SHORT_VALUES if c.width_mm >= 14 else TINY_VALUES)
                for c in columns
            }
            for _ in range(25)
        ]
        render_table(template, rows, out, CONTEXT)
    else:
        assert template.form is not None
        cells = [c for row in template.form.rows for c in row.cells if c.key]
        rows = [{c.key: _value(rnd, c.key, c.format, rnd.choice([10, 60, 400])) for c in cells}]
        render_form(template, rows[0], out, CONTEXT)
    lines = text_lines(out)
    assert len(lines) > 10
    _check(lines, _wholes(template, rows))


def _paragraph_lines(text: str, width: float) -> list[str]:
    """The lines a CJK Paragraph of the bundled font makes of text at 10 pt in `width` points."""
    style = ParagraphStyle("t", fontName=register_cjk_font(), fontSize=10, leading=12, wordWrap="CJK")
    para = Paragraph(text, style)
    para.wrap(width, 10_000)
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        return ["".join(words) for _extra, words in lines]
    return ["".join(frag.text for frag in line.words) for line in lines]


def test_the_issue_examples_break_properly() -> None:
    # 谈话内容（续）: the opening bracket does not end a line.
    assert _paragraph_lines("谈话内容（续）", 50.5) == ["谈话内容", "（续）"]
    # 中共预备党员 in a five-character cell: no 员 alone.
    lines = _paragraph_lines("中共预备党员", 50.5)
    assert len(lines[-1]) >= 2, lines
    # Names in an 出席人员 list stay whole.
    text = "出席人员：" + "、".join(["赵福飞", "王建国", "李秀英", "欧阳·买买提", "司马春花"] * 3)
    for width in range(40, 200, 7):
        for line in _paragraph_lines(text, width + 0.5):
            for piece in line.strip("、：").split("、")[1:-1]:
                assert len(piece) >= 2, (width, line)
    # "……" and "——" are never split, and do not start a line.
    for width in range(30, 120, 5):
        lines = _paragraph_lines("会议认真学习了文件精神……大家一致认为——必须抓好落实。" * 2, width + 0.5)
        assert not any(line.startswith(("…", "—")) for line in lines), lines


def test_a_word_longer_than_the_line_is_still_cut() -> None:
    chars = list("中华人民共和国")
    lines = break_lines(chars, [10.0] * len(chars), [30.0])
    assert all(b - a <= 3 for a, b, _ in lines)
    assert "".join("".join(chars[a:b]) for a, b, _ in lines) == "中华人民共和国"
