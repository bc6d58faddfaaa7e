"""Work folders of exports and merges: named with the process id, removed when done, stale ones cleaned.

A merge unpacks each township file into a work folder; an export writes its copy beside the target. A
process killed midway leaves its folder behind: the next export or merge removes every such folder whose
process is gone (never one of a process still running), so leftovers do not pile up. Each process also
lists its open work folders in "township-desk-work-<pid>.list" in the temporary folder, so the start-up
sweep (services/leftovers.py) finds a killed export's folder on a USB stick too.
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


JOURNAL_PREFIX = "township-desk-work-"


def journal(pid: int | None = None) -> Path:
    return Path(tempfile.gettempdir()) / f"{JOURNAL_PREFIX}{pid or os.getpid()}.list"


def _note(path: Path, add: bool) -> None:
    """Add or drop a work folder in this process's journal (best effort: a failure only loses the sweep)."""
    target = journal()
    try:
        lines = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
        lines = [line for line in lines if line and line != str(path)] + ([str(path)] if add else [])
        if lines:
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            target.unlink(missing_ok=True)
    except OSError:
        pass


def sweep_journals(prefixes: tuple[str, ...]) -> list[Path]:
    """Remove the work folders listed by processes that no longer run (a folder only when its name starts
    with one of the known prefixes); returns what was removed."""
    removed: list[Path] = []
    try:
        lists = list(Path(tempfile.gettempdir()).glob(f"{JOURNAL_PREFIX}*.list"))
    except OSError:
        return []
    for listed in lists:
        pid_text = listed.name[len(JOURNAL_PREFIX) : -len(".list")]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        try:
            folders = [Path(line) for line in listed.read_text(encoding="utf-8").splitlines() if line.strip()]
        except OSError:
            folders = []
        for path in folders:
            if path.name.startswith(prefixes) and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        listed.unlink(missing_ok=True)
    return removed


@contextlib.contextmanager
def work_folder(prefix: str, folder: Path | None = None) -> Iterator[Path]:
    """A fresh work folder named after this process, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=folder))
    _note(path, True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        _note(path, False)
