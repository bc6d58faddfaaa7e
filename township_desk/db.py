"""Opening a township database file: pragmas, schema version, migrations and backups."""

from __future__ import annotations

import importlib
import itertools
import os
import pkgutil
import re
import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import peewee

from township_desk import cipher

database = peewee.DatabaseProxy()
_opened = itertools.count(1)
_connection_serial: dict[
    int, int
] = {}  # id(connection) → its opening's serial (ids are reused after a close)


class KeyedDatabase(peewee.SqliteDatabase):
    """A peewee SQLite database whose connections go through cipher.connect: plain files through sqlite3,
    encrypted ones through sqlcipher3 with the key this process holds (township_desk/cipher.py)."""

    def _connect(self) -> Any:
        conn = cipher.connect(
            self.database, timeout=self._timeout, isolation_level=None, **self.connect_params
        )
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        _connection_serial[id(conn)] = next(_opened)
        return conn


class TownshipDatabase(KeyedDatabase):
    """Every connection (one per thread) knows who is signed in and, once the file is at the current schema,
    refuses a 查看 user's writes and logs every row written (township_desk/session.py)."""

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)
        from township_desk import session

        session.register_functions(conn)
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            session.install(conn)


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


class EncryptedFileError(KnownDatabaseError):
    """An encrypted file whose key this process does not hold: ask for a password and try again."""


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
        found.append(
            Migration(version, match.group(2), module.apply, getattr(module, "SHIPPED_WITH", version))
        )
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
    if not header.startswith(SQLITE_MAGIC) and cipher.looks_encrypted(path):
        return _encrypted_version(path)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotADatabaseError(
            f"“{path.name}”不是本软件的数据库文件（也不是 SQLite 数据库），已拒绝打开，文件未作任何改动。"
        )
    (version,) = struct.unpack(">i", header[60:64])
    return int(version)


def _encrypted_version(path: Path) -> int:
    """The schema version of an encrypted file, read through SQLCipher with the key this process holds."""
    try:
        key = cipher.key_for(path)
    except cipher.KeyNeededError as exc:
        raise EncryptedFileError(str(exc)) from exc
    if key is None:
        raise NotADatabaseError(f"“{path.name}”不是本软件的数据库文件，已拒绝打开，文件未作任何改动。")
    connection = cipher.open_keyed(f"{path.resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    except cipher.DATABASE_ERROR as exc:
        raise EncryptedFileError(f"数据库“{path.name}”已加密，密码或恢复密钥不对，无法打开。") from exc
    finally:
        connection.close()


def refuse_newer(path: Path, version: int | None) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"数据库“{path.name}”由更新版本的乡镇党建工作台创建（数据版本 {version}，"
            f"本程序支持到 {SCHEMA_VERSION}）。请升级软件后再打开；文件未作任何改动。"
        )


# SQLite's primary result codes (the low byte of an extended code) a user can act on
SQLITE_ERROR, SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 1, 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_CONSTRAINT, SQLITE_NOTADB = (
    10,
    11,
    13,
    14,
    19,
    26,
)


def sqlite_errors(exc: BaseException) -> list[sqlite3.Error]:
    """The sqlite3 errors behind an exception: peewee wraps one (the original is its first argument), and a
    failed ROLLBACK after SQLite already rolled back (disk full) hides the first error in __context__."""
    found: list[sqlite3.Error] = []
    pending: list[BaseException | None] = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, cipher.ERROR) and getattr(current, "sqlite_errorcode", None) is not None:
            found.append(cast(sqlite3.Error, current))  # sqlcipher3's errors carry the same attributes
        pending.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
        pending.extend((current.__cause__, current.__context__))
    return found


def sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The telling sqlite3 error behind an exception: the first with a specific code (not plain SQLITE_ERROR)."""
    found = sqlite_errors(exc)
    specific = [e for e in found if int(e.sqlite_errorcode) & 0xFF != SQLITE_ERROR]
    candidates = specific or found
    return candidates[0] if candidates else None


def error_code(exc: BaseException) -> int | None:
    """SQLite's primary result code behind an exception (SQLITE_BUSY, SQLITE_FULL …), None when there is none."""
    found = sqlite_error(exc)
    return None if found is None else int(found.sqlite_errorcode) & 0xFF


