"""Loading and checking printed-form templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from township_desk.paths import forms_dir
from township_desk.reports.fonts import register_cjk_font
from township_desk.reports.table import CELL_PADDING
from township_desk.reports.templates import (
    Template,
    TemplateError,
    list_templates,
    load_template,
    template_path,
)

ROSTER_KEYS = [
    "name", "sex", "ethnicity", "birth_date", "age", "village", "post",
    "education", "political", "post_start", "phone", "id_number", "remark",
]  # fmt: skip

MINIMAL_TABLE = """
title = "{township}测试表"
[page]
size = "A4"
orientation = "portrait"
margins_mm = 15
[table]
[[table.columns]]
key = "name"
label = "姓名"
width_mm = 30
"""


def write(tmp_path: Path, text: str, name: str = "custom.toml", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(TemplateError) as caught:
        load_template(write(tmp_path, text))
    message = str(caught.value)
    assert "custom.toml" in message
    return message


def test_roster_template() -> None:
    roster = load_template("roster")
    assert roster.source == forms_dir() / "roster.toml"
    assert roster.kind == "table"
    assert roster.page.size == "A4" and roster.page.orientation == "landscape"
    assert roster.table is not None
    assert roster.table.number_rows
    assert [c.key for c in roster.table.columns] == ROSTER_KEYS
    assert roster.table.width_mm <= roster.page.printable_width_mm
    formats = {c.key: c.format for c in roster.table.columns}
    assert formats["birth_date"] == formats["post_start"] == "month"
    widths = {c.key: c.width_mm for c in roster.table.columns}
    assert widths["post"] == max(widths.values())


def test_roster_id_number_fits_on_one_line() -> None:
    roster = load_template("roster")
    assert roster.table is not None
    column = next(c for c in roster.table.columns if c.key == "id_number")
    needed = pdfmetrics.stringWidth("11010519491231002X", register_cjk_font(), roster.fonts.body)
    assert needed <= column.width_mm * mm - 2 * CELL_PADDING


def test_load_by_name_or_path_is_the_same() -> None:
    assert load_template("roster") == load_template(forms_dir() / "roster.toml")
    assert "roster" in list_templates()


def test_title_placeholders_are_filled_and_missing_values_print_empty() -> None:
    roster = load_template("roster")
    assert roster.fill(roster.title, {"township": "城关镇"}) == "城关镇村(社区)“两委”干部花名册"
    assert roster.fill(roster.title, {}) == "村(社区)“两委”干部花名册"
    assert roster.fill("打印日期：{date}", {"date": dt.date(2024, 3, 5)}) == "打印日期：2024年3月5日"


def test_widths_wider_than_the_page_are_refused(tmp_path: Path) -> None:
    text = MINIMAL_TABLE.replace("width_mm = 30", "width_mm = 300")
    message = load_error(tmp_path, text)
    assert "宽度合计 300 毫米" in message
    assert "可打印宽度 180 毫米" in message


def test_number_column_counts_towards_the_width(tmp_path: Path) -> None:
    text = MINIMAL_TABLE.replace("width_mm = 30", "width_mm = 175").replace(
        "[table]", "[table]\nnumber_rows = true"
    )
    assert "超过" in load_error(tmp_path, text)


def test_unknown_placeholder_is_refused_at_load(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL_TABLE.replace("{township}", "{towship}"))
    assert "{towship}" in message and "不认识" in message


def test_declared_placeholder_is_accepted(tmp_path: Path) -> None:
    text = 'placeholders = ["quarter"]\n' + MINIMAL_TABLE.replace("{township}", "{township}{quarter}")
    template = load_template(write(tmp_path, text))
    assert template.fill(template.title, {"township": "甲镇", "quarter": "一季度"}) == "甲镇一季度测试表"


@pytest.mark.parametrize("title", ["{a.b}", "{a[0]}", "{date:%Y}", "{}", "{township!r}", "{township"])
def test_format_tricks_in_titles_are_refused(tmp_path: Path, title: str) -> None:
    text = MINIMAL_TABLE.replace('title = "{township}测试表"', f'title = "{title}"')
    assert "title" in load_error(tmp_path, text)


def test_missing_required_keys(tmp_path: Path) -> None:
    assert "缺少必填项“title”" in load_error(
        tmp_path, MINIMAL_TABLE.replace('title = "{township}测试表"', "")
    )
    assert "缺少必填项“width_mm”" in load_error(tmp_path, MINIMAL_TABLE.replace("width_mm = 30", ""))
    assert "缺少必填项“label”" in load_error(tmp_path, MINIMAL_TABLE.replace('label = "姓名"', ""))


def test_misspelt_key_is_reported(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL_TABLE.replace("width_mm = 30", "width_mm = 30\nalgin = 'left'"))
    assert "不认识的项" in message and "algin" in message and "第1列" in message


def test_bad_values_are_reported(tmp_path: Path) -> None:
    assert "left、center、right" in load_error(tmp_path, MINIMAL_TABLE + 'align = "middle"\n')
    assert "类型不对" in load_error(tmp_path, MINIMAL_TABLE.replace("width_mm = 30", 'width_mm = "30"'))
    assert "A4" in load_error(tmp_path, MINIMAL_TABLE.replace('size = "A4"', 'size = "16开"'))
    assert "format" in load_error(tmp_path, MINIMAL_TABLE + 'format = "year"\n')


def test_duplicate_column_keys_are_refused(tmp_path: Path) -> None:
    text = MINIMAL_TABLE + '[[table.columns]]\nkey = "name"\nlabel = "又是姓名"\nwidth_mm = 20\n'
    assert "重复" in load_error(tmp_path, text)


def test_table_or_form_but_not_both(tmp_path: Path) -> None:
    assert "[table]" in load_error(tmp_path, 'title = "无内容"\n')
    both = MINIMAL_TABLE + '[form]\ncolumns_mm = [50]\n[[form.rows]]\ncells = [ { label = "甲" } ]\n'
    assert "[form]" in load_error(tmp_path, both)


def test_form_row_spans_must_fill_the_grid(tmp_path: Path) -> None:
    text = """
