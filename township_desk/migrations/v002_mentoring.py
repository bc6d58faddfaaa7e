"""Schema 2: mentoring pairs, growth plans, mentor exchanges and reserve-cadre appointment history.

Frozen: the DDL as the code at commit 243edc0 created it (statements made idempotent). Never edit a released
step; a change of schema is a new step.
"""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import run_all

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "mentorship" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "mentor_id" VARCHAR(32) NOT NULL,
    "mentee_id" VARCHAR(32) NOT NULL,
    "mentor_kind" VARCHAR(255) NOT NULL,
    "mentor_unit" VARCHAR(255) NOT NULL,
    "mentor_post" VARCHAR(255) NOT NULL,
    "started_on" DATE,
    "ended_on" DATE,
    "status" VARCHAR(255) NOT NULL,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("mentor_id") REFERENCES "person" ("id"),
    FOREIGN KEY ("mentee_id") REFERENCES "person" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "growth_plan" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "mentorship_id" VARCHAR(32) NOT NULL,
    "goals" TEXT NOT NULL,
    "measures" TEXT NOT NULL,
    "period_start" DATE,
    "period_end" DATE,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("mentorship_id") REFERENCES "mentorship" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "mentor_exchange" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "mentorship_id" VARCHAR(32) NOT NULL,
    "date" DATE NOT NULL,
    "form" VARCHAR(255) NOT NULL,
    "content" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    FOREIGN KEY ("mentorship_id") REFERENCES "mentorship" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "reserve_appointment" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "reserve_id" VARCHAR(32) NOT NULL,
    "person_id" VARCHAR(32) NOT NULL,
    "village_id" VARCHAR(32),
    "cadre_post_id" VARCHAR(32),
    "post" VARCHAR(255) NOT NULL,
    "appointed_on" DATE NOT NULL,
    "previous_post" VARCHAR(255) NOT NULL,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("reserve_id") REFERENCES "reserve_cadre" ("id"),
    FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
    FOREIGN KEY ("village_id") REFERENCES "village" ("id"),
    FOREIGN KEY ("cadre_post_id") REFERENCES "cadre_post" ("id")
)""",
    'CREATE INDEX IF NOT EXISTS "mentorship_updated_at" ON "mentorship" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "mentorship_deleted_at" ON "mentorship" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "mentorship_origin_township" ON "mentorship" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "mentorship_mentor_id" ON "mentorship" ("mentor_id")',
    'CREATE INDEX IF NOT EXISTS "mentorship_mentee_id" ON "mentorship" ("mentee_id")',
    'CREATE INDEX IF NOT EXISTS "mentorship_status" ON "mentorship" ("status")',
    'CREATE INDEX IF NOT EXISTS "growth_plan_updated_at" ON "growth_plan" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "growth_plan_deleted_at" ON "growth_plan" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "growth_plan_origin_township" ON "growth_plan" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "growth_plan_mentorship_id" ON "growth_plan" ("mentorship_id")',
    'CREATE INDEX IF NOT EXISTS "mentor_exchange_updated_at" ON "mentor_exchange" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "mentor_exchange_deleted_at" ON "mentor_exchange" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "mentor_exchange_origin_township" ON "mentor_exchange" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "mentor_exchange_mentorship_id" ON "mentor_exchange" ("mentorship_id")',
    'CREATE INDEX IF NOT EXISTS "mentor_exchange_date" ON "mentor_exchange" ("date")',
    'CREATE INDEX IF NOT EXISTS "reserve_appointment_updated_at" ON "reserve_appointment" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "reserve_appointment_deleted_at" ON "reserve_appointment" ("deleted_at")',
    """CREATE INDEX IF NOT EXISTS "reserve_appointment_origin_township" ON "reserve_appointment" ("origin_township")""",
    'CREATE INDEX IF NOT EXISTS "reserve_appointment_reserve_id" ON "reserve_appointment" ("reserve_id")',
    'CREATE INDEX IF NOT EXISTS "reserve_appointment_person_id" ON "reserve_appointment" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "reserve_appointment_village_id" ON "reserve_appointment" ("village_id")',
    """CREATE INDEX IF NOT EXISTS "reserve_appointment_cadre_post_id" ON "reserve_appointment" ("cadre_post_id")""",
)


def apply(db: peewee.SqliteDatabase) -> None:
    run_all(db, STATEMENTS)
