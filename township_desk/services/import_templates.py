"""Blank template workbooks for every import: the header row exactly as the importer reads it, each header
with a comment saying what to write (必填, 出生年月 1980.01, ID numbers as text), and a 填写说明 sheet.

Needs no database: a template is made from the importer's columns alone. No note row goes under the header
(it would be read as a data row); notes are cell comments and the 填写说明 sheet, which has no header row
an importer would take.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from township_desk.services.excel_import import ImportColumn
from township_desk.services.records import ValidationError

TEXT_ROWS = 500  # rows pre-formatted as text in the ID-number and phone columns
GUIDE_SHEET = "填写说明"

_HINTS = {
    "id_number": "18 位身份证号。本列已设为文本格式，请勿改成数字（否则会变成 1.1E+17）。",
    "birth_date": "年.月，如 1980.01（也可写 1980-01-15、1980年1月）。",
    "phone": "手机号 11 位，或带区号的座机号。",
    "sex": "男 或 女（可不填，以身份证号为准）。",
    "is_new": "新任干部填“是”，否则不填。",
    "days": "数字，如 1 或 0.5；不填按培训班天数。",
    "votes": "整数，如 125。",
    "member_count": "整数，如 4。",
    "village": "本乡镇的村(社区)名称，如 东风村。",
}
_DATE_WORDS = ("date", "_on", "start", "ended", "held")


def hint(column: ImportColumn) -> str:
    """What to write in the column, in Chinese (the header's comment and the 填写说明 line)."""
    text = _HINTS.get(column.key, "")
    if not text and "id_number" in column.key:
        text = _HINTS["id_number"]
    if not text and any(word in column.key for word in _DATE_WORDS):
        text = "年.月.日 或 年.月，如 2021.05.10 或 2021.05。"
    if column.aliases:
        text += f" 也认：{'、'.join(column.aliases[:6])}。"
    return ("必填。" if column.required else "可不填。") + text


def _text_column(column: ImportColumn) -> bool:
    return "id_number" in column.key or column.key == "phone"


def write_template(columns: Sequence[ImportColumn], out: Path | str, title: str = "") -> Path:
    """Write a blank template for these columns; returns the file written."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if not columns:
        raise ValidationError("subject", "这类导入没有可用的模板。")
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValidationError("out", "模板只能保存为 .xlsx 文件。")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (title or "导入模板")[:31]
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        comment = Comment(hint(column), "乡镇党建工作台")
        comment.width, comment.height = 260, 110
        cell.comment = comment
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(
            10, len(column.label) * 2 + 4, 22 if _text_column(column) else 0
        )
        if _text_column(column):
            for row in range(2, TEXT_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(
        ["填写说明：第一个工作表的第一行是表头，请勿修改表头文字；从第二行起每行填一条。红色表头为必填列。"]
    )
    guide.append([])
    for column in columns:
        guide.append([f"{column.label}：{hint(column)}"])
    guide.column_dimensions["A"].width = 110
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
