"""The 导师帮带 lists search the joined mentor and mentee (no subquery over every person per keystroke) and
read the silent mentors once per write: the same rows as searching through a subquery, flags that follow
a new exchange at once."""

from __future__ import annotations

import pytest

from township_desk.models.mentoring import MentorExchange, Mentorship
from township_desk.models.people import Person
from township_desk.services import mentoring
from township_desk.services.listing import ListState
from township_desk.services.mentoring.pairs import (
    STALE_MARK,
    Mentee,
    Mentor,
    MentorshipListing,
    stale_mentor_ids,
)
from township_desk.services.mentoring.plans_exchanges import ExchangeListing
from township_desk.services.normalize import clean_text
from township_desk.services.people import person_search

QUERIES = [
    "z",
    "zh",
    "zhang",
    "w",
    "l",
    "王",
    "李",
    "张",
    "刘建",
    "1",
    "13",
    "138",
    "4307",
    "镇",
    "党委",
    "x y",
    "",
]


def _through_subquery(listing, state: ListState):
    """The list as it was searched before: people found by a subquery over every person."""
    query = listing.scope(listing.base_query())
    text = state.search.strip()
    if text:
        people = Person.select(Person.id).where(person_search(text))
        other = (
            Mentorship.mentor_unit.contains(clean_text(text))
            if isinstance(listing, MentorshipListing)
            else MentorExchange.content.contains(clean_text(text))
        )
        query = query.where(Mentorship.mentor.in_(people) | Mentorship.mentee.in_(people) | other)
    order = list(listing.default_sort)
    return [str(r.id) for r in query.order_by(*order)]


@pytest.mark.parametrize("make", [MentorshipListing, ExchangeListing])
def test_search_finds_the_same_rows_in_the_same_order(demo_db, make):
    listing = make()
    found_any = 0
    for text in QUERIES:
        state = ListState(search=text)
        total, first = listing.first_page(state, 100_000)
        expected = _through_subquery(listing, state)
        assert [str(row["id"]) for row in first] == expected, text
        assert total == len(expected)
        found_any += bool(expected) and bool(text)
    assert found_any >= 5  # the queries do find pairs


def test_joined_aliases_search_like_person(demo_db):
    for text in QUERIES:
        mentors = {
            str(p)
            for (p,) in Mentorship.select(Mentorship.mentor)
            .join(Mentor, on=(Mentorship.mentor == Mentor.id))
            .where(person_search(text, Mentor))
            .tuples()
        }
        direct = {
            str(p)
            for (p,) in Mentorship.select(Mentorship.mentor)
            .where(Mentorship.mentor.in_(Person.select(Person.id).where(person_search(text))))
            .tuples()
        }
        assert mentors == direct, text
    assert Mentee is not Mentor


def test_silent_mentor_flag_follows_a_new_exchange_without_reopening_the_list(demo_db, today):
    listing = MentorshipListing()
    stale = stale_mentor_ids()
    assert stale, "the demo has silent mentors"
    _total, rows = listing.first_page(ListState(), 100_000)
    flagged = [row for row in rows if row["flag"] == STALE_MARK]
    assert {str(row["mentor_id"]) for row in flagged} <= stale and flagged
    pair = flagged[0]
    mentoring.save_exchange(
        str(pair["id"]), None, {"date": today.isoformat(), "form": "面谈", "content": "交流"}
    )
    _total, again = listing.first_page(ListState(), 100_000)
    still = {str(row["mentor_id"]) for row in again if row["flag"] == STALE_MARK}
    assert str(pair["mentor_id"]) not in still
    assert still == {str(row["mentor_id"]) for row in again if row["stale"]}
