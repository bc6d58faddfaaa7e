"""What a county trusts in a township file: edit times, the township's identity, and row ownership.

In a county database every row belongs to the township whose file first brought it (`origin_township`).
A file may create rows and change or delete the rows of its own township only; its purge markers likewise.
A file carrying another township's rows is refused whole, naming that township and how many rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from township_desk.models.base import BaseModel, all_models
from township_desk.models.exchange import PurgedRow
from township_desk.services import clock
from township_desk.services.exchange import ExchangeFileError
from township_desk.services.township_identity import REKEY_COMMAND

ORIGIN = "origin_township"
COUNTY_OWNER = "县级汇总（县里录入）"
SLACK = timedelta(seconds=2)  # exported_at is written to the second
CLOCK_SLACK = timedelta(minutes=10)  # a township PC's clock a little ahead of the county's
IN_CLAUSE = 500


def _text(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


def exported_at(manifest: dict[str, Any]) -> datetime | None:
    raw = str(manifest.get("exported_at", "")).strip()
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def check_times(source: sqlite3.Connection, manifest: dict[str, Any], now: datetime | None = None) -> None:
    """Refuse a file whose export time is in the future, or that holds edits later than its export."""
    now = now or datetime.now(UTC)
    when = exported_at(manifest)
    if when is None:
        raise ExchangeFileError("清单中没有可识别的导出时间")
    if when > now + CLOCK_SLACK:
        raise ExchangeFileError(
            f"导出时间（{beijing(when)}）晚于现在，不可信；请让乡镇核对电脑时间后重新导出"
        )
    limit = _text(min(when, now) + SLACK)
    present = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    late = 0
    first = ""
    for model in _models():
        table = model._meta.table_name
        if table not in present:
            continue
        stamps = ["created_at", "updated_at", "deleted_at"] + (["purged_at"] if model is PurgedRow else [])
        where = " OR ".join(f'"{c}" > ?' for c in stamps)
        count = source.execute(
            f'SELECT count(*) FROM "{table}" WHERE {where}', [limit] * len(stamps)
        ).fetchone()[0]
        if count and not first:
            first = model.TABLE_LABEL or table
        late += count
    if late:
        raise ExchangeFileError(
            f"有 {late} 条记录的修改时间晚于文件的导出时间（{beijing(when)}）或晚于现在"
            f"（如“{first}”），这些时间不可信，整个文件未合并；请让乡镇核对电脑时间后重新导出"
        )


def beijing(when: datetime | str) -> str:
    """A UTC time as the office reads it: Beijing time (UTC+8), to the minute."""
    if isinstance(when, str):
        original = when
        try:
            when = datetime.fromisoformat(original.strip().replace("Z", "+00:00"))
        except ValueError:
            return original
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return f"{clock.office_time(when.astimezone(UTC))}（北京时间）"


def _models() -> list[type[BaseModel]]:
    return list(all_models())


# ---------------------------------------------------------------- the township's identity


@dataclass(frozen=True)
class Township:
    """Who a file comes from, as the county will record it: name, identity, and an old name to rename."""

    name: str
    township_id: str
    rename_from: str = ""


def resolve_township(county: sqlite3.Connection, manifest: dict[str, Any]) -> Township:
    """The file's township checked against the county's register; ExchangeFileError when it cannot be trusted."""
    name = str(manifest["township"]).strip()
    identity = str(manifest.get("township_id") or "").strip()
    former = [str(n) for n in manifest.get("former_names") or [] if str(n).strip()]
    by_name = county.execute("SELECT township_id FROM county_township WHERE name = ?", (name,)).fetchone()
    if not identity:  # a file of an earlier version: known by its name only
        return Township(name, "")
    known = county.execute("SELECT name FROM county_township WHERE township_id = ?", (identity,)).fetchone()
    if known is not None and known[0] != name:
        old = str(known[0])
        if old in former and by_name is None:
            return Township(name, identity, rename_from=old)
        if by_name is not None:
            raise ExchangeFileError(
                f"文件的乡镇标识属于已报送的“{old}”，而“{name}”已是另一个乡镇；"
                f"提示：如果本库是从“{old}”的文件复制来的，请在乡镇运行 {REKEY_COMMAND} 后重新导出"
            )
        raise ExchangeFileError(
            f"文件的乡镇标识属于已报送的“{old}”，但乡镇名称是“{name}”，文件也没有说明是改名。提示：如果本库是从"
            f"“{old}”的文件复制来的新乡镇，请在乡镇运行 {REKEY_COMMAND} 后重新导出；如果是“{old}”改名为"
            f"“{name}”，请在乡镇确认改名（township-desk rekey --rename）后重新导出"
        )
    if by_name is not None and by_name[0] and by_name[0] != identity:
        raise ExchangeFileError(
            f"县里已有另一个名为“{name}”的乡镇（乡镇标识不同）。提示：如果本库是重新生成过标识或从别的文件"
            f"复制来的，请与县委组织部核对；两个乡镇不能同名"
        )
    return Township(name, identity)


def register(county: sqlite3.Connection, township: Township, now: str) -> None:
    """Record the township (and apply a confirmed rename: its rows, merge log and keys follow the new name)."""
    if township.rename_from:
        old, new = township.rename_from, township.name
        for model in _models():
            county.execute(
                f'UPDATE "{model._meta.table_name}" SET "{ORIGIN}" = ? WHERE "{ORIGIN}" = ?', (new, old)
            )
        county.execute("UPDATE county_township SET name = ? WHERE name = ?", (new, old))
        county.execute("UPDATE merge_log SET township = ? WHERE township = ?", (new, old))
        county.execute("UPDATE county_key SET township = ? WHERE township = ?", (new, old))
        county.execute("UPDATE id_number_review SET township = ? WHERE township = ?", (new, old))
    county.execute(
        "INSERT OR IGNORE INTO county_township (name, township_id, first_merged_at) VALUES (?, NULL, ?)",
        (township.name, now),
    )
    if township.township_id:
        county.execute(
            "UPDATE county_township SET township_id = ? WHERE name = ? AND township_id IS NULL",
            (township.township_id, township.name),
        )


# ---------------------------------------------------------------- ownership


@dataclass
class Foreign:
    """Rows (and purge markers) of one other township that a file carries."""

    owner: str
    rows: int = 0
    markers: int = 0


def foreign_rows(county: sqlite3.Connection, source: sqlite3.Connection, township: str) -> list[Foreign]:
    """The other townships whose rows the file carries (rows by UUID, purge markers by the row they name)."""
    found: dict[str, Foreign] = {}
    present = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = {m._meta.table_name for m in _models()}
    for table in (t for t in tables if t in present):
        ids = [r[0] for r in source.execute(f'SELECT id FROM "{table}"')]
        for owner, count in _owners(county, table, ids, township):
            found.setdefault(owner, Foreign(owner)).rows += count
    marker_table = PurgedRow._meta.table_name
    if marker_table in present:
        by_table: dict[str, list[str]] = {}
        for table, row_id in source.execute(f'SELECT table_name, row_id FROM "{marker_table}"'):
            if table in tables and table != marker_table:
                by_table.setdefault(str(table), []).append(str(row_id))
        for table, ids in by_table.items():
            for owner, count in _owners(county, table, ids, township):
                found.setdefault(owner, Foreign(owner)).markers += count
    return sorted(found.values(), key=lambda f: (-(f.rows + f.markers), f.owner))


def _owners(county: sqlite3.Connection, table: str, ids: list[str], township: str) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for start in range(0, len(ids), IN_CLAUSE):
        chunk = ids[start : start + IN_CLAUSE]
        marks = ", ".join("?" for _ in chunk)
        for owner, count in county.execute(
            f'SELECT COALESCE("{ORIGIN}", \'\'), count(*) FROM "{table}" WHERE id IN ({marks}) '
            f"AND COALESCE(\"{ORIGIN}\", '') != ? GROUP BY 1",
            (*chunk, township),
        ):
            key = str(owner) or COUNTY_OWNER
            counts[key] = counts.get(key, 0) + int(count)
    return list(counts.items())


def refusal(foreign: list[Foreign], township: str) -> str:
    """The reason a file carrying other townships' rows is refused, with what to do."""
    parts = []
    for item in foreign:
        what = []
        if item.rows:
            what.append(f"{item.rows} 条记录")
        if item.markers:
            what.append(f"{item.markers} 个彻底删除标记")
        parts.append(f"“{item.owner}”的" + "和".join(what))
    first = foreign[0].owner
    return (
        f"文件中有属于其他乡镇的数据：{'；'.join(parts)}。乡镇的文件只能新增和修改本乡镇（“{township}”）的数据，"
        f"整个文件未合并。提示：如果本乡镇的数据库是从“{first}”的文件复制来的，请在乡镇运行 {REKEY_COMMAND}"
        f" 后重新导出；否则请与“{first}”核对"
    )
