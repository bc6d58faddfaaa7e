"""The 统计 report: A4 landscape, title, unit and date, the tables and charts, 第X页 共Y页.

Charts are reportlab.graphics drawings (already a dependency; vector, in the same embedded CJK font as
the text). The renderer takes plain data: tables of cells and chart series, no database rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, LongTable, Spacer, TableStyle

from township_desk.reports.renderer import BaseRenderer
from township_desk.reports.templates import FontSizes, Margins, PageSpec, Template

PALETTE = ("#c0392b", "#2e86c1", "#f39c12", "#27ae60", "#8e44ad", "#7f8c8d", "#16a085", "#d35400")


@dataclass(frozen=True)
class PrintedTable:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    highlight: str = ""  # a cell text to set in red (未达标)


@dataclass(frozen=True)
class Chart:
    """A bar chart (one or more series over categories) or a pie (one series)."""

    title: str
    kind: str  # "bar" or "pie"
    categories: Sequence[str]
    series: Sequence[tuple[str, Sequence[float]]]  # (name, values)
    value_suffix: str = ""


TEMPLATE = Template(
    name="statistics",
    source=Path(__file__),
    title="{township}村(社区)干部队伍结构统计",
    page=PageSpec("A4", "landscape", Margins(top=12, bottom=14, left=12, right=12)),
    fonts=FontSizes(title=18, subtitle=10.5, header=8, body=8, footer=9),
    subtitle=("单位：{unit}    统计日期：{as_of}    打印日期：{date}",),
    placeholders=frozenset({"township", "unit", "date", "as_of"}),
)


class StatisticsRenderer(BaseRenderer):
    def __init__(
        self, tables: Sequence[PrintedTable], charts: Sequence[Chart], context: Mapping[str, object]
    ):
        super().__init__(TEMPLATE, context)
        self.tables = tables
        self.charts = charts

    def _get_story(self) -> list[Flowable]:
        story: list[Flowable] = self._title_story()
        for index, table in enumerate(self.tables):
            story += self._table(table)
            if index == 0 and self.charts:  # the charts follow the summary table
                story += self._charts()
        return story

    def _table(self, table: PrintedTable) -> list[Flowable]:
        header = [self.paragraph(str(h), "header") for h in table.headers]
        body = []
        for row in table.rows:
            cells = []
            for i, cell in enumerate(row):
                text = str(cell)
                style = "cell-left" if i == 0 or len(text) > 12 else "cell-center"
                if table.highlight and text == table.highlight:
                    text = f'<font color="#c0392b">{text}</font>'
                    cells.append(self._markup(text, style))
                else:
                    cells.append(self.paragraph(text, style))
            body.append(cells)
        widths = self._widths(table)
        grid = LongTable([header, *body], colWidths=widths, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ]
            )
        )
        return [CondPageBreak(40 * mm), self.paragraph(table.title, "subtitle"), grid, Spacer(0, 4 * mm)]

    def _markup(self, markup: str, style: str) -> Flowable:
        from reportlab.platypus import Paragraph

        return Paragraph(markup, self.styles[style])

    def _widths(self, table: PrintedTable) -> list[float]:
        """Wider columns for longer text, within the page."""
        columns = len(table.headers)
        longest = [
            max([len(str(table.headers[i]))] + [len(str(r[i])) for r in table.rows] or [1])
            for i in range(columns)
        ]
        weights = [min(max(n, 4), 40) for n in longest]
        total = sum(weights)
        return [self.frame_width * w / total for w in weights]

    # ---- charts
    def _charts(self) -> list[Flowable]:
        width = self.frame_width / 2 - 3 * mm
        drawings = [self._drawing(chart, width, 62 * mm) for chart in self.charts]
        rows: list[Flowable] = [CondPageBreak(66 * mm)]
        for i in range(0, len(drawings), 2):
            pair = drawings[i : i + 2]
            from reportlab.platypus import Table as Grid

            rows.append(KeepTogether([Grid([pair], colWidths=[width + 3 * mm] * len(pair))]))
        rows.append(Spacer(0, 4 * mm))
        return rows

    def _drawing(self, chart: Chart, width: float, height: float) -> Drawing:
        drawing = Drawing(width, height)
        drawing.add(
            String(
                width / 2, height - 12, chart.title, fontName=self.bold_font, fontSize=10, textAnchor="middle"
            )
        )
        if chart.kind == "pie":
            self._pie(drawing, chart, width, height)
        else:
            self._bars(drawing, chart, width, height)
        return drawing

    def _bars(self, drawing: Drawing, chart: Chart, width: float, height: float) -> None:
        bars = VerticalBarChart()
        bars.x, bars.y = 30, 30
        bars.width, bars.height = width - 45, height - 62
        bars.data = [list(values) for _name, values in chart.series]
        bars.categoryAxis.categoryNames = list(chart.categories)
        bars.categoryAxis.labels.fontName = self.font
        bars.categoryAxis.labels.fontSize = 7
        bars.valueAxis.labels.fontName = self.font
        bars.valueAxis.labels.fontSize = 7
        bars.valueAxis.valueMin = 0
        top = max([v for _n, values in chart.series for v in values] or [0])
        bars.valueAxis.valueMax = max(1, top * 1.15)
        bars.barLabelFormat = "%.0f" + chart.value_suffix.replace("%", "%%")
        bars.barLabels.fontName = self.font
        bars.barLabels.fontSize = 6.5
        bars.barLabels.nudge = 5
        for index in range(len(chart.series)):
            bars.bars[index].fillColor = colors.HexColor(PALETTE[index % len(PALETTE)])
        drawing.add(bars)
        if len(chart.series) > 1:
            legend = Legend()
            legend.x, legend.y = 32, height - 22
            legend.alignment = "right"
            legend.columnMaximum = 1
            legend.fontName, legend.fontSize = self.font, 7
            legend.colorNamePairs = [
                (colors.HexColor(PALETTE[i % len(PALETTE)]), name)
                for i, (name, _v) in enumerate(chart.series)
            ]
            legend.deltax = 70
            legend.dx = legend.dy = 6
            legend.variColumn = True
            drawing.add(legend)

    def _pie(self, drawing: Drawing, chart: Chart, width: float, height: float) -> None:
        values = list(chart.series[0][1]) if chart.series else []
        size = min(width / 2, height - 40)
        if not any(values):
            drawing.add(
                String(width / 2, height / 2, "无数据", fontName=self.font, fontSize=9, textAnchor="middle")
            )
            return
        pie = Pie()
        pie.x, pie.y = 20, (height - 20 - size) / 2
        pie.width = pie.height = size
        pie.data = [v or 0.0001 for v in values]
        pie.labels = None
        pie.simpleLabels = 1
        for index in range(len(values)):
            pie.slices[index].fillColor = colors.HexColor(PALETTE[index % len(PALETTE)])
            pie.slices[index].strokeColor = colors.white
        drawing.add(pie)
        total = sum(values)
        legend = Legend()
        legend.x, legend.y = 20 + size + 20, height / 2 + 8 * len(values) / 2
        legend.alignment = "right"  # the swatch, then its text
        legend.columnMaximum = len(values)
        legend.fontName, legend.fontSize = self.font, 8
        legend.colorNamePairs = [
            (colors.HexColor(PALETTE[i % len(PALETTE)]), f"{name} {v:g}（{100 * v / total:.1f}%）")
            for i, (name, v) in enumerate(zip(chart.categories, values, strict=True))
        ]
        legend.dx = legend.dy = 7
        drawing.add(legend)


def render_statistics(
    out: Path, tables: Sequence[PrintedTable], charts: Sequence[Chart], context: Mapping[str, object]
) -> Path:
    return StatisticsRenderer(tables, charts, context).render(out)
