"""An encrypted county file beside the plain one (issue 23): start-up, keystrokes and import, goal ≤ 1.3×.

    python bench/run.py --only encrypted      # the county database bench/run.py built (listed in scenarios.MODULES)

The scenarios below run in their own processes through bench/scenarios.py;
each first takes the database key as the window would after a password (cipher.remember), then runs the
plain scenario of the same name unchanged. Unwrapping the key from a password (argon2id, once per start) is
timed on its own. Runs alternate plain/encrypted so that the machine's drifting load falls on both.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from harness import Goal, Settings, measure, ratio_goal, run, value_goal
from scenarios import scenario

HERE = Path(__file__).resolve().parent
PASSWORD = "bench-password-1"


def _take_key(db: str, key_hex: str) -> None:
    from township_desk import cipher

    if key_hex != "-":
        cipher.remember(Path(db), bytes.fromhex(key_hex))


def startup_keyed(db: str, key_hex: str) -> dict[str, object]:
    """bench/scenarios.py startup (township-desk --db FILE until the list is painted), key already taken."""
    _take_key(db, key_hex)
    from scenarios import startup

    return startup(db)


def keystrokes_keyed(db: str, key_hex: str) -> dict[str, object]:
    _take_key(db, key_hex)
    from scenarios import tabs_and_search

    return tabs_and_search(db)


def import_keyed(db: str, xlsx: str, key_hex: str) -> dict[str, object]:
    _take_key(db, key_hex)
    from scenarios import import_roster

    return import_roster(db, xlsx)


def unlock_time(db: str) -> dict[str, object]:
    """The password → key step (argon2id with the file's parameters, then AES-GCM)."""
    from township_desk.services import encryption

    start = time.perf_counter()
    encryption.unlock(Path(db), "", PASSWORD)
    return {"seconds": time.perf_counter() - start}


for _function in (startup_keyed, keystrokes_keyed, import_keyed, unlock_time):
    scenario(_function)


# ---------------------------------------------------------------- preparing and measuring (main process)


def _copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".keys"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    if not source.read_bytes()[:16].startswith(b"SQLite format 3"):  # encrypted: closed, no WAL left
        shutil.copyfile(source, target)
        return
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def encrypt_copy(plain: Path, target: Path) -> str:
    """An encrypted copy of a plain file; returns its key in hex. Its backup folder is removed afterwards."""
    from township_desk import cipher
    from township_desk.services import backups, encryption

    _copy(plain, target)
    encryption.encrypt_database(target, PASSWORD)
    key = encryption.held_key(target)
    assert key is not None
    shutil.rmtree(backups.folder(target), ignore_errors=True)
    cipher.forget()
    return key.hex()


@scenario
def prepare_encrypted(county: str, folder: str) -> dict[str, object]:
    """The county file plain and encrypted, and an empty file of each kind for the import (keys in hex). A
    scenario of its own: copying and encrypting 600 MB in run.py's process would make it that large, and every
    scenario it starts afterwards would report that size as its own peak (Linux keeps it across exec)."""
    from township_desk.db import close_database, open_database

    work = Path(folder)
    work.mkdir(parents=True, exist_ok=True)
    plain, locked = work / "plain-county.db", work / "encrypted-county.db"
    _copy(Path(county), plain)
    empty, empty_locked = work / "empty.db", work / "empty-encrypted.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{empty}{suffix}").unlink(missing_ok=True)
    open_database(empty)
    close_database()
    return {
        "plain": str(plain),
        "locked": str(locked),
        "key": encrypt_copy(plain, locked),
        "empty": str(empty),
        "empty_locked": str(empty_locked),
        "empty_key": encrypt_copy(empty, empty_locked),
    }


def _keystroke(result: dict[str, Any]) -> dict[str, Any]:
    """A keystroke run reduced to the median of its tabs' medians."""
    return {**result, "keystroke": statistics.median(tab["median"] for tab in result["per_tab"].values())}


@measure
def encrypted(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    """An encrypted copy of the county file beside the plain one (issue 23, goal ≤ 1.3×): start-up, keystrokes
    and the import, alternately; and unlocking with the password, on its own."""
    folder = settings.work / "encrypted"
    files: dict[str, Any] = {
        key: Path(value) if key in ("plain", "locked", "empty", "empty_locked") else value
        for key, value in run("prepare_encrypted", settings.county, folder).items()
    }
    files["work"] = folder
    workbook = settings.work / f"import-{settings.import_rows}.xlsx"
    if not workbook.exists():
        run("make_roster_workbook", workbook, settings.import_rows)
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {
        name: {"plain": [], "encrypted": []} for name in ("startup", "keystroke", "import")
    }
    for _ in range(settings.repeats):
        runs["startup"]["plain"].append(run("startup_keyed", files["plain"], "-"))
        runs["startup"]["encrypted"].append(run("startup_keyed", files["locked"], files["key"]))
        runs["keystroke"]["plain"].append(_keystroke(run("keystrokes_keyed", files["plain"], "-")))
        runs["keystroke"]["encrypted"].append(
            _keystroke(run("keystrokes_keyed", files["locked"], files["key"]))
        )
        target, target_locked = files["work"] / "import-plain.db", files["work"] / "import-encrypted.db"
        _copy(files["empty"], target)
        _copy(files["empty_locked"], target_locked)
        runs["import"]["plain"].append(run("import_keyed", target, workbook, "-"))
        runs["import"]["encrypted"].append(run("import_keyed", target_locked, workbook, files["empty_key"]))
    unlock = run("unlock_time", files["locked"])
    results["encrypted"] = {**runs, "unlock": unlock}
    titles = {
        "startup": ("start-up to the list painted", "filled"),
        "keystroke": ("search keystroke, median of the tabs' medians", "keystroke"),
        "import": ("import of the roster", "seconds"),
    }
    goals = [
        ratio_goal(
            f"encrypted_{name}",
            f"encrypted county file / plain: {title}",
            runs[name]["encrypted"],
            runs[name]["plain"],
            1.3,
            "plain",
            field,
            field,
        )
        for name, (title, field) in titles.items()
    ]
    goals.append(
        value_goal(
            "encrypted_unlock",
            "unlocking with the password (argon2id, once a start)",
            [unlock["seconds"]],
            "s",
            None,
        )
    )
    return goals
