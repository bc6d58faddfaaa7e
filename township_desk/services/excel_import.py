"""Reading an office's workbook: choose the sheet, find the header wherever it is (one row or a group row over
a sub-header row), map columns, list refused rows, ignored columns and per-row warnings.

A subject describes its columns (ImportColumn) and turns one row's raw values into a record or a
refusal; this module does the reading (through services.workbook_reader: .xlsx, .xls, .et, .ods,
.csv), the header search and the bookkeeping, and knows nothing of any subject.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from township_desk.services import column_mapping
from township_desk.services.normalize import DateParseError, clean_name, clean_text, format_month, parse_date
from township_desk.services.progress import Progress, no_progress
from township_desk.services.workbook_reader import ImportFileError, RawSheet, RawWorkbook, read_workbook

__all__ = [
    "ImportFileError",
    "SheetChoiceNeeded",
    "HeaderNotRecognised",
    "RowRefused",
    "ImportColumn",
    "ImportPlan",
    "plan_import",
]

T = TypeVar("T")
HEADER_SEARCH_ROWS = 30
# Header cells that never carry data worth importing: not listed among the ignored columns.
_UNLISTED = frozenset({"序号", "编号", "序", "no", "行号"})


class SheetChoiceNeeded(ImportFileError):
    """More than one visible sheet has a usable header; the user must name one (--sheet, or the chooser)."""

    def __init__(self, file_name: str, sheets: list[str]) -> None:
        self.sheets = sheets
        super().__init__(
            f"“{file_name}”中有 {len(sheets)} 个工作表含可导入的表头：{'、'.join(sheets)}。"
            "请指定要导入的工作表（命令行：--sheet 工作表名）。"
        )


class HeaderNotRecognised(ImportFileError):
    """No usable header, or one without a required column: the user may say which column is which.

    headers: the texts of the row taken for the header (what a column-mapping step lists)."""

    def __init__(self, message: str, sheet: str, headers: list[str]) -> None:
        self.sheet = sheet
        self.headers = headers
        super().__init__(message)


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
    """A refused row, or (in ImportPlan.warnings) a taken row with something the user should know."""

    sheet_row: int
    name: str
    reason: str

    def line(self) -> str:
        who = f"（{self.name}）" if self.name else ""
        return f"第 {self.sheet_row} 行{who}：{self.reason}"


@dataclass
class ImportPlan(Generic[T]):
    """What an import would do: the records to write (by sheet row), the refused rows, the warnings."""

    file: Path
    sheet: str
    header_row: int  # the last header row (data start below it)
    columns: dict[str, str]  # key → header text found in the sheet
    accepted: list[tuple[int, T]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[Refusal] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # header texts of columns no field takes
    header_first: int = 0  # the first header row when the header has two rows (a group row above)
    file_kind: str = "Excel"
    headers: list[str] = field(
        default_factory=list
    )  # the header row's texts (what a remembered mapping is keyed by)
    mapped: dict[str, str] = field(default_factory=dict)  # header text → key placed by a column mapping

    @property
    def total(self) -> int:
        return len(self.accepted) + len(self.refused)

    def header_text(self) -> str:
        if self.header_first and self.header_first != self.header_row:
            return f"表头在第 {self.header_first}—{self.header_row} 行"
        return f"表头在第 {self.header_row} 行"

    def ignored_text(self) -> str:
        return f"未识别的列：{'、'.join(self.ignored)}，已忽略" if self.ignored else ""


@dataclass
class Table:
    """A located header in one sheet, and the rows below it."""

    sheet: str
    header_first: int
    header_row: int
    names: dict[str, str]
    ignored: list[str]
    rows: Iterator[tuple[int, dict[str, Any]]]
    estimate: int
    file_kind: str
    headers: list[str] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)


def header_key(text: object) -> str:
    """A header cell reduced to what identifies it: no spaces, marks, brackets or asterisks."""
    value = clean_text(text).replace("（", "(").replace("）", ")")
    return re.sub(r"[\s*＊:：()\[\]【】/、.]", "", value).lower()


def _note_free_key(text: object) -> str:
    """The header without a note in brackets: 身份证号码（18位） → 身份证号码, 出生年月（例：1980.01） → 出生年月."""
    value = clean_text(text).replace("（", "(").replace("）", ")").replace("【", "(").replace("】", ")")
    return header_key(re.sub(r"\([^()]*\)", "", value))


@functools.lru_cache(maxsize=64)
def _lookup(columns: tuple[ImportColumn, ...]) -> dict[str, list[ImportColumn]]:
    """Header key → the columns it names (in the subject's order), built once per column set."""
    table: dict[str, list[ImportColumn]] = {}
    for column in columns:
        for key in column.header_keys():
            table.setdefault(key, []).append(column)
    return table


def _column_for(text: object, columns: Sequence[ImportColumn], found: dict[str, int]) -> ImportColumn | None:
    lookup = _lookup(tuple(columns))
    keys = [header_key(text)]
    if keys[0]:
        keys.append(_note_free_key(text))
    for key in keys:
        for column in lookup.get(key, ()) if key else ():
            if column.key not in found:
                return column
    return None


def field_for(text: object, columns: Sequence[ImportColumn]) -> str:
    """The key of the field this header text names by itself, or "" (what a column-mapping step proposes)."""
    column = _column_for(text, columns, {})
    return column.key if column is not None else ""


@dataclass
class _Header:
    first: int  # 0-based index of the first header row
    last: int  # 0-based index of the last header row
    positions: dict[str, int]
    names: dict[str, str]
    ignored: list[str]
    texts: list[str] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)


