"""Schema 3: Party branches and members, theme Party days with attendance, fixed items per year."""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import create_tables
from township_desk.models.party_days import (
    BranchMember,
    PartyBranch,
    PartyDay,
    PartyDayAttendance,
    PartyDayItem,
)


def apply(db: peewee.SqliteDatabase) -> None:
    create_tables(db, [PartyBranch, BranchMember, PartyDay, PartyDayAttendance, PartyDayItem])
