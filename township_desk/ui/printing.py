"""Printing a PDF on paper from inside the program: QtPdf renders each page to the printer (QPrinter),
through the system print dialog; no outside PDF viewer is needed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from township_desk.ui import messages

#: Pages are rendered at the printer's resolution, but never finer than this: an A4 page at 300 dpi is a
#: 35 MB image (at 600 dpi 140 MB, too much for an office PC printing a long ledger), and 300 dpi text
#: and rules are sharp on an office laser printer.
MAX_DPI = 300


class PrintFailed(Exception):
    """The printer could not be used; the message is Chinese."""


def page_layout(document: QPdfDocument, index: int = 0) -> QPageLayout:
    """The paper of a PDF page (A4 portrait, A4 landscape …) with no margins: the PDF has its own."""
    size = document.pagePointSize(index)
    width, height = size.width(), size.height()
    landscape = width > height
    portrait_size = QSizeF(min(width, height), max(width, height))
    page_size = QPageSize(portrait_size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))


def prepare_printer(printer: QPrinter, document: QPdfDocument) -> None:
    """Paper and orientation of the document's first page, the whole page printable, all pages."""
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(document))
    printer.setFromTo(1, max(1, document.pageCount()))
    printer.setDocName(Path(document.metaData(QPdfDocument.MetaDataField.Title) or "township-desk").name)


def pages_to_print(printer: QPrinter, count: int) -> range:
    """The page indexes chosen in the print dialog (all when no range was chosen)."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first <= 0:
        return range(count)
    return range(max(first, 1) - 1, min(last or count, count))


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Print the document's pages on `printer`, each rendered by QtPdf at the printer's resolution and
    fitted to the paper; returns the number of pages sent. PrintFailed when the printer refuses."""
    count = document.pageCount()
    if count <= 0:
        raise PrintFailed("PDF 文件没有可打印的页面，或文件已损坏。")
    chosen = pages_to_print(printer, count)
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed("打印机没有准备好：请检查打印机是否开机、联网，或在打印对话框中选择其他打印机。")
    try:
        for n, index in enumerate(chosen):
            if n:
                layout = page_layout(document, index)
                printer.setPageLayout(layout)  # a landscape page among portrait ones turns the paper
                if not printer.newPage():
                    raise PrintFailed(f"打印第 {index + 1} 页时打印机出错，打印已停止。")
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(index, pixels)
            if image.isNull():
                raise PrintFailed(f"第 {index + 1} 页无法生成图像（内存不足？），打印已停止。")
            area = QRectF(painter.viewport())
            scale = min(area.width() / pixels.width(), area.height() / pixels.height())
            target = QRectF(0, 0, pixels.width() * scale, pixels.height() * scale)
            target.moveCenter(area.center())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(chosen)


def print_pdf_with_dialog(parent: QWidget, document: QPdfDocument, title: str = "打印") -> int:
    """The system print dialog (in Chinese), then the pages on the chosen printer; pages printed (0 when
    the clerk cancelled). Problems are told in Chinese."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, document)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setMinMax(1, max(1, document.pageCount()))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted.value:
        return 0
    try:
        return print_document(document, printer)
    except PrintFailed as exc:
        messages.show_error(parent, title, str(exc))
        return 0


def open_with_system(parent: QWidget | None, path: Path) -> bool:
    """Open a file with the program the system has for it; say so in Chinese when there is none."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    messages.show_error(
        parent,
        "用系统程序打开",
        f"这台电脑上没有登记打开 PDF 文件的程序，无法打开：\n{path}\n\n"
        "可以直接点“打印…”用本程序打印，或安装 WPS、福昕阅读器等 PDF 阅读软件后再试。",
    )
    return False
