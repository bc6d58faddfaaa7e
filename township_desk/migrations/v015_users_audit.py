"""Schema 15: users (name, role, argon2id hash, lockout) and the operation log (操作日志), issue 23.

Frozen: the DDL as it is at this version. The log is append-only for every program that opens the file: the
two triggers below refuse UPDATE and DELETE on it. The per-table triggers that fill the log and refuse a
查看 user's writes are TEMP triggers made on each of this program's connections (township_desk/session.py),
not stored here: SQLite cannot let a stored trigger see who is signed in on a connection. New subjects' tables
are therefore covered without a schema step of their own (session.trigger_sql(table, …) emits a table's).

Neither table travels to the county: the county file is emptied of both (services/exchange.py), and the merge
copies only the data tables (the subjects' models, of which these are not part).
"""

from __future__ import annotations

import peewee

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "app_user" ("id" VARCHAR(32) NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "name" VARCHAR(255) NOT NULL, "role" VARCHAR(255) NOT NULL, "password_hash" VARCHAR(255) NOT NULL, "failed_attempts" INTEGER NOT NULL DEFAULT 0, "locked_until" DATETIME, "disabled" INTEGER NOT NULL DEFAULT 0)""",
    """CREATE UNIQUE INDEX IF NOT EXISTS "app_user_name" ON "app_user" ("name")""",
    """CREATE TABLE IF NOT EXISTS "audit_log" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "at" VARCHAR(19) NOT NULL, "user_name" VARCHAR(255) NOT NULL DEFAULT '', "action" VARCHAR(255) NOT NULL, "table_name" VARCHAR(255) NOT NULL DEFAULT '', "subject" VARCHAR(255) NOT NULL DEFAULT '', "record_id" VARCHAR(255) NOT NULL DEFAULT '', "summary" TEXT NOT NULL DEFAULT '', "changes" TEXT NOT NULL DEFAULT '{}')""",
    """CREATE INDEX IF NOT EXISTS "audit_log_at" ON "audit_log" ("at")""",
    """CREATE INDEX IF NOT EXISTS "audit_log_record_id" ON "audit_log" ("record_id")""",
    """CREATE TRIGGER IF NOT EXISTS "audit_log_no_update" BEFORE UPDATE ON "audit_log" BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能修改'); END""",
    """CREATE TRIGGER IF NOT EXISTS "audit_log_no_delete" BEFORE DELETE ON "audit_log" BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能删除'); END""",
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
