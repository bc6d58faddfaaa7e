"""Work folders of exports and merges: named with the process id, removed when done, stale ones cleaned.

A merge unpacks each township file into a work folder; an export writes its copy beside the target. A
process killed midway leaves its folder behind: the next export or merge removes every such folder whose
process is gone (never one of a process still running), so leftovers do not pile up.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or cannot tell: keep it
    return True


def clean_stale(prefix: str, folder: Path | None = None) -> list[Path]:
    """Remove the work folders `<prefix><pid>-…` in folder (default: the system's temporary folder) whose
    process no longer runs; returns what was removed."""
    folder = Path(folder or tempfile.gettempdir())
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(prefix) and p.is_dir()]
    except OSError:
        return []
    for path in candidates:
        pid_text = path.name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


@contextlib.contextmanager
def work_folder(prefix: str, folder: Path | None = None) -> Iterator[Path]:
    """A fresh work folder named after this process, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=folder))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
