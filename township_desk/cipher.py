"""Encrypted database files (issue 23): SQLCipher connections and the keys this process knows.

Plain Python at the level of db.py (no Qt, no services). A database file is either plain SQLite (its first 16
bytes say "SQLite format 3") or encrypted by SQLCipher with a random 32-byte key (no plain header at all).
The key itself is never typed: it is kept in the side file "<file>.keys" wrapped by each user's password and
by a recovery key (services/encryption.py). Once unwrapped it is remembered here for the process, and every
connection the program opens goes through `connect()`, which opens a plain file with Python's sqlite3 and an
encrypted one with sqlcipher3 and the key (the raw key: no key derivation at each connection, so opening
costs the same as a plain file).

Copies made through an encrypted connection (VACUUM INTO, the backup API) are encrypted with the same key:
backups, restore copies and temporary copies are never plain. A file without a plain header is matched to a
known key by trying the keys this process holds (one page decrypted each).

The exception classes of sqlcipher3 are not those of sqlite3: code that catches SQLite errors catches the
tuples ERROR, DATABASE_ERROR, OPERATIONAL_ERROR and INTEGRITY_ERROR below.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from pathlib import Path
from typing import Any

try:  # the wheel bundles SQLCipher; without it encrypted files cannot be opened (and none is made)
    import sqlcipher3
except ImportError:  # pragma: no cover - the dependency is declared
    sqlcipher3 = None

SQLITE_MAGIC = b"SQLite format 3\x00"
KEY_BYTES = 32
KEYS_SUFFIX = ".keys"

if sqlcipher3 is not None:
    ERROR: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher3.Error)
    DATABASE_ERROR: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
    OPERATIONAL_ERROR: tuple[type[Exception], ...] = (sqlite3.OperationalError, sqlcipher3.OperationalError)
    INTEGRITY_ERROR: tuple[type[Exception], ...] = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)
else:  # pragma: no cover
    ERROR, DATABASE_ERROR = (sqlite3.Error,), (sqlite3.DatabaseError,)
    OPERATIONAL_ERROR, INTEGRITY_ERROR = (sqlite3.OperationalError,), (sqlite3.IntegrityError,)


class KeyNeededError(Exception):
    """An encrypted file whose key this process does not hold (the caller asks for a password)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"数据库“{path.name}”已加密，需要输入密码才能打开。")
        self.path = path


_KEYS: dict[str, bytes] = {}  # resolved path → key of files this process has opened
_KNOWN: list[bytes] = []  # every key this process holds, newest first


def available() -> bool:
    return sqlcipher3 is not None


def keys_path(path: Path | str) -> Path:
    path = Path(path)
    return path.with_name(path.name + KEYS_SUFFIX)


def _resolved(path: Path | str) -> str:
    return str(Path(path).resolve())


def remember(path: Path | str, key: bytes) -> None:
    """This process holds the key of this file (after a password or the recovery key unwrapped it)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key has 32 bytes")
    _KEYS[_resolved(path)] = key
    if key in _KNOWN:
        _KNOWN.remove(key)
    _KNOWN.insert(0, key)


def forget(path: Path | str | None = None) -> None:
    """Drop one file's key, or (no path) every key this process holds."""
    if path is None:
        _KEYS.clear()
        _KNOWN.clear()
        return
    key = _KEYS.pop(_resolved(path), None)
    if key is not None and key not in _KEYS.values() and key in _KNOWN:
        _KNOWN.remove(key)


def header(path: Path | str) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(100)
    except OSError:
        return b""


def looks_encrypted(path: Path | str) -> bool:
    """A non-empty file without SQLite's plain header that has a keys file beside it or a key we hold."""
    data = header(path)
    if not data or data.startswith(SQLITE_MAGIC):
        return False
    return (
        keys_path(path).exists() or _resolved(path) in _KEYS or bool(_KNOWN) and _try_keys(path) is not None
    )


def key_sql(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _probe(path: Path | str, key: bytes) -> bool:
    assert sqlcipher3 is not None
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        connection = sqlcipher3.connect(uri, uri=True)
    except sqlcipher3.Error:
        return False
    try:
        _quiet(connection)
        connection.execute(key_sql(key))
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.Error:
        return False
    finally:
        connection.close()


def _try_keys(path: Path | str) -> bytes | None:
    if sqlcipher3 is None:
        return None
    for key in list(_KNOWN):
        if _probe(path, key):
            _KEYS[_resolved(path)] = key
            return key
    return None


def key_for(path: Path | str) -> bytes | None:
    """The key of an encrypted file (None for a plain, missing or empty file).

    Raises KeyNeededError for an encrypted file (keys file beside it) whose key this process does not hold.
    A file with neither header nor keys file nor a fitting key is left to SQLite (not a database)."""
    data = header(path)
    if not data or data.startswith(SQLITE_MAGIC):
        return None
    known = _KEYS.get(_resolved(path))
    if known is not None:
        return known
    found = _try_keys(path)
    if found is not None:
        return found
    if keys_path(path).exists():
        raise KeyNeededError(Path(path))
    return None


def path_of(database: str) -> Path | None:
    """The file behind a connect() argument: a path or a file: URI (None for :memory:)."""
    if database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        parsed = urllib.parse.urlparse(database)
        return Path(urllib.parse.unquote(parsed.path))
    return Path(database)


def _quiet(connection: Any) -> None:
    try:  # SQLCipher logs a wrong key to stderr; the program says it in Chinese instead
        connection.execute("PRAGMA cipher_log_level = NONE")
    except Exception:  # noqa: BLE001 - older SQLCipher: the log stays
        pass


def open_keyed(database: str, key: bytes, **options: Any) -> Any:
    """A sqlcipher3 connection with the key set (before anything reads the file)."""
    if sqlcipher3 is None:
        raise RuntimeError("sqlcipher3 is not installed")
    connection = sqlcipher3.connect(database, **options)
    try:
        _quiet(connection)
        connection.execute(key_sql(key))
    except BaseException:
        connection.close()
        raise
    return connection


def connect(
    database: str | Path, *, key: bytes | None = None, attaching: bool = False, **options: Any
) -> Any:
    """sqlite3.connect for a plain file, a keyed sqlcipher3 connection for an encrypted one (or when a key is
    given: a new file made with it is encrypted). attaching: a connection that will attach other files
    (maybe encrypted) is made through sqlcipher3 even for a plain file."""
    database = str(database)
    if key is None:
        path = path_of(database)
        key = key_for(path) if path is not None else None
    if key is None:
        if attaching and sqlcipher3 is not None:
            return sqlcipher3.connect(database, **options)
        return sqlite3.connect(database, **options)
    return open_keyed(database, key, **options)


def attach(connection: Any, path: Path | str, alias: str) -> None:
    """ATTACH a file, plain or encrypted, with its own key (SQLCipher would otherwise use the main file's)."""
    if sqlcipher3 is not None and isinstance(connection, sqlcipher3.Connection):
        key = key_for(path)
        connection.execute(
            f"ATTACH DATABASE ? AS {alias} KEY ?", (str(path), f"x'{key.hex()}'" if key is not None else "")
        )
    else:
        connection.execute(f"ATTACH DATABASE ? AS {alias}", (str(path),))


def attach_plain(connection: Any, path: Path | str, alias: str) -> None:
    """ATTACH a new plain file to an encrypted connection (sqlcipher_export into it writes a plain copy)."""
    connection.execute(f"ATTACH DATABASE ? AS {alias} KEY ''", (str(path),))


def is_error(exc: BaseException) -> bool:
    return isinstance(exc, ERROR)