def translate_error(exc: BaseException) -> KnownDatabaseError | None:
    """Turn SQLite errors a user can act on into a plain message, told apart by SQLite's error code (not by
    the message's text); None for bugs."""
    from township_desk.file_lock import FileInUseError

    if isinstance(exc, KnownDatabaseError):
        return exc
    if isinstance(exc, cipher.KeyNeededError):
        return EncryptedFileError(str(exc))
    if isinstance(exc, FileInUseError):
        return KnownDatabaseError(str(exc))
    code = error_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return KnownDatabaseError(
            "数据库正被其他窗口或程序写入，等待后仍未完成。请稍候重试；刚才的修改没有写入。"
        )
    if code == SQLITE_CONSTRAINT and any(
        "本账号只能查看" in str(e) or "操作日志只能追加" in str(e) for e in sqlite_errors(exc)
    ):
        return KnownDatabaseError(str(sqlite_errors(exc)[0]))
    if code == SQLITE_READONLY:
        if ACCESS.readonly_reason:
            return KnownDatabaseError(f"本窗口只读（{ACCESS.readonly_reason}），不能保存修改。")
        return KnownDatabaseError("数据库文件是只读的，无法保存。请检查文件属性或 U 盘的写保护开关。")
    if code == SQLITE_FULL:
        return KnownDatabaseError(
            "磁盘空间已满，无法保存。请清理磁盘后重试；刚才的修改没有写入，原有数据完好。"
        )
    if code == SQLITE_NOTADB:
        return NotADatabaseError("该文件不是本软件的数据库文件，已拒绝打开。")
    if code == SQLITE_CORRUPT:
        return KnownDatabaseError(
            "数据库文件已损坏。请从备份恢复（文件 ▸ 恢复备份），"
            "或用“township-desk --db 文件 salvage --out 新文件”抢救可读的数据。"
        )
    if code in (SQLITE_CANTOPEN, SQLITE_PERM):
        return KnownDatabaseError("无法打开数据库文件：文件夹不存在或没有读写权限。")
    if code == SQLITE_IOERR:
        return KnownDatabaseError("读写数据库文件时出错（磁盘、U 盘或网络文件夹）。请检查存储设备后重试。")
    return None


@dataclass
class Access:
    """How the open file is held: writable by this window, or read-only and why."""

    path: Path | None = None
    readonly_reason: str | None = None  # None: this process may write
    lock: Any = None  # file_lock.FileLock while this process is the file's writer
    use: Any = None  # file_lock.FileLock saying this process has the file open (when not its writer)

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None


ACCESS = Access()
OPEN_ELSEWHERE = "该文件已在另一窗口中打开，本窗口只读"
READONLY_MEDIUM = "文件或所在文件夹是只读的（例如写保护的 U 盘），本窗口只读"


def writable(path: Path) -> bool:
    """Whether this process can write the file and make files beside it (SQLite's journal)."""
    try:
        with path.open("r+b"):
            pass
    except OSError:
        return False
    probe = path.with_name(f".{path.name}.{os.getpid()}.probe")
    try:
        probe.touch()
        probe.unlink()
    except OSError:
        return False
    return True


