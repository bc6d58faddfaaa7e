"""Preview of a printed PDF inside the window: 打印… prints it on paper (QtPdf → the printer), and the
system's PDF program is one click away (told in Chinese when there is none)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from township_desk.ui.printing import open_with_system, print_pdf_with_dialog
from township_desk.ui.screen_fit import fit_window


def open_in_system_viewer(path: Path, parent: QWidget | None = None) -> bool:
    """The system's program for PDF files; a Chinese message when none is registered."""
    return open_with_system(parent, path)


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(f"打印预览 — {path.name}")
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        info = QLabel(f"{path}（共 {self.document.pageCount()} 页）")
        info.setObjectName("info")
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("print_button")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_pages)
        open_button = QPushButton("用系统程序打开")
        open_button.setObjectName("open_button")
        open_button.clicked.connect(lambda: open_in_system_viewer(path, self))
        close_button = QPushButton("关闭")
        close_button.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(info, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(open_button)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        fit_window(self, 1000, 760)

    def print_pages(self) -> int:
        """打印…: the system print dialog, then the pages on paper; the number of pages printed."""
        return print_pdf_with_dialog(self, self.document, f"打印 — {self.path.name}")

    def page_count(self) -> int:
        return int(self.document.pageCount())
