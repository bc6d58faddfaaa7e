"""Bordered one-record forms (谈话记录表, 成长计划): a grid of label and value cells.

Long text in a box of fixed height (a row with height_mm) first shrinks, down to the
template's min_font; if it still does not fit, the box is filled at the normal size and
the rest continues in "（续）" rows right below it, which may move to the next page. Rows
without a fixed height grow with their text (and continue the same way past a page).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table

from township_desk.reports.canvas import StartPageGroup
from township_desk.reports.fonts import font_of
from township_desk.reports.linebreak import safe_cut
from township_desk.reports.renderer import LEADING, BaseRenderer, who_of
from township_desk.reports.templates import Cell, FormRow, Template, load_template
from township_desk.reports.text import format_value

PADDING = 3.0  # points on every side of a form cell
CONTINUED = "（续）"
SHRINK_STEP = 0.5  # points
_UNBOUNDED = 1e9

MakeParagraph = Callable[[str, bool], Paragraph]


@dataclass
class _Placed:
    """A laid-out cell: its grid column, span and one paragraph per (continuation) row."""

    cell: Cell
    column: int
    parts: list[Paragraph | str]


class FormRenderer(BaseRenderer):
    """One or more filled (or blank) copies of a form template, each on new pages."""

    def __init__(
        self,
        template: Template,
        records: Sequence[Mapping[str, object] | None],
        context: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(template, context)
        if template.form is None:
            raise template.error("这是表格模板，不能按表单打印")
        self.spec = template.form
        self.records = records
        self.widths = [w * mm for w in self.spec.columns_mm]
        cells = [cell for row in self.spec.rows for cell in row.cells if cell.key]
        self.check_keys([(cell.key, cell.label.replace("\n", "")) for cell in cells], records)

    def _get_story(self) -> list[Flowable]:
        """Each record: title, grid and signatures, starting a new page and page count."""
        story: list[Flowable] = []
        for index, values in enumerate(self.records):
            if index:
                story.append(PageBreak())
            story.append(StartPageGroup(index))
            self.who = who_of(values)
            story += self._title_story()
            story.append(self._grid(values))
            story += self._signature_story()
        return story

    # -- text of one cell ---------------------------------------------------------------------

    def _style(self, cell: Cell, size: float) -> ParagraphStyle:
        """The paragraph style of a cell at a font size."""
        prefix = "cell" if cell.is_value else "label"
        base = self.styles[f"{prefix}-{cell.align}"]
        if size == base.fontSize:
            return base
        return ParagraphStyle(f"{base.name}@{size:g}", parent=base, fontSize=size, leading=size * LEADING)

    def _maker(self, cell: Cell, size: float) -> MakeParagraph:
        """Builds the cell's paragraph for a piece of its value text (label only on the first)."""
        style = self._style(cell, size)
        label = self.markup(cell.label)

        def make(text: str, first: bool) -> Paragraph:
            parts = []
            if cell.label and first:
                parts.append(f"<b>{label}</b>")
            elif cell.label:
                parts.append(f"<b>{label}{CONTINUED}</b>")
            if text:
                parts.append(self.markup(text))
            return Paragraph("<br/>".join(parts), style)

        return make

    def _value_text(self, cell: Cell, values: Mapping[str, object] | None) -> str:
        """The printable value of a cell ("" on a blank form)."""
        if values is None or not cell.key:
            return ""
        return format_value(
            values.get(cell.key), cell.format, check_mark=self.check_mark, checked_box=self.checked_box
        )

    # -- fitting -----------------------------------------------------------------------------

    def _inner(self, cell: Cell, column: int) -> float:
        """Text width inside a cell spanning from `column`."""
        return sum(self.widths[column : column + cell.span]) - 2 * PADDING

    @staticmethod
    def _height(make: MakeParagraph, text: str, first: bool, width: float) -> float:
        """Height of a paragraph built from text."""
        _w, h = make(text, first).wrap(width, _UNBOUNDED)
        return float(h)

    def _chars_within(self, text: str, size: float, width: float, height: float) -> int:
        """An upper bound on how many leading characters of text can fit width × height.

        Each line holds at most `width` of text plus one hanging punctuation mark, so a
        prefix whose total advance exceeds lines × (width + one em) cannot fit. Cheap
        (no line breaking), it keeps long texts from being wrapped whole again and again.
        """
        lines = int(height / (size * LEADING)) + 1
        budget = lines * (width + size)
        advance = pdfmetrics.stringWidth
        used = 0.0
        for index, char in enumerate(text):
            used += advance(char, font_of(self.font, char), size)
            if used > budget:
                return index + 1
        return len(text)

    def _prefix_that_fits(
        self, make: MakeParagraph, text: str, first: bool, width: float, height: float
    ) -> int:
        """Length of the longest prefix of text that fits the height (at least one character)."""
        size = float(make("", first).style.fontSize)
        low, high = 1, self._chars_within(text, size, width, height)
        while low < high:
            middle = (low + high + 1) // 2
            if self._height(make, text[:middle], first, width) <= height:
                low = middle
            else:
                high = middle - 1
        return low

    def _fits(self, make: MakeParagraph, size: float, text: str, width: float, height: float) -> bool:
        """True when the whole text fits the height at this size."""
        if self._chars_within(text, size, width, height) < len(text):
            return False
        return self._height(make, text, True, width) <= height

    def _fit(self, cell: Cell, column: int, text: str, box: float | None) -> list[Paragraph | str]:
        """The cell's paragraphs: one if it fits (maybe shrunk), more for continuation rows."""
        if not text and not cell.label:
            return [""]
        width = self._inner(cell, column)
        body = self.template.fonts.body
        page_limit = self.frame_height - 2 * PADDING - 2 * mm
        limit = min(box - 2 * PADDING, page_limit) if box else page_limit
        make = self._maker(cell, body)
        if self._fits(make, body, text, width, limit):
            return [make(text, True)]
        if box and cell.is_value:
            size = body - SHRINK_STEP
            while size >= self.spec.min_font - 1e-6:
                smaller = self._maker(cell, size)
                if self._fits(smaller, size, text, width, limit):
                    return [smaller(text, True)]
                size -= SHRINK_STEP
        parts: list[Paragraph | str] = []
        first = True
        while text:
            cut = safe_cut(
                text, self._prefix_that_fits(make, text, first, width, limit if first else page_limit)
            )
            parts.append(make(text[:cut], first))
            text = text[cut:].lstrip("\n")
            first = False
        return parts

    # -- the grid ----------------------------------------------------------------------------

    def _place(self, row: FormRow, values: Mapping[str, object] | None) -> list[_Placed]:
        """Lay out each cell of a row; value cells may need continuation rows."""
        box = row.height_mm * mm if row.height_mm else None
        placed: list[_Placed] = []
        column = 0
        for cell in row.cells:
            if cell.is_value:
                parts = self._fit(cell, column, self._value_text(cell, values), box)
            else:
                parts = [self.paragraph(cell.label, f"label-{cell.align}")]
            placed.append(_Placed(cell, column, parts))
            column += cell.span
        return placed

    def _grid(self, values: Mapping[str, object] | None) -> Table:
        """The bordered grid of one record as a Table (splits between rows across pages)."""
        ncols = len(self.widths)
        data: list[list[Any]] = []
        heights: list[float] = []
        style: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
            ("FONT", (0, 0), (-1, -1), self.font, self.template.fonts.body),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
        ]
        minimum = self.spec.row_height_mm * mm
        for row in self.spec.rows:
            placed = self._place(row, values)
            count = max(len(p.parts) for p in placed)
            for part in range(count):
                r = len(data)
                line: list[Any] = [""] * ncols
                for p in placed:
                    if part < len(p.parts):
                        line[p.column] = p.parts[part]
                    elif not p.cell.is_value:
                        line[p.column] = self.paragraph(p.cell.label + CONTINUED, f"label-{p.cell.align}")
                    last = p.column + p.cell.span - 1
                    if last > p.column:
                        style.append(("SPAN", (p.column, r), (last, r)))
                    valign = p.cell.valign.upper()
                    style.append(("VALIGN", (p.column, r), (last, r), valign))
                data.append(line)
                # A box keeps its height even when empty; its text was fitted to that height.
                heights.append(row.height_mm * mm if row.height_mm and part == 0 else minimum)
        return Table(
            data,
            colWidths=self.widths,
            minRowHeights=heights,
            style=style,
            hAlign="CENTER",
        )


def _load(template: Template | str) -> Template:
    """A Template object from itself or its name."""
    return load_template(template) if isinstance(template, str) else template


def render_form(
    template: Template | str,
    values: Mapping[str, object] | None,
    out: Path,
    context: Mapping[str, object] | None = None,
) -> Path:
    """Print one form; values=None prints a blank form to fill by hand. Returns out."""
    return FormRenderer(_load(template), [values], context).render(out)


def render_forms(
    template: Template | str,
    many_values: Sequence[Mapping[str, object]],
    out: Path,
    context: Mapping[str, object] | None = None,
) -> Path:
    """Print several filled forms into one PDF, each starting a new page. Returns out."""
    if not many_values:
        raise ValueError("没有要打印的记录")
    return FormRenderer(_load(template), list(many_values), context).render(out)
