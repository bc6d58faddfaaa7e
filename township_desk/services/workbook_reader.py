"""Reading whatever workbook an office keeps: .xlsx/.xlsm, old .xls, WPS .et, .ods and .csv.

Excel-like files are read by python-calamine, which recognises the format by the content (a WPS .et
is an .xls or an .xlsx inside), not by the name. A .csv is decoded as UTF-8 (with or without its
byte-order mark) or, failing that, as GB18030 (which contains GBK, what Chinese Excel writes).
Only visible sheets are offered; hidden ones are named so that a message can say why they were skipped.
Nothing here knows of any subject: a sheet is rows of plain values.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ett", ".ods", ".xlsb")
TEXT_SUFFIXES = (".csv", ".txt")
OPEN_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.et *.ods *.csv);;所有文件 (*)"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"
_EXACT_INTEGERS = 10**15  # whole numbers below this are exact in a double: a phone, a count, a 15-digit ID


class ImportFileError(Exception):
    """The file cannot be read at all; str() is a Chinese message. Nothing is written."""


Merged = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first column), (last row, last column))


@dataclass
class RawSheet:
    """One visible sheet: its rows from sheet row 1 (index 0); an empty cell is None."""

    name: str
    _source: Any = None  # a calamine sheet, or the rows of a csv
    merged: list[Merged] = field(default_factory=list)
    height: int = 0

    def rows(self) -> Iterator[list[Any]]:
        if isinstance(self._source, list):
            yield from self._source
            return
        for row in self._source.iter_rows():
            yield [_value(cell) for cell in row]


@dataclass
class RawWorkbook:
    path: Path
    kind: str  # "Excel", "旧版 Excel（.xls）", "ODS", "CSV"
    sheets: list[RawSheet]
    hidden: list[str]


def _value(cell: Any) -> Any:
    if cell == "" and isinstance(cell, str):
        return None
    if type(cell) is float and cell.is_integer() and abs(cell) < _EXACT_INTEGERS:
        return int(cell)
    return cell


def read_workbook(path: Path | str) -> RawWorkbook:
    """Open a workbook or .csv; raises ImportFileError (a Chinese message) when it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"找不到文件：{path}")
    if path.is_dir():
        raise ImportFileError(
            f"“{path.name}”是一个文件夹，不是表格文件。请选择文件夹里的 Excel 或 CSV 文件。"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取“{path.name}”：{exc.strerror or exc}") from exc
    if not data.strip():
        raise ImportFileError(f"“{path.name}”是空文件（没有任何内容），请检查是否选错了文件。")
    if data.startswith(_ZIP_MAGIC):
        _refuse_other_office_files(path, data)
        return _read_calamine(path, data, "ODS" if _is_ods(data) else "Excel")
    if data.startswith(_OLE_MAGIC):
        return _read_calamine(path, data, "旧版 Excel（.xls）")
    if path.suffix.lower() in TEXT_SUFFIXES:
        return _read_csv(path, data)
    raise ImportFileError(
        f"无法读取“{path.name}”：它不是有效的 Excel 文件（.xlsx、.xls、.et、.ods），或文件已损坏。"
        "如果是 CSV 文本，请把扩展名改为 .csv。"
    )


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def _is_ods(data: bytes) -> bool:
    return b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]


def _refuse_other_office_files(path: Path, data: bytes) -> None:
    names = _zip_names(data)
    if any(name.startswith("word/") for name in names):
        raise ImportFileError(
            f"“{path.name}”是 Word 文档（.docx），不是 Excel 表格（可能被改了扩展名）。"
            "请在 Word 中把表格复制到 Excel 后另存为 .xlsx 再导入。"
        )
    if any(name.startswith("ppt/") for name in names):
        raise ImportFileError(f"“{path.name}”是 PowerPoint 演示文稿，不是 Excel 表格（可能被改了扩展名）。")


def _read_calamine(path: Path, data: bytes, kind: str) -> RawWorkbook:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise ImportFileError(f"“{path.name}”设置了打开密码，请在 Excel 或 WPS 中取消密码后再导入。") from exc
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise ImportFileError(f"无法读取“{path.name}”：它不是有效的 Excel 文件，或文件已损坏。") from exc
    sheets: list[RawSheet] = []
    hidden: list[str] = []
    for meta in book.sheets_metadata:
        if str(meta.typ) != str(python_calamine.SheetTypeEnum.WorkSheet):
            continue  # chart sheets, dialogs, macros
        if str(meta.visible) != str(python_calamine.SheetVisibleEnum.Visible):
            hidden.append(meta.name)
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
        except (python_calamine.CalamineError, ValueError) as exc:
            raise ImportFileError(f"无法读取“{path.name}”中的工作表“{meta.name}”：文件可能已损坏。") from exc
        offset = (
            sheet.start[1] if sheet.start else 0
        )  # iter_rows starts at row 1 but at the first used column
        merged = [
            ((r0, c0 - offset), (r1, c1 - offset)) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])
        ]
        sheets.append(RawSheet(meta.name, sheet, merged, sheet.total_height))
    return RawWorkbook(path, kind, sheets, hidden)


def decode_text(data: bytes) -> str:
    """Text of a .csv: UTF-8 with or without BOM, else GB18030 (a superset of GBK); else ImportFileError."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "无法识别该 CSV 文件的文字编码（应为 UTF-8 或 GBK），请在 Excel 中另存为 .xlsx 后再导入。"
        ) from exc


def _read_csv(path: Path, data: bytes) -> RawWorkbook:
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    try:
        rows: list[list[Any]] = [
            [cell if cell.strip() else None for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ImportFileError(f"无法读取“{path.name}”：CSV 格式有误（{exc}）。") from exc
    return RawWorkbook(path, "CSV", [RawSheet(path.stem, rows, [], len(rows))], [])
