"""Writing lists to an Excel workbook: a title row, a header row of labels, one row per record.

One writer for every export, xlsxwriter in constant-memory mode (rows go to disk as they are written: a
318,000-row export holds one row in memory, not the sheet). Its rules:

- No cell is ever a formula: every text is written with write_string, and text that Excel (or WPS, or a
  CSV saved from it) would take for one, because it begins with = + - @ or a tab (a name typed as
  "=HYPERLINK(…)", a note "-3组"), also gets Excel's quote prefix, so it stays as typed when edited.
- ID numbers and phone numbers are text ("@"), never 4.30725E+17; ID numbers are masked for the 查看 role
  and when the setting 隐藏身份证号 is on.
- Dates are Excel dates (yyyy-mm-dd; yyyy.mm for months kept to the month), numbers are numbers.
- The workbook is written whole or not at all: to a temporary file beside the target
  (.~township-desk-export-*.tmp), renamed at the end, removed on error or cancel.
- The export is written to the operation log (操作日志).

The look (title, frozen header, autofilter, widths, print set-up) is services.excel_layout.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from township_desk.services import excel_layout as layout
from township_desk.services.excel_layout import MONTH_KEYS, TEXT_KEYS
from township_desk.services.progress import Progress, no_progress

__all__ = [
    "FORMULA_STARTS",
    "MONTH_KEYS",
    "TEMP_PREFIX",
    "TEXT_KEYS",
    "Sheet",
    "looks_like_formula",
    "write_sheets",
    "write_workbook",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = "".join(FORMULA_STARTS)
TEMP_PREFIX = ".~township-desk-export-"  # + token + ".tmp": a half-written export (swept at start-up)
TEMP_SUFFIX = ".tmp"
EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (serial numbers from 1900-03-01 on)
PROGRESS_EVERY = 1000

Row = Mapping[str, Any] | Sequence[Any]  # a dict by key, or the values in the columns' order
Sheet = tuple[str, Sequence[tuple[str, str]], Iterable[Row]]  # title, (key, label) columns, rows


def looks_like_formula(value: object) -> bool:
    """Text a spreadsheet would read as a formula (or a DDE command) if it were typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def write_workbook(
    path: Path | str,
    sheet_title: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Row],
    total: int = 0,
    progress: Progress = no_progress,
    log: bool = True,
) -> int:
    """Write rows under the labels of columns ((key, label) pairs); returns the row count.

    A row is a dict by key, or a tuple of the values in the columns' order (cheaper for big exports).
    The export follows the rules above; log=False: the caller logs it.
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
    headings: Sequence[str] | None = None,
) -> int:
    """Several sheets in one workbook under the rules of write_workbook; returns the rows written. Columns in
    wide_keys get room for prose; text in number_keys columns (e.g. training days "1.5") is written as a
    number that Excel can sum. `headings`: each sheet's title row, where it says more than the sheet's name
    (a statistics table's full title); by default the township, the name and the date."""
    import xlsxwriter

    from township_desk import masking

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mask = (masking.on_paper(), masking.phones_masked())
    heading = _heading_parts()
    temporary = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}")
    count = 0
    try:
        with tempfile.TemporaryDirectory(prefix="township-desk-xlsx-", ignore_cleanup_errors=True) as scratch:
            workbook = xlsxwriter.Workbook(
                str(temporary), {"constant_memory": True, "tmpdir": scratch, "strings_to_numbers": False}
            )
            try:
                formats = layout.make_formats(workbook)
                taken: set[str] = set()
                for index, (title, columns, rows) in enumerate(sheets):
                    sheet = workbook.add_worksheet(layout.sheet_name(title, taken))
                    writer = _SheetWriter(sheet, formats, columns, mask, number_keys)
                    top = headings[index] if headings else layout.sheet_heading(title, *heading)
                    count = writer.write(top, rows, wide_keys, count, total, progress)
                _close(workbook)
            except BaseException:
                _discard(workbook)
                raise
        try:
            os.replace(temporary, path)
        except PermissionError as exc:  # the target is open in Excel/WPS (Windows): name it, not the temp
            raise PermissionError(exc.errno, exc.strerror, str(path)) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    progress(count, total or count)
    if log:
        from township_desk.services import audit

        audit.personal_data_out("导出", "、".join(title for title, _c, _r in sheets), count, path)
    return count


