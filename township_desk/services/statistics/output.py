"""The report out: aligned terminal text, a workbook (one sheet per table), a PDF with charts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context
from township_desk.services.statistics.report import Report, Table, indicator_value, tables
from township_desk.services.statistics.structure import AGE_BANDS, EDUCATION_BANDS


@dataclass(frozen=True)
class ChartData:
    """A chart's data as the window and the PDF draw it."""

    title: str
    kind: str  # "bar" or "pie"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    value_suffix: str = ""


def charts(report: Report) -> list[ChartData]:
    """Age bands (beside the compared date), education, and the high-school shares against the targets."""
    dates = [report] + ([report.compare] if report.compare else [])
    ages = tuple((r.on.isoformat(), tuple(float(n) for n in r.structures["all"].total.ages)) for r in dates)
    education = report.structures["all"].total
    secretary_old = report.compare and indicator_value(report.compare, "书记高中以上占比")
    shares = (
        ("书记高中以上", indicator_value(report, "书记高中以上占比"), secretary_old),
        (
            "后备高中以上",
            indicator_value(report, "后备干部高中以上占比"),
            report.compare and indicator_value(report.compare, "后备干部高中以上占比"),
        ),
        (
            "干部高中以上",
            indicator_value(report, "高中以上占比"),
            report.compare and indicator_value(report.compare, "高中以上占比"),
        ),
        (
            "35岁及以下",
            indicator_value(report, "35岁及以下占比"),
            report.compare and indicator_value(report.compare, "35岁及以下占比"),
        ),
    )
    share_series = [(report.on.isoformat(), tuple(float(s[1] or 0) for s in shares))]
    if report.compare:
        share_series.append((report.compare.on.isoformat(), tuple(float(s[2] or 0) for s in shares)))
    return [
        ChartData("在任干部年龄结构（人）", "bar", AGE_BANDS, ages),
        ChartData(
            "在任干部学历结构",
            "pie",
            EDUCATION_BANDS,
            (("人数", tuple(float(n) for n in education.education)),),
        ),
        ChartData("学历与年龄占比（%）", "bar", tuple(s[0] for s in shares), tuple(share_series), "%"),
        ChartData(
            "党组织书记学历结构",
            "pie",
            EDUCATION_BANDS,
            (("人数", tuple(float(n) for n in report.structures["secretary"].total.education)),),
        ),
    ]


# ---------------------------------------------------------------- terminal


def display_width(text: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
        for ch in text
    )


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def table_text(table: Table) -> str:
    rows = [[str(c) for c in table.headers]] + [[str(c) for c in row] for row in table.rows]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(table.headers))]
    right = [i > 0 and all(_numeric(row[i]) for row in rows[1:]) for i in range(len(widths))]
    lines = [table.title]
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(pad(cell, widths[i], right=right[i] and n > 0) for i, cell in enumerate(row)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("─" * w for w in widths))
    return "\n".join(lines)


def _numeric(cell: str) -> bool:
    return cell == "—" or (bool(cell) and (cell[0].isdigit() or cell[0] in "+-") and len(cell) < 14)


def report_text(report: Report) -> str:
    head = f"{report.scope_label} 村(社区)干部队伍结构统计    统计日期：{report.on.isoformat()}"
    return "\n\n".join([head, *(table_text(t) for t in tables(report, every_group=False))]) + "\n"


# ---------------------------------------------------------------- workbook


def write_workbook(report: Report, path: Path) -> Path:
    """One sheet per table: its title row, the header row, the rows (the office's Excel layout of every
    export: services.excel_export); written whole or not at all."""
    from township_desk.services.excel_export import write_sheets

    shown = tables(report)
    sheets = [
        (table.sheet or table.title, [(f"c{i}", str(h)) for i, h in enumerate(table.headers)], table.rows)
        for table in shown
    ]
    try:
        write_sheets(path, sheets, log=False, headings=[table.title for table in shown])
    except OSError as exc:
        raise ValidationError("out", f"无法写入“{path}”：{exc.strerror or exc}") from exc
    return Path(path)


# ---------------------------------------------------------------- PDF


def write_pdf(report: Report, path: Path) -> Path:
    from township_desk.reports.statistics import Chart, PrintedTable, render_statistics

    printed = [
        PrintedTable(t.title, t.headers, t.rows, highlight="未达标")
        for t in tables(report, every_group=False)
    ]
    drawn = [Chart(c.title, c.kind, c.categories, c.series, c.value_suffix) for c in charts(report)]
    context: dict[str, Any] = report_context(as_of=f"{report.on.year}年{report.on.month}月{report.on.day}日")
    context["township"] = report.scope_label
    return render_statistics(Path(path), printed, drawn, context)


def write_report(report: Report, path: Path) -> Path:
    """The file the suffix asks for: .pdf or .xlsx."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return write_pdf(report, path)
    if suffix == ".xlsx":
        return write_workbook(report, path)
    raise ValidationError("out", "输出文件须以 .pdf 或 .xlsx 结尾。")
