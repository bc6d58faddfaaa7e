"""One writer per database file: a lock file next to it ("<name>.db.lock"), held by the window that writes.

The lock is an operating-system lock on the lock file (flock on Linux/macOS, msvcrt.locking on Windows),
taken without waiting. The system drops it when the holding process ends, however it ends, so a lock that a
crashed window left behind is simply free again: the next window takes it over (the leftover file, with the
crashed window's pid, is rewritten). The file's text (pid, computer, time) only names the holder in messages.

A second window on a held file opens it read-only. Every process that has the file open without being its
writer (a read-only window, a command) also holds a lock of its own on "<name>.open-<pid>-<n>.lock", the same
way, so `restore`, `merge --into` and schema upgrades can refuse while any other process has the file open
(`refuse_if_open_elsewhere`); a crashed process's leftover is removed when found. Plain Python, no Qt, no
database.
"""

from __future__ import annotations

import glob
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

LOCK_OFFSET = 4096  # the locked byte lies past the text, so that Windows lets others read who holds it


class FileInUseError(Exception):
    """The database is open in another window or program; str() is a plain Chinese message."""


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    since: str  # local time, "YYYY-MM-DD HH:MM"

    def text(self) -> str:
        here = self.host == socket.gethostname()
        where = "本机" if here else f"计算机“{self.host}”"
        return f"{where}的另一窗口或程序（进程 {self.pid}，{self.since} 打开）"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(handle: IO[bytes]) -> bool:
    handle.seek(LOCK_OFFSET)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    handle.seek(LOCK_OFFSET)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass


def read_holder(db_path: Path) -> Holder | None:
    """Who the lock file names (it may be a crashed window's leftover: see `holder`)."""
    try:
        with lock_path(db_path).open("rb") as handle:
            data = json.loads(handle.read(LOCK_OFFSET - 1).decode("utf-8") or "{}")
        return Holder(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class FileLock:
    """This process's hold on one database file: as its writer (`<name>.lock`) or as one more process that has
    it open (`<name>.open-<pid>-<n>.lock`, a read-only window or a command)."""

    def __init__(
        self,
        db_path: Path,
        handle: IO[bytes],
        path: Path | None = None,
        registry: dict[str, FileLock] | None = None,
    ) -> None:
        self.db_path = db_path
        self.handle: IO[bytes] | None = handle
        self.path = path or lock_path(db_path)
        self.registry = _HELD if registry is None else registry
        self.count = 1  # this process may open the same file again (switching back, tests)

    def release(self) -> None:
        self.count -= 1
        if self.count > 0 or self.handle is None:
            return
        handle, self.handle = self.handle, None
        self.registry.pop(_key(self.db_path), None)
        if sys.platform == "win32":  # Windows removes no open file: close first
            _unlock(handle)
            handle.close()
        try:
            self.path.unlink()  # (POSIX: before unlocking, so a waiting window makes a new one)
        except OSError:
            pass  # another window is reading it, or a read-only folder: harmless, the lock is what counts
        if sys.platform != "win32":
            _unlock(handle)
            handle.close()


_HELD: dict[str, FileLock] = {}  # files this process writes
_USED: dict[str, FileLock] = {}  # files this process has open without being their writer


def _key(db_path: Path) -> str:
    return os.path.normcase(str(Path(db_path).resolve()))


def acquire(db_path: Path) -> FileLock | None:
    """Take the file for this process; None when another live process holds it.

    Raises OSError when no lock file can be made (a read-only folder): such a file is opened read-only anyway.
    """
    held = _HELD.get(_key(db_path))
    if held is not None and held.handle is not None:
        held.count += 1
        return held
    path = lock_path(db_path)
    for _attempt in range(5):
        handle = path.open("a+b")  # never truncates a holder's text before we know it is free
        if not _try_lock(handle):
            handle.close()
            return None
        if _same_file(handle, path):
            break
        handle.close()  # the holder removed this lock file while we opened it: take the new one
    else:
        return None
    _write_holder(handle)
    lock = _HELD[_key(db_path)] = FileLock(Path(db_path), handle)
    return lock


def _write_holder(handle: IO[bytes]) -> None:
    text = json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().strftime("%Y-%m-%d %H:%M"),
        },
        ensure_ascii=False,
    )
    handle.seek(0)
    handle.truncate(0)  # a crashed window's leftover text is replaced (the locked byte is past the end)
    handle.write(text.encode("utf-8"))
    handle.flush()


def register_use(db_path: Path) -> FileLock | None:
    """Say that this process has the file open without writing it (a read-only window, a command), so that
    a restore or an upgrade elsewhere waits; None when no file can be made beside it (read-only folder)."""
    key = _key(db_path)
    used = _USED.get(key)
    if used is not None and used.handle is not None:
        used.count += 1
        return used
    path = db_path.with_name(f"{db_path.name}.open-{os.getpid()}-{uuid.uuid4().hex[:8]}.lock")
    try:
        handle = path.open("w+b")
    except OSError:
        return None
    if not _try_lock(handle):
        handle.close()
        return None
    _write_holder(handle)
    lock = _USED[key] = FileLock(Path(db_path), handle, path, _USED)
    return lock


def users(db_path: Path) -> list[Holder]:
    """Other live processes that have the file open without being its writer; leftovers of ended ones are
    removed."""
    mine = {lock.path for lock in _USED.values()}
    found = []
    for path in sorted(Path(db_path).parent.glob(f"{glob.escape(Path(db_path).name)}.open-*.lock")):
        if path in mine:
            continue
        handle = _open_to_probe(path)
        if handle is None:
            continue
        try:
            free = _try_lock(handle)
            if free:
                _unlock(handle)
            else:
                handle.seek(0)
                data = json.loads(handle.read(LOCK_OFFSET - 1).decode("utf-8") or "{}")
                found.append(
                    Holder(int(data.get("pid", 0)), str(data.get("host", "?")), str(data.get("since", "?")))
                )
        except (OSError, ValueError):
            continue
        finally:
            handle.close()
        if free:
            try:
                path.unlink()  # a crashed process's leftover
            except OSError:
                pass
    return found


def _same_file(handle: IO[bytes], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except (OSError, AttributeError):
        return sys.platform == "win32"  # (Windows cannot remove a file that is open)


def _open_to_probe(path: Path) -> IO[bytes] | None:
    """A lock file opened to test its lock (with write access where allowed: Windows locks need it)."""
    for mode in ("r+b", "rb"):
        try:
            return path.open(mode)
        except OSError:
            continue
    return None


def holder(db_path: Path) -> Holder | None:
    """The other process that holds the file now; None when it is free (or held by this process).

    A lock file whose process has ended (a crashed window) is free: the operating system dropped its lock.
    """
    if _key(db_path) in _HELD:
        return None
    path = lock_path(db_path)
    if not path.exists():
        return None
    handle = _open_to_probe(path)
    if handle is None:
        return None
    try:
        if _try_lock(handle):
            _unlock(handle)
            return None
    finally:
        handle.close()
    return read_holder(db_path) or Holder(0, "?", "?")


def refuse_if_open_elsewhere(db_path: Path, action: str) -> None:
    """Raise FileInUseError when another window or program has the file open (as its writer or read-only),
    e.g. before restoring it."""
    other = holder(Path(db_path)) or next(iter(users(Path(db_path))), None)
    if other is not None:
        raise FileInUseError(
            f"数据库“{Path(db_path).name}”正在{other.text()}中打开，不能{action}。请先关闭那个窗口后重试；文件未作任何改动。"
        )


def held_by_this_process(db_path: Path) -> bool:
    return _key(db_path) in _HELD
