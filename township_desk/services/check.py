"""The integrity and schema report of a database file (`township-desk check`), read-only."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from township_desk import cipher
from township_desk.db import (
    SCHEMA_VERSION,
    KnownDatabaseError,
    read_header_version,
    refuse_newer,
    sqlite_readonly,
)


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"✗ {line}")

    def good(self, line: str) -> None:
        self.lines.append(f"✓ {line}")


def check_database(path: Path) -> CheckReport:
    """Check a file without changing it: header, version, integrity, foreign keys, tables."""
    from township_desk.models.base import all_models

    report = CheckReport()
    try:
        version = read_header_version(path)
        if version is None:
            report.fail(f"文件不存在或为空：{path}")
            return report
        refuse_newer(path, version)
    except KnownDatabaseError as exc:
        report.fail(str(exc))
        return report
    if version < SCHEMA_VERSION:
        report.good(f"数据版本 {version}（本程序为 {SCHEMA_VERSION}，打开时将先备份再自动升级）")
    else:
        report.good(f"数据版本 {version}")
    try:
        connection = sqlite_readonly(path)
    except cipher.DATABASE_ERROR as exc:
        from township_desk.db import translate_error

        report.fail(f"无法读取数据库：{translate_error(exc) or exc}")
        return report
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity == ["ok"]:
            report.good("完整性检查通过（integrity_check）")
        else:
            report.fail("完整性检查发现问题：" + "；".join(integrity[:5]))
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.fail(
                f"有 {len(broken)} 条记录引用了不存在的记录（foreign_key_check），例如表 {broken[0][0]}"
            )
        else:
            report.good("引用关系完整（foreign_key_check）")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version == SCHEMA_VERSION:
            for model in all_models():
                name = model._meta.table_name
                if name not in tables:
                    report.fail(f"缺少数据表 {name}")
                    continue
                live = connection.execute(
                    f'SELECT count(*) FROM "{name}" WHERE deleted_at IS NULL'
                ).fetchone()[0]
                gone = connection.execute(
                    f'SELECT count(*) FROM "{name}" WHERE deleted_at IS NOT NULL'
                ).fetchone()[0]
                label = model.TABLE_LABEL or name
                report.good(f"{label}（{name}）：{live} 条" + (f"，回收站 {gone} 条" if gone else ""))
        if "person" in tables:
            _check_duplicate_id_numbers(connection, report)
    except cipher.DATABASE_ERROR as exc:
        from township_desk.db import translate_error

        known = translate_error(exc)
        report.fail(f"读取数据库时出错：{known or exc}")
    finally:
        connection.close()
    return report


def _check_duplicate_id_numbers(connection: sqlite3.Connection, report: CheckReport) -> None:
    """Live people sharing one ID number: two rows for one person (the recycle bin is not counted). In a county
    file, people of different townships with one number are the merge's review list, not counted here."""
    rows = connection.execute(
        "SELECT id_number, group_concat(name, '、'), count(*) FROM person "
        "WHERE deleted_at IS NULL AND coalesce(trim(id_number), '') != '' "
        "GROUP BY id_number, coalesce(origin_township, '') HAVING count(*) > 1 ORDER BY id_number"
    ).fetchall()
    if not rows:
        report.good("在册人员的身份证号没有重复")
        return
    report.fail(f"有 {len(rows)} 个身份证号属于不止一名在册人员（同一人被录入了两次）：")
    for number, names, count in rows[:20]:
        report.lines.append(f"    {number}：{names}（{count} 条）")
    if len(rows) > 20:
        report.lines.append(f"    …… 另有 {len(rows) - 20} 个")
