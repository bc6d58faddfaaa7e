"""Schema 12: elections (换届) of the village committees and the cadre file's own records.

Frozen: the DDL as it is at this version, not the models of today, so that a later change to a model is a
later step and reaches every existing file the same way.
"""

from __future__ import annotations

import peewee

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "election" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "origin_township" VARCHAR(255), "village_id" VARCHAR(32) NOT NULL, "committee" VARCHAR(255) NOT NULL, "held_on" DATE NOT NULL, "term_number" INTEGER, "method" VARCHAR(255) NOT NULL, "term_ends_on" DATE, "general" INTEGER NOT NULL, "notes" TEXT NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id"))""",
    """CREATE INDEX IF NOT EXISTS "election_updated_at" ON "election" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "election_deleted_at" ON "election" ("deleted_at")""",
    """CREATE INDEX IF NOT EXISTS "election_origin_township" ON "election" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "election_village_id" ON "election" ("village_id")""",
    """CREATE INDEX IF NOT EXISTS "election_committee" ON "election" ("committee")""",
    """CREATE INDEX IF NOT EXISTS "election_held_on" ON "election" ("held_on")""",
    """CREATE TABLE IF NOT EXISTS "election_result" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "origin_township" VARCHAR(255), "election_id" VARCHAR(32) NOT NULL, "person_id" VARCHAR(32) NOT NULL, "post" VARCHAR(255) NOT NULL, "votes" INTEGER, "from_reserve" INTEGER NOT NULL, "cadre_post_id" VARCHAR(32), FOREIGN KEY ("election_id") REFERENCES "election" ("id"), FOREIGN KEY ("person_id") REFERENCES "person" ("id"), FOREIGN KEY ("cadre_post_id") REFERENCES "cadre_post" ("id"))""",
    """CREATE INDEX IF NOT EXISTS "election_result_updated_at" ON "election_result" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "election_result_deleted_at" ON "election_result" ("deleted_at")""",
    """CREATE INDEX IF NOT EXISTS "election_result_origin_township" ON "election_result" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "election_result_election_id" ON "election_result" ("election_id")""",
    """CREATE INDEX IF NOT EXISTS "election_result_person_id" ON "election_result" ("person_id")""",
    """CREATE INDEX IF NOT EXISTS "election_result_cadre_post_id" ON "election_result" ("cadre_post_id")""",
    """CREATE TABLE IF NOT EXISTS "resume_line" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "origin_township" VARCHAR(255), "person_id" VARCHAR(32) NOT NULL, "started_on" DATE, "ended_on" DATE, "unit" VARCHAR(255) NOT NULL, "post" VARCHAR(255) NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"))""",
    """CREATE INDEX IF NOT EXISTS "resume_line_updated_at" ON "resume_line" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "resume_line_deleted_at" ON "resume_line" ("deleted_at")""",
    """CREATE INDEX IF NOT EXISTS "resume_line_origin_township" ON "resume_line" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "resume_line_person_id" ON "resume_line" ("person_id")""",
    """CREATE TABLE IF NOT EXISTS "education_record" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "origin_township" VARCHAR(255), "person_id" VARCHAR(32) NOT NULL, "mode" VARCHAR(255) NOT NULL, "level" VARCHAR(255) NOT NULL, "school" VARCHAR(255) NOT NULL, "major" VARCHAR(255) NOT NULL, "graduated_on" DATE, FOREIGN KEY ("person_id") REFERENCES "person" ("id"))""",
    """CREATE INDEX IF NOT EXISTS "education_record_updated_at" ON "education_record" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "education_record_deleted_at" ON "education_record" ("deleted_at")""",
    """CREATE INDEX IF NOT EXISTS "education_record_origin_township" ON "education_record" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "education_record_person_id" ON "education_record" ("person_id")""",
    """CREATE TABLE IF NOT EXISTS "reward_penalty" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "origin_township" VARCHAR(255), "person_id" VARCHAR(32) NOT NULL, "given_on" DATE, "kind" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "given_by" VARCHAR(255) NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"))""",
    """CREATE INDEX IF NOT EXISTS "reward_penalty_updated_at" ON "reward_penalty" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "reward_penalty_deleted_at" ON "reward_penalty" ("deleted_at")""",
    """CREATE INDEX IF NOT EXISTS "reward_penalty_origin_township" ON "reward_penalty" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "reward_penalty_person_id" ON "reward_penalty" ("person_id")""",
    """CREATE TABLE IF NOT EXISTS "family_member" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "origin_township" VARCHAR(255), "person_id" VARCHAR(32) NOT NULL, "relation" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "birth_year" INTEGER, "political" VARCHAR(255) NOT NULL, "work" VARCHAR(255) NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"))""",
    """CREATE INDEX IF NOT EXISTS "family_member_updated_at" ON "family_member" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "family_member_deleted_at" ON "family_member" ("deleted_at")""",
    """CREATE INDEX IF NOT EXISTS "family_member_origin_township" ON "family_member" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "family_member_person_id" ON "family_member" ("person_id")""",
    """CREATE TABLE IF NOT EXISTS "person_photo" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "origin_township" VARCHAR(255), "person_id" VARCHAR(32) NOT NULL, "image" BLOB NOT NULL, "file_name" VARCHAR(255) NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id"))""",
    """CREATE INDEX IF NOT EXISTS "person_photo_updated_at" ON "person_photo" ("updated_at")""",
    """CREATE INDEX IF NOT EXISTS "person_photo_deleted_at" ON "person_photo" ("deleted_at")""",
    """CREATE INDEX IF NOT EXISTS "person_photo_origin_township" ON "person_photo" ("origin_township")""",
    """CREATE INDEX IF NOT EXISTS "person_photo_person_id" ON "person_photo" ("person_id")""",
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
