"""Writing a list to an Excel workbook: one header row of labels, one row per record.

No cell is ever a formula: text that Excel (or WPS, or a CSV saved from it) would take for one, because it
begins with = + - @ or a tab (a name typed as "=HYPERLINK(…)", a note "-3组"), is written as a text cell
with Excel's quote prefix, so it shows and stays as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from township_desk.services.normalize import format_month
from township_desk.services.progress import Progress, no_progress

# Keys whose values stay text in Excel so that long digit strings are never turned into 1.1E+17.
TEXT_KEYS = frozenset({"id_number", "phone", "head_id_number"})
MONTH_KEYS = frozenset({"birth_date", "post_start"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    """Text a spreadsheet would read as a formula (or a DDE command) if it were typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def cell_value(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return format_month(value) if key in MONTH_KEYS else value.isoformat()
    if key in TEXT_KEYS:
        return str(value)
    return value


Sheet = tuple[
    str, Sequence[tuple[str, str]], Iterable[Mapping[str, Any]]
]  # title, (key, label) columns, rows


def write_workbook(
    path: Path | str,
    sheet_title: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Mapping[str, Any]],
    total: int = 0,
    progress: Progress = no_progress,
    log: bool = True,
) -> int:
    """Write rows (dicts) under the labels of columns ((key, label) pairs); returns the row count.

    The file is written to a temporary name and moved into place, so a failed export never
    leaves half a workbook under the user's file name. ID numbers are masked for the 查看 role and when the
    setting 隐藏身份证号 is on; the export is written to the operation log (log=False: the caller logs).
    """
    return write_sheets(path, [(sheet_title, columns, rows)], total, progress, log=log)


def write_sheets(
    path: Path | str,
    sheets: Sequence[Sheet],
    total: int = 0,
    progress: Progress = no_progress,
    *,
    log: bool = True,
    wide_keys: frozenset[str] = frozenset(),
    number_keys: frozenset[str] = frozenset(),
) -> int:
    """Several sheets in one workbook under the rules of write_workbook (no formulas, ID numbers as masked
    text, written whole or not at all, logged); returns the rows written. Columns in wide_keys get room for
    prose; text in number_keys columns (e.g. training days "1.5") is written as a number that Excel can sum."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from township_desk import masking

    path = Path(path)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    mask_ids, mask_phones = masking.on_paper(), masking.phones_masked()
    count = 0
    for sheet_title, columns, rows in sheets:
        sheet = workbook.create_sheet(sheet_title[:31] or "Sheet1")
        for index, (key, label) in enumerate(columns):
            width = 40 if key in wide_keys else (22 if key in TEXT_KEYS else max(8, len(label) * 2 + 2))
            sheet.column_dimensions[_letter(index)].width = width
        header = []
        for _key, label in columns:
            cell = WriteOnlyCell(sheet, value=label)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            if mask_ids or mask_phones:
                row = masking.mask_paper_row(row, mask_ids, mask_phones)
            cells = []
            for key, _label in columns:
                value = cell_value(key, row.get(key))
                if key in number_keys and isinstance(value, str) and value:
                    try:
                        value = float(value)
                    except ValueError:
                        pass
                if key in TEXT_KEYS or looks_like_formula(value):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "@"
                    if looks_like_formula(value):
                        cell.data_type = "s"  # openpyxl made "=…" a formula: keep it the text it is
                        cell.quotePrefix = True
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
            count += 1
            if count % 1000 == 0:
                progress(count, total)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    workbook.save(temporary)
    temporary.replace(path)
    progress(count, total or count)
    if log:
        from township_desk.services import audit

        audit.personal_data_out("导出", "、".join(title for title, _c, _r in sheets), count, path)
    return count


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
