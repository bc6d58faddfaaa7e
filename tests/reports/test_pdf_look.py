"""The official look of the printed forms, read back from the real PDFs.

Long forms continue on pages that repeat the title with （续） and the person (or meeting);
the signature lines only on the last page; page 1 filled by the long text; a serif body face
and a 黑体 heading face embedded; one type scale per form; tick boxes drawn 4.5 mm; the seal
box 40 mm high with the date at its bottom right; full-width brackets in titles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pdf_helpers import page_texts, squash
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from township_desk.reports import load_template, register_cjk_font, render_form
from township_desk.reports.form import FormRenderer
from township_desk.reports.linebreak import break_lines
from township_desk.reports.text import cjk_punctuation

MM = 72 / 25.4
PROSE = "认真学习贯彻党的二十大精神，对照检查自身在工作作风、群众纪律等方面存在的问题，“马上就办”，立行立改。"
CONTEXT = {"township": "岗湖镇", "unit": "中共岗湖镇委员会", "village": "岗湖村", "branch": "岗湖村党支部"}

#: form → (values with one long text, the long key, what the continuation header names)
LONG: dict[str, tuple[dict[str, object], str, str]] = {
    "talk_record": (
        {
            "name": "王䶮",
            "person_post": "村委会委员",
            "talkers": "李书记",
            "reason": "群众反映",
            "response": "接受。",
        },
        "content",
        "谈话对象：王䶮",
    ),
    "household_card": (
        {"head": "杨𬌗锋", "id_number": "110105196001010011", "village": "岗湖村三组", "matters": "修路。"},
        "item_2",
        "户主姓名：杨𬌗锋",
    ),
    "cadre_file": ({"name": "赵福飞", "sex": "男", "talks": "2025年 提醒谈话。"}, "resume", "姓名：赵福飞"),
    "growth_plan": (
        {"mentee": "欧阳·买买提", "sex": "男", "goals": "熟悉村务。"},
        "measures",
        "帮带对象：欧阳·买买提",
    ),
    "meeting_record": (
        {"kind": "支部党员大会", "held_on": "2026-03-01", "branch": "岗湖村党支部", "decisions": "通过。"},
        "record",
        "会议类型：支部党员大会",
    ),
    "party_day_record": (
        {"branch": "岗湖村党支部", "held_on": "2026-03-27", "theme": "学习"},
        "summary",
        "党支部：岗湖村党支部",
    ),
}


def _long_values(name: str, paragraphs: int = 40) -> dict[str, object]:
    values, key, _who = LONG[name]
    text = "\n".join(f"{i + 1}．{PROSE}{PROSE}" for i in range(paragraphs))
    return {**values, key: text}


def _signature_marker(name: str) -> str:
    """A text of the form's last signature line that appears nowhere else."""
    line = load_template(name).signatures[0]
    return squash(line.split("：")[0])


