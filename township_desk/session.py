"""Who is working in this process, and the per-connection triggers that enforce and log it (issue 23).

Plain Python at the level of db.py (no Qt, no services). The signed-in user and role are process-wide (one
process, one clerk); SQLite sees them through three functions registered on every connection the program
opens (td_user(), td_mode()) and a TEMP trigger per table and event, created on each such
connection once the file is at the current schema (db.open_database, and each new thread's connection):

- a 查看 user's INSERT, UPDATE or DELETE on any data table is refused inside SQLite
  (RAISE(ABORT, '本账号只能查看，不能修改数据')), whatever code path writes;
- every row added, changed (old → new for each changed column), moved to or brought back from the recycle
  bin (deleted_at) or deleted for good is appended to audit_log with the user, the local time, the table,
  the record id and the changed values as JSON.

Why TEMP triggers and not triggers stored in the file: SQLite resolves the tables and functions of a stored
trigger in the file's own schema only, for every connection that writes it, so a stored trigger cannot read
who is signed in on this connection, and one calling td_user() would break every other program's (and the
county merge's plain) connection with "no such function". TEMP triggers exist only on this program's
connections; they are generated from the models of the running program, which always match the file's
schema (the file was migrated before they are made), so a new subject's tables are covered without a
schema step. The file itself holds what must hold for everyone: the audit_log table and its append-only
triggers (migrations/v015_users_audit.py).

Bulk paths (the demo build, a county merge) call `quiet()` and write one summary line instead of one per row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

VIEWER, CLERK, ADMIN = "查看", "录入员", "管理员"
ROLES = (ADMIN, CLERK, VIEWER)
READ_ONLY_MESSAGE = "本账号只能查看，不能修改数据"
AUDIT_TABLE = "audit_log"
USER_TABLE = "app_user"
SYSTEM_USER = ""  # no users set up: the log names nobody


@dataclass
class Session:
    user: str = SYSTEM_USER
    role: str = ""  # "" while users are off: everyone may do everything
    quiet: int = 0


SESSION = Session()
_clock: Callable[[], datetime] = datetime.now  # local time of the log; tests may pin it


def sign_in(user: str, role: str) -> None:
    SESSION.user, SESSION.role = user, role


def sign_out() -> None:
    SESSION.user, SESSION.role = SYSTEM_USER, ""


def is_viewer() -> bool:
    return SESSION.role == VIEWER


def local_now() -> datetime:
    return _clock()


def local_time_text() -> str:
    return _clock().strftime("%Y-%m-%d %H:%M:%S")


def set_clock(clock: Callable[[], datetime] | None) -> None:
    global _clock
    _clock = clock or datetime.now


@contextmanager
def quiet() -> Iterator[None]:
    """Rows written meanwhile (in this process) are not logged one by one: the caller logs one summary."""
    SESSION.quiet += 1
    try:
        yield
    finally:
        SESSION.quiet -= 1


MODE_SILENT, MODE_LOG, MODE_REFUSE = 0, 1, 2


def _mode() -> int:
    """What a row written now does: refused (查看), logged, or neither (a bulk path's quiet())."""
    if SESSION.role == VIEWER:
        return MODE_REFUSE
    return MODE_SILENT if SESSION.quiet else MODE_LOG


def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("td_user", 0, lambda: SESSION.user)
    conn.create_function("td_mode", 0, _mode)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _changes(columns: list[str], old: str | None, new: str | None) -> str:
    """JSON {column: [old, new]} of the columns that differ (nulls dropped by json_patch)."""
    parts = []
    for column in columns:
        quoted = _quote(column)
        before = f"{old}.{quoted}" if old else "NULL"
        after = f"{new}.{quoted}" if new else "NULL"
        differs = f"{before} IS NOT {after}" if old and new else f"{after if new else before} IS NOT NULL"
        parts.append(f"'{column}', CASE WHEN {differs} THEN json_array({before}, {after}) END")
    return f"json_patch('{{}}', json_object({', '.join(parts)}))"


def trigger_sql(
    table: str, columns: list[str], label: str = "", describe: str | None = None, key: str = "id"
) -> list[str]:
    """The TEMP triggers of one table: refuse a 查看 user's writes, log every row written.

    columns: the columns whose values are logged (not BLOBs, not updated_at). describe: a column naming the
    row (e.g. name) for the log's summary. key: the column that identifies a row (id; setting: key).
    """
    t = _quote(table)
    guard = f"SELECT RAISE(ABORT, '{READ_ONLY_MESSAGE}') WHERE td_mode() = {MODE_REFUSE};"
    summary_new = f"COALESCE(NEW.{_quote(describe)}, '')" if describe else "''"
    summary_old = f"COALESCE(OLD.{_quote(describe)}, '')" if describe else "''"
    insert = (
        f"INSERT INTO {AUDIT_TABLE} (at, user_name, action, table_name, subject, record_id, summary, "
        "changes) SELECT strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime'), td_user(), "
    )
    label_sql = "'" + label.replace("'", "''") + "'"
    action = (
        "CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN '删除' "
        "WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN '恢复' ELSE '修改' END"
        if "deleted_at" in columns
        else "'修改'"
    )

    # settings are replaced (INSERT OR REPLACE), never updated: their new value is the change
    added = _changes(columns, None, "NEW") if key != "id" else "'{}'"

    def head(event: str) -> str:
        name = _quote(f"td_{table}_{event.lower()}")
        return f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {event} ON main.{t} WHEN td_mode() > 0 BEGIN {guard} "

    return [
        # an added row: who and when; the row itself holds what was added (later edits are logged field by field)
        f"{head('INSERT')}{insert}'新增', '{table}', {label_sql}, NEW.{_quote(key)}, {summary_new}, {added}; END",
        f"{head('UPDATE')}{insert}{action}, '{table}', {label_sql}, NEW.{_quote(key)}, {summary_new}, c "
        f"FROM (SELECT {_changes(columns, 'OLD', 'NEW')} AS c) WHERE c != '{{}}'; END",
        f"{head('DELETE')}{insert}'彻底删除', '{table}', {label_sql}, OLD.{_quote(key)}, {summary_old}, "
        f"{_changes(columns, 'OLD', None)}; END",
    ]


def data_tables() -> list[tuple[str, list[str], str, str | None, str]]:
    """(table, logged columns, Chinese label, describing column, key column) of every data table of the running
    program, and the township's settings."""
    from township_desk.models.base import all_models

    found: list[tuple[str, list[str], str, str | None, str]] = [
        ("setting", ["key", "value"], "设置", "key", "key")
    ]
    for model in all_models():
        columns = [
            f.column_name
            for f in model._meta.sorted_fields
            if f.field_type != "BLOB" and f.column_name != "updated_at"
        ]
        describe = next((c for c in ("name", "title", "topic") if c in columns), None)
        found.append((model._meta.table_name, columns, model.TABLE_LABEL, describe, "id"))
    return found


_SQL_CACHE: list[str] = []


def install(conn: sqlite3.Connection) -> None:
    """Create this connection's TEMP triggers (the file must be at the current schema, with audit_log)."""
    existing = {row[0] for row in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    if AUDIT_TABLE not in existing:
        return
    if not _SQL_CACHE:
        for table, columns, label, describe, key in data_tables():
            _SQL_CACHE.extend(trigger_sql(table, columns, label, describe, key))
    for statement in _SQL_CACHE:
        table = statement.split(" ON main.", 1)[1].split(" ", 1)[0].strip('"')
        if table in existing:
            conn.execute(statement)