title = "表单"
[form]
columns_mm = [30, 60, 30, 60]
[[form.rows]]
cells = [ { label = "姓名" }, { key = "name", span = 2 } ]
"""
    message = load_error(tmp_path, text)
    assert "span 合计 3" in message and "列数 4" in message and "第1行" in message


def test_form_cell_needs_label_or_key(tmp_path: Path) -> None:
    text = 'title = "表单"\n[form]\ncolumns_mm = [30]\n[[form.rows]]\ncells = [ { span = 1 } ]\n'
    assert "label" in load_error(tmp_path, text)


def test_form_grid_wider_than_page(tmp_path: Path) -> None:
    text = 'title = "表单"\n[form]\ncolumns_mm = [100, 100]\n[[form.rows]]\ncells = [ { label = "甲", span = 2 } ]\n'
    assert "表单各列宽度合计 200 毫米" in load_error(tmp_path, text)


def test_toml_syntax_error(tmp_path: Path) -> None:
    assert "TOML 格式错误" in load_error(tmp_path, 'title = "未闭合\n')


def test_gbk_file_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL_TABLE, encoding="gbk")
    with pytest.raises(TemplateError, match="UTF-8"):
        load_template(path)


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL_TABLE, encoding="utf-8-sig")
    assert load_template(path).title == "{township}测试表"


def test_missing_file_and_bad_names() -> None:
    with pytest.raises(TemplateError, match="找不到打印模板文件"):
        load_template("no_such_form")
    with pytest.raises(TemplateError, match="无效"):
        template_path("../roster")


def test_talk_record_fixture(talk_template: Template) -> None:
    form = talk_template.form
    assert talk_template.kind == "form" and form is not None
    assert len(form.columns_mm) == 4
    content = next(row for row in form.rows if any(c.key == "content" for c in row.cells))
    assert content.height_mm == 90
    assert content.cells[1].valign == "top" and content.cells[1].align == "left"
