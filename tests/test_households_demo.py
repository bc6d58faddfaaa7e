"""The demo's households: several hundred, paired with Party members, over a thousand visits, every status."""

from __future__ import annotations

import peewee

from township_desk.db import database
from township_desk.models.households import (
    Household,
    HouseholdMatter,
    HouseholdPairing,
    HouseholdVisit,
    HouseholdVisitor,
    recompute_copies,
)
from township_desk.models.people import Person
from township_desk.services import visits
from township_desk.services.households import PARTY_MEMBERS, STATE_UNPAIRED, HouseholdListing
from township_desk.services.listing import ListState


def test_small_demo_has_what_the_issue_asks(demo_db):
    assert 300 <= Household.select().count() <= 900
    assert HouseholdVisit.select().count() > 1000
    statuses = {status for (status,) in HouseholdMatter.select(HouseholdMatter.status).distinct().tuples()}
    assert statuses == {"待办", "办理中", "已办结"}
    assert HouseholdListing().count(ListState(filters={"state": STATE_UNPAIRED})) > 0
    assert HouseholdPairing.select().where(HouseholdPairing.ended_on.is_null(False)).exists()
    assert HouseholdVisitor.select().exists()
    counts = visits.overdue_counts()
    assert counts["pairings"] > 0 and counts["matters"] > 0
    # pairs and visitors are Party members; heads are people of their own
    members = Person.select(Person.political).join(
        HouseholdPairing, on=(HouseholdPairing.member == Person.id)
    )
    assert {p for (p,) in members.distinct().tuples()} <= set(PARTY_MEMBERS)
    visitors = Person.select(Person.political).join(HouseholdVisit, on=(HouseholdVisit.visitor == Person.id))
    assert {p for (p,) in visitors.distinct().tuples()} <= set(PARTY_MEMBERS)
    resolved = HouseholdMatter.select().where(HouseholdMatter.status == "已办结")
    assert all(m.resolved_on and m.resolution and m.resolved_on >= m.raised_on for m in resolved)


def test_demo_copies_match_what_the_triggers_compute(demo_db):
    def snapshot():
        households = (
            Household.select(
                Household.id,
                Household.head_name,
                Household.head_pinyin,
                Household.head_id_number,
                Household.village_order,
                Household.last_visit_on,
                Household.visit_count,
                Household.open_matters,
                Household.pairing_count,
            )
            .order_by(Household.id)
            .tuples()
        )
        pairings = (
            HouseholdPairing.select(HouseholdPairing.id, HouseholdPairing.last_visit_on)
            .order_by(HouseholdPairing.id)
            .tuples()
        )
        return list(households), list(pairings)

    before = snapshot()
    with database.atomic():
        recompute_copies(database)
    assert snapshot() == before
    visited = Household.select(peewee.fn.SUM(Household.visit_count)).scalar()
    assert visited == HouseholdVisit.select().count()
