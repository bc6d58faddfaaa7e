"""A table printed from an iterator a page at a time (the county visit ledger): the same pages as the whole
table, every row once and in order, pages numbered 第X页 共Y页, and row numbers inside their column."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from pdf_helpers import page_texts
from pypdf import PdfReader
from pypdf.generic import ContentStream

from township_desk.paths import forms_dir
from township_desk.reports.table import render_table, render_table_stream
from township_desk.reports.templates import load_template

CONTEXT = {
    "township": "漳江镇",
    "unit": "中共漳江镇委员会组织办",
    "date": "2026年11月30日",
    "village": "全部",
    "member": "全部",
    "period": "全部",
}
SITUATIONS = [
    "户主在家务农，未发现返贫致贫风险。",
    "参加屋场会，宣讲惠民政策，收集意见27条，宣传了防返贫监测政策，解答了医保缴费和养老保险的问题，"
    "并登记了两条修路的诉求，转村委会研究办理。",
    "",
]


def visits(count: int) -> list[dict[str, object]]:
    """Rows shaped like the visit ledger's, some of several lines, each head named by its position."""
    return [
        {
            "id": f"{i:032x}",
            "visited_on": dt.date(2025, 1, 1) + dt.timedelta(days=i // 40),
            "village": "金洲村",
            "group": f"{i % 9 + 1}组",
            "head": f"户{i + 1}",
            "head_id_number": "",
            "category": "一般户",
            "visitors": "钟刚军",
            "visitor": "钟刚军",
            "companions": "",
            "other_visitors": "",
            "form": "入户走访",
            "items": "联系、走访",
            "items_full": "",
            "situation": SITUATIONS[i % 3],
            "matters": "修路（已办结）" if i % 7 == 0 else "",
        }
        for i in range(count)
    ]


def test_streamed_table_prints_the_same_pages_as_the_whole_table(tmp_path):
    rows = visits(700)
    whole = render_table("visit_ledger", rows, tmp_path / "whole.pdf", CONTEXT)
    streamed = render_table_stream("visit_ledger", iter(rows), len(rows), tmp_path / "streamed.pdf", CONTEXT)
    expected = page_texts(whole)
    assert len(expected) > 10
    assert page_texts(streamed) == expected


def test_every_row_once_in_order_and_every_page_numbered(tmp_path):
    count = 1200
    progress: list[tuple[int, int]] = []
    out = render_table_stream(
        "visit_ledger",
        (row for row in visits(count)),
        count,
        tmp_path / "ledger.pdf",
        CONTEXT,
        progress=lambda done, total: progress.append((done, total)),
    )
    texts = page_texts(out)
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页 共{len(texts)}页" in text
    joined = "\n".join(texts)
    assert [int(n) for n in re.findall(r"^(\d+) 2025-", joined, re.MULTILINE)] == list(range(1, count + 1))
    heads = [int(n) for n in re.findall(r"户(\d+)", joined)]
    assert heads == list(range(1, count + 1))
    assert "填表人" in texts[-1] and "填表人" not in texts[-2]
    assert progress[-1] == (count, count)
    assert [done for done, _total in progress] == sorted(done for done, _total in progress)  # never back


def test_an_empty_stream_prints_the_empty_table(tmp_path):
    out = render_table_stream("visit_ledger", iter([]), 0, tmp_path / "empty.pdf", CONTEXT)
    assert "（无记录）" in page_texts(out)[0]


def test_row_numbers_stay_inside_the_table_when_they_outgrow_the_number_column(tmp_path):
    # the ledger's 9 mm number column held 5 digits; a county's 318204 ran over the table's left border
    text = (forms_dir() / "visit_ledger.toml").read_text(encoding="utf-8")
    narrow = tmp_path / "visit_ledger.toml"
    narrow.write_text(text.replace("number_width_mm = 9", "number_width_mm = 3"), encoding="utf-8")
    out = render_table(load_template(narrow), visits(150), tmp_path / "narrow.pdf", CONTEXT)
    reader = PdfReader(out)
    for page in reader.pages:
        left_rule = None
        numbers: list[float] = []
        x = 0.0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"m":
                left_rule = float(operands[0]) if left_rule is None else min(left_rule, float(operands[0]))
            elif operator == b"Tm":
                x = float(operands[4])
            elif (
                operator == b"Tj"
                and bytes(
                    operands[0].original_bytes
                    if hasattr(operands[0], "original_bytes")
                    else str(operands[0]).encode()
                ).isdigit()
            ):
                numbers.append(x)
        assert left_rule is not None and numbers
        assert min(numbers) >= left_rule + 1.5  # inside the border, with the cell's padding


def test_the_number_column_keeps_its_template_width_when_numbers_fit(tmp_path):
    from township_desk.reports.table import TableRenderer

    renderer = TableRenderer(load_template("visit_ledger"), visits(3), CONTEXT)
    assert renderer.number_width_mm == 9
    assert [c.width_mm for c in renderer.columns] == [
        c.width_mm for c in load_template("visit_ledger").table.columns
    ]


def test_a_county_ledger_widens_its_number_column_for_six_digits():
    from township_desk.reports.table import StreamedTableRenderer

    rows = visits(1)
    renderer = StreamedTableRenderer(load_template("visit_ledger"), iter(rows), 318_204, CONTEXT)
    assert renderer.number_width_mm > 9
    total = renderer.number_width_mm + sum(c.width_mm for c in renderer.columns)
    assert abs(total - renderer.template.page.printable_width_mm) < 1e-6  # the others narrowed to fit


def test_a_ledger_stopped_half_way_leaves_no_file_and_holds_none_open(tmp_path):
    """Pages are written to the file as they are finished: a cancel must still leave nothing behind, and let
    go of the part-written file (Windows cannot delete a file that is open)."""

    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done > total // 3:
            raise Stop

    out = tmp_path / "ledger.pdf"
    with pytest.raises(Stop):
        render_table_stream("visit_ledger", iter(visits(900)), 900, out, CONTEXT, progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert not [path for path in _open_files() if str(tmp_path) in path]


def _open_files() -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # the listing's own descriptor, closed by now
            continue
    return found


def test_pages_that_wait_for_save_print_the_same(tmp_path, monkeypatch):
    """A page that refers to something defined later cannot be written when it is finished: it waits for save,
    its content in the spill file. Such pages print as the ones written at once."""
    from township_desk.reports.canvas import StreamedNumberedCanvas

    rows = visits(300)
    at_once = render_table_stream("visit_ledger", iter(rows), len(rows), tmp_path / "at-once.pdf", CONTEXT)
    monkeypatch.setattr(StreamedNumberedCanvas, "_write_early", lambda self, page: False)
    waited = render_table_stream("visit_ledger", iter(rows), len(rows), tmp_path / "waited.pdf", CONTEXT)
    assert len(page_texts(waited)) > 5
    assert page_texts(waited) == page_texts(at_once)
