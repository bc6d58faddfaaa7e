"""Automatic backups in "<name>-备份/": made when the data changed, verified, thinned by date, restored on request."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from township_desk.db import KnownDatabaseError, backups_dir, read_header_version, refuse_newer
from township_desk.services import db_files

STAMP = "%Y%m%d-%H%M%S"
DAMAGED = "损坏"
BEFORE_RESTORE = "恢复前"
REASONS = {
    "启动": "启动时自动备份",
    "自动": "定时自动备份",
    "导入前": "导入前自动备份",
    "手动": "手动备份",
    BEFORE_RESTORE: "恢复备份前的原文件",
}
_NAME = re.compile(r"^(?P<reason>.+?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.db$")
_lock = threading.Lock()
_known: dict[str, str] = {}  # database path → fingerprint of its newest backup


class BackupError(KnownDatabaseError):
    """A backup could not be made or restored; str() is the Chinese reason."""


@dataclass(frozen=True)
class Policy:
    """How many backups thinning keeps: the newest few, then one per day, week and month."""

    last: int = 3
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str
    taken_at: datetime  # local time, from the file name

    @property
    def reason_label(self) -> str:
        if self.reason.startswith("升级前"):
            return f"升级前自动备份（数据版本 {self.reason.removeprefix('升级前-v')}）"
        return REASONS.get(self.reason, self.reason)

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def label(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S} {self.reason_label}"


def folder(db_path: Path) -> Path:
    """Where a database's backups live: "<stem>-备份/" beside it (the folder migrations use too)."""
    return backups_dir(Path(db_path))


def parse_name(db_path: Path, path: Path) -> BackupInfo | None:
    prefix = f"{Path(db_path).stem}-"
    if not path.name.startswith(prefix):
        return None
    match = _NAME.match(path.name[len(prefix) :])
    if match is None:
        return None
    try:
        taken = datetime.strptime(match.group("stamp"), STAMP)
    except ValueError:
        return None
    return BackupInfo(path, match.group("reason"), taken)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every usable backup of a database, newest first (damaged files set aside are not offered)."""
    where = folder(db_path)
    if not where.is_dir():
        return []
    found = [info for p in where.glob("*.db") if (info := parse_name(db_path, p)) and info.reason != DAMAGED]
    found.sort(key=lambda info: (info.taken_at, info.path.name), reverse=True)
    return found


def backup_counts(path: Path) -> dict[str, int]:
    """Live rows per kind in a backup file (Chinese table labels), for the list a clerk chooses from:
    people and villages first, then the kinds of record a clerk adds (those shown in the recycle bin)."""
    from township_desk.models.base import all_models

    with db_files.connect(path) as connection:
        counts = {c.table: c for c in db_files.table_counts(connection)}
    first = ("person", "village")
    kinds = {m._meta.table_name for m in all_models() if m.KIND_LABEL}
    order = sorted(counts, key=lambda t: (first.index(t) if t in first else len(first), t not in kinds))
    return {counts[t].label: counts[t].live for t in order}


def counts_text(counts: dict[str, int], limit: int = 5) -> str:
    shown = [f"{label} {count}" for label, count in counts.items() if count][:limit]
    return "，".join(shown) if shown else "（无记录）"


def _target(db_path: Path, reason: str, now: datetime) -> Path:
    base = f"{db_path.stem}-{reason}-{now:{STAMP}}"
    target = folder(db_path) / f"{base}.db"
    number = 2
    while target.exists():
        target = folder(db_path) / f"{base}-{number}.db"
        number += 1
    return target


def verified_copy(db_path: Path, target: Path) -> Path:
    """A consistent copy (VACUUM INTO) written beside target, checked with quick_check, then renamed."""
    part = target.with_name(f".{target.name}.part")
    try:
        db_files.consistent_copy(db_path, part)
        problems = db_files.quick_check(part)
        if problems:
            raise BackupError("备份校验未通过（quick_check）：" + "；".join(problems[:2]))
        _copy_keys(db_path, target)
        os.replace(part, target)
        db_files.fsync_folder(target.parent)
    finally:
        part.unlink(missing_ok=True)
    return target


def _copy_keys(db_path: Path, target: Path) -> None:
    """An encrypted database's copy is encrypted with the same key (VACUUM INTO through SQLCipher): its keys
    file goes beside it, so the copy opens with the passwords or recovery key of that day."""
    from township_desk import cipher

    keys = cipher.keys_path(db_path)
    if keys.exists() and not cipher.header(db_path).startswith(cipher.SQLITE_MAGIC):
        shutil.copyfile(keys, cipher.keys_path(target))
    else:
        cipher.keys_path(target).unlink(missing_ok=True)


def make_backup(
    db_path: Path,
    reason: str = "手动",
    *,
    now: datetime | None = None,
    thin: bool = True,
    policy: Policy = Policy(),
) -> BackupInfo:
    """Back up a database into its backup folder, verify the copy, and only then thin older backups."""
    db_path = Path(db_path)
    now = now or datetime.now()
    with _lock:
        folder(db_path).mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(db_path)
        target = verified_copy(db_path, _target(db_path, reason, now))
        with db_files.connect(target) as connection:
            _known[_key(db_path)] = db_files.fingerprint(connection)
        if thin:
            thin_backups(db_path, now=now, policy=policy)
    info = parse_name(db_path, target)
    assert info is not None
    return info


def backup_to(db_path: Path, out: Path) -> Path:
    """A verified copy of a database at a place the user chose (not thinned, not listed)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return verified_copy(Path(db_path), out)


