"""Schema 10: training courses (培训班) and attendance (参训记录). Frozen: the DDL as it is at version 10."""

from __future__ import annotations

import peewee

STATEMENTS = (
    'CREATE TABLE IF NOT EXISTS "training_course" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, '
    '"origin_township" VARCHAR(255), "name" VARCHAR(255) NOT NULL, "level" VARCHAR(255) NOT NULL, '
    '"mode" VARCHAR(255) NOT NULL, "start_on" DATE NOT NULL, "end_on" DATE NOT NULL, "days" REAL NOT NULL, '
    '"place" VARCHAR(255) NOT NULL, "topic" VARCHAR(255) NOT NULL, "target" VARCHAR(255) NOT NULL, '
    '"organiser" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "training_course_updated_at" ON "training_course" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "training_course_deleted_at" ON "training_course" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "training_course_origin_township" ON "training_course" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "training_course_name" ON "training_course" ("name")',
    'CREATE INDEX IF NOT EXISTS "training_course_start_on" ON "training_course" ("start_on")',
    'CREATE TABLE IF NOT EXISTS "training_attendance" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, '
    '"origin_township" VARCHAR(255), "course_id" VARCHAR(32) NOT NULL, "person_id" VARCHAR(32) NOT NULL, '
    '"days" REAL NOT NULL, "completed" INTEGER NOT NULL, "result" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, '
    'FOREIGN KEY ("course_id") REFERENCES "training_course" ("id"), '
    'FOREIGN KEY ("person_id") REFERENCES "person" ("id"))',
    'CREATE INDEX IF NOT EXISTS "training_attendance_updated_at" ON "training_attendance" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "training_attendance_deleted_at" ON "training_attendance" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "training_attendance_origin_township" ON "training_attendance" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "training_attendance_course_id" ON "training_attendance" ("course_id")',
    'CREATE INDEX IF NOT EXISTS "training_attendance_person_id" ON "training_attendance" ("person_id")',
    'CREATE INDEX IF NOT EXISTS "training_attendance_course_id_person_id" '
    'ON "training_attendance" ("course_id", "person_id")',
    'CREATE INDEX IF NOT EXISTS "training_attendance_person_id_course_id" '
    'ON "training_attendance" ("person_id", "course_id")',
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
