"""The 统计 tab through the real window: tables and charts on a date, comparing, targets and the villages
that miss them, editing a target, export and print."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate

from township_desk.services import statistics
from township_desk.ui.dialogs.pdf_preview import PdfPreviewDialog
from township_desk.ui.workers import wait_for_tasks


def stats_tab(window):
    tab = next(page for page in window.tab_pages if page.title == "统计")
    window.tabs.setCurrentWidget(tab)
    return tab


def grid_rows(widget):
    return [[widget.item(r, c).text() for c in range(widget.columnCount())] for r in range(widget.rowCount())]


def listed(tab):
    return [tab.model.data(tab.model.index(row, 0)) for row in range(tab.model.rowCount())]


def test_the_tab_shows_the_structure_charts_and_targets(main_window, today) -> None:
    tab = stats_tab(main_window)
    report = statistics.compute(today)
    rows = grid_rows(tab.grid)
    assert rows[0][:2] == ["在任村(社区)干部", str(report.structures["all"].total.total)]
    assert tab.charts[0].describe().startswith("在任干部年龄结构")
    ages = "，".join(
        f"{band} {n}"
        for band, n in zip(statistics.structure.AGE_BANDS, report.structures["all"].total.ages, strict=True)
    )
    assert ages in tab.charts[0].describe()
    targets = grid_rows(tab.targets)
    assert [r[0] for r in targets] == [t.label for t in report.targets]
    assert [r[3] for r in targets] == [t.verdict for t in report.targets]
    # the list below holds the villages that miss any target; one click on a target narrows it
    missing = next(t for t in report.targets if t.misses)
    row = report.targets.index(missing)
    tab.targets.cellClicked.emit(row, 0)
    assert sorted(listed(tab)) == sorted(missing.misses)
    assert tab.count_label.text() == f"共 {len(missing.misses)} 个未达标村(社区)"


def test_a_past_date_and_the_comparison(main_window, today) -> None:
    tab = stats_tab(main_window)
    tab.as_of.setDate(QDate(2010, 1, 1))
    assert grid_rows(tab.grid)[0][1] == str(
        statistics.compute(date(2010, 1, 1)).structures["all"].total.total
    )
    tab.as_of.setDate(QDate(today.year, today.month, today.day))
    tab.compare_on.setDate(QDate(2021, 7, 1))
    tab.compare_box.setChecked(True)
    tab.table_choice.setCurrentIndex(tab.table_choice.findText("对比"))
    rows = grid_rows(tab.grid)
    assert tab.grid.horizontalHeaderItem(1).text() == "2021-07-01"
    assert rows[0][0] == "人数" and rows[0][2] == str(statistics.compute(today).structures["all"].total.total)
    assert "2021-07-01" in tab.charts[0].describe()


def test_editing_a_target_is_kept_and_judged_again(main_window, today) -> None:
    tab = stats_tab(main_window)
    keys = [t.key for t in tab.report.targets]
    row = keys.index("secretary_high_school")
    tab.targets.item(row, 1).setText("100")
    assert statistics.target_value("secretary_high_school") == 100
    assert grid_rows(tab.targets)[row][1] == "≥ 100%"
    assert grid_rows(tab.targets)[row][3] == statistics.compute(today).target("secretary_high_school").verdict
    tab.targets.item(row, 1).setText("很多")
    assert main_window.errors_shown and "应为数字" in main_window.errors_shown[-1]
    assert statistics.target_value("secretary_high_school") == 100


def test_export_and_print(main_window, qtbot, tmp_path, monkeypatch) -> None:
    from township_desk.ui import messages

    offered: list[str] = []
    monkeypatch.setattr(
        messages, "after_export", lambda parent, title, text: offered.append(text) or messages.CLOSE
    )
    tab = stats_tab(main_window)
    xlsx = tmp_path / "stats.xlsx"
    tab.export_excel(xlsx)
    wait_for_tasks()
    qtbot.waitUntil(xlsx.exists, timeout=10000)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)  # 打开文件 / 打开所在文件夹 / 关闭
    assert "统计表" in offered[0] and str(xlsx) in offered[0]
    book = load_workbook(xlsx, read_only=True)
    assert "结构总表" in book.sheetnames
    book.close()
    pdf = tmp_path / "stats.pdf"
    tab.print_report(pdf)
    qtbot.waitUntil(lambda: main_window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    wait_for_tasks()
    assert "干部队伍结构统计" in "".join((PdfReader(pdf).pages[0].extract_text() or "").split())


def test_the_list_model_passes_qt_model_checks(main_window, qtmodeltester) -> None:
    qtmodeltester.check(stats_tab(main_window).model, force_py=True)
