"""A canvas that prints "第X页 共Y页" once the page count is known, per document group."""

from __future__ import annotations

import tempfile
import zlib
from typing import IO, Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCrossReferenceTable,
    PDFDictionary,
    PDFIndirectObject,
    PDFName,
    PDFStream,
    PDFTrailer,
    PDFZCompress,
    pdfdocEnc,
)
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
    """Memory that stays the same at any page count (NumberedCanvas keeps every page's drawing operators
    until the end, and reportlab builds the whole file in memory before writing it):

    - each page is emitted as soon as it is finished, its content compressed at once into a spill file;
    - the footer 第X页 共Y页 is a small form per page, drawn at save when the count is known (it prints and
      reads exactly as NumberedCanvas's; one page group only);
    - at save the objects are written to the file one by one (_write_document), the page contents read
      back from the spill file one at a time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._td_spill: IO[bytes] = tempfile.TemporaryFile(prefix="township-desk-pages-")

    def showPage(self) -> None:
        """Place the page's footer form, then emit the page with its content in the spill file."""
        self.doForm(self._footer_name(len(self._td_pages) + 1))
        self._td_pages.append({})
        Canvas.showPage(self)
        page = self._doc.Pages[-1]
        if page.Contents is None and page.stream is not None:
            data = page.stream.encode("latin-1") if isinstance(page.stream, str) else page.stream
            page.Contents = _SpilledStream(self._td_spill, zlib.compress(data))
            page.stream = None

    def _footer_name(self, page: int) -> str:
        return f"tdPage{page}"

    def save(self) -> None:
        """Define every page's footer form, then write the file object by object."""
        total = len(self._td_pages)
        for page in range(1, total + 1):
            self.beginForm(self._footer_name(page))
            self.draw_page_number(page, total)
            self.endForm()
        try:
            with open(self._filename, "wb") as sink:
                _write_document(self._doc, self, sink)
        finally:
            self._td_spill.close()


class _SpilledStream(PDFStream):  # type: ignore[misc]
    """A page's Flate-compressed content, kept in a spill file until the document is written."""

    def __init__(self, spill: IO[bytes], compressed: bytes) -> None:
        dictionary = PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])})
        super().__init__(dictionary=dictionary, content=None, filters=None)
        spill.seek(0, 2)
        self.spill, self.offset, self.length = spill, spill.tell(), len(compressed)
        spill.write(compressed)
        self.__Comment__ = "page stream"

    def format(self, document: Any) -> bytes:
        """The stream as PDFStream writes it, its content read back for the moment it takes."""
        self.spill.seek(self.offset)
        self.content: bytes | None = self.spill.read(self.length)
        try:
            return bytes(super().format(document))
        finally:
            self.content = None  # let go once written


class _DiskFile:
    """reportlab's PDFFile (add() returns where the bytes were placed), writing them to the file at once."""

    def __init__(self, sink: IO[bytes], version: tuple[int, int]) -> None:
        self.sink = sink
        self.offset = 0
        self.add(
            pdfdocEnc("%%PDF-%s.%s" % version)  # noqa: UP031 - as reportlab writes it
            + b"\n%\223\214\213\236 ReportLab Generated PDF document (opensource)\n"
        )

    def add(self, text: Any) -> int:
        data = pdfdocEnc(text)
        placed = self.offset
        self.offset += len(data)
        self.sink.write(data)
        return placed


def _write_document(doc: Any, canvas: Any, sink: IO[bytes]) -> None:
    """reportlab's PDFDocument.GetPDFData and format (reportlab 4), except that every object is written to
    `sink` as soon as it is formatted instead of the whole file being joined in memory."""
    if getattr(doc, "_digiSigs", None):
        raise ValueError("signed PDFs are written by reportlab's own SaveToFile")
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canvas)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    doc.encrypt.prepare(doc)
    catalog, info = doc.Catalog, doc.info
    doc.Reference(catalog)
    doc.Reference(info)
    encryption = doc.encrypt.info()
    encrypt_ref = doc.Reference(encryption) if encryption else None
    out = _DiskFile(sink, doc._pdfVersion)
    doc.__accum__ = out
    ids = []
    counter = 0
    while True:  # objects may add objects while they are formatted
        counter += 1
        if counter not in doc.numberToId:
            break
        oid = doc.numberToId[counter]
        obj = doc.idToObject[oid]
        formatted = PDFIndirectObject(oid, obj).format(doc)
        if not rl_config.invariant and rl_config.pdfComments:
            out.add("%% %s: class %s \n" % (ascii(oid), obj.__class__.__name__[:50]))  # noqa: UP031
        doc.idToOffset[oid] = out.add(formatted)
        ids.append(oid)
    del doc.__accum__
    if counter - 1 != len(doc.numberToId):
        raise ValueError(f"counter {counter} doesn't match number to id dictionary {len(doc.numberToId)}")
    xref = PDFCrossReferenceTable()
    xref.addsection(0, ids)
    start = out.add(xref.format(doc))
    trailer = PDFTrailer(
        startxref=start,
        Size=len(doc.numberToId) + 1,
        Root=doc.Reference(catalog),
        Info=doc.Reference(info),
        Encrypt=encrypt_ref,
        ID=doc.ID(),
    )
    out.add(trailer.format(doc))


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
