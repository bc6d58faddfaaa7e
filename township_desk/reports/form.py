"""Bordered one-record forms (谈话记录表, 成长计划, 登记表…): a grid of label and value cells.

One type scale per form: every value prints at the form's body size; a text slightly too long
for its box (a row with height_mm) is set one step smaller, at the form's small size (min_font,
never more than SMALL_STEP below the body), so no box looks unlike its neighbours. Longer text
flows: the box starts on the page where it stands, fills what room the page has, and goes on
in a "（续）" row on the next page. Pages after a form's first repeat its title with "（续）"
and the person (or meeting) it is about, from the form's first row; the signature lines stay
together after the grid, on the last page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
)

from township_desk.reports.canvas import StartPageGroup
from township_desk.reports.fonts import font_of
from township_desk.reports.linebreak import FORCED, break_lines
from township_desk.reports.renderer import (
    BOX_MARKS,
    LEADING,
    WHO_KEYS,
    BaseRenderer,
    BoxLine,
    fit_line,
    who_of,
)
from township_desk.reports.templates import Cell, FormRow, Template, load_template
from township_desk.reports.text import cjk_punctuation, format_value

PADDING = 3.0  # points on every side of a form cell
CONTINUED = "（续）"
#: The small size of a form's scale is at most this far below its body size (points).
SMALL_STEP = 1.5
#: A long text starts on the current page only when at least this many lines fit there.
MIN_LINES = 2
_UNBOUNDED = 1e9
#: Canvas attribute holding the continuation header of the form being drawn.
HEADER_ATTR = "_td_form_header"

MakeParagraph = Callable[[str, bool], Paragraph]


@dataclass(frozen=True)
class _Cell:
    """One cell of a row piece: the template cell, its grid column, its text and font size."""

    cell: Cell
    column: int
    text: str = ""
    size: float = 0.0


@dataclass(frozen=True)
class _Piece:
    """A row of the grid, or the part of one on a page: `first` is False on a "（续）" part."""

    row: FormRow
    cells: tuple[_Cell, ...]
    height: float  # minimum height in points
    first: bool = True

    @property
    def flowing(self) -> _Cell | None:
        """The value cell whose text may continue on the next page (the longest one)."""
        values = [c for c in self.cells if c.cell.is_value and c.text]
        return max(values, key=lambda c: len(c.text)) if values else None


class _SetHeader(Flowable):  # type: ignore[misc]
    """Zero-size marker: the pages after this form's first repeat these header lines."""

    def __init__(self, lines: tuple[str, str]) -> None:
        super().__init__()
        self.lines = lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Takes no room."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Tag the canvas with the header."""
        setattr(self.canv, HEADER_ATTR, self.lines)