Mapped = dict[str, str]  # header_key(text) → field key ("" = ignore), as column_mapping.resolve gives it


def _filled(rows: list[list[Any]], merged: Sequence[Any], index: int) -> list[Any]:
    """Row `index` with the value of a merged cell repeated over every cell of the row it covers."""
    row = list(rows[index]) if index < len(rows) else []
    for (r0, c0), (r1, c1) in merged:
        if r0 <= index <= r1 and (c1 > c0 or r1 > r0) and r0 < len(rows) and 0 <= c0 < len(rows[r0]):
            value = rows[r0][c0]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(max(c0, 0), c1 + 1):
                row[c] = value
    return row


def _match(
    upper: list[Any], lower: list[Any] | None, columns: Sequence[ImportColumn], mapping: Mapped | None = None
) -> _Header:
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    mapped: dict[str, str] = {}
    width = max(len(upper), len(lower or []))
    all_candidates: list[list[Any]] = []
    for c in range(width):
        top = upper[c] if c < len(upper) else None
        candidates: list[Any] = [top]
        if lower is not None:
            sub = lower[c] if c < len(lower) else None
            if clean_text(sub):
                candidates = [sub, clean_text(top) + clean_text(sub), top]
        all_candidates.append(candidates)
    settled: set[int] = set()
    told = mapping or {}
    for c, candidates in enumerate(all_candidates) if told else ():  # the user's word comes first
        for text in candidates:
            key = header_key(text)
            if key and key in told and told[key] not in positions:
                settled.add(c)
                if told[key]:
                    positions[told[key]], names[told[key]] = c, clean_text(text)
                mapped[clean_text(text)] = told[key]
                break
    for c, candidates in enumerate(all_candidates):
        if c in settled:
            continue
        top = candidates[-1]
        placed = False
        for text in candidates:
            if not clean_text(text):
                continue
            column = _column_for(text, columns, positions)
            if column is not None:
                positions[column.key], names[column.key] = c, clean_text(text)
                placed = True
                break
        shown = clean_text(candidates[0]) or clean_text(top)
        if not placed and shown and header_key(shown) not in _UNLISTED and shown not in ignored:
            ignored.append(shown)
    texts = [clean_text(c[0]) or clean_text(c[-1]) for c in all_candidates]
    return _Header(0, 0, positions, names, ignored, texts, mapped)


def _find_header(
    rows: list[list[Any]],
    merged: Sequence[Any],
    columns: Sequence[ImportColumn],
    mapping: Mapped | None = None,
) -> _Header | None:
    """The best header in the top rows: most columns placed; one row preferred over two on a tie."""
    best: tuple[int, int, _Header] | None = None
    filled = [_filled(rows, merged, i) for i in range(len(rows))]
    for index in range(len(rows)):
        single = _match(filled[index], None, columns, mapping)
        single.first = single.last = index
        options = [(len(single.positions), 1, single)]
        if index + 1 < len(rows):
            double = _match(filled[index], filled[index + 1], columns, mapping)
            double.first, double.last = index, index + 1
            options.append((len(double.positions), 0, double))
        for count, prefer, header in options:
            if count >= (1 if mapping and header.mapped else 2) and (
                best is None or (count, prefer) > best[:2]
            ):
                best = (count, prefer, header)
    if best is None:
        return None
    header = best[2]
    if header.first == header.last:
        header.first = _group_row_above(header, rows, merged)
    return header


