"""Long tables (rosters, ledgers): one reportlab Table whose header repeats on every page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Table

from township_desk.reports.renderer import LEADING, BaseRenderer
from township_desk.reports.templates import Column, Template, load_template
from township_desk.reports.text import format_value, to_markup

Progress = Callable[[int, int], None]

CELL_PADDING = 2.0  # points, left and right
CELL_PADDING_V = 1.5  # points, top and bottom
PROGRESS_EVERY = 250  # rows between progress reports while preparing cells


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

    def _fit_columns(self, columns: list[Column]) -> list[Column]:
        """Columns narrowed in proportion when run-time extra columns overflow the page."""
        numbers = self.spec.number_width_mm if self.spec.number_rows else 0.0
        total = numbers + sum(c.width_mm for c in columns)
        available = self.template.page.printable_width_mm
        if total <= available:
            self.number_width_mm = numbers
            return columns
        scale = available / total
        self.number_width_mm = numbers * scale
        return [replace(c, width_mm=c.width_mm * scale) for c in columns]

    def _report(self, done: int, total: int) -> None:
        """Call the progress callback when there is one."""
        if self.progress is not None:
            self.progress(done, total)

    def _get_story(self) -> list[Flowable]:
        """Title, the table and the signature lines."""
        return [*self._title_story(), self._table(), *self._signature_story()]

    def _header(self) -> list[Any]:
        """The header row: bold, centred labels that may wrap."""
        labels = [self.spec.number_label] if self.spec.number_rows else []
        labels += [c.label for c in self.columns]
        return [self.paragraph(label, "header") for label in labels]

    def _body(self) -> list[list[Any]]:
        """Body rows: plain strings where the text fits one line, Paragraphs where it wraps."""
        font = pdfmetrics.getFont(self.font)
        size = self.template.fonts.body
        text_width = font.stringWidth
        numbered = self.spec.number_rows
        plan = [
            (
                c.key,
                c.format,
                c.width_mm * mm - 2 * CELL_PADDING,
                self.styles[f"cell-{c.align}"],
            )
            for c in self.columns
        ]
        mark, box = self.check_mark, self.checked_box
        # No cell may grow taller than half a page: reportlab cannot split a table row.
        max_lines = max(1, int(self.frame_height / 2 / (size * LEADING)))
        total = len(self.rows)
        body: list[list[Any]] = []
        for index, row in enumerate(self.rows):
            cells: list[Any] = [str(index + 1)] if numbered else []
            for key, fmt, width, style in plan:
                text = format_value(row.get(key), fmt, check_mark=mark, checked_box=box)
                if not text:
                    cells.append(text)
                    continue
                advance = text_width(text, size)
                if "\n" not in text and advance <= width:
                    cells.append(text)
                    continue
                if advance > width * max_lines / 2 or text.count("\n") >= max_lines // 2:
                    text = _clip(text, lambda t: text_width(t, size), width * max_lines / 2, max_lines // 2)
                cells.append(Paragraph(to_markup(text), style))
            body.append(cells)
            if index % PROGRESS_EVERY == 0:
                self._report(index, 2 * total)
        return body

    def _table(self) -> Table:
        """The whole table as one flowable; reportlab splits it across pages."""
        widths = ([self.number_width_mm * mm] if self.spec.number_rows else []) + [
            c.width_mm * mm for c in self.columns
        ]
        body = self._body()
        size = self.template.fonts.body
        style: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONT", (0, 0), (-1, -1), self.font, size, size * LEADING),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_V),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_V),
        ]
        offset = 1 if self.spec.number_rows else 0
        if self.spec.number_rows:
            style.append(("ALIGN", (0, 1), (0, -1), "CENTER"))
        for col, column in enumerate(self.columns, start=offset):
            style.append(("ALIGN", (col, 1), (col, -1), column.align.upper()))
        if not body:
            body = [[self.paragraph("（无记录）", "cell-center")] + [""] * (len(widths) - 1)]
            style.append(("SPAN", (0, 1), (-1, 1)))
        row_height = self.spec.row_height_mm * mm
        table_class = _progress_table(self._report, len(self.rows)) if self.progress else Table
        return table_class(
            [self._header(), *body],
            colWidths=widths,
            repeatRows=1,
            style=style,
            minRowHeights=[row_height] * (len(body) + 1),
            hAlign="CENTER",
        )


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


def _progress_table(report: Progress, total: int) -> type[Table]:
    """A Table subclass (one per render) that reports rows as its page parts are drawn."""
    drawn = [0]

    class ProgressTable(Table):  # type: ignore[misc]
        """Reports layout progress; reportlab re-creates split parts with self.__class__."""

        def draw(self) -> None:
            super().draw()
            drawn[0] = min(total, drawn[0] + self._nrows - 1)
            report(total + drawn[0], 2 * total)

    return ProgressTable


def render_table(
    template: Template | str,
    rows: Sequence[Mapping[str, object]],
    out: Path,
    context: Mapping[str, object] | None = None,
    extra_columns: Sequence[Column] = (),
    progress: Progress | None = None,
) -> Path:
    """Print rows as a table PDF (header repeated on each page, 第X页 共Y页 footer); return out."""
    loaded = load_template(template) if isinstance(template, str) else template
    renderer = TableRenderer(loaded, rows, context, extra_columns, progress)
    result = renderer.render(out)
    renderer._report(2 * len(rows), 2 * len(rows))
    return result
