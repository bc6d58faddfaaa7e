"""The check at start: quick_check and foreign_key_check; a damaged file is set aside and a good backup offered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from township_desk import cipher
from township_desk.db import SCHEMA_VERSION, KnownDatabaseError, read_header_version
from township_desk.services import backups, db_files

Status = Literal["ok", "damaged", "inconsistent"]


@dataclass
class StartupReport:
    status: Status
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def text(self) -> str:
        """The problems for a clerk: SQLite's words for damage in Chinese, details kept for a technician."""
        words = {
            "malformed": "文件结构损坏",
            "not a database": "不是可读的数据库",
            "file is encrypted": "不是可读的数据库",
        }
        lines = []
        for problem in self.problems[:3]:
            plain = next((zh for en, zh in words.items() if en in problem.lower()), "")
            lines.append(f"{plain}（{problem}）" if plain else problem)
        return "；".join(lines)


def check_at_start(db_path: Path) -> StartupReport:
    """Check the database before it is opened.

    "damaged": quick_check fails, or a file that has backups no longer reads as a database;
    "inconsistent": rows point at missing rows (the file opens; the clerk is told).
    A missing file, a file from a newer version or a foreign file is "ok" here: opening it creates it
    or refuses it with its own message, untouched.
    """
    db_path = Path(db_path)
    try:
        version = read_header_version(db_path)
    except KnownDatabaseError as exc:
        if backups.list_backups(db_path):
            return StartupReport("damaged", [str(exc)])
        return StartupReport("ok")
    if version is None or version > SCHEMA_VERSION:
        return StartupReport("ok")
    problems = db_files.quick_check(db_path, readonly=False)
    if problems:
        return StartupReport("damaged", problems) if _damage(problems) else StartupReport("ok")
    try:
        with db_files.connect(db_path, readonly=False) as connection:
            broken = db_files.foreign_key_problems(connection)
    except cipher.DATABASE_ERROR as exc:
        problem = f"{getattr(exc, 'sqlite_errorname', None) or 'SQLITE_ERROR'}: {exc}"
        return StartupReport("damaged", [problem]) if _damage([problem]) else StartupReport("ok")
    if broken:
        tables = sorted({table for table, _row, _parent in broken})
        return StartupReport(
            "inconsistent", [f"有 {len(broken)} 条记录引用了不存在的记录（表 {'、'.join(tables)}）"]
        )
    return StartupReport("ok")


def _damage(problems: list[str]) -> bool:
    """Whether the problems mean a damaged file, not a file that is busy or cannot be opened just now
    (locked by another window, read-only, no permission, a disk error): those are never moved aside.
    An error is told by SQLite's error code, which db_files.quick_check puts first ("SQLITE_BUSY: …")."""
    passing = (
        "SQLITE_BUSY",
        "SQLITE_LOCKED",
        "SQLITE_CANTOPEN",
        "SQLITE_READONLY",
        "SQLITE_PERM",
        "SQLITE_IOERR",
        "SQLITE_AUTH",
        "SQLITE_FULL",
    )
    return not any(problem.startswith(code) for problem in problems for code in passing)


def move_aside(db_path: Path, now: datetime | None = None) -> Path | None:
    """Keep a damaged file (and its WAL) in the backup folder as "<stem>-损坏-<time>.db"; never deleted."""
    return backups.set_aside(Path(db_path), backups.DAMAGED, now)
