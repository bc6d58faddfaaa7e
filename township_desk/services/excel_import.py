"""Reading an office's Excel workbook: find the header row wherever it is, map columns, list refused rows.

A subject describes its columns (ImportColumn) and turns one row's raw values into a record or a
refusal; this module does the reading, the header search and the bookkeeping, and knows nothing
of any subject.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from township_desk.services.normalize import clean_text
from township_desk.services.progress import Progress, no_progress

T = TypeVar("T")
HEADER_SEARCH_ROWS = 30


class ImportFileError(Exception):
    """The file cannot be read at all; str() is a Chinese message. Nothing is written."""


class RowRefused(ValueError):
    """One row cannot be taken; str() is the Chinese reason."""


@dataclass(frozen=True)
class ImportColumn:
    """A column a subject can take, with the header texts offices use for it."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def header_keys(self) -> set[str]:
        return {header_key(text) for text in (self.label, *self.aliases)}


@dataclass(frozen=True)
class Refusal:
    sheet_row: int
    name: str
    reason: str

    def line(self) -> str:
        who = f"（{self.name}）" if self.name else ""
        return f"第 {self.sheet_row} 行{who}：{self.reason}"


@dataclass
class ImportPlan(Generic[T]):
    """What an import would do: the records to write (by sheet row) and the refused rows."""

    file: Path
    sheet: str
    header_row: int
    columns: dict[str, str]  # key → header text found in the sheet
    accepted: list[tuple[int, T]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.accepted) + len(self.refused)


def header_key(text: object) -> str:
    """A header cell reduced to what identifies it: no spaces, marks, brackets or asterisks."""
    value = clean_text(text).replace("（", "(").replace("）", ")")
    return re.sub(r"[\s*＊:：()\[\]【】/、.]", "", value).lower()


def _match_header(cells: Sequence[Any], columns: Sequence[ImportColumn]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        for column in columns:
            if column.key not in found and key in column.header_keys():
                found[column.key] = index
                break
    return found


def _open_workbook(path: Path) -> Any:
    import openpyxl

    if not path.exists():
        raise ImportFileError(f"找不到文件：{path}")
    if path.suffix.lower() == ".xls":
        raise ImportFileError("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入。")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError(f"无法读取“{path.name}”：它不是有效的 Excel（.xlsx）文件，或文件已损坏。") from exc


def _find_header(
    rows: list[tuple[Any, ...]], columns: Sequence[ImportColumn]
) -> tuple[int, dict[str, int]] | None:
    best: tuple[int, dict[str, int]] | None = None
    for index, cells in enumerate(rows):
        found = _match_header(cells, columns)
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (index, found)
    return best


def _data_rows(sheet: Any, first: int, positions: dict[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet row number, raw values by key) for every non-empty row from `first` on."""
    for number, cells in enumerate(sheet.iter_rows(min_row=first, values_only=True), first):
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        yield number, {key: (cells[i] if i < len(cells) else None) for key, i in positions.items()}


def read_table(
    path: Path, columns: Sequence[ImportColumn]
) -> tuple[str, int, dict[str, str], Iterator[tuple[int, dict[str, Any]]], int]:
    """Locate the header in the first sheet that has one; return the sheet, header row, column map,
    an iterator of (sheet row number, raw values by key) and the number of data rows (an estimate)."""
    workbook = _open_workbook(path)
    for sheet in workbook.worksheets:
        top = [tuple(row) for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
        header = _find_header(top, columns)
        if header is None:
            continue
        header_index, positions = header
        missing = [c.label for c in columns if c.required and c.key not in positions]
        if missing:
            raise ImportFileError(
                f"工作表“{sheet.title}”第 {header_index + 1} 行是表头，但缺少必需的列：{'、'.join(missing)}。"
            )
        names = {key: clean_text(top[header_index][i]) for key, i in positions.items()}
        first_data = header_index + 2
        # sheet.max_row would scan the whole sheet when the file does not declare its size: use the
        # declared size only (0 means "unknown" and the progress bar just shows activity).
        declared = getattr(sheet, "_max_row", None)
        estimate = max(0, declared - header_index - 1) if declared else 0

        return sheet.title, header_index + 1, names, _data_rows(sheet, first_data, positions), estimate
    labels = "、".join(c.label for c in columns[:6])
    raise ImportFileError(f"在“{path.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头（应含 {labels} 等列）。")


def plan_import(
    path: Path | str,
    columns: Sequence[ImportColumn],
    convert: Callable[[dict[str, Any]], T],
    key_of: Callable[[T], str | None],
    existing: Callable[[str], str | None],
    name_of: Callable[[dict[str, Any]], str],
    progress: Progress = no_progress,
) -> ImportPlan[T]:
    """Read a workbook and decide for every row: accepted, or refused with its reason.

    convert turns raw values into a record or raises RowRefused; key_of gives the record's
    identity (an ID number) used to refuse duplicates; existing(key) names who already holds
    that key in the database, or None.
    """
    path = Path(path)
    sheet, header_row, names, rows, estimate = read_table(path, columns)
    plan: ImportPlan[T] = ImportPlan(path, sheet, header_row, names)
    seen: dict[str, int] = {}
    for count, (number, raw) in enumerate(rows, 1):
        if count % 200 == 0:
            progress(count, estimate)
        try:
            record = convert(raw)
            key = key_of(record)
            if key is not None:
                if key in seen:
                    raise RowRefused(f"与第 {seen[key]} 行是同一人（身份证号 {key} 重复）")
                holder = existing(key)
                if holder is not None:
                    raise RowRefused(f"已在库中（身份证号 {key}，{holder}），不重复导入")
                seen[key] = number
        except RowRefused as exc:
            plan.refused.append(Refusal(number, name_of(raw), str(exc)))
            continue
        plan.accepted.append((number, record))
    progress(estimate, estimate)
    return plan
