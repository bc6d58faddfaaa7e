"""Schema 4: households paired with Party members, their visits, companions and matters, with indexes and triggers."""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import create_tables
from township_desk.models.households import MODELS, create_indexes, create_triggers


def apply(db: peewee.SqliteDatabase) -> None:
    create_tables(db, list(MODELS))
    create_indexes(db)
    create_triggers(db)