def _group_row_above(header: _Header, rows: list[list[Any]], merged: Sequence[Any]) -> int:
    """The first row of a header read from one row whose cells merge with the row above (a group cell such as
    基本情况 over 姓名/性别/民族, or 身份证号码 merged down over two rows)."""
    last = header.last
    width = sum(1 for cell in rows[last] if clean_text(cell))
    for (r0, c0), (r1, c1) in merged:
        if r0 < last <= r1 or (r0 == r1 == last - 1 and 0 < c1 - c0 + 1 < width):
            return last - 1
    return last


def _data_rows(
    sheet: RawSheet, first: int, positions: dict[str, int]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet row number, raw values by key) for every non-empty row from index `first` on.

    A cell merged down over several rows (a village written once beside all its cadres) counts in each of them.
    """
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 > r0 and r1 >= first:
            starts.setdefault(r0, []).append((c0, r1, c1))
    active: list[tuple[int, int, int, Any]] = []  # (last row, first column, last column, value)
    for index, cells in enumerate(sheet.rows()):
        if index in starts:
            active += [
                (r1, c0, c1, cells[c0] if 0 <= c0 < len(cells) else None) for c0, r1, c1 in starts[index]
            ]
        if active:
            active = [fill for fill in active if fill[0] >= index]
            if index >= first:
                cells = _spread(cells, active, index, starts.get(index, ()))
        if index < first:
            continue
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        yield index + 1, {key: (cells[i] if i < len(cells) else None) for key, i in positions.items()}


def _spread(
    cells: list[Any],
    active: list[tuple[int, int, int, Any]],
    index: int,
    starting: Sequence[tuple[int, int, int]],
) -> list[Any]:
    cells = list(cells)
    begun = {c0 for c0, _r1, _c1 in starting}
    for _last, c0, c1, value in active:
        if c0 in begun:
            continue  # the merge's own first row already holds the value
        if len(cells) <= c1:
            cells.extend([None] * (c1 + 1 - len(cells)))
        for c in range(max(c0, 0), c1 + 1):
            cells[c] = value
    return cells


def _missing(header: _Header, columns: Sequence[ImportColumn]) -> list[str]:
    return [c.label for c in columns if c.required and c.key not in header.positions]


def _top_rows(sheet: RawSheet) -> list[list[Any]]:
    top: list[list[Any]] = []
    for row in sheet.rows():
        top.append(row)
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    return top


def _sheet_header(
    sheet: RawSheet, columns: Sequence[ImportColumn], mapping: Mapped | None = None
) -> _Header | None:
    top = _top_rows(sheet)
    if mapping is None:
        mapping = _remembered_mapping(top, sheet.merged, columns)
    return _find_header(top, sheet.merged, columns, mapping)


def _remembered_mapping(
    top: list[list[Any]], merged: Sequence[Any], columns: Sequence[ImportColumn]
) -> Mapped | None:
    """The mapping remembered for a row of these top rows (the same header texts seen before), if any."""
    context = column_mapping.active()
    if context is None or not context.remembered:
        return None
    for index in range(len(top)):
        found = context.remembered.get(column_mapping.headers_hash(_filled(top, merged, index)))
        if found is not None:
            try:
                return column_mapping.resolve(found, columns)
            except column_mapping.MappingRefused:
                return None  # the subject's fields changed since: ask again rather than refuse the file
    return None


def _guess_headers(sheet: RawSheet) -> list[str]:
    """The texts of the row most likely to be the header: the first of the fullest rows near the top."""
    top = _top_rows(sheet)
    best = max(range(len(top)), key=lambda i: (sum(1 for v in top[i] if clean_text(v)), -i), default=None)
    return [clean_text(v) for v in _filled(top, sheet.merged, best)] if best is not None else []


def _table(book: RawWorkbook, sheet: RawSheet, header: _Header, columns: Sequence[ImportColumn]) -> Table:
    missing = _missing(header, columns)
    if missing:
        raise HeaderNotRecognised(
            f"工作表“{sheet.name}”第 {header.last + 1} 行是表头，但缺少必需的列：{'、'.join(missing)}。",
            sheet.name,
            header.texts,
        )
    first_data = header.last + 1
    return Table(
        sheet.name,
        header.first + 1,
        header.last + 1,
        header.names,
        header.ignored,
        _data_rows(sheet, first_data, header.positions),
        max(0, sheet.height - first_data),
        book.kind,
        header.texts,
        header.mapped,
    )


def read_table(
    path: Path | str,
    columns: Sequence[ImportColumn],
    sheet_name: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Table:
    """Locate the header: in the named sheet, or in the one visible sheet that has one.

    mapping ({header text: field key, "" to ignore}) says which column is which where the header texts are
    not the importer's; without one, the active column_mapping context's explicit mapping, or a mapping
    remembered for the same header texts, is used. Refused (MappingRefused) when it names an unknown field
    or two columns for one field. Raises SheetChoiceNeeded when several visible sheets have a usable header
    and none was named; HeaderNotRecognised when no header (or one without a required column) is found;
    hidden sheets are never taken.
    """
    path = Path(path)
    context = column_mapping.active()
    if mapping is None and context is not None:
        mapping = context.explicit
    resolved = column_mapping.resolve(mapping, columns) if mapping is not None else None
    book = read_workbook(path)
    if sheet_name is not None:
        wanted = clean_text(sheet_name)
        sheet = next((s for s in book.sheets if clean_text(s.name) == wanted), None)
        if sheet is None:
            if wanted in (clean_text(h) for h in book.hidden):
                raise ImportFileError(f"工作表“{wanted}”是隐藏的，不导入。请先在 Excel 或 WPS 中取消隐藏。")
            names = "、".join(s.name for s in book.sheets)
            raise ImportFileError(f"“{path.name}”中没有工作表“{wanted}”。可选的工作表：{names}。")
        header = _sheet_header(sheet, columns, resolved)
        if header is None:
            raise HeaderNotRecognised(
                f"在工作表“{sheet.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头。",
                sheet.name,
                _guess_headers(sheet),
            )
        return _table(book, sheet, header, columns)
    found = [(s, h) for s in book.sheets if (h := _sheet_header(s, columns, resolved)) is not None]
    complete = [(s, h) for s, h in found if not _missing(h, columns)]
    if len(complete) > 1:
        raise SheetChoiceNeeded(path.name, [s.name for s, _h in complete])
    if complete:
        return _table(book, *complete[0], columns)
    if found:
        sheet, header = max(found, key=lambda pair: len(pair[1].positions))
        return _table(book, sheet, header, columns)
    labels = "、".join(c.label for c in columns[:6])
    skipped = f"（已跳过隐藏的工作表：{'、'.join(book.hidden)}）" if book.hidden else ""
    first = book.sheets[0] if book.sheets else None
    raise HeaderNotRecognised(
        f"在“{path.name}”的前 {HEADER_SEARCH_ROWS} 行中找不到表头（应含 {labels} 等列）{skipped}。",
        first.name if first else "",
        _guess_headers(first) if first else [],
    )


def sheet_candidates(path: Path | str, columns: Sequence[ImportColumn]) -> list[str]:
    """The visible sheets whose header has every required column (what a sheet chooser offers)."""
    book = read_workbook(path)
    return [
        s.name
        for s in book.sheets
        if (h := _sheet_header(s, columns)) is not None and not _missing(h, columns)
    ]


def id_number_key(key: str) -> str:
    return f"身份证号 {key}"


def plan_import(
    path: Path | str,
    columns: Sequence[ImportColumn],
    convert: Callable[[dict[str, Any]], T],
    key_of: Callable[[T], str | None],
    existing: Callable[[str], str | None],
    name_of: Callable[[dict[str, Any]], str],
    progress: Progress = no_progress,
    sheet: str | None = None,
    describe_key: Callable[[str], str] = id_number_key,
    mapping: dict[str, str] | None = None,
) -> ImportPlan[T]:
    """Read a workbook and decide for every row: accepted (perhaps with warnings), or refused with its reason.

    convert turns raw values into a record or raises RowRefused; a record's `warnings` attribute (a
    tuple of Chinese texts), when it has one, is listed against its row. key_of gives the record's
    identity (an ID number) used to refuse duplicates; existing(key) names who already holds that
    key in the database, or None.
    """
    path = Path(path)
    table = read_table(path, columns, sheet, mapping)
    plan: ImportPlan[T] = ImportPlan(
        path,
        table.sheet,
        table.header_row,
        table.names,
        ignored=table.ignored,
        header_first=table.header_first,
        file_kind=table.file_kind,
        headers=table.headers,
        mapped=table.mapped,
    )
    seen: dict[str, int] = {}
    estimate = table.estimate
    for count, (number, raw) in enumerate(table.rows, 1):
        if count % 200 == 0:
            progress(count, estimate)
        try:
            record = convert(raw)
            key = key_of(record)
            if key is not None:
                if key in seen:
                    raise RowRefused(f"与第 {seen[key]} 行是同一人（{describe_key(key)} 重复）")
                holder = existing(key)
                if holder is not None:
                    raise RowRefused(f"已在库中（{describe_key(key)}，{holder}），不重复导入")
                seen[key] = number
        except RowRefused as exc:
            plan.refused.append(Refusal(number, _shown_name(name_of, raw), str(exc)))
            continue
        plan.accepted.append((number, record))
        for text in getattr(record, "warnings", ()):
            plan.warnings.append(Refusal(number, _shown_name(name_of, raw), text))
    progress(estimate, estimate)
    return plan


def _shown_name(name_of: Callable[[dict[str, Any]], str], raw: dict[str, Any]) -> str:
    """The row's name as a message can show it (control characters made visible)."""
    return "".join(f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch for ch in name_of(raw))


