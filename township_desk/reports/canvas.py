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
    PDFFormXObject,
    PDFIndirectObject,
    PDFName,
    PDFObject,
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

    - the file is opened at the first page; each finished page is written to it at once, its content
      compressed, and only a stub (its object name) is kept;
    - the footer 第X页 共Y页 is a small form per page: its operators are drawn at save, when the count is
      known, and the form object is built only while it is written (it prints and reads exactly as
      NumberedCanvas's; one page group only);
    - at save the remaining objects (fonts, page tree, catalogue) are written one by one (_write_document).
    A page that cannot be written yet (it refers to something defined later) waits, its content in a spill
    file, and is written at save.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._td_spill: IO[bytes] = tempfile.TemporaryFile(prefix="township-desk-pages-")
        self._td_out: _DiskFile | None = None
        self._td_total = 0
        self._td_footers: list[bytes] = []

    def showPage(self) -> None:
        """Place the page's footer form, emit the page, and write it (with its content) to the file."""
        number = len(self._td_pages) + 1
        name = self._footer_name(number)
        self.doForm(name)
        self._td_pages.append({})
        Canvas.showPage(self)
        self._doc.Reference(_LazyFooter(self, number), self._doc.getXObjectName(name))
        page = self._doc.Pages[-1]
        contents = None
        if page.Contents is None and page.stream is not None:
            data = page.stream.encode("latin-1") if isinstance(page.stream, str) else page.stream
            contents = page.Contents = _PageStream(zlib.compress(data))
            page.stream = None
        if not self._write_early(page) and contents is not None:
            contents.spill(self._td_spill)  # the page waits for save: its content out of memory meanwhile

    def _write_early(self, page: Any) -> bool:
        """Write a finished page and its content now, keeping only stubs of them (True); a page that refers
        to something not yet numbered is left for save (False)."""
        doc = self._doc
        if type(doc.encrypt).__name__ != "NoEncryption":
            return False
        if self._td_out is None:
            self._td_out = _DiskFile(open(self._filename, "wb"), doc._pdfVersion)  # noqa: SIM115 - kept open
        contents = page.Contents
        try:
            formatted = PDFIndirectObject(page.__InternalName__, page).format(doc)
        except KeyError:  # a forward reference: written with the rest at save
            return False
        out = self._td_out
        doc.idToOffset[page.__InternalName__] = out.add(formatted)
        doc.Pages.pages[-1] = _Written(page.__InternalName__)
        doc.idToObject[page.__InternalName__] = doc.Pages.pages[-1]
        name = getattr(contents, "__InternalName__", None)
        if name is not None and name not in doc.idToOffset:
            doc.idToOffset[name] = out.add(PDFIndirectObject(name, contents).format(doc))
            doc.idToObject[name] = _Written(name)
        return True

    def _footer_name(self, page: int) -> str:
        return f"tdPage{page}"

    def footer_code(self, page: int) -> list[str]:
        """The drawing operators of page `page`'s 第X页 共Y页 (drawn apart from the page being drawn)."""
        saved = self._code
        self._code: list[str] = []
        try:
            self.draw_page_number(page, self._td_total)
            return [self._preamble, *self._code]
        finally:
            self._code = saved

    def save(self) -> None:
        """Write the footers and every object not yet written, then the cross-reference table."""
        self._td_total = len(self._td_pages)
        # drawn before the fonts are written (reportlab then forgets their glyph codes), a few bytes each
        self._td_footers = [
            pdfdocEnc("\n".join(self.footer_code(page))) for page in range(1, self._td_total + 1)
        ]
        try:
            if self._td_out is None:
                self._td_out = _DiskFile(open(self._filename, "wb"), self._doc._pdfVersion)  # noqa: SIM115
            with self._td_out.sink:
                _write_document(self._doc, self, self._td_out)
        finally:
            self._td_spill.close()

    def abandon(self) -> None:
        """Close the file and the spill file of a document that will not be finished (an error or a cancel)."""
        if self._td_out is not None:
            self._td_out.sink.close()
        self._td_spill.close()


class _Written(PDFObject):  # type: ignore[misc]
    """What is kept of an object already written to the file: its name, for the references to it."""

    def __init__(self, name: str) -> None:
        self.__InternalName__ = name

    def format(self, document: Any) -> bytes:
        raise ValueError(f"{self.__InternalName__} was already written")


class _LazyFooter(PDFObject):  # type: ignore[misc]
    """A page's 第X页 共Y页 form, built when it is written (the page count is known by then)."""

    def __init__(self, canvas: StreamedNumberedCanvas, page: int) -> None:
        self.canvas, self.page = canvas, page

    def format(self, document: Any) -> bytes:
        width, height = self.canvas._pagesize
        form = PDFFormXObject(lowerx=0, lowery=0, upperx=width, uppery=height)
        form.compression = self.canvas._pageCompression
        form.stream = self.canvas._td_footers[self.page - 1]
        return bytes(form.format(document))


class _PageStream(PDFStream):  # type: ignore[misc]
    """A page's Flate-compressed content: in memory until the page is written, or, for a page that waits for
    save, in the spill file meanwhile."""

    def __init__(self, compressed: bytes) -> None:
        dictionary = PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])})
        super().__init__(dictionary=dictionary, content=None, filters=None)
        self.compressed: bytes | None = compressed
        self.spilled: tuple[IO[bytes], int, int] | None = None  # (spill file, offset, length)
        self.__Comment__ = "page stream"

    def spill(self, spill: IO[bytes]) -> None:
        assert self.compressed is not None
        spill.seek(0, 2)
        self.spilled = (spill, spill.tell(), len(self.compressed))
        spill.write(self.compressed)
        self.compressed = None

    def format(self, document: Any) -> bytes:
        """The stream as PDFStream writes it (its content read back from the spill file for the moment it
        takes, when it was spilled)."""
        if self.spilled is None:
            self.content: bytes | None = self.compressed
        else:
            spill, offset, length = self.spilled
            spill.seek(offset)
            self.content = spill.read(length)
        try:
            return bytes(super().format(document))
        finally:
            self.content = self.compressed = None  # let go once written


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


def _write_document(doc: Any, canvas: Any, out: _DiskFile) -> None:
    """reportlab's PDFDocument.GetPDFData and format (reportlab 4), except that every object is written to
    the file as soon as it is formatted (pages already written are skipped) instead of the whole file being
    joined in memory."""
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
    doc.__accum__ = out
    ids = []
    counter = 0
    while True:  # objects may add objects while they are formatted
        counter += 1
        if counter not in doc.numberToId:
            break
        oid = doc.numberToId[counter]
        ids.append(oid)
        if oid in doc.idToOffset:  # a page written as soon as it was finished
            continue
        obj = doc.idToObject[oid]
        formatted = PDFIndirectObject(oid, obj).format(doc)
        if not rl_config.invariant and rl_config.pdfComments:
            out.add("%% %s: class %s \n" % (ascii(oid), obj.__class__.__name__[:50]))  # noqa: UP031
        doc.idToOffset[oid] = out.add(formatted)
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
