"""Paper from the window: every tab's forms print blank from the 打印 menu, 打印… sends the PDF's pages to a
printer (QtPdf → QPrinter), the system viewer's absence is told in Chinese, and 文件 ▸ 表样管理 manages the
county's own forms (a broken one prints the bundled form and says so)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from window_helpers import show_tab

from township_desk.services.blank_forms import BLANK_FORMS


def squash(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(path).pages))


def preview(window, qtbot):
    qtbot.waitUntil(lambda: window.findChild(object, "pdf_preview") is not None, timeout=15000)
    dialog = window.findChild(object, "pdf_preview")
    dialog.setObjectName("seen")  # the next print finds its own preview
    return dialog


@pytest.fixture
def own_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "表样"
    monkeypatch.setenv("TOWNSHIP_DESK_FORMS_DIR", str(folder))
    return folder


def test_every_fill_in_form_is_in_the_print_menu_of_its_tab_and_prints_blank(main_window, qtbot, tmp_path):
    main_window._fill_print_menu(every_tab=True)
    texts = [action.text() for action in main_window.print_menu.actions()]
    offered = {}
    for page in main_window.tab_pages:
        for name in getattr(page, "blank_forms", ()):
            offered[name] = page
    assert set(offered) == set(BLANK_FORMS)  # every blank-printable form has a tab that offers it
    assert "谈话：空白表：谈话记录表…" in texts and "联系户：空白表：党员联系户“五个到户”登记表…" in texts
    for name in ("household_card", "growth_plan", "party_day_record", "training_signin"):
        out = tmp_path / f"{name}.pdf"
        offered[name].print_blank(out, name)
        preview(main_window, qtbot)
        assert len(PdfReader(out).pages) == 1
    assert "党员联系户“五个到户”登记表" in squash(tmp_path / "household_card.pdf")
    assert "签到表" in squash(tmp_path / "training_signin.pdf")
    assert not main_window.errors_shown


def test_print_sends_every_page_to_the_printer(main_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from township_desk.ui import printing

    tab = show_tab(main_window, "干部")
    out = tmp_path / "roster.pdf"
    tab.print_roster(out)
    dialog = preview(main_window, qtbot)
    pages = len(PdfReader(out).pages)
    assert pages == dialog.page_count() >= 2

    printed = tmp_path / "printed.pdf"

    class Chooser(QPrintDialog):  # the system print dialog, answered: "all pages, to this printer"
        def exec(self) -> int:
            assert "打印" in self.windowTitle() and (self.minPage(), self.maxPage()) == (1, pages)
            self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer().setOutputFileName(str(printed))
            return QPrintDialog.DialogCode.Accepted.value

    monkeypatch.setattr(printing, "QPrintDialog", Chooser)
    assert dialog.print_pages() == pages
    reader = PdfReader(printed)
    assert len(reader.pages) == pages
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # the roster's A4 landscape, not the printer's default
    assert abs(float(box.width) - 842) < 3 and abs(float(box.height) - 595) < 3
    assert not main_window.errors_shown


def test_a_printer_with_a_page_range_gets_those_pages(qapp, tmp_path):
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from township_desk.reports import render_table
    from township_desk.ui.printing import prepare_printer, print_document

    rows = [{"name": f"张{i:03d}", "village": "桃花村", "post": "委员"} for i in range(80)]
    source = render_table("roster", rows, tmp_path / "r.pdf", {"township": "漳江镇"})
    document = QPdfDocument()
    document.load(str(source))
    total = document.pageCount()
    assert total >= 3
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, document)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_document(document, printer) == 2
    assert len(PdfReader(tmp_path / "two.pdf").pages) == 2


def test_no_system_pdf_program_is_told_in_chinese(main_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    tab = show_tab(main_window, "谈话")
    out = tmp_path / "blank.pdf"
    tab.print_blank(out)
    dialog = preview(main_window, qtbot)
    dialog.findChild(object, "open_button").click()
    (message,) = main_window.errors_shown
    assert "没有登记打开 PDF 文件的程序" in message and str(out) in message and "打印…" in message


def test_forms_manager_exports_checks_and_restores(main_window, qtbot, own_forms, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    labels = [a.text() for a in main_window.menuBar().actions()[0].menu().actions()]
    assert "表样管理…" in labels
    dialog = main_window.open_forms_manager()
    assert dialog.isVisible() and str(own_forms) in dialog.folder.text()
    rows = {dialog.table.item(r, 1).text(): r for r in range(dialog.table.rowCount())}
    assert dialog.table.item(rows["roster.toml"], 0).text() == "村(社区)“两委”干部花名册"
    assert dialog.table.item(rows["roster.toml"], 2).text() == "程序自带"

    dialog.select("roster")
    dialog.export_button.click()
    own = own_forms / "roster.toml"
    assert own.is_file() and str(own) in dialog.result.text()
    assert dialog.table.item(rows["roster.toml"], 2).text() == "已自定义"
    dialog.open_folder()
    assert opened and Path(opened[0].toLocalFile()) == own_forms

    own.write_text(
        own.read_text(encoding="utf-8").replace('key = "name"', 'key = "nmae"', 1), encoding="utf-8"
    )
    dialog.check()
    assert "1 张表样有误" in dialog.result.text()
    (message,) = main_window.errors_shown
    assert "“nmae”（姓名）" in message and "是不是“name”" in message

    # printing with the broken form: the bundled roster prints, and the clerk is told which file and why
    tab = show_tab(main_window, "干部")
    out = tmp_path / "roster.pdf"
    tab.print_roster(out)
    preview(main_window, qtbot)
    assert "姓名" in squash(out)
    qtbot.waitUntil(lambda: len(main_window.errors_shown) == 2, timeout=5000)
    notice = main_window.errors_shown[1]
    assert "自定义表样有误，本次已改用程序自带的表样打印" in notice and str(own) in notice

    dialog.select("roster")
    dialog.restore_button.click()  # confirmed (the fixture answers yes)
    assert not own.exists() and dialog.table.item(rows["roster.toml"], 2).text() == "程序自带"
    dialog.check()
    assert "都没有问题" in dialog.result.text()