# ---- rules shared by the subjects' converters

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_GOOD_NAME = re.compile(f"[{_HAN}·A-Za-z]{{2,20}}")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0xFE00 <= code <= 0xFE0F
        or code == 0x200D
        or unicodedata.category(ch) == "So"
    )


def person_name(value: object, label: str = "姓名") -> str:
    """A name as imported: 2–20 characters of Chinese, · or letters; raises RowRefused naming what is wrong."""
    raw = "" if value is None else str(value)
    if _CONTROL.search(raw):
        raise RowRefused(f"{label}中含有控制字符（不可见的特殊字符），请重新输入{label}")
    name = clean_name(value)
    if _GOOD_NAME.fullmatch(name):
        return name
    if not name:
        raise RowRefused(f"没有{label}")
    if any(_is_emoji(ch) for ch in name):
        raise RowRefused(f"{label}“{name}”中含有表情符号，{label}只能由汉字、字母和“·”组成")
    bad = [ch for ch in name if not (_HAN_CHAR.match(ch) or ch == "·" or (ch.isalpha() and ch.isascii()))]
    if bad:
        raise RowRefused(
            f"{label}“{name}”中含有“{''.join(dict.fromkeys(bad))}”，{label}只能由汉字、字母和“·”组成"
        )
    if not 2 <= len(name) <= 20:
        raise RowRefused(f"{label}“{name}”应为 2—20 个字")
    return name


