"""One-record forms (谈话记录表): filled, blank, very long text, many in one PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pdf_helpers import page_texts, squash
from pypdf import PdfReader
from reportlab.lib.units import mm

from township_desk.reports.form import FormRenderer, render_form, render_forms
from township_desk.reports.templates import Template, TemplateError

CONTEXT = {"unit": "中共城关镇委员会", "year": 2024}
LABELS = [
    "谈话人",
    "谈话对象",
    "谈话时间",
    "谈话地点",
    "谈话类型",
    "谈话内容",
    "组织意见：",
    "谈话人（签字）",
]


def talk(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "talker": "李德明",
        "talker_post": "镇党委书记",
        "talkee": "欧阳·买买提",
        "talkee_post": "党组织书记、村委会主任、村务监督委员会主任",
        "talk_date": dt.date(2024, 3, 5),
        "place": "镇党委会议室",
        "kind": "任职谈话",
        "content": "肯定成绩，指出不足，提出要求。该同志表示虚心接受，认真整改。",
        "talkee_opinion": "诚恳接受组织意见。",
        "org_opinion": "同意备案。",
    }
    values.update(changes)
    return values


def test_filled_form_contains_labels_and_values(tmp_path: Path, talk_template: Template) -> None:
    out = render_form(talk_template, talk(), tmp_path / "talk.pdf", CONTEXT)
    texts = page_texts(out)
    assert len(texts) == 1
    flat = squash(texts[0])
    for label in LABELS:
        assert label in flat
    for value in talk().values():
        expected = "2024年3月5日" if isinstance(value, dt.date) else str(value)
        assert squash(expected) in flat
    assert "谈话记录表" in flat and "单位：中共城关镇委员会" in flat and "2024年" in flat
    assert "第1页共1页" in flat


def test_blank_form_has_labels_but_no_values(tmp_path: Path, talk_template: Template) -> None:
    out = render_form(talk_template, None, tmp_path / "blank.pdf", CONTEXT)
    texts = page_texts(out)
    assert len(texts) == 1
    flat = squash(texts[0])
    for label in LABELS:
        assert label in flat
    for value in ("李德明", "欧阳·买买提", "镇党委会议室", "任职谈话", "同意备案"):
        assert value not in flat


def test_blank_form_keeps_box_heights(talk_template: Template) -> None:
    renderer = FormRenderer(talk_template, [None], CONTEXT)
    table = renderer.table(renderer._pieces(None))
    table.wrap(170 * mm, 1000 * mm)
    heights = [round(h / mm) for h in table._rowHeights]
    assert heights == [11, 11, 11, 11, 90, 30, 25]


def test_longer_text_shrinks_to_stay_in_its_box(tmp_path: Path, talk_template: Template) -> None:
    content = "加强理论学习，严守政治纪律和政治规矩，廉洁自律。" * 30  # too long at 11 pt, fits at 9.5 pt
    renderer = FormRenderer(talk_template, [talk(content=content)], CONTEXT)
    piece = renderer._pieces(talk(content=content))[4]
    # One step down the form's scale (body 11 → small 9.5), never the template's min_font of 9.
    assert piece.cells[1].size == renderer.small == 9.5
    out = renderer.render(tmp_path / "shrunk.pdf")
    assert len(PdfReader(out).pages) == 1
    assert squash(content) in squash(page_texts(out)[0])


def test_very_long_text_continues_on_next_pages(tmp_path: Path, talk_template: Template) -> None:
    content = "\n".join(
        f"{i}．加强理论学习，严守政治纪律和政治规矩，廉洁自律，密切联系群众。" * 3 for i in range(300)
    )
    out = render_form(talk_template, talk(content=content), tmp_path / "long.pdf", CONTEXT)
    texts = page_texts(out)
    total = len(texts)
    assert total > 2
    # Later pages start with the title, "（续）" and the person; drop those to read the text.
    header = "谈话记录表（续）谈话对象：欧阳·买买提职务：党组织书记、村委会主任、村务监督委员会主任"
    assert all(squash(text).startswith(header) for text in texts[1:])
    flat = re.sub(r"第\d+页共\d+页", "", squash("".join(texts)))
    assert squash(content) in flat.replace(header, "").replace("谈话内容（续）", "")
    assert "内容（续）" in flat
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页共{total}页" in squash(text)
    assert "同意备案" in squash(texts[-1])  # the rows after the box still follow


def test_hostile_values_are_escaped(tmp_path: Path, talk_template: Template) -> None:
    out = render_form(
        talk_template, talk(place="<font size=90>会议室</font> & 院\x1b"), tmp_path / "x.pdf", CONTEXT
    )
    assert "<fontsize=90>会议室</font>&院" in squash(page_texts(out)[0])


def test_many_forms_each_start_a_page_and_count_their_own_pages(
    tmp_path: Path, talk_template: Template
) -> None:
    people = ["张建国", "李秀英", "王志强"]
    out = render_forms(talk_template, [talk(talkee=p) for p in people], tmp_path / "all.pdf", CONTEXT)
    texts = page_texts(out)
    assert len(texts) == 3
    for person, text in zip(people, texts, strict=True):
        flat = squash(text)
        assert person in flat and "谈话记录表" in flat and "第1页共1页" in flat
        assert all(other not in flat for other in people if other != person)


def test_forms_with_a_long_one_number_pages_per_form(tmp_path: Path, talk_template: Template) -> None:
    long_talk = talk(talkee="王志强", content="严守纪律。" * 2000)
    out = render_forms(
        talk_template, [talk(talkee="张建国"), long_talk, talk(talkee="李秀英")], tmp_path / "m.pdf"
    )
    flats = [squash(t) for t in page_texts(out)]
    assert "第1页共1页" in flats[0] and "第1页共1页" in flats[-1]
    middle = flats[1:-1]
    assert len(middle) > 1
    assert all(f"共{len(middle)}页" in f for f in middle)


def test_no_forms_is_an_error(tmp_path: Path, talk_template: Template) -> None:
    with pytest.raises(ValueError, match="没有要打印的记录"):
        render_forms(talk_template, [], tmp_path / "none.pdf", CONTEXT)


def test_table_template_cannot_print_as_form(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="表格模板"):
        render_form("roster", None, tmp_path / "x.pdf", CONTEXT)
