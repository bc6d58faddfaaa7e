"""Schema 7: the planner's statistics read in full.

Files written by schema 6 carry sampled statistics (ANALYZE with analysis_limit = 400) that told SQLite a
nearly constant column such as deleted_at was selective, so it walked the deleted_at index of every person
to find a few hundred rows. No table changes; see db.refresh_statistics.
"""

from __future__ import annotations

import peewee


def apply(db: peewee.SqliteDatabase) -> None:
    db.execute_sql("PRAGMA analysis_limit = 0")
    db.execute_sql("ANALYZE")