def row_date(raw: dict[str, Any], key: str, label: str) -> Any:
    """A date cell of an imported row (None when empty); RowRefused naming the column when it cannot be read."""
    from township_desk.services.normalize import DateParseError, parse_date

    try:
        return parse_date(raw.get(key))
    except DateParseError as exc:
        raise RowRefused(f"{label}{exc}") from exc


def row_id_number(raw: dict[str, Any], key: str = "id_number") -> Any:
    """The row's ID number checked and read (number, sex, birth date); RowRefused saying what is wrong."""
    from township_desk.services.id_numbers import IdNumberError, parse_id_number

    try:
        return parse_id_number(raw.get(key))
    except IdNumberError as exc:
        raise RowRefused(str(exc)) from exc


def id_mismatches(raw: dict[str, Any], sex: str, birth: Any) -> tuple[str, ...]:
    """What the sheet's 性别 and 出生年月 say against the ID number (which wins): one text each."""
    found: list[str] = []
    sheet_sex = clean_text(raw.get("sex"))
    if sheet_sex and sheet_sex not in (sex, sex[:1]):
        found.append(f"表中性别“{sheet_sex}”与身份证号（{sex}）不符，已按身份证号登记")
    text = clean_text(raw.get("birth_date"))
    if text:
        try:
            stated = parse_date(raw.get("birth_date"))
        except DateParseError:
            stated = None
        if stated is None:
            found.append(f"表中出生年月“{text}”无法识别，已按身份证号（{format_month(birth)}）登记")
        elif (stated.year, stated.month) != (birth.year, birth.month):
            found.append(
                f"表中出生年月 {format_month(stated)} 与身份证号（{format_month(birth)}）不符，已按身份证号登记"
            )
    return tuple(found)
