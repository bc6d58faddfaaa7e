"""The operation log (操作日志, issue 23): who did what, when, to which record.

Rows written through this program are logged by the TEMP triggers of township_desk/session.py (添加/修改/
删除/恢复/彻底删除, with old → new per changed field). What no row shows is logged here by the few places it
happens: imports, exports and printing of personal data, merges, restoring a backup, users and sign-ins.
The log is append-only (stored triggers refuse UPDATE and DELETE) and nothing removes old entries, so it is
kept for as long as the file (at least the six months the rules ask for).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk import cipher, session
from township_desk.db import ACCESS, OPEN_ELSEWHERE, database
from township_desk.models.accounts import AuditEntry

# The kinds of entry the program writes (the triggers' and the services')
ROW_ACTIONS = ("新增", "修改", "删除", "恢复", "彻底删除")
COLUMNS = (
    ("at", "时间"),
    ("user_name", "用户"),
    ("action", "操作"),
    ("subject", "对象"),
    ("summary", "摘要"),
    ("changes_text", "修改内容"),
    ("record_id", "记录编号"),
)


def record(
    action: str,
    summary: str = "",
    *,
    subject: str = "",
    record_id: str = "",
    table: str = "",
    user: str | None = None,
    file: Path | None = None,
) -> None:
    """Append one entry (an import, an export, a print, a merge, a restore, a sign-in …) to the open file, or
    to `file` when that is not the one open (a service working on a closed file).

    A window that only reads the file because another window writes it still logs, through a short
    connection of its own; a write-protected file (nothing can be written) logs nothing."""
    values = (
        session.local_time_text(),
        session.SESSION.user if user is None else user,
        action,
        table,
        subject,
        record_id,
        summary,
        "{}",
    )
    sql = (
        "INSERT INTO audit_log (at, user_name, action, table_name, subject, record_id, summary, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    )
    is_open = database.obj is not None and not database.is_closed()
    elsewhere = file is not None and (
        not is_open or ACCESS.path is None or Path(file).resolve() != Path(ACCESS.path).resolve()
    )
    if elsewhere or (is_open and ACCESS.readonly and ACCESS.readonly_reason == OPEN_ELSEWHERE):
        target = Path(file) if elsewhere and file is not None else ACCESS.path
        try:
            connection = cipher.connect(str(target), timeout=5, isolation_level=None)
            try:
                if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_log'").fetchone():
                    connection.execute(sql, values)
            finally:
                connection.close()
        except cipher.ERROR:
            logging.getLogger(__name__).warning("operation log not written (%s)", action)
        return
    if not is_open or ACCESS.readonly:
        return
    try:
        database.execute_sql(sql, values)
    except peewee.OperationalError:  # a file of an older schema opened read-only for export, …
        logging.getLogger(__name__).warning("operation log not written (%s)", action)


def log_on(
    connection: sqlite3.Connection, action: str, summary: str, *, subject: str = "", record_id: str = ""
) -> None:
    """Append one entry through a plain sqlite3 connection (bulk paths that bypass the program's
    connection: the county merge); nothing when the file has no log yet."""
    if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_log'").fetchone():
        return
    connection.execute(
        "INSERT INTO audit_log (at, user_name, action, table_name, subject, record_id, summary, changes) "
        "VALUES (?, ?, ?, '', ?, ?, ?, '{}')",
        (session.local_time_text(), session.SESSION.user, action, subject, record_id, summary),
    )


def carry_log(old: Path, new: Path, summary: str) -> None:
    """Restoring a backup: the entries the current file has beyond the backup's are copied into the file
    that takes its place (the log only grows), then the restore itself is logged. Plain sqlite3 on closed
    files (services/backups.py)."""
    from township_desk.migrations.v015_users_audit import STATEMENTS

    connection = cipher.connect(str(new), isolation_level=None, attaching=True)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for statement in STATEMENTS:  # a backup from before schema 15: its log starts here
            connection.execute(statement)
        if Path(old).exists():
            cipher.attach(connection, old, "old")
            if connection.execute("SELECT 1 FROM old.sqlite_master WHERE name = 'audit_log'").fetchone():
                last = connection.execute("SELECT COALESCE(max(id), 0) FROM main.audit_log").fetchone()[0]
                connection.execute(
                    "INSERT INTO main.audit_log SELECT * FROM old.audit_log WHERE id > ? ORDER BY id", (last,)
                )
        log_on(connection, "恢复备份", summary, subject="恢复备份")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()


def logged_import(apply: Callable[..., int], plan: Any, progress: Any, what: str = "") -> int:
    """Write an import with one line in the log (who, when, how many rows, from which file) instead of one
    per row: a 10,000-row roster would otherwise add 20,000 lines and slow the import by a third. A 查看
    user's import is still refused row by row (the triggers' guard does not depend on logging)."""
    with session.quiet():
        added = apply(plan, progress)
    file = getattr(plan, "file", None)
    source = f" ← {Path(file).name}" if file else ""
    record("导入", f"{what or getattr(plan, 'sheet', '')}：{added} 行{source}", subject=what or "导入")
    return added


def strip_for_county(connection: sqlite3.Connection) -> None:
    """Empty the users and the operation log of the copy that becomes the county file (they never travel: the
    county has its own). The log's append-only guard is lifted for this copy only and put back as it was."""
    from township_desk.migrations.v015_users_audit import STATEMENTS

    if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_log'").fetchone():
        return
    connection.execute('DROP TRIGGER IF EXISTS "audit_log_no_delete"')
    connection.execute("DELETE FROM audit_log")
    connection.execute("DELETE FROM app_user")
    for statement in STATEMENTS:
        if "audit_log_no_delete" in statement:
            connection.execute(statement)


