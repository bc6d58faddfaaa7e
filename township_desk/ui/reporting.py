"""Making a PDF from a tab: ask where, render in the background, then preview it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from township_desk.services.progress import Progress
from township_desk.ui import file_dialogs, messages
from township_desk.ui.workers import run_task


def print_to_pdf(
    parent: QWidget,
    title: str,
    suggested: str,
    render: Callable[[Path, Progress], Any],
    path: Path | None = None,
    preview: bool = True,
) -> None:
    from township_desk.services.settings import UNNAMED_MESSAGE, township_name

    if not township_name():  # no paper leaves the office without the township's name
        messages.show_error(parent, title, UNNAMED_MESSAGE)
        return
    path = path or file_dialogs.ask_save(parent, title, suggested, "PDF 文件 (*.pdf)")
    if path is None:
        return

    def done(_result: Any) -> None:
        from township_desk.reports.renderer import take_warnings
        from township_desk.services import audit
        from township_desk.ui.dialogs.pdf_preview import PdfPreviewDialog  # QtPdf loads on first use

        audit.record("打印", f"{title} → {path.name}", subject=title)  # 操作日志: printing of personal data
        warnings = take_warnings(path)
        if warnings:
            # characters no font has, or the county's own form had a mistake and the bundled one printed
            messages.show_error(parent, title, "PDF 已生成，但请注意：\n" + "\n".join(warnings[:20]))
        if preview:
            dialog = PdfPreviewDialog(path, parent)
            dialog.setObjectName("pdf_preview")
            dialog.open()

    run_task(
        parent,
        "正在生成 PDF…",
        lambda progress: render(path, progress),
        on_done=done,
        on_error=lambda exc: messages.show_error(parent, title, exc),
    )
