"""Rescuing what is readable from a damaged database file into a new one (`township-desk --db F salvage --out NEW`).

What it does: a new, empty database at the current schema is made at NEW; the damaged file is opened read-only
(never changed) and every table is copied row by row in rowid order, in batches. Where a batch hits a page
SQLite cannot read, the rows after it are looked up one rowid at a time (each lookup goes down the table's tree
on its own, so rows on sound pages are still found) until a row reads again; the rowids that could not be read
are counted as lost. Indexes are not copied: NEW builds its own. Rows whose parent was lost are kept and
reported (foreign_key_check), so that nothing readable is thrown away.

SQLite's own `.recover` (sqlite3 command-line shell) can find more on a badly damaged file, but that shell is
not there on a Windows office PC, and Python's sqlite3 has no recovery API; this copy needs neither.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from township_desk import cipher
from township_desk.db import KnownDatabaseError

BATCH = 500
GIVE_UP_AFTER = 100_000  # consecutive unreadable rowids past the end of a table whose last row is unknown


@dataclass
class TableSalvage:
    table: str
    label: str
    rescued: int = 0
    unreadable: int = 0  # rowids that could not be read
    refused: int = 0  # rows read but not taken by the new file (e.g. a value damaged beyond its type)


@dataclass
class SalvageReport:
    source: Path
    out: Path
    tables: list[TableSalvage] = field(default_factory=list)
    unreadable_tables: list[str] = field(default_factory=list)
    orphans: int = 0  # rescued rows pointing at a row that was lost

    @property
    def complete(self) -> bool:
        return not self.unreadable_tables and not any(t.unreadable or t.refused for t in self.tables)

    @property
    def rescued(self) -> int:
        return sum(t.rescued for t in self.tables)

    def lines(self) -> list[str]:
        lines = [
            f"已从“{self.source.name}”抢救 {self.rescued} 条记录到新文件：{self.out}（原文件未作任何改动）"
        ]
        for t in self.tables:
            if t.rescued or t.unreadable or t.refused:
                extra = "".join(
                    [
                        f"，无法读取约 {t.unreadable} 条" if t.unreadable else "",
                        f"，{t.refused} 条内容损坏未收入" if t.refused else "",
                    ]
                )
                lines.append(f"  {t.label}（{t.table}）：{t.rescued} 条{extra}")
        for name in self.unreadable_tables:
            lines.append(f"  数据表 {name} 完全无法读取")
        if self.orphans:
            lines.append(f"  有 {self.orphans} 条记录引用的记录已无法找回（仍予保留，请核对）")
        lines.append(
            "全部数据均已读出。"
            if self.complete
            else "部分数据已损坏、无法读出；请核对新文件，必要时用备份补全。"
        )
        return lines


def _readable_rows(
    source: sqlite3.Connection, table: str, names: str, stats: TableSalvage
) -> Iterator[tuple[Any, ...]]:
    try:
        top = source.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
    except cipher.DATABASE_ERROR:
        top = None
    last: int | None = None
    while True:
        got = 0
        try:
            if last is None:
                query = source.execute(f'SELECT rowid, {names} FROM "{table}" ORDER BY rowid LIMIT {BATCH}')
            else:
                query = source.execute(
                    f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT {BATCH}',
                    (last,),
                )
            for row in query:
                got += 1
                last = int(row[0])
                yield row[1:]
            if got < BATCH:
                return
            continue
        except cipher.DATABASE_ERROR:
            pass
        # An unreadable page after `last`: look the following rowids up one at a time until one reads.
        rowid = (last or 0) + 1
        misses = 0
        while (top is None and misses < GIVE_UP_AFTER) or (top is not None and rowid <= top):
            try:
                row = source.execute(
                    f'SELECT rowid, {names} FROM "{table}" WHERE rowid = ?', (rowid,)
                ).fetchone()
            except cipher.DATABASE_ERROR:
                stats.unreadable += 1
                misses += 1
                rowid += 1
                continue
            if row is None:  # no such row (deleted long ago): nothing lost
                misses += 1
                rowid += 1
                continue
            last = rowid
            yield row[1:]
            break
        else:
            return


def salvage(source: Path, out: Path, progress: Callable[[str], None] | None = None) -> SalvageReport:
    """Copy every readable row of a damaged file into a new database at `out` (which must not exist yet)."""
    from township_desk.db import close_database, open_database
    from township_desk.models.base import all_models

    source, out = Path(source), Path(out)
    if out.exists():
        raise KnownDatabaseError(f"目标文件已存在：{out}。请指定一个新的文件名。")
    if not source.is_file():
        raise KnownDatabaseError(f"找不到数据库文件：{source}")
    if out.resolve() == source.resolve():
        raise KnownDatabaseError("新文件不能与损坏的文件相同。")
    open_database(out)  # the current schema, empty
    close_database()
    report = SalvageReport(source, out)
    labels = {m._meta.table_name: (m.TABLE_LABEL or m._meta.table_name) for m in all_models()}
    order = {name: index for index, name in enumerate(labels)}  # parents first
    src = cipher.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = cipher.connect(out, isolation_level=None)
    try:
        dst.execute("PRAGMA foreign_keys = 0")
        targets = [
            str(r[0])
            for r in dst.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        targets.sort(key=lambda name: (order.get(name, len(order)), name))
        for table in targets:
            try:
                present = [str(r[1]) for r in src.execute(f'PRAGMA table_info("{table}")')]
            except cipher.DATABASE_ERROR:
                report.unreadable_tables.append(table)
                continue
            if not present:
                continue
            wanted = [str(r[1]) for r in dst.execute(f'PRAGMA table_info("{table}")')]
            shared = [c for c in wanted if c in present]
            names = ", ".join(f'"{c}"' for c in shared)
            marks = ", ".join("?" for _ in shared)
            stats = TableSalvage(table, labels.get(table, table))
            report.tables.append(stats)
            if progress is not None:
                progress(f"正在读取 {stats.label} …")
            # The new file's own seeds (its settings, e.g. a fresh township identity) give way to the old file's.
            verb = "INSERT OR REPLACE" if table == "setting" else "INSERT OR IGNORE"
            insert = f'{verb} INTO "{table}" ({names}) VALUES ({marks})'
            dst.execute("BEGIN")
            for row in _readable_rows(src, table, names, stats):
                try:
                    if dst.execute(insert, row).rowcount:
                        stats.rescued += 1
                    else:
                        stats.refused += 1
                except cipher.DATABASE_ERROR:
                    stats.refused += 1
            dst.execute("COMMIT")
        report.orphans = len(dst.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        src.close()
        dst.close()
    _encrypt_like(source, out)
    return report


def _encrypt_like(source: Path, out: Path) -> None:
    """What was rescued from an encrypted file stays encrypted: the new file gets the same key and keys file
    (the same passwords and recovery key open it)."""
    import shutil

    key = cipher.key_for(source)
    if key is None:
        return
    from township_desk.services.encryption import convert_file

    part = out.with_name(f".{out.name}.converting")
    try:
        convert_file(out, part, None, key)
        for suffix in ("-wal", "-shm"):  # checkpointed: the plain file's WAL must not meet the new one
            out.with_name(out.name + suffix).unlink(missing_ok=True)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    if cipher.keys_path(source).exists():
        shutil.copyfile(cipher.keys_path(source), cipher.keys_path(out))
    cipher.remember(out, key)
