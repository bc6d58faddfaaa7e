"""Opening a township database file: pragmas, schema version, migrations and backups."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import peewee

database = peewee.DatabaseProxy()

SQLITE_MAGIC = b"SQLite format 3\x00"
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
    "busy_timeout": 5000,
    "cache_size": -32000,
}


class KnownDatabaseError(Exception):
    """An error a user can act on; str() is a plain Chinese message."""


class NotADatabaseError(KnownDatabaseError):
    pass


class NewerVersionError(KnownDatabaseError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[peewee.SqliteDatabase], None]
    # The schema version of the first release that contained this step; a file at that version or below may
    # have been written without it (a step numbered below a version already released), so it runs again there.
    shipped_with: int = 0


def _load_migrations() -> list[Migration]:
    from township_desk import migrations as package

    found: list[Migration] = []
    for info in pkgutil.iter_modules(package.__path__):
        match = re.fullmatch(r"v(\d+)_(\w+)", info.name)
        if not match:
            continue
        module: ModuleType = importlib.import_module(f"{package.__name__}.{info.name}")
        version = int(match.group(1))
        found.append(Migration(version, match.group(2), module.apply, getattr(module, "SHIPPED_WITH", version)))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two schema steps share a version: {versions}")
    return found


MIGRATIONS = _load_migrations()
SCHEMA_VERSION = MIGRATIONS[-1].version if MIGRATIONS else 0


def read_header_version(path: Path) -> int | None:
    """The schema version in a file's header, read without SQLite touching the file.

    Returns None for an empty or missing file; raises NotADatabaseError for anything that is
    not an SQLite database.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        raise KnownDatabaseError(f"没有权限读取数据库文件：{path}") from exc
    except IsADirectoryError as exc:
        raise NotADatabaseError(f"“{path}”是一个文件夹，不是数据库文件。") from exc
    if not header:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotADatabaseError(
            f"“{path.name}”不是本软件的数据库文件（也不是 SQLite 数据库），已拒绝打开，文件未作任何改动。"
        )
    (version,) = struct.unpack(">i", header[60:64])
    return int(version)


def refuse_newer(path: Path, version: int | None) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"数据库“{path.name}”由更新版本的乡镇党建工作台创建（数据版本 {version}，"
            f"本程序支持到 {SCHEMA_VERSION}）。请升级软件后再打开；文件未作任何改动。"
        )


def translate_error(exc: BaseException) -> KnownDatabaseError | None:
    """Turn SQLite errors a user can act on into a plain message; None for bugs."""
    if isinstance(exc, KnownDatabaseError):
        return exc
    text = str(exc).lower()
    if "database is locked" in text or "database table is locked" in text:
        return KnownDatabaseError("数据库正被其他程序或窗口使用（已锁定）。请关闭其他打开此文件的程序后重试。")
    if "readonly" in text or "read-only" in text or "attempt to write a readonly database" in text:
        return KnownDatabaseError("数据库文件是只读的，无法保存。请检查文件属性或 U 盘的写保护开关。")
    if "disk is full" in text or "database or disk is full" in text:
        return KnownDatabaseError("磁盘空间已满，无法保存。请清理磁盘后重试；刚才的修改没有写入。")
    if "not a database" in text or "file is encrypted" in text:
        return NotADatabaseError("该文件不是本软件的数据库文件，已拒绝打开。")
    if "malformed" in text or "corrupt" in text:
        return KnownDatabaseError("数据库文件已损坏。请从备份恢复（文件 ▸ 恢复备份）。")
    if "unable to open database" in text:
        return KnownDatabaseError("无法打开数据库文件：文件夹不存在或没有写入权限。")
    return None


def backup_copy(db: peewee.SqliteDatabase, target: Path) -> Path:
    """A consistent copy of the live database through SQLite's backup API (all pages at once)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    source = db.connection()
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest, pages=-1)
    finally:
        dest.close()
    return target


def backups_dir(path: Path) -> Path:
    return path.parent / f"{path.stem}-备份"


def first_step_after(current: int) -> int:
    """Steps above this version run on a file at `current`: usually `current` itself, lower when a step below
    it first shipped at `current` or later (every step is idempotent, so running one twice is harmless)."""
    late = [m.version - 1 for m in MIGRATIONS if m.version <= current <= m.shipped_with]
    return min([current, *late])


def _migrate(db: peewee.SqliteDatabase, path: Path) -> None:
    current = db.execute_sql("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise NewerVersionError(f"数据库版本 {current} 高于本程序支持的 {SCHEMA_VERSION}。")
    if current == SCHEMA_VERSION:
        return
    has_tables = db.execute_sql("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    if current > 0 or has_tables:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_copy(db, backups_dir(path) / f"{path.stem}-升级前-v{current}-{stamp}.db")
    for migration in (m for m in MIGRATIONS if m.version > first_step_after(current)):
        with db.atomic():
            migration.apply(db)
            db.execute_sql(f"PRAGMA user_version = {migration.version:d}")


def open_database(path: Path | str, *, create: bool = True) -> peewee.SqliteDatabase:
    """Open (or create) a township database, refuse foreign or newer files, migrate, bind the models."""
    path = Path(path)
    version = read_header_version(path)
    refuse_newer(path, version)
    if version is None and not create:
        raise KnownDatabaseError(f"数据库文件不存在：{path}")
    if version is None and path.exists() and path.stat().st_size == 0:
        path.unlink()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownDatabaseError(f"无法创建文件夹：{path.parent}") from exc
    db = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    previous = database.obj
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        _migrate(db, path)
        if not db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            refresh_statistics(db)
    except BaseException as exc:
        db.close()
        database.initialize(previous)
        known = translate_error(exc) if isinstance(exc, peewee.DatabaseError | sqlite3.DatabaseError) else None
        if known is not None:
            raise known from exc
        raise
    if previous is not None and previous is not db and not previous.is_closed():
        previous.close()
    return db


def refresh_statistics(db: peewee.Database | None = None) -> None:
    """Read every index in full (ANALYZE, 0.3 s on a county file) so that SQLite's planner knows, e.g., that
    deleted_at IS NULL matches nearly every row. Call after bulk writes.

    Not sampled: with analysis_limit = 400 SQLite estimated that any one value of a nearly constant column
    (deleted_at, origin_township) matches ~400 rows, and then walked the deleted_at index of 65,000 people
    to find 1,200 mentees (56 ms instead of 3 ms for the 导师帮带 coverage)."""
    db = db or database
    db.execute_sql("PRAGMA analysis_limit = 0")
    db.execute_sql("ANALYZE")


def raw_rows(query: peewee.Query) -> Iterator[tuple[Any, ...]]:
    """A query's rows as SQLite returns them (text dates, 0/1 booleans): peewee's per-value conversion
    doubled the time of reading thousands of rows (a county's year of scores or of Party days)."""
    sql, params = query.sql()
    return iter(database.execute_sql(sql, params))


def write_mark() -> tuple[int, int]:
    """Changes with every row this program writes, in any table, and with the file opened: (the connection,
    the rows it has written since it opened). For caches of what was read; another program's writes to the
    file are not seen."""
    if database.obj is None or database.is_closed():
        return (0, 0)
    connection = database.connection()
    return (id(connection), int(connection.total_changes))


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        try:
            database.execute_sql("PRAGMA analysis_limit = 0")  # never sampled (see refresh_statistics)
            database.execute_sql("PRAGMA optimize")  # refreshes statistics the planner missed in this session
        except peewee.DatabaseError:
            pass  # read-only or busy: statistics can wait
        database.close()