def backup_copy(db: peewee.SqliteDatabase, target: Path) -> Path:
    """A consistent copy of the live database through SQLite's backup API (all pages at once)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    source = db.connection()
    dest = cipher.connect(str(target), key=cipher.key_for(Path(db.database)) if db.database else None)
    try:
        source.backup(dest, pages=-1)
    finally:
        dest.close()
    keys = cipher.keys_path(Path(db.database)) if db.database else None
    if keys is not None and keys.exists() and not cipher.header(target).startswith(SQLITE_MAGIC):
        import shutil

        shutil.copyfile(keys, cipher.keys_path(target))  # the copy opens with the same passwords
    return target


def backups_dir(path: Path) -> Path:
    return path.parent / f"{path.stem}-备份"


def first_step_after(current: int) -> int:
    """Steps above this version run on a file at `current`: usually `current` itself, lower when a step below
    it first shipped at `current` or later (every step is idempotent, so running one twice is harmless)."""
    late = [m.version - 1 for m in MIGRATIONS if m.version <= current <= m.shipped_with]
    return min([current, *late])


def _migrate(db: peewee.SqliteDatabase, path: Path) -> bool:
    """Bring the file to the current schema; True when a step ran."""
    current = db.execute_sql("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise NewerVersionError(f"数据库版本 {current} 高于本程序支持的 {SCHEMA_VERSION}。")
    if current == SCHEMA_VERSION:
        return False
    has_tables = db.execute_sql("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    if ACCESS.readonly:
        raise KnownDatabaseError(
            f"数据库“{path.name}”需要升级数据版本（{current} → {SCHEMA_VERSION}），"
            f"但{ACCESS.readonly_reason}。请在可写的位置、关闭其他窗口后再打开。"
        )
    if current > 0 or has_tables:
        from township_desk.file_lock import refuse_if_open_elsewhere

        refuse_if_open_elsewhere(path, "升级数据版本")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_copy(db, backups_dir(path) / f"{path.stem}-升级前-v{current}-{stamp}.db")
    for migration in (m for m in MIGRATIONS if m.version > first_step_after(current)):
        with db.atomic():
            migration.apply(db)
            db.execute_sql(f"PRAGMA user_version = {migration.version:d}")
    return True


def sqlite_readonly(path: Path, timeout: float = 30.0, autocommit: bool = False) -> sqlite3.Connection:
    """A plain read-only sqlite3 connection; on a write-protected medium, where SQLite cannot make the WAL's
    shared-memory file, the file is read as immutable (nothing can change it there)."""
    uri = Path(path).resolve().as_uri()
    options: dict[str, Any] = {"uri": True, "timeout": timeout}
    if autocommit:
        options["isolation_level"] = None
    connection = cipher.connect(f"{uri}?mode=ro", **options)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except cipher.DATABASE_ERROR as exc:
        connection.close()
        if error_code(exc) not in (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_IOERR, SQLITE_PERM):
            raise
    return cipher.connect(f"{uri}?mode=ro&immutable=1", **options)


READONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000, "cache_size": -32000, "query_only": 1}


def _connect_readonly(path: Path) -> peewee.SqliteDatabase:
    """A read-only connection; on a write-protected medium (no room for SQLite's shared-memory file) the
    file is read as immutable, which nothing can change meanwhile."""
    uri = path.resolve().as_uri()
    db = KeyedDatabase(f"{uri}?mode=ro", uri=True, pragmas=READONLY_PRAGMAS, check_same_thread=False)
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except peewee.DatabaseError as exc:
        db.close()
        if error_code(exc) not in (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_IOERR, SQLITE_PERM):
            raise
    db = KeyedDatabase(
        f"{uri}?mode=ro&immutable=1", uri=True, pragmas=READONLY_PRAGMAS, check_same_thread=False
    )
    db.connect()
    return db


def _take_lock(path: Path) -> tuple[Any, str | None]:
    """(the lock, None) for the file's writer; (None, why read-only) when another window holds it or the
    file cannot be written."""
    from township_desk import file_lock

    if path.exists() and not writable(path):
        return None, READONLY_MEDIUM
    try:
        lock = file_lock.acquire(path)
    except OSError:
        return None, READONLY_MEDIUM
    return (lock, None) if lock is not None else (None, OPEN_ELSEWHERE)


def open_database(
    path: Path | str, *, create: bool = True, readonly: bool = False, lock: bool = False
) -> peewee.SqliteDatabase:
    """Open (or create) a township database, refuse foreign or newer files, migrate, bind the models.

    create=False: a missing file is refused (找不到数据库文件), nothing is made. readonly=True: read only
    (export, print, check). lock=True (the window): this process becomes the file's one writer; when another
    window holds it, or the file or its folder is read-only, the file is opened read-only instead
    (ACCESS.readonly_reason says why).
    """
    path = Path(path)
    version = read_header_version(path)
    refuse_newer(path, version)
    if version is None and (not create or readonly):
        raise KnownDatabaseError(
            f"找不到数据库文件：{path}" if not path.exists() else f"数据库文件是空的：{path}"
        )
    held, reason = _take_lock(path) if lock else (None, None)
    if readonly and reason is None:
        reason = "只读打开"
    if version is None and path.exists() and path.stat().st_size == 0:
        path.unlink()
    if reason is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if held is not None:
                held.release()
            raise KnownDatabaseError(f"无法创建文件夹：{path.parent}") from exc
    previous, previous_access = database.obj, (ACCESS.path, ACCESS.readonly_reason, ACCESS.lock, ACCESS.use)
    db: peewee.SqliteDatabase | None = None
    try:
        if reason is None:
            db = TownshipDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
            database.initialize(db)
            db.connect(reuse_if_open=True)
        else:
            db = _connect_readonly(path)
            database.initialize(db)
        ACCESS.path, ACCESS.readonly_reason, ACCESS.lock, ACCESS.use = path, reason, held, None
        if _migrate(db, path):
            from township_desk import session

            session.install(db.connection())  # the first connection was made before the file was current
        if (
            reason is None
            and not db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        ):
            refresh_statistics(db)
    except BaseException as exc:
        if db is not None:
            db.close()
        database.initialize(previous)
        ACCESS.path, ACCESS.readonly_reason, ACCESS.lock, ACCESS.use = previous_access
        if held is not None:
            held.release()
        known = translate_error(exc) if isinstance(exc, Exception) else None
        if known is not None:
            raise known from exc
        raise
    if held is None:  # not the writer: still say the file is open here, so a restore elsewhere waits
        from township_desk.file_lock import register_use

        ACCESS.use = register_use(path)
    if previous is not None and previous is not db and not previous.is_closed():
        previous.close()
    if previous_access[3] is not None:
        previous_access[3].release()
    previous_lock = previous_access[2]
    if previous_lock is not None and previous_lock is not held:
        previous_lock.release()
    elif previous_lock is not None and previous_lock is held:
        held.release()  # the same file again: one hold, not two
    return db


def refresh_statistics(db: peewee.Database | None = None, models: Iterable[type[peewee.Model]] = ()) -> None:
    """Read every index in full (ANALYZE, 0.3 s on a county file) so that SQLite's planner knows, e.g., that
    deleted_at IS NULL matches nearly every row. Call after bulk writes, naming the models written (only their
    tables are read again), or none for all.

    Not sampled: with analysis_limit = 400 SQLite estimated that any one value of a nearly constant column
    (deleted_at, origin_township) matches ~400 rows, and then walked the deleted_at index of 65,000 people
    to find 1,200 mentees (56 ms instead of 3 ms for the 导师帮带 coverage)."""
    db = db or database
    db.execute_sql("PRAGMA analysis_limit = 0")
    tables = [model._meta.table_name for model in models]
    for statement in [f'ANALYZE "main"."{table}"' for table in tables] or ["ANALYZE"]:
        db.execute_sql(statement)


def raw_rows(query: peewee.Query) -> Iterator[tuple[Any, ...]]:
    """A query's rows as SQLite returns them (text dates, 0/1 booleans): peewee's per-value conversion
    doubled the time of reading thousands of rows (a county's year of scores or of Party days)."""
    sql, params = query.sql()
    return iter(database.execute_sql(sql, params))


def write_mark() -> tuple[int, int]:
    """Changes with every row this program writes, in any table, and with the file opened: (the connection's opening,
    the rows it has written since it opened). For caches of what was read; another program's writes to the
    file are not seen."""
    if database.obj is None or database.is_closed():
        return (0, 0)
    connection = database.connection()
    return (_connection_serial.get(id(connection), -id(connection)), int(connection.total_changes))


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        try:
            database.execute_sql("PRAGMA analysis_limit = 0")  # never sampled (see refresh_statistics)
            database.execute_sql("PRAGMA optimize")  # refreshes statistics the planner missed in this session
        except peewee.DatabaseError:
            pass  # read-only or busy: statistics can wait
        database.close()
    for hold in (ACCESS.lock, ACCESS.use):
        if hold is not None:
            hold.release()
    ACCESS.path, ACCESS.readonly_reason, ACCESS.lock, ACCESS.use = None, None, None, None
