"""Schema 2: mentoring pairs, growth plans, mentor exchanges and reserve-cadre appointment history."""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import create_tables
from township_desk.models.mentoring import GrowthPlan, MentorExchange, Mentorship, ReserveAppointment


def apply(db: peewee.SqliteDatabase) -> None:
    create_tables(db, [Mentorship, GrowthPlan, MentorExchange, ReserveAppointment])
