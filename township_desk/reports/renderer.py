"""The base PDF renderer: page set-up, named styles, title, signatures and footer (after pretix)."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)

from township_desk import APP_NAME
from township_desk.paths import forms_dir, user_forms_dir
from township_desk.reports.canvas import NumberedCanvas
from township_desk.reports.fonts import (
    cjk_bold_font,
    fallback_markup,
    font_has_glyph,
    font_of,
    missing_chars,
    printable,
    register_cjk_font,
)
from township_desk.reports.grid import BOX_SIDE
from township_desk.reports.templates import Template, unknown_keys_problem
from township_desk.reports.text import cjk_punctuation, clean_text, to_markup

log = logging.getLogger(__name__)

ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
LEADING = 1.25
HANG = 0.35  # of the font size: room for a hanging punctuation mark
POINT_MM = 25.4 / 72

#: Keys of a record that name its person, tried in order, for warnings about unprintable characters.
WHO_KEYS = ("name", "talkee", "head", "mentee", "person", "member", "household_head")

_warnings_lock = threading.Lock()
_warnings_by_path: dict[str, list[str]] = {}


def _path_key(path: Path | str) -> str:
    return str(Path(path).resolve())


def take_warnings(path: Path | str) -> list[str]:
    """The warnings of the last render to `path` (characters no font can print), once.

    The window and the command line call this after a PDF is written and show what it returns.
    """
    with _warnings_lock:
        return _warnings_by_path.pop(_path_key(path), [])


def who_of(record: Mapping[str, object] | None) -> str:
    """The person a record is about, for messages ("" when it names nobody)."""
    if not record:
        return ""
    for key in WHO_KEYS:
        value = record.get(key)
        if value:
            return clean_text(str(value))
    return ""


#: Characters drawn as tick boxes: an empty one, and the ticked ones (■ ☑).
BOX_MARKS = "□■☑"
TICKED_MARKS = "■☑"


class BoxLine(Flowable):  # type: ignore[misc]
    """One line of text whose "□" (and ticked "■"/"☑") are drawn as tick boxes of BOX_SIDE
    (4.5 mm), large enough to tick with a pen; a ticked one gets a heavy tick. The mark itself
    is kept as invisible text, so the PDF still reads as written."""

    GAP = 1.0  # points between a box and the text after it

    def __init__(self, text: str, font: str, size: float, align: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.marks: list[str] = []
        current: list[str] = []
        for char in text:
            if char in BOX_MARKS:
                self.parts.append("".join(current))
                self.marks.append(char)
                current = []
            else:
                current.append(char)
        self.parts.append("".join(current))
        self.font = font
        self.size = size
        self.align = align
        widths = [pdfmetrics.stringWidth(part, font, size) for part in self.parts]
        self.widths = widths
        self.natural_width = sum(widths) + len(self.marks) * (BOX_SIDE + 2 * self.GAP)
        self.height = max(size * LEADING, BOX_SIDE + 2.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Full width (aligned inside it), one line high."""
        self.avail = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        """Text pieces with boxes between them."""
        canv = self.canv
        free = self.avail - self.natural_width
        x = {"left": 0.0, "center": free / 2, "right": free}.get(self.align, 0.0)
        baseline = (self.height - self.size) / 2 + 0.12 * self.size
        middle = self.height / 2
        canv.saveState()
        canv.setLineWidth(0.7)
        for index, part in enumerate(self.parts):
            if index:
                mark = self.marks[index - 1]
                x += self.GAP
                canv.rect(x, middle - BOX_SIDE / 2, BOX_SIDE, BOX_SIDE, stroke=1, fill=0)
                if mark in TICKED_MARKS:
                    canv.setLineWidth(1.2)
                    cx = x + BOX_SIDE / 2
                    path = canv.beginPath()
                    path.moveTo(cx - 0.3 * BOX_SIDE, middle)
                    path.lineTo(cx - 0.08 * BOX_SIDE, middle - 0.28 * BOX_SIDE)
                    path.lineTo(cx + 0.32 * BOX_SIDE, middle + 0.3 * BOX_SIDE)
                    canv.drawPath(path, stroke=1, fill=0)
                    canv.setLineWidth(0.7)
                hidden = canv.beginText(x, baseline)
                hidden.setFont(font_of(self.font, mark), self.size)
                hidden.setTextRenderMode(3)
                hidden.textOut(mark)
                hidden.setTextRenderMode(0)  # the render mode outlives the text object
                canv.drawText(hidden)
                x += BOX_SIDE + self.GAP
            if part:
                canv.setFont(self.font, self.size)
                canv.drawString(x, baseline, part)
                x += self.widths[index]
        canv.restoreState()