class _Grid(Flowable):  # type: ignore[misc]
    """Row pieces drawn as one bordered Table, centred, with the signature lines (`after`)
    under the last part. Splits between rows, or inside a long text box; the signature lines
    never go to a page of their own: the last row (or the end of a long text) goes with them."""

    def __init__(
        self, renderer: FormRenderer, pieces: Sequence[_Piece], after: Sequence[Flowable] = ()
    ) -> None:
        super().__init__()
        self.renderer = renderer
        self.pieces = list(pieces)
        self.after = list(after)
        self._table: Table | None = None

    def table(self) -> Table:
        if self._table is None:
            self._table = self.renderer.table(self.pieces)
        return self._table

    def _after_height(self, width: float) -> float:
        """Height of the signature lines under the table."""
        total = 0.0
        for flowable in self.after:
            _w, h = flowable.wrap(width, _UNBOUNDED)
            total += flowable.getSpaceBefore() + h + flowable.getSpaceAfter()
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """The frame's width; the table's height plus the signature lines'."""
        _w, table_height = self.table().wrap(availWidth, availHeight)
        self.width = availWidth
        self.height = table_height + self._after_height(availWidth)
        return self.width, self.height

    def draw(self) -> None:
        """The table centred at the top, then the signature lines at the left."""
        table = self.table()
        y = self.height - table._height
        table.drawOn(self.canv, (self.width - table._width) / 2, y)
        for flowable in self.after:
            y -= flowable.getSpaceBefore()
            _w, h = flowable.wrap(self.width, _UNBOUNDED)
            y -= h
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """What fits here and the rest; a long text box is cut to fill the page."""
        table = self.table()
        table.wrap(availWidth, availHeight)
        heights = table._rowHeights
        after = self._after_height(availWidth)
        total = sum(heights)
        if total + after <= availHeight:
            return [self]
        # Only the signature lines would not fit: leave room for them, so that what does not
        # fit then goes to the next page together with them.
        limit = availHeight if total > availHeight else availHeight - after
        used, index = 0.0, 0
        while index < len(heights) and used + heights[index] <= limit:
            used += heights[index]
            index += 1
        if index == len(heights):
            return [self]
        parts = self.renderer.cut(self.pieces[index], limit - used)
        if parts is not None:
            head, tail = parts
            return [
                _Grid(self.renderer, [*self.pieces[:index], head]),
                _Grid(self.renderer, [tail, *self.pieces[index + 1 :]], self.after),
            ]
        if index == 0:
            return []
        return [
            _Grid(self.renderer, self.pieces[:index]),
            _Grid(self.renderer, self.pieces[index:], self.after),
        ]


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
        body = template.fonts.body
        #: The form's type scale for values: body, and small for a text a little too long.
        self.body = body
        self.small = max(min(self.spec.min_font, body), body - SMALL_STEP)
        cells = [cell for row in self.spec.rows for cell in row.cells if cell.key]
        self.check_keys([(cell.key, cell.label.replace("\n", "")) for cell in cells], records)

    def _get_story(self) -> list[Flowable]:
        """Each record: title, grid and signatures, starting a new page and page count."""
        story: list[Flowable] = []
        for index, values in enumerate(self.records):
            if index:
                story += [NextPageTemplate("first"), PageBreak(), NextPageTemplate("later")]
            story.append(StartPageGroup(index))
            self.who = who_of(values)
            story.append(_SetHeader((self.title_text(), self.identity(values))))
            story += self._title_story()
            story.append(_Grid(self, self._pieces(values), self._signature_story()))
        return story

    # -- the header of continuation pages ----------------------------------------------------

    def identity(self, values: Mapping[str, object] | None) -> str:
        """Whom or what the form is about: the row naming the person (else the first row),
        as "谈话对象：王䶮    职务：委员"."""
        pairs: list[str] = []
        label = ""
        rows = self.spec.rows
        row = next((r for r in rows if any(c.key in WHO_KEYS for c in r.cells)), rows[0])
        for cell in row.cells:
            if not cell.is_value:
                label = "".join(cell.label.split())
                continue
            text = " ".join(self._value_text(cell, values).split())
            name = "".join(cell.label.split()) or label
            if name:
                pairs.append(f"{name}：{text}")
            label = ""
        return "    ".join(pairs)

    def _header_height(self) -> float:
        """Room the continuation header takes at the top of later pages."""
        title, subtitle = self.styles["title"], self.styles["subtitle"]
        return float(title.leading + title.spaceAfter + subtitle.leading + 3 * mm)

    def later_top_margin(self) -> float:
        """Later pages of a form start below the repeated title and person."""
        return self._header_height()

    def _on_later_pages(self, canvas: Any, doc: Any) -> None:
        """Repeat the form's title with "（续）" and the person at the top of the page."""
        lines = getattr(canvas, HEADER_ATTR, None)
        if not lines:
            return
        title, who = lines
        left = doc.leftMargin
        top = doc.pagesize[1] - doc.topMargin
        width = doc.width
        heading = self.paragraph(f"{title}{CONTINUED}", "title")
        _w, h = heading.wrap(width, _UNBOUNDED)
        heading.drawOn(canvas, left, top - h)
        if who:
            style = ParagraphStyle("continued-who", parent=self.styles["subtitle"], alignment=0)
            person = self.paragraph(who, style)
            _w, h2 = person.wrap(width, _UNBOUNDED)
            person.drawOn(canvas, left, top - h - self.styles["title"].spaceAfter - h2)

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
        label = self.markup(cjk_punctuation(cell.label))

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

    def _content(self, placed: _Cell, first: bool, labels_flowing: bool = True) -> Flowable | str:
        """What a cell of a piece shows; on a "（续）" piece only the flowing text's label shows."""
        cell = placed.cell
        if not cell.is_value:
            label = cjk_punctuation(cell.label)
            if not first:
                if not labels_flowing:
                    return ""
                style = self.styles[f"label-{cell.align}"]
                wide = max(
                    pdfmetrics.stringWidth(line + CONTINUED, style.fontName, style.fontSize)
                    for line in label.split("\n")[-1:]
                )
                label += ("\n" if wide > self._inner(cell, placed.column) else "") + CONTINUED
            return self.paragraph(label, f"label-{cell.align}")
        text = placed.text
        if not text and not (cell.label and first):
            return ""
        if not cell.label and "  " in text:
            # Runs of spaces (a blank date "    年    月    日") shortened to stay on one line.
            text = fit_line(text, self.font, placed.size, self._inner(cell, placed.column) - placed.size)
        if not cell.label and "\n" not in text and any(mark in text for mark in BOX_MARKS):
            boxed = BoxLine(text, self.font, placed.size, cell.align)
            if boxed.natural_width <= self._inner(cell, placed.column):
                return boxed
        return self._maker(cell, placed.size)(text, first)

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

    def _fits(self, make: MakeParagraph, size: float, text: str, width: float, height: float) -> bool:
        """True when the whole text fits the height at this size."""
        if self._chars_within(text, size, width, height) < len(text):
            return False
        return self._height(make, text, True, width) <= height

    def _size(self, cell: Cell, column: int, text: str, box: float | None) -> float:
        """The body size, or the small size when only that keeps the text in its box."""
        if not box or not text or not cell.is_value:
            return self.body
        width, limit = self._inner(cell, column), box - 2 * PADDING
        if self._fits(self._maker(cell, self.body), self.body, text, width, limit):
            return self.body
        if self.small < self.body and self._fits(
            self._maker(cell, self.small), self.small, text, width, limit
        ):
            return self.small
        return self.body

    # -- the grid ----------------------------------------------------------------------------

    def _pieces(self, values: Mapping[str, object] | None) -> list[_Piece]:
        """One piece per template row, values filled in and sized."""
        minimum = self.spec.row_height_mm * mm
        pieces = []
        for row in self.spec.rows:
            box = row.height_mm * mm if row.height_mm else None
            cells = []
            column = 0
            for cell in row.cells:
                text = self._value_text(cell, values)
                cells.append(_Cell(cell, column, text, self._size(cell, column, text, box)))
                column += cell.span
            pieces.append(_Piece(row, tuple(cells), box or minimum))
        return pieces

    def cut(self, piece: _Piece, room: float) -> tuple[_Piece, _Piece] | None:
        """The piece cut so that its first part fills `room` points; None when it cannot be cut.

        Only the longest text of the row is cut, at the body size; the first part takes the
        room left on the page, the rest continues in a "（续）" piece.
        """
        flowing = piece.flowing
        if flowing is None:
            return None
        cell = flowing.cell
        style = self._style(cell, self.body)
        leading = float(style.leading)
        lines_room = int((room - 2 * PADDING - 1) // leading)
        if cell.label:
            lines_room -= len(cell.label.split("\n"))  # the label's own lines come first
        if lines_room < MIN_LINES:
            return None
        width = self._inner(cell, flowing.column) - float(style.rightIndent)
        count = self._line_cut(flowing.text, width, lines_room)
        if count <= 0 or count >= len(flowing.text):
            return None
        head_cells = tuple(
            replace(c, text=flowing.text[:count].rstrip("\n"), size=self.body) if c is flowing else c
            for c in piece.cells
        )
        tail_cells = tuple(
            replace(c, text=flowing.text[count:].lstrip("\n"), size=self.body)
            if c is flowing
            else replace(c, text="")
            for c in piece.cells
        )
        head = replace(piece, cells=head_cells, height=room - 0.5)
        tail = replace(piece, cells=tail_cells, height=self.spec.row_height_mm * mm, first=False)
        return head, tail

    def _line_cut(self, text: str, width: float, lines: int) -> int:
        """Characters of text on its first `lines` lines, broken by the Chinese line rules
        (reports/linebreak), so the cut never splits a name or strands punctuation."""
        size = self.body
        widths = [
            0.0 if c == FORCED else pdfmetrics.stringWidth(c, font_of(self.font, c), size) for c in text
        ]
        broken = break_lines(list(text), widths, [width])
        if len(broken) <= lines:
            return len(text)
        return broken[lines - 1][1]

    def table(self, pieces: Sequence[_Piece]) -> Table:
        """The bordered grid of some pieces as a Table."""
        ncols = len(self.widths)
        data: list[list[Any]] = []
        heights: list[float] = []
        style: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
            ("FONT", (0, 0), (-1, -1), self.font, self.body),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
        ]
        for r, piece in enumerate(pieces):
            line: list[Any] = [""] * ncols
            flowing = piece.flowing
            for index, placed in enumerate(piece.cells):
                after = piece.cells[index + 1] if index + 1 < len(piece.cells) else None
                labels = after is flowing or flowing is None
                line[placed.column] = self._content(placed, piece.first, labels)
                last = placed.column + placed.cell.span - 1
                if last > placed.column:
                    style.append(("SPAN", (placed.column, r), (last, r)))
                valign = placed.cell.valign.upper()
                if not piece.first and placed is flowing:
                    valign = "TOP"
                style.append(("VALIGN", (placed.column, r), (last, r), valign))
            data.append(line)
            heights.append(piece.height)
        return Table(data, colWidths=self.widths, minRowHeights=heights, style=style, hAlign="CENTER")


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
