"""A canvas that prints "第X页 共Y页" once the page count is known, per document group."""

from __future__ import annotations

import zlib
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

GROUP_ATTR = "_td_page_group"


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Defers each page until save() so the footer can say 第X页 共Y页.

    Pages are counted per group: StartPageGroup flowables (one per printed form in
    render_forms) restart the numbering, so every talk record says 第1页 共1页.
    """

    def __init__(
        self, *args: Any, font_name: str, font_size: float, footer_y_mm: float, **kwargs: Any
    ) -> None:
        # Start in the CJK font so no page references an unembedded Helvetica.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or font_name
        super().__init__(*args, **kwargs)
        self._td_font = (font_name, font_size)
        self._td_footer_y = footer_y_mm * mm
        self._td_pages: list[dict[str, Any]] = []
        setattr(self, GROUP_ATTR, 0)

    def showPage(self) -> None:
        """Keep the finished page's state instead of emitting it."""
        self._td_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Emit every kept page with its footer, then write the file."""
        totals: dict[int, int] = {}
        for state in self._td_pages:
            group = state[GROUP_ATTR]
            totals[group] = totals.get(group, 0) + 1
        seen: dict[int, int] = {}
        for state in self._td_pages:
            group = state[GROUP_ATTR]
            seen[group] = seen.get(group, 0) + 1
            self.__dict__.update(state)
            self.draw_page_number(seen[group], totals[group])
            super().showPage()
            _compress_only(self._doc.Pages[-1])
        super().save()

    def draw_page_number(self, page: int, total: int) -> None:
        """Centre 第X页 共Y页 in the bottom margin."""
        self.saveState()
        self.setFont(*self._td_font)
        self.drawCentredString(self._pagesize[0] / 2, self._td_footer_y, f"第{page}页 共{total}页")
        self.restoreState()


class StreamedNumberedCanvas(NumberedCanvas):
    """Writes each page as soon as it is finished, its content stream compressed at once, so that a
    document of any length holds its pages as compressed bytes only (NumberedCanvas keeps every page's
    drawing operators until the end). The footer 第X页 共Y页 is a small form per page, drawn at save
    when the count is known; it prints and reads exactly as NumberedCanvas's. One page group only."""

    def showPage(self) -> None:
        """Place the page's footer form, then emit the page and compress its content."""
        self.doForm(self._footer_name(len(self._td_pages) + 1))
        self._td_pages.append({})
        Canvas.showPage(self)
        _compress_now(self._doc.Pages[-1])

    def _footer_name(self, page: int) -> str:
        return f"tdPage{page}"

    def save(self) -> None:
        """Define every page's footer form, then write the file."""
        total = len(self._td_pages)
        for page in range(1, total + 1):
            self.beginForm(self._footer_name(page))
            self.draw_page_number(page, total)
            self.endForm()
        Canvas.save(self)


def _compress_now(page: Any) -> None:
    """A finished page's content stream Flate-compressed now (as _compress_only, but at once): the page
    keeps its compressed bytes, not its drawing operators."""
    if page.Contents is None and page.stream is not None:
        data = page.stream.encode("latin-1") if isinstance(page.stream, str) else page.stream
        dictionary = PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])})
        contents = PDFStream(dictionary=dictionary, content=zlib.compress(data), filters=None)
        contents.__Comment__ = "page stream"
        page.Contents = contents
        page.stream = None


def _compress_only(page: Any) -> None:
    """Give a finished page a Flate-compressed content stream without the ASCII85 layer.

    reportlab (rl_config.useA85) would also ASCII85-encode every page stream, which only
    makes the file a quarter bigger and, without reportlab's optional C accelerator, takes
    longer than drawing the page. Setting Contents (a PDF attribute reportlab lets callers
    set) before the document is written keeps reportlab from building its own.
    """
    if page.Contents is None and page.stream is not None:
        contents = PDFStream(content=page.stream, filters=[PDFZCompress] if page.compression else None)
        contents.__Comment__ = "page stream"
        page.Contents = contents


class StartPageGroup(Flowable):  # type: ignore[misc]
    """Zero-size marker: pages from here on are numbered as a new document."""

    def __init__(self, group: int) -> None:
        super().__init__()
        self.group = group

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Takes no room."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Tag the canvas with the group number."""
        setattr(self.canv, GROUP_ATTR, self.group)