_GAPS = re.compile(r" {3,}|_{7,}")


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """A signature line made to fit one line: runs of spaces and blanks (____) shortened.

    Templates space their lines with runs of spaces, and 宋体's spaces are half an em, wider
    than other faces'; shortening the runs keeps "年  月  日" from wrapping onto a line alone.
    """
    if "\n" in text:
        return text
    while pdfmetrics.stringWidth(text, font, size) > width:
        shorter = _GAPS.sub(lambda m: m.group()[:-1], text)
        if shorter == text:
            break
        text = shorter
    return text


class BaseRenderer:
    """One printed document from a template; subclasses supply the story.

    Hooks, as in pretix's invoice renderer: _get_stylesheet() builds the named styles,
    _get_story() the flowables, _on_first_page()/_on_later_pages() decorate pages. The
    page footer 第X页 共Y页 comes from NumberedCanvas.
    """

    def __init__(self, template: Template, context: Mapping[str, object] | None = None) -> None:
        self.template = template
        self.context: Mapping[str, object] = dict(context or {})
        self.font = register_cjk_font()
        self.bold_font = cjk_bold_font()
        self.check_mark = "✓" if printable(self.font, "✓") else "是"
        self.checked_box = "☑" if font_has_glyph(self.font, "☑") else "■"
        self.styles = self._get_stylesheet()
        #: Messages about characters no font has (who, which character), shown to the user.
        self.warnings: list[str] = []
        self._warned: set[tuple[str, str]] = set()
        #: The person whose record is being laid out (named in warnings).
        self.who = ""
        if template.notice:  # the county's own file had a mistake: say so with the PDF
            self.warnings.append(template.notice)

    # -- hooks -------------------------------------------------------------------------------

    def _get_stylesheet(self) -> StyleSheet1:
        """Named paragraph styles: title, subtitle, header, cell-*, label-*, signature."""
        sizes = self.template.fonts
        sheet = StyleSheet1()

        def add(name: str, size: float, *, bold: bool = False, align: str = "left", **extra: Any) -> None:
            attrs: dict[str, Any] = {
                "fontName": self.bold_font if bold else self.font,
                "fontSize": size,
                "leading": size * LEADING,
                "alignment": ALIGNMENTS[align],
                "wordWrap": "CJK",
            }
            sheet.add(ParagraphStyle(name, **(attrs | extra)))

        add("title", sizes.title, bold=True, align="center", spaceAfter=2 * mm, leading=sizes.title * 1.35)
        add("subtitle", sizes.subtitle, align=self.template.subtitle_align, spaceAfter=1 * mm)
        add("signature", sizes.signature, align=self.template.signature_align, spaceBefore=2 * mm)
        add("header", sizes.header, bold=True, align="center")
        for align in ALIGNMENTS:
            # Closing punctuation may hang past the line end (悬挂标点); the right indent keeps
            # it inside the cell border. Left-aligned Chinese prose is set justified (两端对齐).
            hang: dict[str, Any] = {"rightIndent": sizes.body * HANG}
            if align == "left":
                hang["alignment"] = TA_JUSTIFY
            add(f"cell-{align}", sizes.body, align=align, **hang)
            add(f"label-{align}", sizes.body, align=align, **hang)
        return sheet

    def _get_story(self) -> list[Flowable]:
        """The flowables of the document."""
        raise NotImplementedError

    def _canvasmaker(self) -> type:
        """The canvas class: NumberedCanvas (keeps every page until the count is known)."""
        return NumberedCanvas

    def _on_first_page(self, canvas: Any, doc: Any) -> None:
        """Decorate the first page (nothing by default; the footer is the canvas's)."""

    def _on_later_pages(self, canvas: Any, doc: Any) -> None:
        """Decorate every page after the first (nothing by default)."""

    def later_top_margin(self) -> float:
        """Points kept free at the top of later pages for what _on_later_pages draws."""
        return 0.0

    def check_keys(
        self, used: Sequence[tuple[str, str]], records: Sequence[Mapping[str, object] | None]
    ) -> None:
        """Refuse a template whose field keys the program does not supply (a typo such as
        `key = "nmae"`, or a field the program does not have, would print an empty column):
        the error lists the keys there are.

        `used` holds (key, label) pairs. The keys the program supplies are those of the bundled
        template (known_keys.KNOWN_KEYS) and those of the records being printed; keys with a
        colon are made by the program itself (one column per criterion). Only templates in the
        forms folder or the county's own forms folder with a name the program knows are checked.
        """
        folder = self.template.source.parent.resolve()
        if folder not in (forms_dir().resolve(), user_forms_dir().resolve()):
            return
        supplied: set[str] = set()
        for record in records:
            if record is not None:
                supplied.update(k for k in record if isinstance(k, str))
        problem = unknown_keys_problem(self.template, list(used), supplied)
        if problem:
            raise self.template.error(problem)

    # -- helpers -----------------------------------------------------------------------------

    def paragraph(self, text: str, style: str | ParagraphStyle) -> Paragraph:
        """A Paragraph from user or template text: cleaned, escaped, line breaks kept."""
        chosen = self.styles[style] if isinstance(style, str) else style
        return Paragraph(self.markup(clean_text(text), chosen.fontName), chosen)

    def markup(self, text: str, font: str | None = None) -> str:
        """Escaped Paragraph markup; characters the font lacks go in a fallback font's <font> tag.

        A character no font has is kept (it prints as a blank box) and reported in `warnings`.
        """
        main = font or self.font
        if not text.isascii():
            for char in missing_chars(text, main):
                self.warn_missing(char, text)
        return fallback_markup(text, main, to_markup)

    def warn_missing(self, char: str, text: str) -> None:
        """Record that `char` (in `text`) cannot be printed by any font, naming the person."""
        key = (self.who, char)
        if key in self._warned:
            return
        self._warned.add(key)
        who = f"{self.who}：" if self.who else ""
        shown = text if len(text) <= 20 else text[:20] + "…"
        self.warnings.append(
            f"{who}“{shown}”中的字“{char}”（U+{ord(char):04X}）没有字体能印出，打印出来是空白方框，请手工补写"
        )

    def title_text(self) -> str:
        """The template title with placeholders filled."""
        return cjk_punctuation(self.template.fill(self.template.title, self.context).strip())

    def _title_story(self) -> list[Flowable]:
        """Title and subtitle lines."""
        story: list[Flowable] = [self.paragraph(self.title_text(), "title")]
        story += [
            self.paragraph(cjk_punctuation(self.template.fill(line, self.context)), "subtitle")
            for line in self.template.subtitle
        ]
        if self.template.subtitle:
            story.append(Spacer(0, 1 * mm))
        return story

    def _signature_story(self) -> list[Flowable]:
        """Signature lines printed after the table or form (a "□" becomes a 4.5 mm tick box)."""
        lines = self.template.signatures
        if not lines:
            return []
        story: list[Flowable] = [Spacer(0, 3 * mm)]
        for line in lines:
            style = self.styles["signature"]
            text = fit_line(
                cjk_punctuation(clean_text(self.template.fill(line, self.context))),
                style.fontName,
                style.fontSize,
                self.frame_width,
            )
            boxed = BoxLine(text, style.fontName, style.fontSize, self.template.signature_align)
            if "□" in text and "\n" not in text and boxed.natural_width <= self.frame_width:
                story += [Spacer(0, style.spaceBefore), boxed]
            else:
                story.append(self.paragraph(text, style))
        return story

    @property
    def frame_width(self) -> float:
        """Printable width in points."""
        return self.template.page.printable_width_mm * mm

    @property
    def frame_height(self) -> float:
        """Printable height in points."""
        return self.template.page.printable_height_mm * mm

    # -- building ----------------------------------------------------------------------------

    def _doc(self, target: str) -> BaseDocTemplate:
        """The document template with first/later page templates over one full-width frame."""
        page = self.template.page
        margins = page.margins_mm
        doc = BaseDocTemplate(
            target,
            pagesize=page.pagesize,
            leftMargin=margins.left * mm,
            rightMargin=margins.right * mm,
            topMargin=margins.top * mm,
            bottomMargin=margins.bottom * mm,
            title=self.title_text().replace("\n", " "),
            author=APP_NAME,
            creator=APP_NAME,
            subject=self.template.name,
            initialFontName=self.font,
            initialFontSize=self.template.fonts.body,
        )

        def frame(ident: str, top: float = 0.0) -> Frame:
            return Frame(
                doc.leftMargin,
                doc.bottomMargin,
                doc.width,
                doc.height - top,
                id=ident,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )

        doc.addPageTemplates(
            [
                PageTemplate(
                    id="first",
                    frames=[frame("first")],
                    onPage=self._signed(self._on_first_page),
                    pagesize=page.pagesize,
                ),
                PageTemplate(
                    id="later",
                    frames=[frame("later", self.later_top_margin())],
                    onPage=self._signed(self._on_later_pages),
                    pagesize=page.pagesize,
                ),
            ]
        )
        return doc

    def _signed(self, decorate: Any) -> Any:
        """A page hook that also prints the template's page_signature at the foot of the page."""
        line = clean_text(self.template.fill(self.template.page_signature, self.context)).strip()
        if not line:
            return decorate

        def on_page(canvas: Any, doc: Any) -> None:
            decorate(canvas, doc)
            size = self.template.fonts.footer
            margins = self.template.page.margins_mm
            baseline = (margins.bottom / 2 - size * POINT_MM * 0.35) * mm  # the footer's baseline
            canvas.saveState()
            canvas.setFont(self.font, size)
            canvas.drawRightString(self.template.page.pagesize[0] - margins.right * mm, baseline, line)
            canvas.restoreState()

        return on_page

    def render(self, out: Path) -> Path:
        """Write the PDF to `out` (atomically: a failed or cancelled run leaves no file)."""
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        story: list[Flowable] = [NextPageTemplate("later"), *self._get_story()]
        footer = self.template.fonts.footer
        # Baseline placed so the footer text sits in the middle of the bottom margin.
        footer_y = self.template.page.margins_mm.bottom / 2 - footer * POINT_MM * 0.35
        make = functools.partial(
            self._canvasmaker(), font_name=self.font, font_size=footer, footer_y_mm=footer_y
        )
        made: list[Any] = []

        def canvasmaker(*args: Any, **kwargs: Any) -> Any:
            made.append(make(*args, **kwargs))
            return made[-1]

        handle, temp_name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".pdf.part", dir=out.parent)
        os.close(handle)
        try:
            self._doc(temp_name).build(story, canvasmaker=canvasmaker)
            os.replace(temp_name, out)
            with _warnings_lock:
                _warnings_by_path[_path_key(out)] = list(self.warnings)
            for message in self.warnings:
                log.warning("%s: %s", out.name, message)
        except BaseException:
            for (
                canvas
            ) in made:  # a canvas that writes as it goes lets go of the file (Windows cannot delete it)
                abandon = getattr(canvas, "abandon", None)
                if abandon is not None:
                    abandon()
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        return out
