"""Printed-form templates: TOML files in forms/ loaded into checked dataclasses.

Format (full description with examples in docs/forms.md). Lengths are millimetres, font
sizes points. Every key below is optional unless marked *required*; unknown keys are errors,
so a misspelt key is reported instead of silently ignored.

    title = "{township}村(社区)“两委”干部花名册"   # *required*; {placeholders}, see below
    subtitle = ["单位：{unit}    打印日期：{date}"]   # lines under the title (or one string)
    subtitle_align = "left"                           # left / center / right
    signatures = ["填表人：________    年  月  日"]   # lines printed after the table/form
    signature_align = "right"
    page_signature = "谈话对象（签字）：________"      # printed at the foot of every page, right
    placeholders = ["quarter"]                        # extra {names} besides the standard ones

    [page]
    size = "A4"                  # A4 / A3 / A5 / B5
    orientation = "landscape"    # portrait / landscape
    margins_mm = { top = 15, bottom = 15, left = 12, right = 12 }   # or one number

    [fonts]                      # title, subtitle, header, body, footer, signature
    body = 9

    # A table template (render_table) has [table] with columns:
    [table]
    number_rows = true           # add a 序号 column in front
    number_label = "序号"
    number_width_mm = 9
    row_height_mm = 7            # minimum body row height
    [[table.columns]]            # one block per column, left to right
    key = "name"                 # *required*: the field of each row
    label = "姓名"               # *required*: header text ("\n" breaks the line)
    width_mm = 18                # *required*
    align = "center"             # left / center / right
    format = "text"              # text / month / date / cn_date / check / box

    # A form template (render_form, render_forms) has [form] with a grid of rows:
    [form]
    columns_mm = [28, 62, 28, 62]    # *required*: widths of the grid columns
    row_height_mm = 11               # minimum height of rows that name no height_mm
    min_font = 9                     # long text in a box shrinks down to this size first
    [[form.rows]]
    cells = [ { label = "姓名" }, { key = "name" }, { label = "性别" }, { key = "sex" } ]
    [[form.rows]]
    height_mm = 90                   # a tall box; text starts at the top
    cells = [ { label = "谈话\\n内容" }, { key = "content", span = 3 } ]

A cell has `label` (printed text) and/or `key` (value looked up in the record), `span`
(grid columns it covers, default 1; each row's spans add up to the number of columns),
`align`, `valign` (top / middle / bottom) and `format`. The spans of a row must fill the grid.

Placeholders: title, subtitle and signatures may contain {township} {county} {unit} {date}
{year} {village} {branch} and the names listed in `placeholders`. Any other name, and
{a.b} / {a[0]} / {x:spec} forms, are rejected when the template is loaded (TemplateError);
a known placeholder that the caller leaves out of the context prints as nothing.
"""

from __future__ import annotations

import difflib
import os
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from reportlab.lib import pagesizes
from reportlab.lib.units import mm

from township_desk.paths import forms_dir, user_forms_dir
from township_desk.reports.text import FORMATS, clean_text, format_value

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]

ALIGNS: tuple[str, ...] = ("left", "center", "right")
VALIGNS: tuple[str, ...] = ("top", "middle", "bottom")
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A3": pagesizes.A3,
    "A4": pagesizes.A4,
    "A5": pagesizes.A5,
    "B5": pagesizes.B5,
}
ORIENTATIONS = {"portrait": "纵向", "landscape": "横向"}

#: Placeholders every template may use; callers fill them through the context mapping.
STANDARD_PLACEHOLDERS: dict[str, str] = {
    "township": "乡镇名称",
    "county": "县（市、区）名称",
    "unit": "填报单位",
    "date": "打印日期",
    "year": "年度",
    "village": "村(社区)",
    "branch": "党组织名称",
}

_WIDTH_TOLERANCE_MM = 0.05


