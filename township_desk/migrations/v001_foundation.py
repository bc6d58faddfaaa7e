"""Schema 1: settings, villages, people, cadre posts and reserve cadres.

Frozen: the DDL as the code at commit 87b42c7 created it (statements made idempotent). Never edit a released
step; a change of schema is a new step.
"""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import run_all

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "setting" (
    "key" VARCHAR(255) NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS "village" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "name" VARCHAR(255) NOT NULL,
    "kind" VARCHAR(255) NOT NULL,
    "sort_order" INTEGER NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS "person" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "name" VARCHAR(255) NOT NULL,
    "initials" VARCHAR(255) NOT NULL,
    "pinyin" VARCHAR(255) NOT NULL,
    "id_number" VARCHAR(255),
    "sex" VARCHAR(255) NOT NULL,
    "birth_date" DATE,
    "ethnicity" VARCHAR(255) NOT NULL,
    "political" VARCHAR(255) NOT NULL,
    "party_joined_on" DATE,
    "education" VARCHAR(255) NOT NULL,
    "phone" VARCHAR(255) NOT NULL,
    "village_id" VARCHAR(32),
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("village_id") REFERENCES "village" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "cadre_post" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "person_id" VARCHAR(32) NOT NULL,
    "village_id" VARCHAR(32),
    "post" VARCHAR(255) NOT NULL,
    "started_on" DATE,
    "ended_on" DATE,
    "is_new" INTEGER NOT NULL,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
    FOREIGN KEY ("village_id") REFERENCES "village" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "reserve_cadre" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "person_id" VARCHAR(32) NOT NULL,
    "village_id" VARCHAR(32),
    "programme" VARCHAR(255) NOT NULL,
    "registered_on" DATE,
    "nomination" VARCHAR(255) NOT NULL,
    "training" TEXT NOT NULL,
    "status" VARCHAR(255) NOT NULL,
    "appointed_on" DATE,
    "appointed_post" VARCHAR(255) NOT NULL,
    "notes" TEXT NOT NULL,
    FOREIGN KEY ("person_id") REFERENCES "person" ("id"),
    FOREIGN KEY ("village_id") REFERENCES "village" ("id")
)""",
    'CREATE INDEX IF NOT EXISTS "village_updated_at" ON "village" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "village_deleted_at" ON "village" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "village_origin_township" ON "village" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "village_name" ON "village" ("name")',
    'CREATE INDEX IF NOT EXISTS "person_updated_at" ON "person" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "person_deleted_at" ON "person" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "person_origin_township" ON "person" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "person_name" ON "person" ("name")',
    'CREATE INDEX IF NOT EXISTS "person_initials" ON "person" ("initials")',
    'CREATE INDEX IF NOT EXISTS "person_pinyin" ON "person" ("pinyin")',
    'CREATE INDEX IF NOT EXISTS "person_id_number" ON "person" ("id_number")',
    'CREATE INDEX IF NOT EXISTS "person_phone" ON "person" ("phone")',
    'CREATE INDEX IF NOT EXISTS "person_village_id" ON "person" ("village_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_post_updated_at" ON "cadre_post" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "cadre_post_deleted_at" ON "cadre_post" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "cadre_post_origin_township" ON "cadre_post" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "cadre_post_person_id" ON "cadre_post" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_post_village_id" ON "cadre_post" ("village_id")',
    'CREATE INDEX IF NOT EXISTS "cadre_post_ended_on" ON "cadre_post" ("ended_on")',
    'CREATE INDEX IF NOT EXISTS "reserve_cadre_updated_at" ON "reserve_cadre" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "reserve_cadre_deleted_at" ON "reserve_cadre" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "reserve_cadre_origin_township" ON "reserve_cadre" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "reserve_cadre_person_id" ON "reserve_cadre" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "reserve_cadre_village_id" ON "reserve_cadre" ("village_id")',
    'CREATE INDEX IF NOT EXISTS "reserve_cadre_status" ON "reserve_cadre" ("status")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    run_all(db, STATEMENTS)