def _key(db_path: Path) -> str:
    return str(Path(db_path).resolve())


def _remove_stale_parts(db_path: Path) -> None:
    for part in folder(db_path).glob(".*.part"):
        try:
            if time.time() - part.stat().st_mtime > 3600:
                part.unlink()
        except OSError:
            pass


def changed_since_last_backup(db_path: Path) -> bool:
    """Whether the data differs from the newest backup (row counts, newest edit, settings, version)."""
    db_path = Path(db_path)
    with db_files.connect(db_path) as connection:
        current = db_files.fingerprint(connection)
    last = _known.get(_key(db_path))
    if last is None:
        backups = list_backups(db_path)
        if not backups:
            return True
        try:
            with db_files.connect(backups[0].path) as connection:
                last = db_files.fingerprint(connection)
        except Exception:  # noqa: BLE001 - an unreadable newest backup means: make a new one
            return True
        _known[_key(db_path)] = last
    return current != last


def backup_if_changed(
    db_path: Path, reason: str = "自动", *, now: datetime | None = None
) -> BackupInfo | None:
    """Back up when anything changed since the newest backup (start-up, timer, before an import)."""
    db_path = Path(db_path)
    if not db_path.exists() or not changed_since_last_backup(db_path):
        return None
    return make_backup(db_path, reason, now=now)


def backup_before_import(db_path: Path | None = None) -> BackupInfo | None:
    """Called before every import writes: the newest backup then holds the data as it was before."""
    if db_path is None:
        from township_desk.db import database

        if database.obj is None:
            return None
        db_path = Path(database.obj.database)
    return backup_if_changed(Path(db_path), "导入前")


# ---------------------------------------------------------------- thinning


def plan_thinning(times: Sequence[datetime], policy: Policy = Policy()) -> set[int]:
    """Which backups to keep (indexes into times): the newest few, the newest of each of the last
    `daily` days, `weekly` ISO weeks and `monthly` months that have backups."""
    order = sorted(range(len(times)), key=lambda i: times[i], reverse=True)
    keep = set(order[: policy.last])
    buckets: Iterable[tuple[int, Callable[[datetime], object]]] = (
        (policy.daily, lambda t: t.date()),
        (policy.weekly, lambda t: t.isocalendar()[:2]),
        (policy.monthly, lambda t: (t.year, t.month)),
    )
    for count, bucket in buckets:
        seen: list[object] = []
        for index in order:
            key = bucket(times[index])
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(index)
    return keep


def thin_backups(db_path: Path, *, now: datetime | None = None, policy: Policy = Policy()) -> list[Path]:
    """Delete the backups the policy does not keep; returns the deleted files."""
    backups = list_backups(db_path)
    keep = plan_thinning([b.taken_at for b in backups], policy)
    removed = []
    for index, info in enumerate(backups):
        if index in keep:
            continue
        try:
            info.path.unlink()
            removed.append(info.path)
        except OSError:
            pass
        else:
            _keys_of(info.path).unlink(missing_ok=True)
    return removed