def personal_data_out(action: str, what: str, rows: int, target: Path | str) -> None:
    """An export or a print of personal data: what, how many rows, where to."""
    record(action, f"{what}：{rows} 行 → {Path(target).name}", subject=what)


@dataclass(frozen=True)
class Query:
    user: str = ""
    since: date | None = None
    until: date | None = None
    subject: str = ""  # a table's Chinese label or name, or an action (导出, 登录 …)
    record_id: str = ""
    limit: int | None = None


def _select(query: Query) -> peewee.ModelSelect:
    select = AuditEntry.select().order_by(AuditEntry.id.desc())
    if query.user:
        select = select.where(AuditEntry.user_name == query.user)
    if query.since:
        select = select.where(AuditEntry.at >= query.since.isoformat())
    if query.until:
        select = select.where(AuditEntry.at < (query.until.isoformat() + " 99"))
    if query.subject:
        text = query.subject.strip()
        select = select.where(
            (AuditEntry.subject == text)
            | (AuditEntry.table_name == text)
            | (AuditEntry.action == text)
            | AuditEntry.summary.contains(text)
        )
    if query.record_id:
        select = select.where(AuditEntry.record_id == query.record_id)
    if query.limit:
        select = select.limit(query.limit)
    return select


def changed_fields(changes: str) -> list[tuple[str, Any, Any]] | None:
    """(column, old value, new value) of an entry's changes ({column: [old, new]}); None when they are not
    JSON (an entry's text is then shown as it is)."""
    try:
        data = json.loads(changes or "{}")
    except ValueError:
        return None
    fields = []
    for column, pair in data.items():
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        fields.append((column, old, new))
    return fields


def changes_text(changes: str) -> str:
    """“字段：旧 → 新” per changed field."""
    fields = changed_fields(changes)
    if fields is None:
        return changes
    return "；".join(
        f"{key}：{'' if old is None else old} → {'' if new is None else new}" for key, old, new in fields
    )


def entries(query: Query | None = None) -> list[dict[str, Any]]:
    rows = []
    for entry in _select(query or Query()):
        rows.append(
            {
                "id": entry.id,
                "at": entry.at,
                "user_name": entry.user_name,
                "action": entry.action,
                "subject": entry.subject or entry.table_name,
                "table_name": entry.table_name,
                "summary": entry.summary,
                "record_id": entry.record_id,
                "changes": entry.changes,
                "changes_text": changes_text(entry.changes),
            }
        )
    return rows


def iter_lines(query: Query | None = None) -> Iterator[str]:
    for row in entries(query):
        text = f"{row['at']}  {row['user_name'] or '（未登录）'}  {row['action']}  {row['subject']}  {row['summary']}"
        if row["changes_text"]:
            text += f"  {row['changes_text']}"
        yield text


def export(path: Path | str, query: Query | None = None) -> int:
    """Write the entries to an Excel workbook; the export itself is logged."""
    from township_desk.services.excel_export import write_workbook

    rows = entries(query)
    count = write_workbook(path, "操作日志", list(COLUMNS), rows, log=False)
    record("导出", f"操作日志：{count} 行 → {Path(path).name}", subject="操作日志")
    return count


def subjects() -> list[str]:
    """The subjects the log names (for a filter's choices)."""
    query = (
        AuditEntry.select(AuditEntry.subject)
        .distinct()
        .where(AuditEntry.subject != "")
        .order_by(AuditEntry.subject)
    )
    return [str(row.subject) for row in query]


def user_names() -> list[str]:
    query = AuditEntry.select(AuditEntry.user_name).distinct().where(AuditEntry.user_name != "")
    return sorted(str(row.user_name) for row in query)
