"""Workbooks as offices keep them, written by the tests themselves: .xlsx, .xls (xlwt), .et, .ods (odfpy), .csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

from township_desk.services.id_numbers import make_id_number

MAN_1980 = make_id_number("430725", dt.date(1980, 1, 15), 12, male=True)
WOMAN_1985 = make_id_number("430725", dt.date(1985, 6, 3), 4, male=False)
MAN_1990 = make_id_number("430725", dt.date(1990, 11, 20), 31, male=True)

ROSTER_HEADER = ["序号", "姓名", "身份证号码", "村(社区)", "现任职务", "任职时间", "联系电话"]
ROSTER_ROWS: list[list[Any]] = [
    [1, "张三", MAN_1980, "桃花村", "党组织书记", "2021.05", "13812345678"],
    [2, "李秀英", WOMAN_1985, "杏林村", "委员", "2021.05", "13912345678"],
    [3, "阿依古丽·买买提", MAN_1990, "杏林村", "委员", "", ""],
]


def write_xlsx(
    path: Path,
    sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]],
    hidden: Sequence[str] = (),
    merges: dict[str, Sequence[str]] | None = None,
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(title, ()):
            sheet.merge_cells(cells)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def write_xls(
    path: Path,
    sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]],
    hidden: Sequence[str] = (),
    merges: dict[str, Sequence[tuple[int, int, int, int]]] | None = None,
) -> Path:
    """An Excel 97–2003 file; merges are (first row, last row, first column, last column), 0-based."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets:
        sheet = book.add_sheet(title)
        if title in hidden:
            sheet.visibility = 1
        merged = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in (merges or {}).get(title, ())}
        covered = {
            (r, c)
            for (r0, c0), (r1, c1) in merged.items()
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
        }
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    r1, c1 = merged[(r, c)]
                    sheet.write_merge(r, r1, c, c1, value)
                elif (r, c) not in covered and value not in (None, ""):
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, title: str, rows: Sequence[Sequence[Any]]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=title)
    for row in rows:
        table_row = TableRow()
        for value in row:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if value is None else str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str) -> Path:
    """A .csv as Excel saves it: encoding "gbk" (CSV on a Chinese Windows), "utf-8-sig" (CSV UTF-8) or "utf-8"."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def roster(title: str = "县村(社区)干部花名册") -> list[list[Any]]:
    return [[title], ROSTER_HEADER, *ROSTER_ROWS]
