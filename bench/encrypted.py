"""An encrypted county file beside the plain one (issue 23): start-up, keystrokes and import, goal ≤ 1.3×.

    python bench/encrypted.py                 # the county database bench/run.py built (bench/work/), 5 runs each
    python bench/encrypted.py --smoke         # a small demo file, 1 run each: proves the script still runs

The scenarios below run in their own processes through bench/scenarios.py (registered there in one line);
each first takes the database key as the window would after a password (cipher.remember), then runs the
plain scenario of the same name unchanged. Unwrapping the key from a password (argon2id, once per start) is
timed on its own. Runs alternate plain/encrypted so that the machine's drifting load falls on both.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


SCENARIOS: dict[str, Callable[..., dict[str, object]]] = {
    "encrypted_startup": startup_keyed,
    "encrypted_keystrokes": keystrokes_keyed,
    "encrypted_import": import_keyed,
    "encrypted_unlock": unlock_time,
}


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


def measure(county: Path, workbook: Path, work: Path, repeats: int) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from run import run  # one fresh interpreter per scenario, as bench/run.py runs them

    from township_desk.db import close_database, open_database

    work.mkdir(parents=True, exist_ok=True)
    plain = work / "plain-county.db"
    locked = work / "encrypted-county.db"
    _copy(county, plain)
    key = encrypt_copy(plain, locked)
    empty = work / "empty.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{empty}{suffix}").unlink(missing_ok=True)
    open_database(empty)
    close_database()
    empty_locked = work / "empty-encrypted.db"
    empty_key = encrypt_copy(empty, empty_locked)

    def median_of(results: list[dict[str, Any]], key_name: str) -> float:
        return float(statistics.median(float(r[key_name]) for r in results))

    rows: dict[str, dict[str, list[dict[str, Any]]]] = {
        "startup": {"plain": [], "encrypted": []},
        "keystroke": {"plain": [], "encrypted": []},
        "import": {"plain": [], "encrypted": []},
    }
    for _ in range(repeats):
        rows["startup"]["plain"].append(run("encrypted_startup", plain, "-"))
        rows["startup"]["encrypted"].append(run("encrypted_startup", locked, key))
        rows["keystroke"]["plain"].append(run("encrypted_keystrokes", plain, "-"))
        rows["keystroke"]["encrypted"].append(run("encrypted_keystrokes", locked, key))
        target, target_locked = work / "import-plain.db", work / "import-encrypted.db"
        _copy(empty, target)
        _copy(empty_locked, target_locked)
        rows["import"]["plain"].append(run("encrypted_import", target, workbook, "-"))
        rows["import"]["encrypted"].append(run("encrypted_import", target_locked, workbook, empty_key))
    unlock = run("encrypted_unlock", locked)
    fields = {"startup": "filled", "keystroke": "keystroke_median", "import": "seconds"}
    results: dict[str, Any] = {"repeats": repeats, "unlock": unlock["seconds"]}
    for name, field in fields.items():
        ours = median_of(rows[name]["encrypted"], field)
        base = median_of(rows[name]["plain"], field)
        results[name] = {"plain": base, "encrypted": ours, "ratio": ours / base if base else None}
    return results


def print_results(results: dict[str, Any]) -> None:
    labels = {"startup": "启动到列表显示", "keystroke": "搜索框每次按键（中位数）", "import": "导入花名册"}
    print(f"{'场景':<24}{'明文':>10}{'加密':>10}{'倍数':>8}  目标 ≤ 1.3×")
    for name, label in labels.items():
        row = results[name]
        ratio = row["ratio"]
        met = "达到" if ratio is not None and ratio <= 1.3 else "未达到"
        print(f"{label:<24}{row['plain']:>9.3f}s{row['encrypted']:>9.3f}s{ratio:>7.2f}×  {met}")
    print(f"密码解开钥匙（argon2id，每次启动一次）：{results['unlock']:.3f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--repeats", type=int)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from run import run

    work = HERE / "work" / ("encrypted-smoke" if args.smoke else "encrypted")
    work.mkdir(parents=True, exist_ok=True)
    size = "small" if args.smoke else "county"
    county = HERE / "work" / f"county-{size}.db"
    if not county.exists():
        run("demo", county, size)
    rows = 200 if args.smoke else 10000
    workbook = HERE / "work" / f"import-{rows}.xlsx"
    if not workbook.exists():
        run("make_roster_workbook", workbook, rows)
    results = measure(county, workbook, work, args.repeats or (1 if args.smoke else 5))
    (HERE / ("results-encrypted-smoke.json" if args.smoke else "results-encrypted.json")).write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print_results(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
