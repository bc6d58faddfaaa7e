"""The table renderer lays out and draws rows as a reportlab platypus Table would.

The oracle is a Table built the way the renderer used to build it (plain strings for texts
that fit one line, CJK Paragraphs for the rest): line breaks, row heights, page breaks and,
where pdftoppm is installed, the rasterised pages must come out the same.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from pdf_helpers import LONG_POST, fake_cadres, page_texts, squash
from PIL import Image, ImageChops
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Table

from township_desk.reports.fonts import font_has_glyph, register_cjk_font
from township_desk.reports.renderer import HANG, LEADING
from township_desk.reports.table import CELL_PADDING, CELL_PADDING_V, TableRenderer
from township_desk.reports.templates import Column, Template, load_template
from township_desk.reports.text import cjk_punctuation, format_value, to_markup
from township_desk.reports.wrap import Measure, cannot_start_set, wrap

CONTEXT = {"township": "城关镇", "unit": "中共城关镇委员会"}
PIECES = [
    *"党组织书记村委会主任监督委员会报账员团支部妇联主席欧阳买提",
    *"，。、；：！？）》」』】”’…—（《“‘·",
    *"abcXYZ0189-./&<>",
    " ",
    "  ",
    "\u3000",
    "\u00a0",
    "\n",
    "\n\n",
    LONG_POST,
]


class PlatypusRenderer(TableRenderer):
    """The oracle: the same table as one reportlab Table."""

    def _table(self) -> Table:  # type: ignore[override]
        spec, size = self.spec, self.template.fonts.body
        font = pdfmetrics.getFont(self.font)
        widths = ([self.number_width_mm * mm] if spec.number_rows else []) + [
            c.width_mm * mm for c in self.columns
        ]
        labels = ([spec.number_label] if spec.number_rows else []) + [c.label for c in self.columns]
        body = []
        for index, row in enumerate(self.rows):
            cells: list[object] = [str(index + 1)] if spec.number_rows else []
            for c in self.columns:
                text = format_value(
                    row.get(c.key), c.format, check_mark=self.check_mark, checked_box=self.checked_box
                )
                fits = "\n" not in text and font.stringWidth(text, size) <= c.width_mm * mm - 2 * CELL_PADDING
                # A plain string is drawn in the body face only; ✓ comes from the heading face.
                fits = fits and font_has_glyph(self.font, text)
                cells.append(text if fits else Paragraph(self.markup(text), self.styles[f"cell-{c.align}"]))
            body.append(cells)
        if not body:
            body = [[self.paragraph("（无记录）", "cell-center")] + [""] * (len(widths) - 1)]
        everything = (0, 0), (-1, -1)
        style = [
            ("GRID", *everything, 0.5, colors.black),
            ("VALIGN", *everything, "MIDDLE"),
            ("FONT", *everything, self.font, size, size * LEADING),
            ("LEFTPADDING", *everything, CELL_PADDING),
            ("RIGHTPADDING", *everything, CELL_PADDING),
            ("TOPPADDING", *everything, CELL_PADDING_V),
            ("BOTTOMPADDING", *everything, CELL_PADDING_V),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ]
        offset = 1 if spec.number_rows else 0
        style += [
            ("ALIGN", (i, 1), (i, -1), c.align.upper()) for i, c in enumerate(self.columns, start=offset)
        ]
        if not self.rows:
            style.append(("SPAN", (0, 1), (-1, 1)))
        return Table(
            [[self.paragraph(cjk_punctuation(label), "header") for label in labels], *body],
            colWidths=widths,
            repeatRows=1,
            style=style,
            minRowHeights=[spec.row_height_mm * mm] * (len(body) + 1),
            hAlign="CENTER",
        )


def awkward_rows(count: int, seed: int = 3) -> list[dict[str, object]]:
    """Roster rows with wrapping, multi-line, spaced, escaped and punctuated texts."""
    rnd = random.Random(seed)
    rows = fake_cadres(count)
    for i, row in enumerate(rows):
        if i % 3 == 0:
            row["remark"] = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(4, 30)))
        if i % 5 == 1:
            row["post"] = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(10, 40)))
        if i % 7 == 2:
            row["village"] = "城关镇红星村第一村民小组（居民点）"
        row["m1"], row["m2"] = i % 2 == 0, "第二季度，已完成。" if i % 4 == 0 else None
    return rows


def extra_columns(box: str = "box") -> list[Column]:
    return [
        Column("m1", "一月", 14, format=box, align="right"),
        Column("m2", "二月\n情况", 20, align="left"),
    ]


@pytest.mark.parametrize("seed", range(3))
def test_wrapping_matches_a_cjk_paragraph(seed: int) -> None:
    font = register_cjk_font()
    rnd = random.Random(seed)
    cannot_start = cannot_start_set()
    for _ in range(400):
        text = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 40)))
        size = rnd.choice([9.0, 10.5])
        width = rnd.uniform(20, 160)
        hang = rnd.choice([0.0, size * HANG])
        style = ParagraphStyle(
            "t", fontName=font, fontSize=size, leading=size * LEADING, wordWrap="CJK", rightIndent=hang
        )
        para = Paragraph(to_markup(text), style)
        para.wrap(width, 1e6)
        lines = para.blPara.lines
        if para.blPara.kind == 0:
            expected = [(words[0], extra) for extra, words in lines]
        else:
            expected = [("".join(w.text for w in line.words), line.extraSpace) for line in lines]
        got = wrap(text, Measure(font, size), width - hang, cannot_start)
        assert [(line.text, line.extra) for line in got.lines] == expected, (text, width)
        assert got.simple == (para.blPara.kind == 0)


def layouts(template: Template, rows: list[dict[str, object]]) -> tuple[list[float], list[float], Table]:
    """Row heights (header first) from the renderer and from the platypus oracle."""
    ours = TableRenderer(template, rows, CONTEXT, extra_columns())
    layout = ours._layout()
    oracle = PlatypusRenderer(template, rows, CONTEXT, extra_columns())._table()
    oracle.wrap(ours.frame_width, ours.frame_height)
    return [layout.header.height, *(r.height for r in layout.rows)], list(oracle._rowHeights), oracle


def test_row_heights_and_page_breaks_match_a_platypus_table() -> None:
    roster = load_template("roster")
    rows = awkward_rows(80)
    ours, theirs, oracle = layouts(roster, rows)
    assert len(ours) == len(theirs)
    assert ours == pytest.approx(theirs, abs=1e-9)
    assert len(set(theirs)) > 3  # some rows really did grow
    layout = TableRenderer(roster, rows, CONTEXT, extra_columns())._layout()
    for available in (60.0, 120.5, 300.0, 480.0):
        split = oracle._getFirstPossibleSplitRowPosition(available)
        assert layout.rows_fitting(0, len(rows), available) == max(0, split - 1)


def render_both(tmp_path: Path, template: Template, rows: list[dict[str, object]]) -> tuple[Path, Path]:
    # Tick boxes ("box") are drawn as 4.5 mm squares, which a Table does not do: compare "check".
    # The serif body face has no ✓ (it prints from the heading face, placed like any fallback
    # character); compare the layout with a mark of the body face.
    mine = TableRenderer(template, rows, CONTEXT, extra_columns("check"))
    other = PlatypusRenderer(template, rows, CONTEXT, extra_columns("check"))
    mine.check_mark = other.check_mark = "是"
    return mine.render(tmp_path / "ours.pdf"), other.render(tmp_path / "theirs.pdf")


@pytest.mark.parametrize("count", [0, 70])
def test_pages_text_and_pixels_match_a_platypus_table(tmp_path: Path, count: int) -> None:
    ours, theirs = render_both(tmp_path, load_template("roster"), awkward_rows(count))
    assert [squash(t) for t in page_texts(ours)] == [squash(t) for t in page_texts(theirs)]
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler) is not installed")
    for name in ("ours", "theirs"):
        subprocess.run(
            ["pdftoppm", "-gray", "-r", "72", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True
        )
    pages = sorted(tmp_path.glob("ours-*.pgm"))
    assert len(pages) == len(PdfReader(ours).pages)
    for page in pages:
        mine = Image.open(page)
        other = Image.open(tmp_path / page.name.replace("ours", "theirs"))
        diff = ImageChops.difference(mine, other).point(lambda v: 255 if v > 96 else 0)
        assert diff.getbbox() is None, page.name  # at most anti-aliasing differences


def test_page_streams_are_compressed_without_ascii85(tmp_path: Path) -> None:
    out = TableRenderer(load_template("roster"), fake_cadres(3), CONTEXT).render(tmp_path / "t.pdf")
    contents = PdfReader(out).pages[0]["/Contents"].get_object()
    assert contents["/Filter"] == ["/FlateDecode"]
