"""The 首页 tab driven through the real window: the first day's checklist through to a first roster PDF, and
every later day's to-do list opening its tab already filtered."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from window_helpers import show_tab

from township_desk.models.people import Person
from township_desk.services import talks
from township_desk.services.home.todo import todo_items
from township_desk.ui.workers import wait_for_tasks


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ticked(home, key: str) -> bool:
    return bool(home.ticks[key].property("done"))


@pytest.fixture
def new_window(qtbot, db, qt_settings, monkeypatch):
    """The real window on a brand-new empty file; message boxes answered without blocking."""
    from township_desk.ui import messages
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    make_application()
    shown: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, yes="确定": True)
    monkeypatch.setattr(messages, "show_error", lambda parent, title, exc: shown.append(str(exc)))
    window = MainWindow(db)
    window.errors_shown = shown
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.counts_label.text()), timeout=10000)  # every tab built and counted
    yield window
    wait_for_tasks()


def test_the_first_day_checklist_leads_to_a_first_roster(new_window, qtbot, tmp_path, monkeypatch):
    from test_cadre_import import messy_workbook

    from township_desk.ui import file_dialogs
    from township_desk.ui.dialogs.import_preview import ImportPreviewDialog

    window = new_window
    home = window.current_tab()
    assert window.tabs.tabText(0) == "首页" and home.title == "首页"
    assert home.setup_box.isVisible() and not home.todo_box.isVisible()
    assert not any(ticked(home, key) for key in home.ticks)

    # printing before the township has a name is refused, with the reason
    cadres = show_tab(window, "干部")
    cadres.print_roster(tmp_path / "early.pdf")
    assert "乡镇(街道)名称" in window.errors_shown[-1] and not (tmp_path / "early.pdf").exists()
    from township_desk.ui.dialogs.county_export import CountyExportDialog

    assert CountyExportDialog(window).name.text() == ""  # no placeholder name offered to the county
    window.tabs.setCurrentIndex(0)

    # 一 本乡镇信息, in place
    home.township_form.edits["township_code"].setText("43072510X")
    click(qtbot, home.township_form.save_button)
    assert "请填写" in home.township_form.error.text() and not ticked(home, "township")
    home.township_form.edits["township"].setText("漳江镇")
    click(qtbot, home.township_form.save_button)
    assert "数字" in home.township_form.error.text()
    home.township_form.edits["township_code"].setText("430725100")
    home.township_form.edits["contact"].setText("李明")
    click(qtbot, home.township_form.save_button)
    assert ticked(home, "township") and "漳江镇" in window.windowTitle()

    # 二 村(社区): add, a typo merged away, rename, order, 村/社区
    panel = home.villages
    for name in ("岗湖村", "岗胡村", "城南社区"):
        panel.new_name.setText(name)
        click(qtbot, panel.findChild(type(home.setup_toggle), "add_village"))
    assert panel.names() == ["岗湖村", "岗胡村", "城南社区"] and ticked(home, "villages")
    panel.select("岗胡村")
    panel.merge_into.setCurrentText("岗湖村")
    click(qtbot, panel.findChild(type(home.setup_toggle), "merge_village"))
    assert panel.names() == ["岗湖村", "城南社区", "岗胡村"]
    assert "撤并" in panel.list.item(2).text()
    cadres.reload()
    box = cadres.filter_boxes["village"]
    assert [box.itemText(i) for i in range(1, box.count())] == [
        "岗湖村",
        "城南社区",
    ]  # 撤并 leaves the filter
    panel.select("城南社区")
    panel.rename_edit.setText("城北社区")
    click(qtbot, panel.findChild(type(home.setup_toggle), "rename_village_button"))
    click(qtbot, panel.findChild(type(home.setup_toggle), "village_up"))
    assert panel.names()[:2] == ["城北社区", "岗湖村"]
    assert not panel.error.text()

    # 三 the existing roster, through the 干部 tab's import (file chosen, preview confirmed)
    workbook = messy_workbook(tmp_path / "花名册.xlsx")
    monkeypatch.setattr(file_dialogs, "ask_open", lambda *args, **kwargs: workbook)
    click(qtbot, home.findChild(type(home.setup_toggle), "import_干部"))
    assert window.current_tab() is cadres
    qtbot.waitUntil(lambda: cadres.findChild(ImportPreviewDialog) is not None, timeout=10000)
    click(qtbot, cadres.findChild(ImportPreviewDialog).import_button)
    qtbot.waitUntil(lambda: cadres.model.total == 3, timeout=10000)
    window.tabs.setCurrentIndex(0)
    assert ticked(home, "rosters") and Person.live().count() == 3 and home.setup_box.isVisible()

    # 四 where backups go
    click(qtbot, home.findChild(type(home.setup_toggle), "backups_seen"))
    assert ticked(home, "rosters") and ticked(home, "backups")

    # set up: the next time the page is read it is the to-do list
    home.reload()
    assert not home.setup_box.isVisible() and home.todo_box.isVisible()
    assert "在任村干部" in home.numbers_label.text()

    # the first roster, under the township's name
    out = tmp_path / "花名册.pdf"
    show_tab(window, "干部").print_roster(out)
    qtbot.waitUntil(out.exists, timeout=20000)
    wait_for_tasks()
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(out).pages))
    assert "漳江镇" in text and "示例镇" not in text
    assert not [e for e in window.errors_shown if "乡镇(街道)名称" not in e]


def test_each_todo_item_opens_its_tab_already_filtered(main_window, qtbot):
    home = main_window.current_tab()
    assert home.title == "首页" and home.todo_box.isVisible()
    lines = [home.todo_list.item(i).text() for i in range(home.todo_list.count())]
    expected = todo_items(db_path=main_window.db_path)
    assert any(line.startswith(f"● {talks.pending_count()} 次谈话") for line in lines)
    assert len(lines) == len(expected) + (0 if any(i.urgent for i in expected) else 1)

    from township_desk.services.cadres import cadre_counts

    counts = cadre_counts()
    assert f"在任村干部 {counts['serving']}" in home.numbers_label.text()
    assert (
        f"在任干部 {counts['serving']} 人" in main_window.counts_label.text()
    )  # the same number as the status bar
    assert not home.setup_box.isVisible()  # set up already: villages and the township's form one click away
    click(qtbot, home.setup_toggle)
    assert home.setup_box.isVisible() and home.villages.list.count() > 3
    assert home.township_form.edits["township"].text() == "漳江镇"

    row = next(i for i in range(home.todo_list.count()) if "次谈话" in home.todo_list.item(i).text())
    home._item_activated(home.todo_list.item(row))
    tab = main_window.current_tab()
    assert tab.title == "谈话" and tab.filter_boxes["status"].currentText() == talks.STATUS_PENDING
    assert tab.model.total == talks.pending_count()

    main_window.tabs.setCurrentIndex(0)
    row = next(i for i in range(home.todo_list.count()) if "未走访" in home.todo_list.item(i).text())
    home._item_activated(home.todo_list.item(row))
    households = main_window.current_tab()
    assert households.title == "联系户" and households.detail.currentWidget() is households.overdue

    from township_desk.services import mentoring

    main_window.tabs.setCurrentIndex(0)
    stale = sum(a.mentees for a in mentoring.stale_mentors())  # their pairs 帮带中
    row = next(i for i in range(home.todo_list.count()) if "名导师超过" in home.todo_list.item(i).text())
    home._item_activated(home.todo_list.item(row))
    pairs = main_window.current_tab()
    assert pairs.title == "导师帮带" and pairs.filter_boxes["flag"].currentText() == mentoring.STALE_FLAG
    assert stale and pairs.model.total == stale


def test_the_last_tab_is_remembered_by_its_module(main_window, qtbot):
    from township_desk.ui.main_window import MainWindow

    show_tab(main_window, "联系户")
    main_window.close()
    again = MainWindow(main_window.db_path)
    qtbot.addWidget(again)
    assert again.current_tab().title == "联系户"


def test_empty_panels_say_what_to_do_next(new_window):
    mentoring = show_tab(new_window, "导师帮带")
    label = mentoring.coverage.coverage_label.text()
    assert "0/0" not in label and "100%" not in label and "标为“新任”" in label
    reserves = show_tab(new_window, "后备干部")
    assert "0/0" not in reserves.share_label.text() and "还没有在任干部" in reserves.share_label.text()
    assert "%" not in new_window.counts_label.text()  # no 0 % in the status bar of an empty file
    party_days = show_tab(new_window, "主题党日")
    assert "还没有党支部" in party_days.missed.label.text()
