"""The demo township's 组织生活: every kind of meeting, groups, grids, posts, appraisals and 屋场会 matters."""

from __future__ import annotations

import random
from datetime import timedelta

from township_desk.db import database
from township_desk.models.households import HouseholdMatter
from township_desk.models.meetings import Meeting, MeetingIssue, MemberAppraisal, MemberPost
from township_desk.services import clock
from township_desk.services.demo import DemoContext, d80_meetings
from township_desk.services.meetings import groups, ledger
from township_desk.services.meetings.terms import KINDS


def test_the_demo_has_every_kind_and_the_chain_to_household_matters(demo_db):
    kinds = {k for (k,) in Meeting.select(Meeting.kind).distinct().tuples()}
    assert kinds == set(KINDS)
    assert MemberAppraisal.select().count() > 50
    assert MemberPost.select().count() > 10
    rows = groups.grid_rows()
    assert rows and all(r["household_count"] > 0 for r in rows)
    issue = MeetingIssue.select().first()
    matter = HouseholdMatter.get_by_id(issue.matter_id)
    assert matter.household_id == issue.household_id
    assert groups.household_place(str(issue.household_id)).group
    # most of what was due is done; some is missing, so the ledger and the home page have something to show
    year = (clock.today() - timedelta(days=1)).year  # on 1 January nothing of the new year is due yet
    totals = ledger.year_ledger(year).totals()
    assert totals.get(ledger.DONE, 0) > 5 * (totals.get(ledger.MISSING, 0) + totals.get(ledger.OVERDUE, 0))
    assert totals.get(ledger.MISSING, 0) + totals.get(ledger.OVERDUE, 0) > 0


def test_the_module_leaves_the_shared_random_source_as_it_found_it(demo_db, today):
    rng = random.Random(7)
    rng.random()
    before = rng.getstate()
    ctx = DemoContext(rng=rng, size="small", township="漳江镇", today=today)
    with database.atomic() as transaction:
        d80_meetings.populate(ctx)
        transaction.rollback()
    assert rng.getstate() == before
