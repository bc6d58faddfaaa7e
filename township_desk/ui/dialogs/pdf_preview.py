"""Preview of a printed PDF inside the window, with the system viewer one click away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from township_desk.ui.screen_fit import fit_window


def open_in_system_viewer(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


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
        open_button = QPushButton("用系统程序打开 / 打印")
        open_button.clicked.connect(lambda: open_in_system_viewer(path))
        close_button = QPushButton("关闭")
        close_button.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(info, 1)
        bar.addWidget(open_button)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        fit_window(self, 1000, 760)

    def page_count(self) -> int:
        return int(self.document.pageCount())
