"""Schema 18: the fields real paper forms ask for (issue 21, item 12).

person: 籍贯 (native_place), 全日制教育 and 在职教育 (fulltime_education, inservice_education; `education` stays
the highest level the statistics count); talk: 编号 (record_no, e.g. 2026-007) and 审阅人 (reviewer);
party_day: 列席人员 (guests) and 补课情况 (makeup).

Frozen: explicit SQL as it is at this version. Each column is added only when missing, so a step interrupted
midway upgrades cleanly. The columns travel to the county with their rows like every other column.
"""

from __future__ import annotations

import peewee

TEXT = "VARCHAR(255) NOT NULL DEFAULT ''"
LONG = "TEXT NOT NULL DEFAULT ''"

COLUMNS = (
    ("person", "native_place", TEXT),
    ("person", "fulltime_education", TEXT),
    ("person", "inservice_education", TEXT),
    ("talk", "record_no", TEXT),
    ("talk", "reviewer", TEXT),
    ("party_day", "guests", LONG),
    ("party_day", "makeup", LONG),
)


def apply(db: peewee.SqliteDatabase) -> None:
    for table, column, definition in COLUMNS:
        present = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}
        if column not in present:
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')
