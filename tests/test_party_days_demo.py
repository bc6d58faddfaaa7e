"""Demo data of the theme Party days: realistic, deterministic for a seed, every member's attendance."""

from __future__ import annotations

import random
from datetime import date

from township_desk.db import close_database, database, open_database
from township_desk.models.party_days import BranchMember, PartyBranch, PartyDay, PartyDayAttendance
from township_desk.models.people import Person
from township_desk.services import clock
from township_desk.services.demo import DemoContext, d10_cadres, d30_party_days
from township_desk.services.party_day_calendar import is_last_friday


def test_demo_holds_two_years_nearly_all_on_last_fridays(demo_db):
    days = list(PartyDay.live())
    branches = PartyBranch.live().count()
    assert branches >= 15
    on_time = sum(1 for d in days if is_last_friday(d.held_on))
    assert on_time / len(days) > 0.85
    late = [d for d in days if not is_last_friday(d.held_on)]
    assert late and all(d.late_reason for d in late)
    months = {d.month for d in days}
    assert len(months) == 24
    assert len(days) < branches * 24  # a few months missed
    assert len(days) > branches * 24 * 0.9
    assert max(d.held_on for d in days) <= clock.today()


def test_every_member_has_a_row_on_every_day_of_their_branch(demo_db):
    day = PartyDay.live().order_by(PartyDay.held_on.desc()).first()
    rows = PartyDayAttendance.live().where(PartyDayAttendance.day == day.id)
    members = BranchMember.live().where(BranchMember.branch == day.branch)
    assert rows.count() >= members.where(BranchMember.left_on.is_null()).count() - 2
    assert {r.status for r in PartyDayAttendance.live().limit(3000)} == {"出席", "请假", "缺席"}
    assert all(r.reason for r in PartyDayAttendance.live().where(PartyDayAttendance.status == "请假"))
    # ordinary members were added to the cadres: 20–40 per branch, each a Party member with a joining date
    for branch in PartyBranch.live():
        count = (
            BranchMember.live()
            .where((BranchMember.branch == branch.id) & BranchMember.left_on.is_null())
            .count()
        )
        assert 18 <= count <= 45, branch.name
        assert branch.secretary_id
    members = Person.select().join(BranchMember, on=(BranchMember.person == Person.id))
    assert all(p.political in ("中共党员", "中共预备党员") and p.party_joined_on for p in members.limit(500))


def _build(path, seed):
    open_database(path)
    ctx = DemoContext(rng=random.Random(seed), size="small", township="漳江镇", today=date(2024, 6, 3))
    with database.atomic():
        d10_cadres.populate(ctx)
        d30_party_days.populate(ctx)
    rows = [
        (d.branch.name, d.held_on, d.theme, d.late_reason)
        for d in PartyDay.select().order_by(PartyDay.held_on)
    ]
    statuses = sorted(
        (a.person.name, a.day.held_on, a.status)
        for a in PartyDayAttendance.select(PartyDayAttendance, Person, PartyDay)
        .join(Person)
        .switch(PartyDayAttendance)
        .join(PartyDay)
    )
    close_database()
    return rows, statuses


def test_demo_is_the_same_for_the_same_seed(tmp_path):
    first = _build(tmp_path / "a.db", 11)
    second = _build(tmp_path / "b.db", 11)
    assert first == second
    days, _ = first
    assert max(d[1] for d in days) <= date(2024, 6, 3)
    assert min(d[1] for d in days) >= date(2022, 6, 1)