def _runs(path: Path, page: int) -> list[tuple[str, float, float]]:
    """(text, font size, y in mm) of every text run drawn on a page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text.strip():
            scale = abs(tm[3] * cm[3]) or 1.0
            found.append((text.strip(), round(size * scale, 2), (cm[5] + tm[5] * cm[3]) / MM))

    PdfReader(path).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("name", sorted(LONG))
def test_long_forms_continue_with_title_person_and_signature_last(name: str, tmp_path: Path) -> None:
    values = _long_values(name)
    out = render_form(name, values, tmp_path / f"{name}.pdf", CONTEXT)
    texts = [squash(t) for t in page_texts(out)]
    assert len(texts) >= 2
    # A form with a signature at the foot of every page (the talk record) has it on each page;
    # the rest of the checks read the pages without it.
    per_page = squash(cjk_punctuation(load_template(name).page_signature))
    if per_page:
        assert all(per_page in text for text in texts)
        texts = [text.replace(per_page, "") for text in texts]
    title = squash(cjk_punctuation(load_template(name).title))
    who = squash(LONG[name][2])
    assert texts[0].startswith(title) and "（续）" not in texts[0][: len(title) + 3]
    for text in texts[1:]:
        # The repeated title, "（续）" and the person (or meeting) head every later page.
        assert text.startswith(f"{title}（续）"), text[:40]
        assert who in text[: len(title) + 3 + len(who) + 40]
    signature = _signature_marker(name)
    assert signature in texts[-1]
    assert all(signature not in text for text in texts[:-1])
    # The signature lines never stand alone on a page: the form's last row comes with them.
    template = load_template(name)
    assert template.form is not None
    last_label = squash(cjk_punctuation(template.form.rows[-1].cells[0].label))
    assert last_label in texts[-1] and texts[-1].index(last_label) < texts[-1].index(signature)
    # Page 1 holds the start of the long text: its box begins there instead of jumping to page 2.
    key = LONG[name][1]
    assert squash(str(values[key]))[:30] in texts[0]
    # Nothing is lost: every paragraph comes back, in order.
    flat = "".join(texts)
    positions = [flat.find(f"{i + 1}．认真学习") for i in range(40)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


@pytest.mark.parametrize("name", sorted(LONG))
def test_page_one_is_filled_to_the_bottom(name: str, tmp_path: Path) -> None:
    out = render_form(name, _long_values(name), tmp_path / f"{name}.pdf", CONTEXT)
    template = load_template(name)
    bottom = template.page.margins_mm.bottom
    lowest = min(y for text, _size, y in _runs(out, 0) if not re.fullmatch(r"第\d+页\s*共\d+页", text))
    # The last line of text on page 1 is within 15 mm of the printable area's bottom.
    assert lowest < bottom + 15, (name, lowest)


@pytest.mark.parametrize("name", sorted(LONG))
def test_one_type_scale_per_form(name: str, tmp_path: Path) -> None:
    template = load_template(name)
    renderer = FormRenderer(template, [None], CONTEXT)
    fonts = template.fonts
    assert renderer.body - renderer.small <= 1.5
    allowed = {fonts.title, fonts.subtitle, fonts.signature, fonts.footer, renderer.body, renderer.small}
    # A text a little too long for its box: one step down, never an arbitrary size.
    values = _long_values(name, paragraphs=3)
    out = render_form(template, values, tmp_path / f"{name}.pdf", CONTEXT)
    for page in range(len(PdfReader(out).pages)):
        sizes = {size for _text, size, _y in _runs(out, page)}
        assert sizes <= allowed, (name, sorted(sizes - allowed))
        assert min(sizes) >= min(renderer.small, fonts.footer)


def test_household_card_boxes_never_mix_7_pt_with_10_pt(tmp_path: Path) -> None:
    values = {"head": "杨某", **{f"item_{n}": "走访了解情况，协调解决困难。" * 12 for n in (1, 2, 4, 8, 16)}}
    out = render_form("household_card", values, tmp_path / "card.pdf", CONTEXT)
    body = load_template("household_card").fonts.body
    for page in range(len(PdfReader(out).pages)):
        cell_sizes = {size for _t, size, y in _runs(out, page) if 20 < y < 260}
        assert min(cell_sizes) >= body - 1.5, sorted(cell_sizes)


def test_serif_body_and_heading_faces_are_embedded(tmp_path: Path) -> None:
    out = render_form("talk_record", _long_values("talk_record"), tmp_path / "talk.pdf", CONTEXT)
    names = set()
    for page in PdfReader(out).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded TrueType
            names.add(str(font["/BaseFont"]))
    assert any("Bousung" in n for n in names), names  # AR PL SungtiL GB: the 宋体-style body
    assert any("WenQuanYi" in n for n in names), names  # the 黑体-style title
    title = [(t, s) for t, s, _y in _runs(out, 0) if t == "谈话记录表"]
    assert title and title[0][1] == load_template("talk_record").fonts.title


def _rects(path: Path, page: int = 0) -> list[tuple[float, float]]:
    """Width and height in mm of every rectangle drawn with `re` on a page."""
    reader = PdfReader(path)
    found = []
    for operands, operator in ContentStream(reader.pages[page].get_contents(), reader).operations:
        if operator == b"re":
            found.append((float(operands[2]) / MM, float(operands[3]) / MM))
    return found


def test_the_talk_type_is_ticked_in_drawn_4_mm_boxes(tmp_path: Path) -> None:
    boxes = "□谈心谈话      ■提醒谈话      □诫勉谈话      □函询"
    out = render_form("talk_record", {"name": "王某", "kind_boxes": boxes}, tmp_path / "t.pdf", CONTEXT)
    squares = [(w, h) for w, h in _rects(out) if 4 <= w <= 6 and abs(w - h) < 0.01]
    assert len(squares) == 4
    text = squash(page_texts(out)[0])
    assert "■提醒谈话" in text and "□谈心谈话" in text  # still reads as written


def test_seal_box_is_40_mm_with_the_date_bottom_right(tmp_path: Path) -> None:
    out = render_form("household_card", None, tmp_path / "card.pdf", CONTEXT)
    assert len(PdfReader(out).pages) == 1
    runs = _runs(out, 0)
    label_y = next(y for t, _s, y in runs if t.startswith("村党组织"))
    date_y = next(y for t, _s, y in runs if squash(t) == "年月日")
    seal_y = next(y for t, _s, y in runs if "盖章" in t)
    template = load_template("household_card")
    assert template.form is not None
    row = template.form.rows[-1]
    assert row.height_mm is not None and row.height_mm >= 44
    assert "盖章" in row.cells[1].label and row.cells[1].valign == "bottom"
    assert seal_y > date_y and label_y - date_y >= 15  # the date at the bottom, room above it


def test_titles_and_labels_print_full_width_brackets(tmp_path: Path) -> None:
    out = render_form("growth_plan", {"mentee": "王某"}, tmp_path / "plan.pdf", CONTEXT)
    text = squash(page_texts(out)[0])
    assert "新任村（社区）干部成长计划" in text and "村(社区)" not in text
    assert cjk_punctuation("村(社区)：{village}") == "村（社区）：{village}"
    assert cjk_punctuation("10:30 (A)") == "10:30 (A)"


def test_no_blank_line_after_a_hanging_mark() -> None:
    text = "一二三四五。\n六七八九十"
    lines = break_lines(list(text), [0.0 if c == "\n" else 10.0 for c in text], [50.0])
    assert [text[a:b] for a, b, _f in lines] == ["一二三四五。\n", "六七八九十"]
    style = ParagraphStyle("t", fontName=register_cjk_font(), fontSize=10, leading=12, wordWrap="CJK")
    para = Paragraph("一二三四五。<br/>六七八九十", style)
    _w, height = para.wrap(50.5, 1000)
    assert height == 24  # two lines, no empty one between


def test_a_blank_date_stays_on_one_line_in_the_serif_face(tmp_path: Path) -> None:
    from pdf_helpers import text_lines

    from township_desk.services.talks.records import BLANK_WHEN

    out = render_form("talk_record", {"when": BLANK_WHEN}, tmp_path / "blank.pdf", CONTEXT)
    # 宋体's spaces are half an em: the runs of spaces shrink so 年 月 日 时 分 share a line.
    assert any(squash(line) == "年月日时分" for line in text_lines(out))
