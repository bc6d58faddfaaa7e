"""The 首页 to-do list carries the round's subjects: work teams, training days and terms of the village committees."""

from __future__ import annotations

from collections import Counter
from datetime import date

from township_desk.services.elections import terms
from township_desk.services.home.todo import todo_items
from township_desk.services.training import days
from township_desk.services.work_teams.home import home_items


def by_key(today):
    return {item.key: item for item in todo_items(today)}


def test_work_team_items_match_the_work_team_service(demo_db, today):
    items = by_key(today)
    expected = Counter(item.kind for item in home_items(today))
    assert expected, "the demo has a recall, an absence and leave to follow up"
    for kind, count in expected.items():
        assert items[f"work_teams.{kind}"].count == count and items[f"work_teams.{kind}"].tab == "驻村工作队"


def test_training_shortfall_shows_in_december_and_january_only(demo_db):
    december, march = date(2026, 12, 10), date(2026, 3, 10)
    short = days.shortfall(2026, december)
    assert short and by_key(december)["training.shortfall"].count == len(short)
    assert by_key(date(2027, 1, 5))["training.shortfall"].text.endswith("2026年培训天数未达要求")
    assert "training.shortfall" not in by_key(march)


def test_terms_overdue_and_ending_soon(demo_db):
    # The demo's 2021 round ends in the first half of 2026: every 两委 term is overdue by December 2026 …
    items = by_key(date(2026, 12, 1))
    overdue = [t for t in terms.terms_ending(3, date(2026, 12, 1)) if t.overdue]
    assert items["elections.overdue"].count == len(overdue) > 0 and items["elections.overdue"].tab == "换届"
    # … and in late 2025 some end within three months, none has ended yet.
    soon = by_key(date(2025, 12, 20))
    assert "elections.overdue" not in soon
    assert soon["elections.soon"].count == len(terms.terms_ending(3, date(2025, 12, 20))) > 0


def test_overdue_meetings_open_the_ledger_of_their_year(main_window, today):
    from township_desk.services.meetings.ledger import missing_meetings
    from township_desk.ui.tabs.home import HomeTab

    missing = missing_meetings(today)
    items = by_key(today)
    if not missing.count:
        assert "meetings.overdue" not in items
        return
    item = items["meetings.overdue"]
    assert item.count == missing.count and item.tab == "组织生活"
    home = next(p for p in main_window.tab_pages if isinstance(p, HomeTab))
    home.open_item(item)
    tab = main_window.current_tab()
    assert tab.title == "组织生活" and tab.views.currentIndex() == 1
    assert tab.ledger.year_box.value() == int(missing.filters["year"])
