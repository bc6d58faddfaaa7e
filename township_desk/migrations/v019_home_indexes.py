"""Schema 19: covering indexes for what 首页 asks at every start (issue 24).

The to-do list asks, for each kind of meeting, which branches held one in the period that ended last (逾期未开),
and which branches held their 主题党日 last month. SQLite read each meeting of the period from the table to learn
its kind and its branch (the held_on index holds neither), and walked the (branch, month) index of every branch
for the Party days. With these indexes it reads the answer from the index alone: on the county's file the to-do
list's meeting item went from about 15 ms to 7 ms.

Frozen: explicit SQL as it is at this version; IF NOT EXISTS, so a step interrupted midway upgrades cleanly.
"""

from __future__ import annotations

import peewee

INDEXES = (
    '"meeting_kind_held_on" ON "meeting" ("kind", "held_on", "deleted_at", "branch_id")',
    '"party_day_month_branch" ON "party_day" ("month", "deleted_at", "branch_id")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for index in INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {index}")
    db.execute_sql(
        "PRAGMA analysis_limit = 0"
    )  # read in full, as step 7 does (sampled ones misled the planner)
    for table in ("meeting", "party_day"):
        db.execute_sql(f'ANALYZE "{table}"')