class _SheetWriter:
    """One sheet's rows, each cell written by its Python type with the column's format."""

    def __init__(
        self,
        sheet: Any,
        formats: layout.SheetFormats,
        columns: Sequence[tuple[str, str]],
        mask: tuple[bool, bool],
        number_keys: frozenset[str],
    ) -> None:
        self.sheet = sheet
        self.formats = formats
        self.columns = columns
        self.keys = [key for key, _label in columns]
        self.masked = _masked_columns(self.keys, *mask)
        self.as_text = [key in TEXT_KEYS for key in self.keys]
        self.as_number = [key in number_keys for key in self.keys]
        self.text_format = [formats.text if key in TEXT_KEYS else None for key in self.keys]
        self.date_format = [formats.month if key in MONTH_KEYS else formats.day for key in self.keys]

    def write(
        self,
        heading: str,
        rows: Iterable[Row],
        wide_keys: frozenset[str],
        done: int,
        total: int,
        progress: Progress,
    ) -> int:
        """Title, header and rows; returns done plus the rows written (progress counts across sheets)."""
        source = iter(rows)
        try:
            values = self._values(source)
            first = list(itertools.islice(values, layout.WIDTH_ROWS))
            layout.lay_out_top(self.sheet, self.formats, heading, self.columns)
            widths = layout.column_widths(self.columns, first, wide_keys)
            layout.set_widths(self.sheet, self.formats, self.columns, widths)
            written = 0
            put = self._put
            for written, row in enumerate(itertools.chain(first, values), 1):
                put(written + 1, row)
                if written % PROGRESS_EVERY == 0:
                    progress(done + written, total)
        finally:  # a source left unfinished (error, cancel) lets go of its cursor now, not when collected
            close = getattr(source, "close", None)
            if close is not None:
                close()
        layout.lay_out_print(self.sheet, self.columns, written)
        return done + written

    def _values(self, rows: Iterator[Row]) -> Iterator[Sequence[Any]]:
        """Each row as values in the columns' order, ID numbers and phones masked where they must be."""
        first = next(rows, None)
        if first is None:
            return
        keys, masked = self.keys, self.masked
        for row in itertools.chain((first,), rows):
            values: Any = [row.get(key) for key in keys] if isinstance(row, Mapping) else row
            if masked:
                values = list(values)
                for index, mask in masked:
                    values[index] = mask(values[index])
            yield values

    def _put(self, row: int, values: Sequence[Any]) -> None:
        """One row of cells; an empty value (None, "", False) leaves its cell blank."""
        sheet, formats = self.sheet, self.formats
        write_string, write_number = sheet.write_string, sheet.write_number
        for column, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                if value[0] in _FORMULA_FIRST:
                    write_string(row, column, value, formats.quoted)
                elif self.as_number[column] and (number := _number(value)) is not None:
                    write_number(row, column, number)
                else:
                    write_string(row, column, value, self.text_format[column])
            elif kind is int or kind is float:
                if self.as_text[column]:
                    write_string(row, column, str(value), formats.text)
                else:
                    write_number(row, column, value)
            elif kind is date:
                write_number(row, column, value.toordinal() - EXCEL_EPOCH, self.date_format[column])
            elif value is None or value is False:
                continue
            elif value is True:
                write_string(row, column, "是")
            elif isinstance(value, datetime):
                serial = value.toordinal() - EXCEL_EPOCH
                seconds = value.hour * 3600 + value.minute * 60 + value.second
                write_number(row, column, serial + seconds / 86400, formats.moment)
            elif isinstance(value, date):
                write_number(row, column, value.toordinal() - EXCEL_EPOCH, self.date_format[column])
            elif isinstance(value, int | float):
                write_number(row, column, value)
            else:
                text = str(value)
                if text:
                    write_string(row, column, text, formats.quoted if looks_like_formula(text) else None)


def _number(text: str) -> float | None:
    """The number a text in a number column says ("1.5"), or None ("半天", "nan", "inf" stay text)."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _masked_columns(keys: Sequence[str], ids: bool, phones: bool) -> list[tuple[int, Callable[[Any], Any]]]:
    """The columns to mask and how (masking.masker: the 查看 role or the settings)."""
    from township_desk.masking import masker

    return [(index, mask) for index, key in enumerate(keys) if (mask := masker(key, ids, phones))]


def _heading_parts() -> tuple[str, date]:
    """The township's name (empty while the file has none) and the office's date, for the title row."""
    from township_desk.services import clock

    township = ""
    with contextlib.suppress(Exception):  # a workbook without an open file still gets its title
        from township_desk.services.settings import township_name

        township = township_name()
    return township, clock.today()


def _close(workbook: Any) -> None:
    """Finish the file; a file that cannot be created is the OSError it is (the window says it in Chinese)."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        raise (cause if isinstance(cause, OSError) else OSError(str(exc))) from exc


def _discard(workbook: Any) -> None:
    """Let go of the row files of a workbook that will not be closed (an error or a cancel mid-write)."""
    for sheet in workbook.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
