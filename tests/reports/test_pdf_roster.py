"""The cadre roster (花名册) as a long table PDF, checked by reading the PDF back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pdf_helpers import LONG_POST, fake_cadres, page_texts, squash
from pypdf import PdfReader

from township_desk.reports.table import TableRenderer, render_table
from township_desk.reports.templates import Column, Template, TemplateError, load_template

CONTEXT = {"township": "城关镇", "unit": "中共城关镇委员会", "date": dt.date(2024, 3, 5)}
HEADER = ["序号", "姓名", "性别", "民族", "出生年月", "年龄", "村（社区）", "现任职务", "学历", "政治面貌",
          "任职时间", "联系电话", "身份证号", "备注"]  # fmt: skip


@pytest.fixture(scope="module")
def roster_rows() -> list[dict[str, object]]:
    return fake_cadres(300)


@pytest.fixture(scope="module")
def roster_pdf(tmp_path_factory: pytest.TempPathFactory, roster_rows: list[dict[str, object]]) -> Path:
    out = tmp_path_factory.mktemp("roster") / "花名册.pdf"
    assert render_table("roster", roster_rows, out, CONTEXT) == out
    return out


def test_roster_has_many_landscape_pages(roster_pdf: Path) -> None:
    reader = PdfReader(roster_pdf)
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)


def test_every_page_repeats_the_header_and_numbers_itself(roster_pdf: Path) -> None:
    texts = page_texts(roster_pdf)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        flat = squash(text)
        for label in HEADER:
            assert label in flat, (number, label)
        assert f"第{number}页共{total}页" in flat


def test_title_and_subtitle_only_on_first_page(roster_pdf: Path) -> None:
    first, second = (squash(t) for t in page_texts(roster_pdf)[:2])
    assert "城关镇村（社区）“两委”干部花名册" in first  # full-width brackets in print
    assert "单位：中共城关镇委员会" in first and "打印日期：2024年3月5日" in first
    assert "干部花名册" not in second


def test_every_name_and_post_comes_back(roster_pdf: Path, roster_rows: list[dict[str, object]]) -> None:
    flat = squash("".join(page_texts(roster_pdf)))
    for row in roster_rows:
        assert squash(str(row["name"])) in flat
        assert str(row["id_number"]) in flat
    assert "欧阳·买买提3" in flat
    assert flat.count(LONG_POST) >= 300 // 6
    assert "1960.01" in flat  # birth month printed as YYYY.MM


def test_font_is_embedded(roster_pdf: Path) -> None:
    reader = PdfReader(roster_pdf)
    for page in reader.pages:
        resources: Any = page["/Resources"]
        font_refs = resources["/Font"]
        assert font_refs
        for ref in font_refs.values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert "WenQuanYi" in font["/BaseFont"] or "Bousung" in font["/BaseFont"]
    names = {
        str(ref.get_object()["/BaseFont"])
        for page in reader.pages
        for ref in page["/Resources"]["/Font"].values()
    }
    assert any("Bousung" in name for name in names), names  # the serif body (AR PL SungtiL GB)
    assert any("WenQuanYi" in name for name in names), names  # the 黑体 title and header


def test_extra_columns_are_added_and_squeezed_to_fit(tmp_path: Path) -> None:
    roster = load_template("roster")
    months = [Column(f"m{m}", f"{m}月", 12, format="box") for m in range(1, 13)]
    rows = [dict(row, m1=True, m5=True) for row in fake_cadres(5)]
    renderer = TableRenderer(roster, rows, CONTEXT, months)
    total = renderer.number_width_mm + sum(c.width_mm for c in renderer.columns)
    assert total == pytest.approx(roster.page.printable_width_mm)
    out = render_table(roster, rows, tmp_path / "ledger.pdf", CONTEXT, extra_columns=months)
    flat = squash(page_texts(out)[0])
    assert "12月" in flat and "□" in flat and "■" in flat


def test_bool_values_print_a_check_mark(tmp_path: Path) -> None:
    roster = load_template("roster")
    rows = [dict(fake_cadres(1)[0], trained=True)]
    out = render_table(
        roster, rows, tmp_path / "t.pdf", CONTEXT, extra_columns=[Column("trained", "已培训", 12)]
    )
    assert "✓" in page_texts(out)[0]


def test_hostile_text_is_escaped_and_cleaned(tmp_path: Path) -> None:
    row = dict(fake_cadres(1)[0], post="<b>书记</b> & 主任\x00\x07" + "很长的职务名称" * 6, remark="<para>")
    out = render_table("roster", [row], tmp_path / "x.pdf", CONTEXT)
    flat = squash(page_texts(out)[0])
    assert "<b>书记</b>&主任很长的职务名称" in flat
    assert "<para>" in flat


def test_no_rows_prints_an_empty_table(tmp_path: Path) -> None:
    out = render_table("roster", [], tmp_path / "empty.pdf", CONTEXT)
    flat = squash(page_texts(out)[0])
    assert "（无记录）" in flat and "身份证号" in flat and "第1页共1页" in flat


def test_progress_runs_to_the_end(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    render_table(
        "roster", fake_cadres(600), tmp_path / "p.pdf", CONTEXT, progress=lambda d, t: calls.append((d, t))
    )
    assert len(calls) > 3
    assert calls[-1] == (1200, 1200)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)


def test_cancelling_leaves_no_file(tmp_path: Path) -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    out = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        render_table("roster", fake_cadres(600), out, CONTEXT, progress=cancel)
    assert list(tmp_path.iterdir()) == []


def test_form_template_cannot_print_as_table(tmp_path: Path, talk_template: Template) -> None:
    with pytest.raises(TemplateError, match="表单模板"):
        render_table(talk_template, [], tmp_path / "x.pdf", CONTEXT)


@pytest.mark.slow
def test_five_thousand_rows_print_every_row(tmp_path: Path) -> None:
    # How fast is bench/'s business (roster PDF against LibreOffice), not a timed unit test's.
    rows = fake_cadres(5000)
    out = render_table("roster", rows, tmp_path / "big.pdf", CONTEXT)
    reader = PdfReader(out)
    assert len(reader.pages) > 100
    last = squash(reader.pages[-1].extract_text() or "")
    assert str(rows[-1]["name"]) in last and f"第{len(reader.pages)}页共{len(reader.pages)}页" in last


def test_a_cell_longer_than_a_page_is_clipped_not_fatal(tmp_path: Path) -> None:
    rows = fake_cadres(3)
    rows[1]["remark"] = "情况说明" * 3000
    rows[2]["remark"] = "第一行\n" * 500
    out = render_table("roster", rows, tmp_path / "clip.pdf", CONTEXT)
    flat = squash("".join(page_texts(out)))
    assert "情况说明情况说明" in flat and "…" in flat
    assert str(rows[2]["name"]) in flat