class TemplateError(ValueError):
    """A form template that cannot be used; the message is Chinese and names the file."""


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres."""

    top: float = 15.0
    bottom: float = 15.0
    left: float = 15.0
    right: float = 15.0


@dataclass(frozen=True)
class PageSpec:
    """Paper size, orientation and margins."""

    size: str = "A4"
    orientation: str = "portrait"
    margins_mm: Margins = field(default_factory=Margins)

    @property
    def pagesize(self) -> tuple[float, float]:
        """Width and height in points, turned for the orientation."""
        base = PAGE_SIZES[self.size]
        return pagesizes.landscape(base) if self.orientation == "landscape" else pagesizes.portrait(base)

    @property
    def printable_width_mm(self) -> float:
        """Width between the left and right margins."""
        return self.pagesize[0] / mm - self.margins_mm.left - self.margins_mm.right

    @property
    def printable_height_mm(self) -> float:
        """Height between the top and bottom margins."""
        return self.pagesize[1] / mm - self.margins_mm.top - self.margins_mm.bottom

    def describe(self) -> str:
        """Chinese description such as "A4 横向，左右边距 12+12 毫米"."""
        m = self.margins_mm
        return f"{self.size} {ORIENTATIONS[self.orientation]}，左右边距 {m.left:g}+{m.right:g} 毫米"


@dataclass(frozen=True)
class FontSizes:
    """Font sizes in points."""

    title: float = 18.0
    subtitle: float = 10.5
    header: float = 10.0
    body: float = 10.0
    footer: float = 9.0
    signature: float = 10.5


@dataclass(frozen=True)
class Column:
    """One table column: the row key it prints, its header label, width and format."""

    key: str
    label: str
    width_mm: float
    align: Align = "center"
    format: str = "text"


@dataclass(frozen=True)
class TableSpec:
    """The columns of a table template and its 序号 column."""

    columns: tuple[Column, ...]
    number_rows: bool = False
    number_label: str = "序号"
    number_width_mm: float = 10.0
    row_height_mm: float = 7.0

    @property
    def width_mm(self) -> float:
        """Total width of all columns including the 序号 column."""
        numbers = self.number_width_mm if self.number_rows else 0.0
        return numbers + sum(c.width_mm for c in self.columns)


@dataclass(frozen=True)
class Cell:
    """One cell of a form row: a printed label and/or the value of `key`."""

    label: str = ""
    key: str = ""
    span: int = 1
    align: Align = "center"
    valign: VAlign = "middle"
    format: str = "text"

    @property
    def is_value(self) -> bool:
        """True when the cell prints a value from the record."""
        return bool(self.key)


@dataclass(frozen=True)
class FormRow:
    """A row of a form grid; height_mm None means the template's default minimum."""

    cells: tuple[Cell, ...]
    height_mm: float | None = None


@dataclass(frozen=True)
class FormSpec:
    """A bordered grid of label and value cells."""

    columns_mm: tuple[float, ...]
    rows: tuple[FormRow, ...]
    row_height_mm: float = 11.0
    min_font: float = 9.0

    @property
    def width_mm(self) -> float:
        """Total width of the grid."""
        return sum(self.columns_mm)


@dataclass(frozen=True)
class Template:
    """A loaded, checked printed-form template."""

    name: str
    source: Path
    title: str
    page: PageSpec = field(default_factory=PageSpec)
    fonts: FontSizes = field(default_factory=FontSizes)
    subtitle: tuple[str, ...] = ()
    subtitle_align: Align = "left"
    signatures: tuple[str, ...] = ()
    signature_align: Align = "right"
    page_signature: str = ""
    placeholders: frozenset[str] = frozenset(STANDARD_PLACEHOLDERS)
    table: TableSpec | None = None
    form: FormSpec | None = None
    #: Why the county's own file of this form was not used (printing fell back to the bundled one).
    notice: str = field(default="", compare=False)

    @property
    def kind(self) -> Literal["table", "form"]:
        """Either "table" (render_table) or "form" (render_form, render_forms)."""
        return "table" if self.table is not None else "form"

    def fill(self, text: str, context: Mapping[str, object]) -> str:
        """Replace {placeholders} in template text; missing context values print as ""."""
        out: list[str] = []
        for literal, name, _spec, _conv in string.Formatter().parse(text):
            out.append(literal)
            if name:
                out.append(_context_text(context.get(name)))
        return "".join(out)

    def error(self, problem: str) -> TemplateError:
        """A TemplateError naming this template's file."""
        return TemplateError(_message(self.source, problem))


def _context_text(value: object) -> str:
    """Context values print like cell values, dates as 2024年3月5日."""
    return format_value(value, "cn_date")


def _message(source: Path, problem: str) -> str:
    """The Chinese error text for a problem in one template file."""
    return f"打印模板 {source.name} 有误：{problem}（文件：{source}）"


T = TypeVar("T")


