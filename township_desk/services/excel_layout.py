"""How an exported sheet looks, as a clerk who used WPS expects it (issue 22): a title row, a bold header
frozen under it with an autofilter, columns as wide as their content, dates with their own formats, and a
print set-up (A4 landscape, one page wide, the header on every page, 第 1 页 共 N 页).

Cheap in xlsxwriter's constant-memory mode: the widths come from the header and the first rows only, and
everything here is decided once per sheet, never per cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

# Keys whose values stay text in Excel so that long digit strings are never turned into 1.1E+17.
TEXT_KEYS = frozenset({"id_number", "phone", "head_id_number"})
# Dates kept to the month (出生年月, 任职时间): shown as 1975.03, as the office's rosters do.
MONTH_KEYS = frozenset({"birth_date", "post_start"})

DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy.mm"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDTH_ROWS = 200  # the rows (after the header) whose text sets the column widths
MIN_WIDTH, MAX_WIDTH, WIDE_WIDTH = 6, 50, 40
FOOTER = "&C第 &P 页 共 &N 页"
A4 = 9  # xlsxwriter's paper code


def text_width(text: str) -> int:
    """The width of text in Excel's character units: a CJK (or full-width) character counts 2."""
    return len(text) + sum(1 for ch in text if ord(ch) >= 0x2E80)


def value_width(key: str, value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, datetime):
        return len("2024-01-01 08:00")
    if isinstance(value, date):
        return 7 if key in MONTH_KEYS else 10
    if isinstance(value, bool):
        return 2
    if isinstance(value, float):
        return len(f"{value:g}")
    return text_width(str(value))


def column_widths(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[Any]],
    wide_keys: frozenset[str] = frozenset(),
) -> list[float]:
    """A width per column: the longest of its label and its values in rows, within bounds; prose columns
    (wide_keys) get a fixed generous width instead."""
    widths: list[float] = []
    for index, (key, label) in enumerate(columns):
        if key in wide_keys:
            widths.append(WIDE_WIDTH)
            continue
        longest = max(
            [text_width(label)] + [value_width(key, row[index]) for row in rows if index < len(row)]
        )
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


@dataclass
class SheetFormats:
    """The workbook's cell formats (xlsxwriter Format objects), made once per workbook."""

    title: Any
    header: Any
    text: Any  # "@": digits stay digits (ID numbers, phones)
    quoted: Any  # "@" with Excel's quote prefix: text that looks like a formula stays text when edited
    day: Any
    month: Any
    moment: Any


def make_formats(workbook: Any) -> SheetFormats:
    return SheetFormats(
        title=workbook.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        header=workbook.add_format(
            {
                "bold": True,
                "border": 1,
                "bg_color": "#D9E1F2",
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        text=workbook.add_format({"num_format": "@"}),
        quoted=workbook.add_format({"num_format": "@", "quote_prefix": True}),
        day=workbook.add_format({"num_format": DATE_FORMAT}),
        month=workbook.add_format({"num_format": MONTH_FORMAT}),
        moment=workbook.add_format({"num_format": DATETIME_FORMAT}),
    )


def sheet_name(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "Sheet1"
    name = cleaned[:31]
    number = 2
    while name.lower() in taken:
        suffix = f"({number})"
        name = cleaned[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def sheet_heading(title: str, township: str, day: date) -> str:
    """The title row: 漳江镇走访记录（2026年11月30日导出）."""
    return f"{township}{title}（{day.year}年{day.month}月{day.day}日导出）"


def lay_out_top(sheet: Any, formats: SheetFormats, heading: str, columns: Sequence[tuple[str, str]]) -> None:
    """Rows 1 and 2: the title across the table and the bold header; frozen below the header."""
    last = max(len(columns) - 1, 0)
    sheet.set_row(0, 26)
    if last:
        sheet.merge_range(0, 0, 0, last, heading, formats.title)
    else:
        sheet.write_string(0, 0, heading, formats.title)
    for index, (_key, label) in enumerate(columns):
        sheet.write_string(1, index, label, formats.header)
    sheet.freeze_panes(2, 0)


def set_widths(
    sheet: Any, formats: SheetFormats, columns: Sequence[tuple[str, str]], widths: Sequence[float]
) -> None:
    for index, ((key, _label), width) in enumerate(zip(columns, widths, strict=True)):
        sheet.set_column(index, index, width, formats.text if key in TEXT_KEYS else None)


def lay_out_print(sheet: Any, columns: Sequence[tuple[str, str]], rows: int) -> None:
    """Autofilter over the header and rows; A4 landscape, fit to the page width, header repeated."""
    last = max(len(columns) - 1, 0)
    sheet.autofilter(1, 0, 1 + rows, last)
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    sheet.set_footer(FOOTER)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
