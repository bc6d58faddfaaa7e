"""帮助 ▸ 使用说明 (F1): the short guide in Chinese, a Markdown file in resources/guide/ shown in a QTextBrowser."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from township_desk.paths import resources_dir


def guide_text() -> str:
    path = resources_dir() / "guide" / "guide.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"# 使用说明\n\n找不到说明文件：{path}"


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle("使用说明")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_browser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        from township_desk.ui.screen_fit import fit_window

        fit_window(self, 760, 680)


def show_guide(parent: QWidget) -> GuideDialog:
    """One guide window: shown again (not a second one) when asked twice."""
    dialog = parent.findChild(GuideDialog)
    if dialog is None:
        dialog = GuideDialog(parent)
    dialog.show()
    dialog.raise_()
    return dialog