class _Section:
    """Reads one TOML table, remembering which keys were used, for precise errors."""

    def __init__(self, data: Mapping[str, Any], where: str, source: Path) -> None:
        self.data = data
        self.where = where
        self.source = source
        self.used: set[str] = set()

    def fail(self, problem: str) -> TemplateError:
        """A TemplateError about this section."""
        place = f"[{self.where}] " if self.where else ""
        return TemplateError(_message(self.source, place + problem))

    def get(
        self, key: str, kind: type[T] | tuple[type, ...], default: T | None = None, *, required: bool = False
    ) -> T:
        """The value of `key`, type-checked; `default` when absent and not required."""
        self.used.add(key)
        if key not in self.data:
            if required:
                raise self.fail(f"缺少必填项“{key}”")
            return cast(T, default)
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and bool not in kinds:
            raise self.fail(f"“{key}”的值 {value!r} 类型不对")
        if not isinstance(value, kinds):
            raise self.fail(f"“{key}”的值 {value!r} 类型不对，应为{_kind_name(kinds)}")
        return cast(T, value)

    def number(
        self,
        key: str,
        default: float = 0.0,
        *,
        low: float = 0.0,
        high: float = 10_000.0,
        required: bool = False,
    ) -> float:
        """A number within (low, high]."""
        value: float = self.get(key, float, default, required=required)
        if not low < value <= high:
            raise self.fail(f"“{key}”的值 {value:g} 不合理，应大于 {low:g} 且不超过 {high:g}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        """One of `options`."""
        value: str = self.get(key, str, default)
        if value not in options:
            raise self.fail(f"“{key}”的值“{value}”无效，可选：{'、'.join(options)}")
        return value

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        """A string, cleaned of control characters."""
        return clean_text(self.get(key, str, default, required=required))

    def lines(self, key: str) -> tuple[str, ...]:
        """A list of strings (a single string is one line)."""
        value: list[Any] | str = self.get(key, (list, str), [])
        items: list[Any] = [value] if isinstance(value, str) else value
        if not all(isinstance(item, str) for item in items):
            raise self.fail(f"“{key}”应为文字列表")
        return tuple(clean_text(item) for item in items)

    def section(self, key: str, where: str | None = None) -> _Section:
        """A nested table (empty when absent)."""
        value: Mapping[str, Any] = self.get(key, dict, {})
        return _Section(value, where or key, self.source)

    def sections(self, key: str, label: str) -> list[_Section]:
        """An array of tables such as [[table.columns]]."""
        value: list[Any] = self.get(key, list, [])
        out: list[_Section] = []
        for index, item in enumerate(value, start=1):
            where = f"{self.where}.{key} 第{index}{label}" if self.where else f"{key} 第{index}{label}"
            if not isinstance(item, dict):
                raise self.fail(f"{where} 应为表（{{ … }}）")
            out.append(_Section(item, where, self.source))
        return out

    def done(self) -> None:
        """Reject keys nobody asked for (usually misspellings)."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.fail(f"不认识的项：{'、'.join('“' + k + '”' for k in unknown)}，请检查拼写")


def _kind_name(kinds: tuple[type, ...]) -> str:
    """Chinese names of TOML value types."""
    names = {str: "文字", float: "数字", int: "整数", bool: "true/false", list: "列表", dict: "表"}
    return "或".join(names.get(k, k.__name__) for k in kinds)


def _check_placeholders(sec: _Section, key: str, text: str, allowed: frozenset[str]) -> None:
    """Reject malformed or unknown {placeholders} in template text."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise sec.fail(f"“{key}”中的花括号不成对：{text}（要印出花括号请写成 {{{{ 或 }}}}）") from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name or not name.isidentifier() or spec or conversion:
            raise sec.fail(f"“{key}”中的占位符 {{{name}}} 写法不对，只能写成 {{名称}}")
        if name not in allowed:
            known = "、".join("{" + p + "}" for p in sorted(allowed))
            raise sec.fail(f"“{key}”中的占位符 {{{name}}} 不认识，可用的有：{known}")


def _margins(sec: _Section) -> Margins:
    """margins_mm as one number or {top, bottom, left, right}."""
    raw: float | dict[str, Any] | None = sec.get("margins_mm", (float, dict), None)
    if raw is None:
        return Margins()
    if isinstance(raw, float):
        if not 0 <= raw <= 60:
            raise sec.fail(f"“margins_mm”的值 {raw:g} 不合理")
        return Margins(raw, raw, raw, raw)
    m = _Section(raw, f"{sec.where}.margins_mm", sec.source)
    values = {
        side: m.number(side, 15.0, low=-0.001, high=60.0) for side in ("top", "bottom", "left", "right")
    }
    m.done()
    return Margins(**values)


def _page(sec: _Section) -> PageSpec:
    """The [page] section."""
    size = sec.choice("size", tuple(PAGE_SIZES), "A4")
    orientation = sec.choice("orientation", tuple(ORIENTATIONS), "portrait")
    page = PageSpec(size, orientation, _margins(sec))
    sec.done()
    if page.printable_width_mm < 50 or page.printable_height_mm < 50:
        raise sec.fail("页边距太大，纸上剩下的地方不够印表")
    if page.margins_mm.bottom < 8:
        raise sec.fail("下边距至少 8 毫米（页脚印“第X页 共Y页”）")
    return page


def _fonts(sec: _Section) -> FontSizes:
    """The [fonts] section."""
    d = FontSizes()
    sizes = {f.name: sec.number(f.name, getattr(d, f.name), low=4.0, high=48.0) for f in fields(d)}
    sec.done()
    return FontSizes(**sizes)


def _column(sec: _Section) -> Column:
    """One [[table.columns]] entry."""
    key = sec.text("key", required=True)
    label = sec.text("label", required=True)
    width = sec.number("width_mm", high=1000.0, required=True)
    align = cast(Align, sec.choice("align", ALIGNS, "center"))
    fmt = sec.choice("format", FORMATS, "text")
    sec.done()
    return Column(key, label, width, align, fmt)


def _table(sec: _Section, page: PageSpec) -> TableSpec:
    """The [table] section with its columns."""
    column_sections = sec.sections("columns", "列")
    if not column_sections:
        raise sec.fail("至少要有一列 [[table.columns]]")
    columns = tuple(_column(c) for c in column_sections)
    keys = [c.key for c in columns]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise sec.fail(f"列的 key 重复：{'、'.join(duplicates)}")
    spec = TableSpec(
        columns=columns,
        number_rows=sec.get("number_rows", bool, False),
        number_label=sec.text("number_label", "序号"),
        number_width_mm=sec.number("number_width_mm", 10.0, high=100.0),
        row_height_mm=sec.number("row_height_mm", 7.0, high=100.0),
    )
    sec.done()
    what = f"各列宽度（含序号列 {spec.number_width_mm:g} 毫米）" if spec.number_rows else "各列宽度"
    _check_width(sec, spec.width_mm, page, what)
    return spec


def _check_width(sec: _Section, width: float, page: PageSpec, what: str) -> None:
    """Reject a table or grid wider than the printable width."""
    if width > page.printable_width_mm + _WIDTH_TOLERANCE_MM:
        remedy = "改用横向或更大的纸" if page.orientation == "portrait" else "改用更大的纸（如 A3）"
        raise sec.fail(
            f"{what}合计 {width:g} 毫米，超过纸面可打印宽度 {page.printable_width_mm:g} 毫米"
            f"（{page.describe()}）；请减小列宽、减小左右边距或{remedy}"
        )


def _cell(sec: _Section, tall: bool) -> Cell:
    """One cell of a form row."""
    label = sec.text("label")
    key = sec.text("key")
    if not label and not key:
        raise sec.fail("单元格要有 label（文字）或 key（填写的内容）")
    span = sec.get("span", int, 1)
    if span < 1:
        raise sec.fail(f"“span”的值 {span} 应为正整数")
    default_align = "left" if key and (tall or span > 1) else "center"
    align = cast(Align, sec.choice("align", ALIGNS, default_align))
    valign = cast(VAlign, sec.choice("valign", VALIGNS, "top" if key and tall else "middle"))
    fmt = sec.choice("format", FORMATS, "text")
    sec.done()
    return Cell(label, key, span, align, valign, fmt)


def _form(sec: _Section, page: PageSpec, body_font: float) -> FormSpec:
    """The [form] section with its grid rows."""
    raw_columns = sec.get("columns_mm", list, required=True)
    if not raw_columns or not all(
        isinstance(w, int | float) and not isinstance(w, bool) and w > 0 for w in raw_columns
    ):
        raise sec.fail("“columns_mm”应为正数列表，例如 [28, 62, 28, 62]")
    columns = tuple(float(w) for w in raw_columns)
    _check_width(sec, sum(columns), page, "表单各列宽度")
    row_height = sec.number("row_height_mm", 11.0, high=page.printable_height_mm)
    min_font = sec.number("min_font", min(9.0, body_font), low=4.0, high=body_font)
    rows = []
    for row_sec in sec.sections("rows", "行"):
        height = (
            row_sec.number("height_mm", high=page.printable_height_mm)
            if "height_mm" in row_sec.data
            else None
        )
        cell_secs = row_sec.sections("cells", "格")
        if not cell_secs:
            raise row_sec.fail("一行至少要有一个单元格（cells）")
        cells = tuple(_cell(c, height is not None) for c in cell_secs)
        spans = sum(c.span for c in cells)
        if spans != len(columns):
            raise row_sec.fail(f"各单元格 span 合计 {spans}，应等于 columns_mm 的列数 {len(columns)}")
        row_sec.done()
        rows.append(FormRow(cells, height))
    if not rows:
        raise sec.fail("至少要有一行 [[form.rows]]")
    sec.done()
    return FormSpec(columns, tuple(rows), row_height, min_font)


def parse_template(data: Mapping[str, Any], source: Path, name: str | None = None) -> Template:
    """Check parsed TOML data and build a Template; raise TemplateError on any problem."""
    top = _Section(data, "", source)
    title = top.text("title", required=True)
    extra = top.lines("placeholders")
    for p in extra:
        if not p.isidentifier():
            raise top.fail(f"“placeholders”中的名称“{p}”只能由字母、数字和下划线组成")
    allowed = frozenset(STANDARD_PLACEHOLDERS) | frozenset(extra)
    subtitle = top.lines("subtitle")
    signatures = top.lines("signatures")
    _check_placeholders(top, "title", title, allowed)
    for line in subtitle:
        _check_placeholders(top, "subtitle", line, allowed)
    for line in signatures:
        _check_placeholders(top, "signatures", line, allowed)
    subtitle_align = cast(Align, top.choice("subtitle_align", ALIGNS, "left"))
    signature_align = cast(Align, top.choice("signature_align", ALIGNS, "right"))
    page_signature = top.text("page_signature")
    _check_placeholders(top, "page_signature", page_signature, allowed)
    page = _page(top.section("page"))
    fonts = _fonts(top.section("fonts"))
    has_table, has_form = "table" in data, "form" in data
    if has_table == has_form:
        raise top.fail("模板要有且只能有 [table]（表格）或 [form]（表单）其中之一")
    table = _table(top.section("table"), page) if has_table else None
    form = _form(top.section("form"), page, fonts.body) if has_form else None
    top.done()
    return Template(
        name=name or source.stem,
        source=source,
        title=title,
        page=page,
        fonts=fonts,
        subtitle=subtitle,
        subtitle_align=subtitle_align,
        signatures=signatures,
        signature_align=signature_align,
        page_signature=page_signature,
        placeholders=allowed,
        table=table,
        form=form,
    )


def _check_name(name: str) -> None:
    if not name or any(sep in name for sep in ("/", "\\", "..")):
        raise TemplateError(f"打印模板名称“{name}”无效")


def bundled_template_path(name: str) -> Path:
    """The program's own file of a named template (forms/NAME.toml in the program folder)."""
    _check_name(name)
    return forms_dir() / f"{name}.toml"


def user_template_path(name: str) -> Path:
    """Where the county's own file of a named template goes (the user forms folder)."""
    _check_name(name)
    return user_forms_dir() / f"{name}.toml"


def template_path(name: str) -> Path:
    """The file a named template is read from: the county's own when there is one, else the bundled."""
    own = user_template_path(name)
    return own if own.is_file() else bundled_template_path(name)


def template_keys(template: Template) -> list[tuple[str, str]]:
    """The (key, label) pairs of the fields a template prints."""
    if template.table is not None:
        return [(c.key, c.label.replace("\n", "")) for c in template.table.columns]
    assert template.form is not None
    return [
        (cell.key, cell.label.replace("\n", ""))
        for row in template.form.rows
        for cell in row.cells
        if cell.key
    ]


def unknown_keys_problem(
    template: Template, used: list[tuple[str, str]], supplied: set[str] | None = None
) -> str:
    """The Chinese problem with keys the program does not supply ("" when there is none).

    The keys the program supplies are those of known_keys.KNOWN_KEYS for the template's name, plus
    `supplied` (those of the records being printed); keys with a colon are made by the program.
    """
    from township_desk.reports.known_keys import KNOWN_KEYS

    known = KNOWN_KEYS.get(template.name)
    if known is None:
        return ""
    everything = set(known) | set(supplied or ())
    unknown = [(key, label) for key, label in used if key not in everything and ":" not in key]
    if not unknown:
        return ""
    listed = "、".join(f"“{key}”（{label}）" if label else f"“{key}”" for key, label in unknown)
    close = [m for key, _label in unknown for m in difflib.get_close_matches(key, sorted(known), 1, 0.6)]
    hint = f"是不是“{'”“'.join(close)}”？" if close else ""
    available = "、".join(sorted(known))
    return f"key = {listed} 不是程序提供的数据项，这一栏会印成空白。{hint}这张表可用的 key：{available}"


def check_template(path: Path) -> Template:
    """Load a template file and check its keys against what the program supplies (TemplateError)."""
    template = _read_template(path)
    problem = unknown_keys_problem(template, template_keys(template))
    if problem:
        raise template.error(problem)
    return template


def load_template(source: str | os.PathLike[str]) -> Template:
    """Load a template by name ("roster") or from a path (Path or "*.toml").

    By name, the county's own file in the user forms folder is used when there is one; when it
    has a mistake the bundled template is used instead, and the Template's `notice` says why
    (the renderer passes it on to the user with the PDF's other warnings).
    """
    if isinstance(source, str) and not source.lower().endswith(".toml"):
        own = user_template_path(source)
        bundled = bundled_template_path(source)
        if not own.is_file():
            return _read_template(bundled)
        try:
            return check_template(own)
        except TemplateError as exc:
            template = _read_template(bundled)
            return replace(template, notice=f"自定义表样有误，本次已改用程序自带的表样打印。{exc}")
    return _read_template(Path(source))


def _read_template(path: Path) -> Template:
    """Read, parse and check one template file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TemplateError(f"找不到打印模板文件：{path}") from None
    except OSError as exc:
        raise TemplateError(f"无法读取打印模板文件 {path}：{exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError(_message(path, "文件不是 UTF-8 编码；请用记事本“另存为”，编码选 UTF-8")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(_message(path, toml_problem(str(exc), text))) from None
    return parse_template(data, path, path.stem)


#: tomllib's messages (their beginnings) in Chinese, with what usually causes them.
_TOML_MESSAGES = (
    ("Unterminated string", "文字的引号没有配对（文字要用英文双引号括起来，且在同一行内结束）"),
    ("Illegal character", "有不允许的字符，多半是文字的引号没有配对，或者用了中文引号“”代替英文双引号"),
    ("Cannot overwrite a value", "同一项写了两次"),
    ("Cannot declare", "同一段写了两次"),
    ("Expected ']' at the end of a table declaration", "段名的方括号 [ ] 没有配对"),
    ("Expected ']' at the end of an array declaration", "段名的双方括号 [[ ]] 没有配对"),
    ("Expected '=' after a key", '项名后面要写等号，例如 label = "姓名"'),
    ("Invalid value", "值的写法不对：文字要加英文双引号，数字直接写，是/否写 true/false"),
    ("Invalid initial character for a key part", "项名的写法不对（项名只能用英文字母、数字和下划线）"),
    ("Invalid statement", "这一行不是“项 = 值”或“[段名]”的写法"),
    ("Unclosed array", "方括号 [ ] 里的列表没有结束"),
    ("Unclosed inline table", "花括号 { } 没有配对"),
)
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def toml_problem(message: str, text: str) -> str:
    """A tomllib error message in Chinese, with the line number and the line itself."""
    reason = next((chinese for english, chinese in _TOML_MESSAGES if message.startswith(english)), None)
    reason = reason or "写法不符合 TOML 格式"
    where = _TOML_WHERE.search(message)
    if where is None or where.group(1) is None:
        return f"TOML 格式错误：文件末尾不完整，{reason}"
    line_number, column = int(where.group(1)), int(where.group(2))
    lines = text.splitlines()
    shown = lines[line_number - 1].strip() if 0 < line_number <= len(lines) else ""
    quoted = f"：{shown}" if shown else ""
    return f"TOML 格式错误：第{line_number}行第{column}个字处，{reason}（该行内容{quoted}）"


def list_templates() -> list[str]:
    """Names of the templates in forms/ (the bundled ones; the county's own files override them)."""
    return sorted(p.stem for p in forms_dir().glob("*.toml"))