def _keys_of(path: Path) -> Path:
    from township_desk import cipher

    return cipher.keys_path(path)


# ---------------------------------------------------------------- restoring


def check_backup(path: Path) -> None:
    """Refuse a backup that is not ours, is newer than this program, or fails quick_check."""
    path = Path(path)
    version = read_header_version(path)
    if version is None:
        raise BackupError(f"备份文件不存在或为空：{path}")
    refuse_newer(path, version)
    problems = db_files.quick_check(path)
    if problems:
        raise BackupError(f"备份“{path.name}”检查未通过（quick_check），不能恢复：" + "；".join(problems[:2]))


def latest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes its check (offered when the database is damaged)."""
    for info in list_backups(db_path):
        try:
            check_backup(info.path)
        except KnownDatabaseError:
            continue
        return info
    return None


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def set_aside(db_path: Path, reason: str, now: datetime | None = None) -> Path | None:
    """Move a (closed) database file with its WAL into the backup folder under a dated name."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    folder(db_path).mkdir(parents=True, exist_ok=True)
    target = _target(db_path, reason, now or datetime.now())
    os.replace(db_path, target)
    for sidecar in _sidecars(db_path):
        if sidecar.exists():
            os.replace(sidecar, target.with_name(target.name + sidecar.name[len(db_path.name) :]))
    db_files.fsync_folder(target.parent)
    return target


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the file; refuse when another program keeps the database open."""
    if not db_path.exists():
        return
    try:
        with db_files.connect(db_path, readonly=False, timeout=2) as connection:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except Exception as exc:  # noqa: BLE001 - a damaged file is set aside as it is
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise BackupError("数据库正被其他程序或窗口使用，无法恢复。请关闭其他窗口后重试。") from exc
        return
    if busy:
        raise BackupError("数据库正被其他程序或窗口使用，无法恢复。请关闭其他窗口后重试。")


def _restore_keys(db_path: Path, backup: Path, aside: Path | None) -> None:
    """The restored file's keys: the current keys file when it opens the same key (passwords changed since
    the backup still work), else the backup's own; a plain backup needs none."""
    from township_desk import cipher

    current, own = cipher.keys_path(db_path), cipher.keys_path(backup)
    if aside is not None and current.exists():
        shutil.copyfile(current, cipher.keys_path(aside))  # the file set aside keeps its keys
    if cipher.header(db_path).startswith(cipher.SQLITE_MAGIC):
        current.unlink(missing_ok=True)
        return
    if not own.exists():
        return
    if current.exists():
        import json

        try:
            same = (
                json.loads(current.read_text("utf-8"))["key_id"]
                == json.loads(own.read_text("utf-8"))["key_id"]
            )
        except (OSError, ValueError, KeyError):
            same = False
        if same:
            return
    shutil.copyfile(own, current)


def restore_backup(db_path: Path, backup: Path, *, now: datetime | None = None) -> Path | None:
    """Put a backup in place of the (closed) database; the current file is kept aside in the backup folder.

    Returns where the current file was kept (None when there was none). Either the old or the restored
    file is in place at every moment.
    """
    from township_desk.file_lock import refuse_if_open_elsewhere
    from township_desk.services.users import require_admin

    require_admin("用备份恢复")
    db_path, backup = Path(db_path), Path(backup)
    refuse_if_open_elsewhere(db_path, "用备份恢复")
    check_backup(backup)
    with _lock:
        _checkpoint(db_path)
        incoming = db_path.with_name(f".{db_path.name}.restoring")
        shutil.copyfile(backup, incoming)
        from township_desk.services import audit

        audit.carry_log(db_path, incoming, f"用备份“{backup.name}”恢复")  # the operation log only grows
        db_files.fsync_file(incoming)
        aside = set_aside(db_path, BEFORE_RESTORE, now)
        try:
            os.replace(incoming, db_path)
        except OSError:
            if aside is not None:
                os.replace(aside, db_path)
            raise
        finally:
            incoming.unlink(missing_ok=True)
        _restore_keys(db_path, backup, aside)
        db_files.fsync_folder(db_path.parent)
        _known.pop(_key(db_path), None)
    return aside
