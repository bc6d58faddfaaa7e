"""Long tables (rosters, ledgers): measured once, split by page, header repeated on every page.

Each row is formatted, wrapped and measured up front (reports/wrap.py breaks lines as a CJK
Paragraph would); the rows then go into the story as one GridPart flowable (reports/grid.py)
that platypus splits page by page, so the title, subtitle, signatures and 第X页 共Y页
footers still come from BaseRenderer and NumberedCanvas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from township_desk.reports.canvas import StreamedNumberedCanvas
from township_desk.reports.fonts import missing_chars
from township_desk.reports.grid import (
    BOX_SIDE,
    INVISIBLE,
    Face,
    GridDrawer,
    GridLayout,
    GridPart,
    GridStream,
    Row,
    Run,
)
from township_desk.reports.renderer import HANG, LEADING, BaseRenderer, who_of
from township_desk.reports.templates import Column, Template, load_template
from township_desk.reports.text import cjk_punctuation, clean_text, format_value
from township_desk.reports.wrap import Measure, cannot_start_set, line_offset, wrap

Progress = Callable[[int, int], None]

CELL_PADDING = 2.0  # points, left and right
CELL_PADDING_V = 1.5  # points, top and bottom
PROGRESS_EVERY = 250  # rows between progress reports while preparing cells
CELL_CACHE = 20_000  # placed cells kept per column (by distinct text) before they are forgotten

BODY, HEADER = 0, 1  # face indexes in the GridLayout
_PARAGRAPH_ALIGN = {"left": "justify", "center": "center", "right": "right"}


class TableRenderer(BaseRenderer):
    """Title, subtitle, one table with a repeated header row, signature lines.

    Progress counts work units: rows prepared (0..n) then rows laid out on pages
    (n..2n), so progress(done, total) runs from 0 to total = 2n. A callback may raise to
    cancel; render() then leaves no file behind.
    """

    def __init__(
        self,
        template: Template,
        rows: Sequence[Mapping[str, object]],
        context: Mapping[str, object] | None = None,
        extra_columns: Sequence[Column] = (),
        progress: Progress | None = None,
    ) -> None:
        super().__init__(template, context)
        if template.table is None:
            raise template.error("这是表单模板，不能按表格打印")
        self.spec = template.table
        self.rows = rows
        self.progress = progress
        self.columns = self._fit_columns([*self.spec.columns, *extra_columns])
        self.check_keys([(c.key, c.label.replace("\n", "")) for c in self.spec.columns], rows)
        self._drawer: GridDrawer | None = None

    def _fit_columns(self, columns: list[Column]) -> list[Column]:
        """Columns narrowed in proportion when run-time extra columns overflow the page, or when the
        number column widens to hold the largest row number (a county ledger's 318204)."""
        numbers = self._number_width_mm() if self.spec.number_rows else 0.0
        total = numbers + sum(c.width_mm for c in columns)
        available = self.template.page.printable_width_mm
        if total <= available:
            self.number_width_mm = numbers
            return columns
        scale = available / total
        self.number_width_mm = numbers * scale
        return [replace(c, width_mm=c.width_mm * scale) for c in columns]

    def _row_count(self) -> int:
        return len(self.rows)

    def _number_width_mm(self) -> float:
        """The template's number column, widened when the largest number would run over its borders."""
        largest = str(max(1, self._row_count()))
        advance = pdfmetrics.stringWidth(largest, self.font, self.template.fonts.body)
        return max(self.spec.number_width_mm, (advance + 2 * CELL_PADDING) / mm)

    def _report(self, done: int, total: int) -> None:
        """Call the progress callback when there is one."""
        if self.progress is not None:
            self.progress(done, total)

    def _get_story(self) -> list[Flowable]:
        """Title, the table and the signature lines."""
        return [*self._title_story(), self._table(), *self._signature_story()]

    def _table(self) -> GridPart:
        """The whole table as one flowable; platypus splits it across pages.

        The rows are measured on the first call; later calls (a subclass printing several
        copies into one PDF) reuse the measurements.
        """
        if self._drawer is None:
            self._drawer = GridDrawer(self._layout())
        total = len(self.rows)
        if self.progress is None:
            return GridPart(self._drawer)
        drawn = 0

        def on_draw(count: int) -> None:
            nonlocal drawn
            drawn = min(total, drawn + count)
            self._report(total + drawn, 2 * total)

        return GridPart(self._drawer, on_draw=on_draw)

    # -- layout ------------------------------------------------------------------------------

    def _layout(self) -> GridLayout:
        """Every row formatted, wrapped and measured (reports progress 0..n)."""
        builder, edges, faces, header_row = self._layout_header()
        if not self.rows:
            empty = builder.placeholder_row("（无记录）")
            return GridLayout(tuple(edges), faces, header_row, (empty,), full_rules=False)
        return GridLayout(tuple(edges), faces, header_row, builder.body_rows(self.rows))

    def _layout_header(self) -> tuple[_RowBuilder, list[float], tuple[Face, ...], Row]:
        """A row builder, the column edges, the faces and the measured header row."""
        widths = ([self.number_width_mm * mm] if self.spec.number_rows else []) + [
            c.width_mm * mm for c in self.columns
        ]
        edges = [0.0]
        for width in widths:
            edges.append(edges[-1] + width)
        body = Face(self.font, self.template.fonts.body)
        header = Face(self.bold_font, self.template.fonts.header)
        builder = _RowBuilder(self, edges, body, header)
        header_row = builder.header_row(
            ([self.spec.number_label] if self.spec.number_rows else []) + [c.label for c in self.columns]
        )
        return builder, edges, (body, header, body), header_row


@dataclass(frozen=True, slots=True)
class _Block:
    """A wrapped cell: the height of its text and its lines as (x prefix, baseline below
    the top of the text, text, word spacing)."""

    face: int
    content: float
    lines: tuple[tuple[str, float, str, float], ...]


@dataclass(frozen=True, slots=True)
class _Box:
    """A tick box cell: drawn as a square (grid.BOX_SIDE) at `x`, over its invisible character."""

    x: float
    ticked: bool
    run: Run


#: Types whose equal values always print alike, so their cells can be cached by value
#: (unlike Decimal("3.1") == Decimal("3.10") or datetimes in different time zones).
_CACHEABLE = frozenset({str, int, bool, type(None), dt.date})


class _RowBuilder:
    """Turns column labels and record values into measured Rows, placed as a Table would.

    A text that fits on one line is placed like a Table's plain string cell; a longer one
    like a Paragraph in a cell: wrapped to the cell width less padding and less room for
    a hanging punctuation mark, each line moved by its alignment. Cells are vertically
    centred in the row; a row is as tall as its tallest cell, at least row_height_mm.
    """

    def __init__(self, renderer: TableRenderer, edges: list[float], body: Face, header: Face) -> None:
        self.renderer = renderer
        self.edges = edges
        self.measures = (Measure(body.font_name, body.size), Measure(header.font_name, header.size))
        self.cannot_start = cannot_start_set()
        self.minimum = renderer.spec.row_height_mm * mm
        self.hang = body.size * HANG
        self.size = body.size
        self.leading = body.size * LEADING
        # The usual row: one line high (or the template's minimum), and where its
        # one-line texts sit: baseline at (height + leading) / 2 - size above the bottom.
        self.usual_height = max(self.minimum, self.leading + 2 * CELL_PADDING_V)
        self.usual_below = (self.usual_height - self.leading) / 2 + self.size

    def block(self, face: int, text: str, left: float, right: float, align: str, hang: float) -> _Block:
        """A cell whose text is wrapped as a Paragraph would wrap it."""
        measure = self.measures[face]
        size = measure.size
        leading = size * LEADING
        wrapped = wrap(text, measure, right - left - 2 * CELL_PADDING - hang, self.cannot_start)
        last = len(wrapped.lines) - 1
        lines = []
        for index, line in enumerate(wrapped.lines):
            if line.text:
                dx, spacing = line_offset(line, align, index == last, wrapped.simple)
                x = left + CELL_PADDING + dx
                lines.append((f"1 0 0 1 {x:.3f} ", size + index * leading, line.text, spacing))
        return _Block(face, len(wrapped.lines) * leading, tuple(lines))

    def plain(self, text: str, advance: float, left: float, right: float, align: str) -> Run:
        """A one-line text placed as a Table places a plain string, in a row of usual height."""
        if align == "left":
            x = left + CELL_PADDING
        elif align == "right":
            x = right - CELL_PADDING - advance
        else:
            x = (left + right) * 0.5 - 0.5 * advance
        return (BODY, f"1 0 0 1 {x:.3f} ", self.usual_below, text, 0.0)

    def row(self, cells: Sequence[Run | _Block | _Box], one_line: bool) -> Row:
        """A Row from its cells, left to right: one-line runs (placed for a row of the usual
        height) and wrapped blocks. `one_line` when some cell holds one line or nothing (an
        empty cell is one line high, as in a Table).
        """
        boxes = tuple((cell.x, cell.ticked) for cell in cells if isinstance(cell, _Box))
        placed: list[Run | _Block] = [cell.run if isinstance(cell, _Box) else cell for cell in cells]
        if boxes and self.usual_height < BOX_SIDE + 2 * CELL_PADDING_V:
            placed.append(_Block(BODY, BOX_SIDE, ()))  # the row grows to hold the box
        plain = [cell for cell in placed if not isinstance(cell, _Block)]
        if len(plain) == len(placed):
            return Row(self.usual_height, tuple(plain), boxes)
        content = max(cell.content for cell in placed if isinstance(cell, _Block))
        if one_line:
            content = max(content, self.leading)
        height = max(self.minimum, content + 2 * CELL_PADDING_V)
        baseline = (height - self.leading) / 2 + self.size
        runs: list[Run] = []
        for cell in placed:
            if isinstance(cell, _Block):
                top = (height - cell.content) / 2
                runs += [
                    (cell.face, prefix, top + down, text, spacing)
                    for prefix, down, text, spacing in cell.lines
                ]
            elif height == self.usual_height:
                runs.append(cell)
            else:
                runs.append((cell[0], cell[1], baseline, cell[3], cell[4]))
        return Row(height, tuple(runs), boxes)

    def header_row(self, labels: list[str]) -> Row:
        """The header: bold, centred labels that may wrap."""
        edges = self.edges
        blocks = [
            self.block(HEADER, cjk_punctuation(clean_text(label)), edges[i], edges[i + 1], "center", 0.0)
            for i, label in enumerate(labels)
        ]
        return self.row(blocks, False)

    def placeholder_row(self, text: str) -> Row:
        """One centred cell across all columns (the empty table)."""
        return self.row([self.block(BODY, text, self.edges[0], self.edges[-1], "center", self.hang)], False)

    def body_rows(self, records: Sequence[Mapping[str, object]]) -> tuple[Row, ...]:
        """Body rows: one-line texts placed directly, longer ones wrapped (reports progress)."""
        return tuple(self.iter_body_rows(records, len(records)))

    def iter_body_rows(self, records: Iterable[Mapping[str, object]], total: int) -> Iterator[Row]:
        """Body rows one by one, numbered from 1 (reports progress 0..total of 2 * total)."""
        renderer = self.renderer
        edges = self.edges
        numbered = renderer.spec.number_rows
        offset = 1 if numbered else 0
        columns = [
            _ColumnCells(self, c, edges[i + offset], edges[i + offset + 1])
            for i, c in enumerate(renderer.columns)
        ]
        text_width = self.measures[BODY].text
        row = self.row
        for index, record in enumerate(records):
            cells: list[Run | _Block | _Box] = []
            one_line = numbered
            if numbered:
                number = str(index + 1)
                cells.append(self.plain(number, text_width(number), edges[0], edges[1], "center"))
            for column in columns:
                cell = column.cell(record.get(column.key))
                if column.unprintable:
                    column.report(record)
                if cell is None:
                    one_line = True
                else:
                    cells.append(cell)
                    one_line = one_line or not isinstance(cell, _Block)
            yield row(cells, one_line)
            if index % PROGRESS_EVERY == 0:
                renderer._report(index, 2 * total)
                for column in columns:
                    column.bound()


class _ColumnCells:
    """The cells of one body column, each distinct value formatted and placed once."""

    def __init__(self, builder: _RowBuilder, column: Column, left: float, right: float) -> None:
        self.builder = builder
        self.key = column.key
        self.format = column.format
        self.align = column.align
        self.left = left
        self.right = right
        self.width = right - left - 2 * CELL_PADDING
        self.by_value: dict[tuple[type, object], Run | _Block | _Box | None] = {}
        self.by_text: dict[str, Run | _Block | _Box | None] = {}
        #: Texts holding characters no font has → those characters (reported per person).
        self.unprintable: dict[str, list[str]] = {}
        # No cell may grow taller than half a page (a row is never split across pages).
        size = builder.size
        self.max_lines = max(1, int(builder.renderer.frame_height / 2 / (size * LEADING)))

    def cell(self, value: object) -> Run | _Block | _Box | None:
        """A one-line run, a wrapped block, or None for an empty cell."""
        key = (value.__class__, value) if value.__class__ in _CACHEABLE else None
        if key is not None and key in self.by_value:
            return self.by_value[key]
        renderer = self.builder.renderer
        text = format_value(
            value, self.format, check_mark=renderer.check_mark, checked_box=renderer.checked_box
        )
        if text in self.by_text:
            placed = self.by_text[text]
        else:
            placed = self.by_text[text] = self._place(text)
        if key is not None:
            self.by_value[key] = placed
        return placed

    def bound(self) -> None:
        """Forget the placed cells when there are very many distinct ones (a county ledger streams 318,000
        visits' texts): memory stays bounded, and the usual values are placed again at once."""
        if len(self.by_text) > CELL_CACHE:
            self.by_value.clear()
            self.by_text.clear()

    def report(self, record: Mapping[str, object]) -> None:
        """Warn about this record's characters that no font has (naming the person)."""
        renderer = self.builder.renderer
        text = format_value(
            record.get(self.key),
            self.format,
            check_mark=renderer.check_mark,
            checked_box=renderer.checked_box,
        )
        chars = self.unprintable.get(text)
        if chars:
            renderer.who = who_of(record)
            for char in chars:
                renderer.warn_missing(char, text)

    def _place(self, text: str) -> Run | _Block | _Box | None:
        """Place one formatted text in this column."""
        if not text:
            return None
        builder = self.builder
        if self.format == "box":
            run = builder.plain(text, builder.measures[BODY].text(text), self.left, self.right, "center")
            return _Box((self.left + self.right) / 2, text != "□", (INVISIBLE, *run[1:]))
        measure = builder.measures[BODY]
        text_width = measure.text
        advance = text_width(text)
        if measure.foreign and not text.isascii():
            missing = missing_chars(text, measure.font_name)
            if missing:
                self.unprintable[text] = missing
        width = self.width
        if "\n" not in text and advance <= width:
            return builder.plain(text, advance, self.left, self.right, self.align)
        max_lines = self.max_lines
        if advance > width * max_lines / 2 or text.count("\n") >= max_lines // 2:
            text = _clip(text, text_width, width * max_lines / 2, max_lines // 2)
        return builder.block(BODY, text, self.left, self.right, _PARAGRAPH_ALIGN[self.align], builder.hang)


def _clip(text: str, advance: Callable[[str], float], budget: float, max_breaks: int) -> str:
    """Shorten text to about `budget` points of advance and `max_breaks` line breaks, add "…"."""
    lines = text.split("\n")[: max(1, max_breaks)]
    text = "\n".join(lines)
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if advance(text[:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def render_table(
    template: Template | str,
    rows: Sequence[Mapping[str, object]],
    out: Path,
    context: Mapping[str, object] | None = None,
    extra_columns: Sequence[Column] = (),
    progress: Progress | None = None,
) -> Path:
    """Print rows as a table PDF (header repeated on each page, 第X页 共Y页 footer); return out.

    ID numbers (and phones) are masked for the 查看 role and when the settings say (township_desk/masking.py)."""
    from township_desk import masking

    rows = masking.paper_rows(list(rows))  # ID numbers and phones as the role and settings say
    loaded = load_template(template) if isinstance(template, str) else template
    renderer = TableRenderer(loaded, rows, context, extra_columns, progress)
    result = renderer.render(out)
    renderer._report(2 * len(rows), 2 * len(rows))
    return result


class StreamedTableRenderer(TableRenderer):
    """A table whose rows arrive from an iterator (a cursor) and are measured, drawn and let go a page at a
    time, so that memory stays the same at any page count (the county's 318,000 visits: 16,000 pages).

    It prints exactly what TableRenderer prints; 第X页 共Y页 is written when the count is known
    (canvas.StreamedNumberedCanvas)."""

    def __init__(
        self,
        template: Template,
        rows: Iterable[Mapping[str, object]],
        count: int,
        context: Mapping[str, object] | None = None,
        progress: Progress | None = None,
    ) -> None:
        iterator = iter(rows)
        first = next(iterator, None)
        self.count = count if first is not None else 0
        self._first = first
        self._rest = iterator
        super().__init__(template, [first] if first is not None else [], context, (), progress)

    def _row_count(self) -> int:
        return self.count

    def _report(self, done: int, total: int) -> None:
        """Rows drawn of all rows, page by page: here rows are measured a page ahead of drawing, so the
        measuring half of TableRenderer's progress (0..n of 2n) is not reported, the drawing half is."""
        if total and done >= total // 2:
            super()._report(done - total // 2, total // 2)

    def _records(self) -> Iterator[Mapping[str, object]]:
        if self._first is not None:
            yield self._first
            self._first = None
        yield from self._rest

    def _table(self) -> Flowable:
        if self.count == 0:
            return super()._table()
        builder, edges, faces, header_row = self._layout_header()
        drawn = 0

        def on_draw(count: int) -> None:
            nonlocal drawn
            drawn = min(self.count, drawn + count)
            self._report(self.count + drawn, 2 * self.count)

        rows = builder.iter_body_rows(self._records(), self.count)
        return GridStream(
            GridDrawer(GridLayout(tuple(edges), faces, header_row, ())),
            rows,
            self.frame_height,
            on_draw if self.progress is not None else None,
        )

    def _canvasmaker(self) -> type:
        return StreamedNumberedCanvas


def render_table_stream(
    template: Template | str,
    rows: Iterable[Mapping[str, object]],
    count: int,
    out: Path,
    context: Mapping[str, object] | None = None,
    progress: Progress | None = None,
) -> Path:
    """render_table for rows from an iterator of `count` rows (read, measured and drawn a page at a time)."""
    from township_desk import masking

    if masking.on_paper():
        rows = map(masking.mask_row, rows)
    loaded = load_template(template) if isinstance(template, str) else template
    renderer = StreamedTableRenderer(loaded, rows, count, context, progress)
    result = renderer.render(out)
    renderer._report(2 * renderer.count, 2 * renderer.count)
    return result
