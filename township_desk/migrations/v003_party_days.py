"""Schema 3: Party branches and members, theme Party days with attendance, fixed items per year.

Frozen: the DDL as the code at commit 2e75cd0 created it (statements made idempotent). Never edit a released
step; a change of schema is a new step.
"""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import run_all

# This step first shipped in a release whose files were already at schema 5 (steps were numbered by subject,
# not by release), so a file at schema 5 or below may lack it: db.py runs it again there (it is idempotent).
SHIPPED_WITH = 5

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "party_branch" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "name" VARCHAR(255) NOT NULL,
    "village_id" VARCHAR(32),
    "secretary_id" VARCHAR(32),
    "sort_order" INTEGER NOT NULL,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("village_id") REFERENCES "village" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "branch_member" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "branch_id" VARCHAR(32) NOT NULL,
    "person_id" VARCHAR(32) NOT NULL,
    "joined_on" DATE,
    "left_on" DATE,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("branch_id") REFERENCES "party_branch" ("id"),
    FOREIGN KEY ("person_id") REFERENCES "person" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "party_day" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "branch_id" VARCHAR(32) NOT NULL,
    "held_on" DATE NOT NULL,
    "month" VARCHAR(255) NOT NULL,
    "late_reason" TEXT NOT NULL,
    "theme" VARCHAR(255) NOT NULL,
    "items_done" TEXT NOT NULL,
    "place" VARCHAR(255) NOT NULL,
    "host" VARCHAR(255) NOT NULL,
    "recorder" VARCHAR(255) NOT NULL,
    "summary" TEXT NOT NULL,
    FOREIGN KEY ("branch_id") REFERENCES "party_branch" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "party_day_attendance" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "day_id" VARCHAR(32) NOT NULL,
    "person_id" VARCHAR(32) NOT NULL,
    "status" VARCHAR(255) NOT NULL,
    "reason" VARCHAR(255) NOT NULL,
    FOREIGN KEY ("day_id") REFERENCES "party_day" ("id"),
    FOREIGN KEY ("person_id") REFERENCES "person" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "party_day_item" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "year" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "sort_order" INTEGER NOT NULL
)""",
    'CREATE INDEX IF NOT EXISTS "party_branch_updated_at" ON "party_branch" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "party_branch_deleted_at" ON "party_branch" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "party_branch_origin_township" ON "party_branch" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "party_branch_name" ON "party_branch" ("name")',
    'CREATE INDEX IF NOT EXISTS "party_branch_village_id" ON "party_branch" ("village_id")',
    'CREATE INDEX IF NOT EXISTS "branch_member_updated_at" ON "branch_member" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "branch_member_deleted_at" ON "branch_member" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "branch_member_origin_township" ON "branch_member" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "branch_member_branch_id" ON "branch_member" ("branch_id")',
    'CREATE INDEX IF NOT EXISTS "branch_member_person_id" ON "branch_member" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "branch_member_left_on" ON "branch_member" ("left_on")',
    'CREATE INDEX IF NOT EXISTS "party_day_updated_at" ON "party_day" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "party_day_deleted_at" ON "party_day" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "party_day_origin_township" ON "party_day" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "party_day_branch_id" ON "party_day" ("branch_id")',
    'CREATE INDEX IF NOT EXISTS "party_day_held_on" ON "party_day" ("held_on")',
    'CREATE INDEX IF NOT EXISTS "party_day_month" ON "party_day" ("month")',
    'CREATE INDEX IF NOT EXISTS "party_day_branch_id_month" ON "party_day" ("branch_id", "month")',
    'CREATE INDEX IF NOT EXISTS "party_day_attendance_updated_at" ON "party_day_attendance" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "party_day_attendance_deleted_at" ON "party_day_attendance" ("deleted_at")',
    """CREATE INDEX IF NOT EXISTS "party_day_attendance_origin_township" ON "party_day_attendance" ("origin_township")""",
    'CREATE INDEX IF NOT EXISTS "party_day_attendance_day_id" ON "party_day_attendance" ("day_id")',
    'CREATE INDEX IF NOT EXISTS "party_day_attendance_person_id" ON "party_day_attendance" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "party_day_item_updated_at" ON "party_day_item" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "party_day_item_deleted_at" ON "party_day_item" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "party_day_item_origin_township" ON "party_day_item" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "party_day_item_year" ON "party_day_item" ("year")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    run_all(db, STATEMENTS)
