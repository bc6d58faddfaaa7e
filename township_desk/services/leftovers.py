"""The start-up sweep of temporary copies a killed process left behind (issue 23, item 5).

Every path that makes a temporary copy removes it itself (try/finally: backups' ".part", a restore's
".restoring", encrypting's ".converting", export and merge work folders); this sweep is for a process that
was killed or lost power midway. Known names only:

- work folders of merges ("township-merge-<pid>-…") and sealed exports' plain copies
  ("township-export-<pid>-…") in the temporary folder, and of exports beside their target (".导出-<pid>-…",
  found through the dead process's journal, services/workspace.py) — only when that process no longer runs;
- beside the database, while this process is its one writer (nobody else may be restoring or converting it):
  ".<file>.restoring", ".<file>.converting" (with its -wal/-shm/-journal), ".<file>.keys.part",
  ".<file>.<pid>.probe" of a dead process;
- in its backup folder: ".*.part" copies older than PART_MINUTES (a backup of another window may be running).
"""

from __future__ import annotations

import time
from pathlib import Path

from township_desk.services import workspace

PART_MINUTES = 10


def _prefixes() -> tuple[str, ...]:
    from township_desk.services.exchange import EXPORT_PREFIX, PLAIN_PREFIX
    from township_desk.services.merge import PREFIX as MERGE_PREFIX

    return (MERGE_PREFIX, PLAIN_PREFIX, EXPORT_PREFIX)


def sweep_temporary() -> list[Path]:
    """Work folders of dead processes: in the temporary folder, and wherever their journals say."""
    from township_desk.services.exchange import PLAIN_PREFIX
    from township_desk.services.merge import PREFIX as MERGE_PREFIX

    removed = workspace.sweep_journals(_prefixes())
    for prefix in (MERGE_PREFIX, PLAIN_PREFIX):
        removed += workspace.clean_stale(prefix)
    return removed


def sweep_beside(db_path: Path, *, writer: bool) -> list[Path]:
    """Leftovers beside a database and in its backup folder (see the module's docstring)."""
    from township_desk.services.backups import folder
    from township_desk.services.exchange import EXPORT_PREFIX

    db_path = Path(db_path)
    removed: list[Path] = list(workspace.clean_stale(EXPORT_PREFIX, db_path.parent))
    candidates: list[Path] = []
    if writer:
        for suffix in (".restoring", ".converting"):
            base = db_path.with_name(f".{db_path.name}{suffix}")
            candidates += [base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))]
        candidates.append(db_path.with_name(f".{db_path.name}.keys.part"))
        for probe in db_path.parent.glob(f".{db_path.name}.*.probe"):
            pid = probe.name[len(db_path.name) + 2 : -len(".probe")]
            if pid.isdigit() and not workspace._alive(int(pid)):
                candidates.append(probe)
    backups = folder(db_path)
    if backups.is_dir():
        now = time.time()
        for part in backups.glob(".*.part"):
            try:
                if now - part.stat().st_mtime > PART_MINUTES * 60:
                    candidates.append(part)
            except OSError:
                pass
    for path in candidates:
        try:
            if path.is_file():
                path.unlink()
                removed.append(path)
        except OSError:
            pass
    return removed


def sweep_at_start(db_path: Path | None) -> list[Path]:
    """Everything above; the window and the command line call it once the file is open."""
    from township_desk.db import ACCESS

    removed = sweep_temporary()
    if db_path is not None:
        removed += sweep_beside(db_path, writer=ACCESS.lock is not None)
    return removed
