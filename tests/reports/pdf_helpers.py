"""Test data and PDF-reading helpers shared by the PDF tests (imported by name; see conftest)."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ByteStringObject, ContentStream, DictionaryObject, TextStringObject

FIXTURES = Path(__file__).parent / "fixtures"

LONG_POST = "党组织书记、村委会主任、村务监督委员会主任"
SURNAMES = ["欧阳", "司马", "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
GIVEN = ["建国", "秀英", "志强", "丽娟", "红梅", "海燕", "卫东", "春花", "德明", "玉兰", "国庆", "小军"]
POSTS = [LONG_POST, "村委会委员", "党组织副书记", "妇联主席、村委会委员", "报账员", "团支部书记"]
VILLAGES = ["红星村", "幸福社区", "新华村", "团结村", "光明社区"]


def fake_cadres(count: int, seed: int = 7) -> list[dict[str, object]]:
    """Rows shaped like the roster's keys, with unique names and some long posts."""
    rnd = random.Random(seed)
    rows: list[dict[str, object]] = []
    for i in range(count):
        name = f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[(i // len(SURNAMES)) % len(GIVEN)]}{i}"
        if i % 50 == 3:
            name = f"欧阳·买买提{i}"
        born = dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        rows.append(
            {
                "name": name,
                "sex": rnd.choice(["男", "女"]),
                "ethnicity": rnd.choice(["汉族", "维吾尔族", "回族"]),
                "birth_date": born,
                "age": 2024 - born.year,
                "village": rnd.choice(VILLAGES),
                "post": POSTS[i % len(POSTS)],
                "education": rnd.choice(["大学本科", "大专", "高中", "中专"]),
                "political": rnd.choice(["中共党员", "群众", "中共预备党员"]),
                "post_start": dt.date(2021, 1 + i % 12, 1),
                "phone": f"138{i:08d}",
                "id_number": f"1101051960{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}X",
                "remark": "新任" if i % 4 == 0 else None,
            }
        )
    return rows


def page_texts(path: Path) -> list[str]:
    """Extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squash(text: str) -> str:
    """Text without any whitespace, so wrapped cells compare equal to their input."""
    return "".join(text.split())


_CMAP_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """Code → text of a font's ToUnicode CMap (reportlab's one-byte subsets)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    data = cmap.get_object().get_data()
    return {
        int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
        for code, text in _CMAP_ENTRY.findall(data)
    }


def _raw(string: object) -> bytes:
    """The bytes of a PDF string operand."""
    original = getattr(string, "original_bytes", None)
    return bytes(original) if original is not None else str(string).encode("latin-1")


def _flush(line: list[str], lines: list[str]) -> None:
    """End the current line: keep its text (when not blank) and start afresh."""
    text = "".join(line).strip()
    if text:
        lines.append(text)
    line.clear()


def text_lines(path: Path) -> list[str]:
    """Every printed line of text, in drawing order, one per text positioning.

    Unlike page_texts, which merges whatever shares a baseline (all cells of a table row),
    this keeps each line of each cell apart: a line starts at every Tm, T* or vertical Td,
    as reportlab (and the table renderer) start each wrapped line. Font changes within a
    line (fallback fonts for rare characters) stay in one line.
    """
    lines: list[str] = []
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        maps = {name: _to_unicode(ref.get_object()) for name, ref in fonts.items()}
        current: dict[int, str] = {}
        line: list[str] = []
        for operands, operator in ContentStream(page.get_contents(), PdfReader(path)).operations:
            if operator == b"Tf":
                current = maps.get(operands[0], {})
            elif operator in (b"BT", b"ET", b"Tm", b"T*") or (
                operator in (b"Td", b"TD") and float(operands[1])
            ):
                _flush(line, lines)
            if operator in (b"Tj", b"'", b'"'):
                data = operands[-1]
                line.append("".join(current.get(b, "") for b in _raw(data)))
            elif operator == b"TJ":
                for item in operands[0]:
                    if isinstance(item, (ByteStringObject, TextStringObject)):
                        line.append("".join(current.get(b, "") for b in _raw(item)))
        _flush(line, lines)
    return lines
