"""Tick boxes large enough to tick with a pen: at least 4 mm, on the 民主测评表 and wherever "□" is printed."""

from __future__ import annotations

import re
from pathlib import Path

from pdf_helpers import page_texts
from pypdf import PdfReader
from pypdf.generic import ContentStream

from township_desk.reports import load_template, render_table
from township_desk.reports.templates import Column

MM = 72 / 25.4
NAMES = ["赵福飞", "王䶮", "李建国", "欧阳·买买提"]


def rectangles(path: Path) -> list[tuple[float, float]]:
    """(width, height) in mm of every rectangle drawn on the first page."""
    reader = PdfReader(path)
    page = reader.pages[0]
    found = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"re":
            found.append((abs(float(operands[2])) / MM, abs(float(operands[3])) / MM))
    return found


def test_the_assessment_sheet_boxes_are_at_least_4_mm(tmp_path: Path) -> None:
    rows = [{"name": name, "village": "红星村", "post": "村委会委员"} for name in NAMES]
    out = render_table(
        "assessment_sheet", rows, tmp_path / "sheet.pdf", {"township": "城关镇", "year": "2026"}
    )
    boxes = [r for r in rectangles(out) if r[0] < 10 and r[1] < 10]
    # Four grades per candidate plus the five boxes of the 参加测评人员身份 line.
    assert len(boxes) == 4 * len(NAMES) + 5
    assert all(w >= 4.0 and h >= 4.0 for w, h in boxes), boxes
    text = page_texts(out)[0]
    assert text.count("□") >= 4 * len(NAMES) + 5  # the text still reads as boxes
    assert "□镇党委委员" in text.replace(" ", "")


def test_ticked_boxes_get_a_tick_and_rows_grow_to_hold_a_box(tmp_path: Path) -> None:
    template = load_template("roster")
    rows = [{"name": name, "tick": index % 2 == 0} for index, name in enumerate(NAMES)]
    out = render_table(
        template, rows, tmp_path / "r.pdf", extra_columns=[Column("tick", "选", 12, format="box")]
    )
    boxes = [r for r in rectangles(out) if r[0] < 10]
    assert len(boxes) == len(NAMES) and all(w >= 4.0 for w, _h in boxes)
    reader = PdfReader(out)
    stream = reader.pages[0].get_contents().get_data().decode("latin-1")
    ticks = re.findall(r"m [\d.]+ [\d.]+ l [\d.]+ [\d.]+ l", stream)  # a tick: two strokes
    assert len(ticks) == 2  # rows 1 and 3 are ticked
