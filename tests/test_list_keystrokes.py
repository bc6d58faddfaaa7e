"""Search keystrokes in the lists (issue 24): the first page read in one query shows the same rows and total as
counting and paging the plain way; the count line under the list follows every keystroke."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from window_helpers import show_tab

from township_desk.services.cadres import CadreListing
from township_desk.services.listing import Listing, ListState
from township_desk.services.meetings.records import MeetingListing
from township_desk.services.mentoring import MentorshipListing
from township_desk.services.party_days import PartyDayListing
from township_desk.services.reserves import ReserveListing
from township_desk.services.work_teams.teams import TeamListing

SEARCHES = ("", "z", "zh", "1", "13", "王", "李", "书记", "村")


@pytest.mark.parametrize(
    "listing_class",
    [CadreListing, PartyDayListing, MentorshipListing, ReserveListing, MeetingListing, TeamListing],
)
def test_first_page_has_the_rows_and_total_of_the_plain_search(demo_db, listing_class: type[Listing]):
    listing = listing_class()
    found_any = False
    for text in SEARCHES:
        state = ListState(search=text)
        total, rows = listing.first_page(state, 15)
        assert total == listing.count(state), text
        assert [row["id"] for row in rows] == [row["id"] for row in listing.fetch(state, 0, 15)], text
        shown = [{key: row.get(key) for key in ("id", *(c.key for c in listing.columns))} for row in rows]
        paged = [
            {key: row.get(key) for key in ("id", *(c.key for c in listing.columns))}
            for row in listing.fetch(state, 0, 15)
        ]
        assert shown == paged, text  # every cell as the list shows it
        found_any = found_any or 0 < total < listing.count(ListState())
    assert found_any  # some search narrowed the list


def test_typing_a_search_changes_the_list_and_its_count(main_window):
    tab = show_tab(main_window, "干部")
    whole = tab.model.total
    for text in ("z", "zh", "zha", "", "1", "13", "王", "李", "刘建", ""):
        tab.search.setText(text)
        QApplication.processEvents()
        assert tab.count_label.text().startswith(f"共 {tab.model.total} 人"), text
        assert 0 < tab.model.rowCount() <= tab.model.total or tab.model.total == 0
    assert tab.model.total == whole
    tab.search.setText("zh")
    QApplication.processEvents()
    assert 0 < tab.model.total < whole
