"""Schema 1: settings, villages, people, cadre posts and reserve cadres."""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import create_tables
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.people import Person, Setting, Village


def apply(db: peewee.SqliteDatabase) -> None:
    create_tables(db, [Setting, Village, Person, CadrePost, ReserveCadre])
