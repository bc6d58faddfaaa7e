"""Schema 7: covering indexes for the cadre list, and the planner's statistics read in full.

The 干部 list (every keystroke of its search) joins each person to the current post, the reserve record
and the village; with these indexes SQLite reads those from the index alone instead of also visiting each
table row (the full list of 3,800 county cadres: about a third less time).

Files written by schema 6 carry sampled statistics (ANALYZE with analysis_limit = 400) that told SQLite a
nearly constant column such as deleted_at was selective, so it walked the deleted_at index of every person
to find a few hundred rows; see db.refresh_statistics.
"""

from __future__ import annotations

import peewee

INDEXES = (
    "cadre_post_current ON cadre_post (ended_on, deleted_at, person_id)",
    "cadre_post_listed ON cadre_post (person_id, ended_on, deleted_at, post, started_on, is_new)",
    "reserve_cadre_listed ON reserve_cadre (person_id, deleted_at, programme, status)",
    "village_listed ON village (id, name, sort_order)",
)


def apply(db: peewee.SqliteDatabase) -> None:
    for index in INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {index}")
    db.execute_sql("PRAGMA analysis_limit = 0")
    db.execute_sql("ANALYZE")
