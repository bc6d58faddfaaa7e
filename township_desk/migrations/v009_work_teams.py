"""Schema 9: village work teams (驻村工作队) and first secretaries: members, the monthly attendance ledger,
leave, spot checks and their findings, work logs (with the 联系户 visited), yearly indicators and results, joint
meetings.

Frozen: the tables and indexes exactly as they are at this version, written out in SQL (not derived from the
models, which may change later). Every table has the BaseModel columns, origin_township included.
"""

from __future__ import annotations

import peewee

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "work_team" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "village_id" VARCHAR(32) NOT NULL,
        "sending_unit" VARCHAR(255) NOT NULL,
        "unit_kind" VARCHAR(255) NOT NULL,
        "village_category" VARCHAR(255) NOT NULL,
        "started_on" DATE,
        "ended_on" DATE,
        "notes" TEXT NOT NULL,
        FOREIGN KEY ("village_id") REFERENCES "village" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "work_team_updated_at" ON "work_team" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "work_team_deleted_at" ON "work_team" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "work_team_origin_township" ON "work_team" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "work_team_village_id" ON "work_team" ("village_id")',
    """CREATE TABLE IF NOT EXISTS "work_team_member" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "team_id" VARCHAR(32) NOT NULL,
        "person_id" VARCHAR(32) NOT NULL,
        "role" VARCHAR(255) NOT NULL,
        "unit" VARCHAR(255) NOT NULL,
        "post" VARCHAR(255) NOT NULL,
        "phone" VARCHAR(255) NOT NULL,
        "started_on" DATE,
        "ended_on" DATE,
        "end_kind" VARCHAR(255) NOT NULL,
        "end_reason" TEXT NOT NULL,
        FOREIGN KEY ("team_id") REFERENCES "work_team" ("id"),
        FOREIGN KEY ("person_id") REFERENCES "person" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "work_team_member_updated_at" ON "work_team_member" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "work_team_member_deleted_at" ON "work_team_member" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "work_team_member_origin_township" ON "work_team_member" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "work_team_member_team_id" ON "work_team_member" ("team_id")',
    'CREATE INDEX IF NOT EXISTS "work_team_member_person_id" ON "work_team_member" ("person_id")',
    """CREATE TABLE IF NOT EXISTS "team_attendance" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "member_id" VARCHAR(32) NOT NULL,
        "month" DATE NOT NULL,
        "days" VARCHAR(255) NOT NULL,
        FOREIGN KEY ("member_id") REFERENCES "work_team_member" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_attendance_updated_at" ON "team_attendance" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_attendance_deleted_at" ON "team_attendance" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_attendance_origin_township" ON "team_attendance" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_attendance_member_id" ON "team_attendance" ("member_id")',
    'CREATE INDEX IF NOT EXISTS "team_attendance_month" ON "team_attendance" ("month")',
    """CREATE TABLE IF NOT EXISTS "team_leave" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "member_id" VARCHAR(32) NOT NULL,
        "kind" VARCHAR(255) NOT NULL,
        "starts_on" DATE NOT NULL,
        "ends_on" DATE NOT NULL,
        "reason" TEXT NOT NULL,
        "approved_by" VARCHAR(255) NOT NULL,
        "approved_on" DATE,
        "returned_on" DATE,
        "notes" TEXT NOT NULL,
        FOREIGN KEY ("member_id") REFERENCES "work_team_member" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_leave_updated_at" ON "team_leave" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_leave_deleted_at" ON "team_leave" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_leave_origin_township" ON "team_leave" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_leave_member_id" ON "team_leave" ("member_id")',
    """CREATE TABLE IF NOT EXISTS "team_spot_check" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "check_date" DATE NOT NULL,
        "inspectors" VARCHAR(255) NOT NULL,
        "notes" TEXT NOT NULL
    )""",
    'CREATE INDEX IF NOT EXISTS "team_spot_check_updated_at" ON "team_spot_check" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_spot_check_deleted_at" ON "team_spot_check" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_spot_check_origin_township" ON "team_spot_check" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_spot_check_check_date" ON "team_spot_check" ("check_date")',
    """CREATE TABLE IF NOT EXISTS "team_check_finding" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "check_id" VARCHAR(32) NOT NULL,
        "member_id" VARCHAR(32) NOT NULL,
        "present" INTEGER NOT NULL,
        "on_leave" INTEGER NOT NULL,
        "action" VARCHAR(255) NOT NULL,
        "action_done_on" DATE,
        "notes" TEXT NOT NULL,
        FOREIGN KEY ("check_id") REFERENCES "team_spot_check" ("id"),
        FOREIGN KEY ("member_id") REFERENCES "work_team_member" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_check_finding_updated_at" ON "team_check_finding" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_check_finding_deleted_at" ON "team_check_finding" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_check_finding_origin_township" ON "team_check_finding" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_check_finding_check_id" ON "team_check_finding" ("check_id")',
    'CREATE INDEX IF NOT EXISTS "team_check_finding_member_id" ON "team_check_finding" ("member_id")',
    """CREATE TABLE IF NOT EXISTS "team_work_log" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "member_id" VARCHAR(32) NOT NULL,
        "log_date" DATE NOT NULL,
        "kind" VARCHAR(255) NOT NULL,
        "text" TEXT NOT NULL,
        "households_text" TEXT NOT NULL,
        FOREIGN KEY ("member_id") REFERENCES "work_team_member" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_work_log_updated_at" ON "team_work_log" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_work_log_deleted_at" ON "team_work_log" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_work_log_origin_township" ON "team_work_log" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_work_log_member_id" ON "team_work_log" ("member_id")',
    'CREATE INDEX IF NOT EXISTS "team_work_log_log_date" ON "team_work_log" ("log_date")',
    """CREATE TABLE IF NOT EXISTS "team_log_household" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "log_id" VARCHAR(32) NOT NULL,
        "household_id" VARCHAR(32) NOT NULL,
        FOREIGN KEY ("log_id") REFERENCES "team_work_log" ("id"),
        FOREIGN KEY ("household_id") REFERENCES "household" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_log_household_updated_at" ON "team_log_household" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_log_household_deleted_at" ON "team_log_household" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_log_household_origin_township" ON "team_log_household" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_log_household_log_id" ON "team_log_household" ("log_id")',
    'CREATE INDEX IF NOT EXISTS "team_log_household_household_id" ON "team_log_household" ("household_id")',
    """CREATE TABLE IF NOT EXISTS "team_indicator" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "team_id" VARCHAR(32) NOT NULL,
        "year" INTEGER NOT NULL,
        "stage" VARCHAR(255) NOT NULL,
        "content" TEXT NOT NULL,
        "max_score" REAL NOT NULL,
        "score" REAL,
        "sort_order" INTEGER NOT NULL,
        FOREIGN KEY ("team_id") REFERENCES "work_team" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_indicator_updated_at" ON "team_indicator" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_indicator_deleted_at" ON "team_indicator" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_indicator_origin_township" ON "team_indicator" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_indicator_team_id" ON "team_indicator" ("team_id")',
    'CREATE INDEX IF NOT EXISTS "team_indicator_year" ON "team_indicator" ("year")',
    """CREATE TABLE IF NOT EXISTS "team_assessment" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "team_id" VARCHAR(32) NOT NULL,
        "year" INTEGER NOT NULL,
        "satisfaction" REAL,
        "result_use" VARCHAR(255) NOT NULL,
        "notes" TEXT NOT NULL,
        FOREIGN KEY ("team_id") REFERENCES "work_team" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_assessment_updated_at" ON "team_assessment" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_assessment_deleted_at" ON "team_assessment" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_assessment_origin_township" ON "team_assessment" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_assessment_team_id" ON "team_assessment" ("team_id")',
    'CREATE INDEX IF NOT EXISTS "team_assessment_year" ON "team_assessment" ("year")',
    """CREATE TABLE IF NOT EXISTS "team_joint_meeting" (
        "id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "created_at" DATETIME NOT NULL,
        "updated_at" DATETIME NOT NULL,
        "deleted_at" DATETIME,
        "origin_township" VARCHAR(255),
        "meeting_date" DATE NOT NULL,
        "team_id" VARCHAR(32),
        "place" VARCHAR(255) NOT NULL,
        "attendees" TEXT NOT NULL,
        "topics" TEXT NOT NULL,
        "decisions" TEXT NOT NULL,
        FOREIGN KEY ("team_id") REFERENCES "work_team" ("id")
    )""",
    'CREATE INDEX IF NOT EXISTS "team_joint_meeting_updated_at" ON "team_joint_meeting" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "team_joint_meeting_deleted_at" ON "team_joint_meeting" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "team_joint_meeting_origin_township" ON "team_joint_meeting" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "team_joint_meeting_meeting_date" ON "team_joint_meeting" ("meeting_date")',
    'CREATE INDEX IF NOT EXISTS "team_joint_meeting_team_id" ON "team_joint_meeting" ("team_id")',
)


TABLES = (
    "work_team",
    "work_team_member",
    "team_attendance",
    "team_leave",
    "team_spot_check",
    "team_check_finding",
    "team_work_log",
    "team_log_household",
    "team_indicator",
    "team_assessment",
    "team_joint_meeting",
)


def apply(db: peewee.SqliteDatabase) -> None:
    tables = [s for s in STATEMENTS if s.startswith("CREATE TABLE")]
    for statement in tables:
        db.execute_sql(statement)
    for table in TABLES:  # a table left by an interrupted older copy without the county column gets it
        columns = [row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")')]
        if "origin_township" not in columns:
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "origin_township" VARCHAR(255)')
    for statement in STATEMENTS:
        if not statement.startswith("CREATE TABLE"):
            db.execute_sql(statement)
