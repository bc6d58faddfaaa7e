"""Whole database files: consistent copies (VACUUM INTO), quick checks, row counts and change fingerprints."""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from township_desk import cipher
from township_desk.db import KnownDatabaseError, read_header_version, sqlite_readonly

T = TypeVar("T")

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class TableCount:
    table: str
    label: str
    rows: int  # every row, including the recycle bin
    live: int  # rows not in the recycle bin


@contextlib.contextmanager
def connect(path: Path, *, readonly: bool = True, timeout: float = 30.0) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to a file (read-only by default), closed afterwards; never creates a file."""
    if not path.exists():
        raise KnownDatabaseError(f"找不到数据库文件：{path}")
    if readonly:
        connection = sqlite_readonly(path, timeout, autocommit=True)  # also on a write-protected stick
    else:
        uri = f"{path.resolve().as_uri()}?mode=rw"
        connection = cipher.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def flushed_while(path: Path, work: Callable[[], T]) -> T:
    """Do work (hashing the file, say) while another thread flushes the file to disk: the flush waits on the
    disk, the hash on the processor, so the two take the longer of their times instead of the sum."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        flushed = pool.submit(fsync_file, path)
        result = work()
        flushed.result()  # raises what the flush raised
    return result


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def consistent_copy(source: Path, target: Path, *, plain: bool = False, flush: bool = True) -> Path:
    """A consistent, compact copy of a live database file through VACUUM INTO, flushed to disk (flush=False: by
    the caller, who changes the copy before it is final).

    VACUUM INTO reads one snapshot in a single statement, so other connections may go on writing (WAL);
    unlike a stepped backup it always finishes. The copy is in rollback-journal mode. The copy of an encrypted
    file is encrypted with the same key (backups, temporary copies), unless plain=True (the county file,
    which has its own sealing): then SQLCipher's sqlcipher_export writes it inside one read transaction.
    """
    version = read_header_version(source)  # refuses what is not an SQLite file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    with connect(source, readonly=False) as connection:
        if plain and cipher.sqlcipher3 is not None and isinstance(connection, cipher.sqlcipher3.Connection):
            cipher.attach_plain(connection, target, "plain_copy")
            connection.execute("BEGIN")  # one snapshot of the live file for every table
            try:
                connection.execute("SELECT sqlcipher_export('plain_copy')")
                connection.execute(f"PRAGMA plain_copy.user_version = {int(version or 0):d}")
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                target.unlink(missing_ok=True)
                raise
            finally:
                connection.execute("DETACH DATABASE plain_copy")
        else:
            connection.execute("VACUUM INTO ?", (str(target),))
    if flush:
        fsync_file(target)
    return target


def quick_check(path: Path, *, readonly: bool = True) -> list[str]:
    """The problems PRAGMA quick_check finds (empty when the file is sound), without raising."""
    try:
        with connect(path, readonly=readonly) as connection:
            lines = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except cipher.DATABASE_ERROR as exc:
        return [f"{getattr(exc, 'sqlite_errorname', None) or 'SQLITE_ERROR'}: {exc}"]  # SQLite's code first
    return [] if lines == ["ok"] else lines


def foreign_key_problems(connection: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of every row that points at a missing row."""
    return [(str(r[0]), int(r[1] or 0), str(r[2])) for r in connection.execute("PRAGMA foreign_key_check")]


def tables(connection: sqlite3.Connection, schema: str = "main") -> set[str]:
    query = f"SELECT name FROM {schema}.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    return {str(row[0]) for row in connection.execute(query)}


def columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")')]


def table_counts(connection: sqlite3.Connection) -> list[TableCount]:
    """Row counts of every subject's table present in the file (parents first)."""
    from township_desk.models.base import all_models

    present = tables(connection)
    counts = []
    for model in all_models():
        name = model._meta.table_name
        if name not in present:
            continue
        rows, live = connection.execute(
            f'SELECT count(*), count(*) - count(deleted_at) FROM "{name}"'
        ).fetchone()
        counts.append(TableCount(name, model.TABLE_LABEL or name, int(rows), int(live)))
    return counts


def read_settings(connection: sqlite3.Connection) -> dict[str, str]:
    """The key/value settings stored in a file (empty when it has none)."""
    if "setting" not in tables(connection):
        return {}
    return {str(k): str(v) for k, v in connection.execute("SELECT key, value FROM setting")}


def fingerprint(connection: sqlite3.Connection) -> str:
    """Changes whenever a row is added, edited, deleted or purged, or a setting changes."""
    digest = hashlib.sha256()
    for name in sorted(tables(connection)):
        if name == "audit_log":  # the operation log alone (sign-ins, exports) is no reason for a new backup
            continue
        names = columns(connection, name)
        if "updated_at" in names:
            deleted = "max(deleted_at)" if "deleted_at" in names else "NULL"  # (users: no recycle bin)
            row = connection.execute(f'SELECT count(*), max(updated_at), {deleted} FROM "{name}"').fetchone()
            digest.update(repr((name, *row)).encode())
        else:  # small bookkeeping tables (settings, merge log): their whole content
            rows = sorted(repr(r) for r in connection.execute(f'SELECT * FROM "{name}"'))
            digest.update(repr((name, rows)).encode())
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    digest.update(str(version).encode())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()  # reads into one reused buffer


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])
