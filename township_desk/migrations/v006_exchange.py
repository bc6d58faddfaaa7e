"""Schema 6: every row's origin township (county merges), purged-row markers, merge log, ID-number review."""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import add_column, create_tables
from township_desk.models.base import all_models
from township_desk.models.exchange import IdNumberReview, MergeLog, PurgedRow

COLUMN = "origin_township"


def apply(db: peewee.SqliteDatabase) -> None:
    create_tables(db, [PurgedRow, MergeLog, IdNumberReview])
    existing = set(db.get_tables())
    for model in all_models():
        table = model._meta.table_name
        if table not in existing:
            continue  # a later step creates it, already with the column
        add_column(db, model, COLUMN)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{COLUMN}" ON "{table}" ("{COLUMN}")')
