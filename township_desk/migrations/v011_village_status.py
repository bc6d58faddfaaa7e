"""Schema 11: a village can be marked 撤并 (merged into another one) instead of staying in every filter.

Frozen: explicit SQL as it is at this version. Each column is added only when missing, so a step
interrupted midway (or a file whose village table already has the columns) upgrades cleanly.
"""

from __future__ import annotations

import peewee

COLUMNS = (
    ("status", 'ALTER TABLE "village" ADD COLUMN "status" VARCHAR(255) NOT NULL DEFAULT \'\''),
    ("merged_into", 'ALTER TABLE "village" ADD COLUMN "merged_into" VARCHAR(255)'),
)


def apply(db: peewee.SqliteDatabase) -> None:
    present = {row[1] for row in db.execute_sql('PRAGMA table_info("village")').fetchall()}
    for column, sql in COLUMNS:
        if column not in present:
            db.execute_sql(sql)
