"""How a database file looks on disk, read without opening it (no SQLite, no peewee)."""

from __future__ import annotations

from pathlib import Path


def file_stamp(db_path: Path) -> str:
    """Size and modification time of the database and its WAL.

    Recorded after a clean close; a start that finds the same stamp knows nothing has written to the
    file since it was last closed cleanly (no crash, no other program), and skips the full check.
    """
    parts = []
    for suffix in ("", "-wal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            stat = path.stat()
            parts.append(f"{suffix or 'db'}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)
