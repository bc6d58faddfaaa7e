"""Schema 6: every row's origin township (county merges), purged-row markers, merge log, ID-number review.

Frozen: the DDL as the code at commit 6f678f3 created it (statements made idempotent). Never edit a released
step; a change of schema is a new step.
"""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import add_column_sql, run_all

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "purged_row" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "table_name" VARCHAR(255) NOT NULL,
    "row_id" VARCHAR(32) NOT NULL,
    "purged_at" DATETIME NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS "merge_log" (
    "sha256" VARCHAR(64) NOT NULL PRIMARY KEY,
    "file_name" VARCHAR(255) NOT NULL,
    "township" VARCHAR(255) NOT NULL,
    "township_code" VARCHAR(255) NOT NULL,
    "schema_version" INTEGER NOT NULL,
    "exported_at" VARCHAR(255) NOT NULL,
    "merged_at" DATETIME NOT NULL,
    "rows_changed" INTEGER NOT NULL,
    "manifest" TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS "id_number_review" (
    "id_number" VARCHAR(255) NOT NULL,
    "person_id" VARCHAR(32) NOT NULL,
    "township" VARCHAR(255) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "listed_at" DATETIME NOT NULL,
    PRIMARY KEY ("id_number", "person_id")
)""",
    'CREATE INDEX IF NOT EXISTS "purged_row_updated_at" ON "purged_row" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "purged_row_deleted_at" ON "purged_row" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "purged_row_origin_township" ON "purged_row" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "purged_row_table_name_row_id" ON "purged_row" ("table_name", "row_id")',
    'CREATE INDEX IF NOT EXISTS "mergelog_township" ON "merge_log" ("township")',
)

# Every table of schemas 1-5 that carries the BaseModel columns, as it was at schema 6 (tables created by later
# steps already have the column).
TABLES = (
    "village",
    "person",
    "cadre_post",
    "reserve_cadre",
    "mentorship",
    "growth_plan",
    "mentor_exchange",
    "reserve_appointment",
    "party_branch",
    "branch_member",
    "party_day",
    "party_day_attendance",
    "party_day_item",
    "household",
    "household_visit",
    "household_matter",
    "household_pairing",
    "household_visitor",
    "assessment",
    "assessment_criterion",
    "assessment_entry",
    "assessment_score",
    "democratic_tally",
    "talk",
)
COLUMN = "origin_township"


def apply(db: peewee.SqliteDatabase) -> None:
    run_all(db, STATEMENTS)
    existing = set(db.get_tables())
    for table in TABLES:
        if table not in existing:
            continue  # a later step creates it, already with the column
        add_column_sql(db, table, COLUMN, "VARCHAR(255)")
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{COLUMN}" ON "{table}" ("{COLUMN}")')
