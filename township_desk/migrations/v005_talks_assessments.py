"""Schema 5: talks, the annual assessment (criteria, candidates, scores) and democratic-evaluation tallies.

Frozen: the DDL as the code at commit 243edc0 created it (statements made idempotent). Never edit a released
step; a change of schema is a new step.
"""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import run_all

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "talk" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "kind" VARCHAR(255) NOT NULL,
    "person_id" VARCHAR(32) NOT NULL,
    "person_post" VARCHAR(255) NOT NULL,
    "talkers" VARCHAR(255) NOT NULL,
    "talker_post" VARCHAR(255) NOT NULL,
    "recorder" VARCHAR(255) NOT NULL,
    "talk_date" DATE,
    "talk_time" VARCHAR(255) NOT NULL,
    "place" VARCHAR(255) NOT NULL,
    "reason" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "follow_up" TEXT NOT NULL,
    "status" VARCHAR(255) NOT NULL,
    "year" INTEGER NOT NULL,
    "source" VARCHAR(255) NOT NULL,
    "source_key" VARCHAR(255) NOT NULL,
    FOREIGN KEY ("person_id") REFERENCES "person" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "assessment" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "year" INTEGER NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "held_on" DATE,
    "grade_rule" VARCHAR(255) NOT NULL,
    "excellent_min" REAL NOT NULL,
    "competent_min" REAL NOT NULL,
    "basic_min" REAL NOT NULL,
    "excellent_quota" REAL NOT NULL,
    "ballots" INTEGER NOT NULL,
    "notes" TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS "assessment_criterion" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "assessment_id" VARCHAR(32) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "weight" REAL NOT NULL,
    "sort_order" INTEGER NOT NULL,
    FOREIGN KEY ("assessment_id") REFERENCES "assessment" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "assessment_entry" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "assessment_id" VARCHAR(32) NOT NULL,
    "person_id" VARCHAR(32) NOT NULL,
    "village_name" VARCHAR(255) NOT NULL,
    "post" VARCHAR(255) NOT NULL,
    "total" REAL,
    "rank" INTEGER,
    "grade" VARCHAR(255) NOT NULL,
    "recommended" INTEGER NOT NULL,
    "bottom" INTEGER NOT NULL,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("assessment_id") REFERENCES "assessment" ("id"),
    FOREIGN KEY ("person_id") REFERENCES "person" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "assessment_score" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "entry_id" VARCHAR(32) NOT NULL,
    "criterion_id" VARCHAR(32) NOT NULL,
    "score" REAL NOT NULL,
    FOREIGN KEY ("entry_id") REFERENCES "assessment_entry" ("id"),
    FOREIGN KEY ("criterion_id") REFERENCES "assessment_criterion" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "democratic_tally" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "entry_id" VARCHAR(32) NOT NULL,
    "grade" VARCHAR(255) NOT NULL,
    "count" INTEGER NOT NULL,
    FOREIGN KEY ("entry_id") REFERENCES "assessment_entry" ("id")
)""",
    'CREATE INDEX IF NOT EXISTS "talk_updated_at" ON "talk" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "talk_deleted_at" ON "talk" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "talk_origin_township" ON "talk" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "talk_kind" ON "talk" ("kind")',
    'CREATE INDEX IF NOT EXISTS "talk_person_id" ON "talk" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "talk_talk_date" ON "talk" ("talk_date")',
    'CREATE INDEX IF NOT EXISTS "talk_status" ON "talk" ("status")',
    'CREATE INDEX IF NOT EXISTS "talk_year" ON "talk" ("year")',
    'CREATE INDEX IF NOT EXISTS "talk_source_key" ON "talk" ("source_key")',
    'CREATE INDEX IF NOT EXISTS "assessment_updated_at" ON "assessment" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "assessment_deleted_at" ON "assessment" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "assessment_origin_township" ON "assessment" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "assessment_year" ON "assessment" ("year")',
    'CREATE INDEX IF NOT EXISTS "assessment_criterion_updated_at" ON "assessment_criterion" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "assessment_criterion_deleted_at" ON "assessment_criterion" ("deleted_at")',
    """CREATE INDEX IF NOT EXISTS "assessment_criterion_origin_township" ON "assessment_criterion" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "assessment_criterion_assessment_id" ON "assessment_criterion" ("assessment_id")""",
    'CREATE INDEX IF NOT EXISTS "assessment_entry_updated_at" ON "assessment_entry" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "assessment_entry_deleted_at" ON "assessment_entry" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "assessment_entry_origin_township" ON "assessment_entry" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "assessment_entry_assessment_id" ON "assessment_entry" ("assessment_id")',
    'CREATE INDEX IF NOT EXISTS "assessment_entry_person_id" ON "assessment_entry" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "assessment_entry_rank" ON "assessment_entry" ("rank")',
    'CREATE INDEX IF NOT EXISTS "assessment_score_updated_at" ON "assessment_score" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "assessment_score_deleted_at" ON "assessment_score" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "assessment_score_origin_township" ON "assessment_score" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "assessment_score_entry_id" ON "assessment_score" ("entry_id")',
    'CREATE INDEX IF NOT EXISTS "assessment_score_criterion_id" ON "assessment_score" ("criterion_id")',
    'CREATE INDEX IF NOT EXISTS "democratic_tally_updated_at" ON "democratic_tally" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "democratic_tally_deleted_at" ON "democratic_tally" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "democratic_tally_origin_township" ON "democratic_tally" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "democratic_tally_entry_id" ON "democratic_tally" ("entry_id")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    run_all(db, STATEMENTS)
