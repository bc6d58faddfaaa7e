"""County mode (县级汇总): check township files, then merge them by UUID in one transaction, newest edit wins."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from township_desk import cipher
from township_desk.db import KnownDatabaseError, database
from township_desk.models.base import BaseModel, all_models, staging_table, utc_now
from township_desk.models.exchange import IdNumberReview, PurgedRow
from township_desk.models.people import Person
from township_desk.services import county_keys, county_trust, db_files, workspace
from township_desk.services.county_checks import (
    Source,
    _county_columns,
    _merged_before,
    _require_county,
    _township_of,
    inspect_package,
)
from township_desk.services.county_file import is_county_database as is_county_database
from township_desk.services.county_file import merged_townships as merged_townships
from township_desk.services.county_trust import beijing
from township_desk.services.exchange import (
    COUNTY,
    KIND_KEY,
    ExchangeFileError,
)
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import set_setting

ORIGIN = "origin_township"
PREFIX = "township-merge-"
DEFAULT_COUNTY_NAME = "县级汇总"
BATCH = 5000
CACHE_KIB = 64 * 1024  # SQLite's page cache while merging (the default 2 MB spilled the transaction to disk)
Log = Callable[[str], None]


@dataclass
class FileOutcome:
    """What became of one township file: merged, skipped (already merged) or refused (with the reason)."""

    path: Path
    status: Literal["merged", "skipped", "refused"]
    reason: str = ""
    township: str = ""
    township_code: str = ""
    rows_changed: int = 0
    signature: str = ""
    result: str = ""

    def line(self) -> str:
        who = (
            f"（{self.township}{'，' + self.township_code if self.township_code else ''}）"
            if self.township
            else ""
        )
        if self.status == "merged":
            signed = f"（{self.signature}）" if self.signature else ""
            renamed = f"；{self.result}" if self.result else ""
            return f"已合并 {self.path.name}{who}{signed}：新增或更新 {self.rows_changed} 条记录{renamed}"
        if self.status == "skipped":
            return f"跳过 {self.path.name}{who}：{self.reason}"
        return f"拒绝 {self.path.name}{who}：{self.reason}"


@dataclass(frozen=True)
class ReviewItem:
    """One person of an ID number that arrived from more than one township (or twice)."""

    id_number: str
    person_id: str
    township: str
    name: str


@dataclass
class MergeReport:
    county: Path
    files: list[FileOutcome] = field(default_factory=list)
    reviews: list[ReviewItem] = field(default_factory=list)

    @property
    def refused(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "refused"]

    @property
    def merged(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "merged"]

    def review_groups(self) -> dict[str, list[ReviewItem]]:
        groups: dict[str, list[ReviewItem]] = {}
        for item in self.reviews:
            groups.setdefault(item.id_number, []).append(item)
        return groups

    def lines(self) -> list[str]:
        out = [f.line() for f in self.files]
        changed = sum(f.rows_changed for f in self.merged)
        out.append(
            f"共合并 {len(self.merged)} 个文件，新增或更新 {changed} 条记录；拒绝 {len(self.refused)} 个。"
        )
        groups = self.review_groups()
        if groups:
            out.append(
                f"身份证号相同、来自不同乡镇的人员 {len(groups)} 组，已列入待核对清单（未覆盖任何一方）："
            )
            for number, items in groups.items():
                out.append(f"  {number}：" + "、".join(f"{i.name}（{i.township or '本库'}）" for i in items))
        return out


# ---------------------------------------------------------------- the county database itself


def _holds_rows() -> bool:
    return any(model.select().exists() for model in all_models() if model is not PurgedRow)


def make_county_database(name: str = DEFAULT_COUNTY_NAME) -> None:
    """Mark the open, empty database as a county database; a township's data is never turned into one."""
    if is_county_database():
        return
    if _holds_rows():
        raise ValidationError(None, "这个数据库中已有乡镇数据，不能作为县级汇总数据库。请指定一个新文件。")
    with database.atomic():
        set_setting(KIND_KEY, COUNTY)
        set_setting("township", name or DEFAULT_COUNTY_NAME)
        set_setting("unit", "县委组织部")


def open_county_database(path: Path, name: str = DEFAULT_COUNTY_NAME) -> None:
    """Create (or check) a county database file at the current schema, then close it again."""
    from township_desk.db import close_database, open_database

    open_database(path)
    try:
        make_county_database(name)
    finally:
        close_database()


def review_items() -> list[ReviewItem]:
    """The open county database's list of ID numbers that arrived from more than one township."""
    query = IdNumberReview.select().order_by(IdNumberReview.id_number, IdNumberReview.township)
    return [ReviewItem(str(r.id_number), str(r.person_id), str(r.township), str(r.name)) for r in query]


# ---------------------------------------------------------------- merging


def merge_files(
    county: Path, packages: Sequence[Path], progress: Progress = no_progress, log: Log | None = None
) -> MergeReport:
    """Merge township files into a county database file.

    Every file is checked first; refused files are named with the reason and contribute nothing.
    The accepted ones are merged in one transaction (all or nothing): rows are matched by UUID, the
    newest updated_at wins (a deletion is an edit), each row keeps its township, a file merged before
    is skipped, and persons sharing an ID number across townships are listed for review.
    """
    from township_desk.services.users import require_admin

    require_admin("合并乡镇文件")
    county = Path(county)
    with hold_county_file(county):
        return _merge_files(county, packages, progress, log)


@contextlib.contextmanager
def hold_county_file(county: Path) -> Iterator[None]:
    """HOOK for the file locks of db.py: a merge holds the county file for its whole run (checks, writing,
    review list). Meant to refuse (KnownDatabaseError, CLI exit 2) while another process holds the file;
    today it holds nothing and SQLite's own locking (BEGIN IMMEDIATE, 60 s) is the only guard."""
    yield


def _merge_files(county: Path, packages: Sequence[Path], progress: Progress, log: Log | None) -> MergeReport:
    say = log or (lambda text: None)
    report = MergeReport(county)
    with db_files.connect(county, readonly=False) as connection:
        _require_county(connection, county)
        expected = _county_columns(connection)
        merged_before = {
            str(s).lower(): str(t) for s, t in connection.execute("SELECT sha256, merged_at FROM merge_log")
        }
        keyring = county_keys.load_keyring(connection)
    total = 2 * len(packages) + 1
    workspace.clean_stale(PREFIX)
    with workspace.work_folder(PREFIX) as work:
        accepted: list[tuple[Source, FileOutcome]] = []
        seen: set[str] = set()
        for index, package in enumerate(packages):
            progress(index, total)
            package = Path(package)
            target = Path(work) / f"{index}.db"
            try:
                merged_at = _merged_before(package, target, merged_before, keyring)
                source = (
                    None if merged_at is not None else inspect_package(package, target, expected, keyring)
                )
            except ExchangeFileError as exc:
                target.unlink(missing_ok=True)
                outcome = FileOutcome(package, "refused", str(exc), township=_township_of(package))
                report.files.append(outcome)
                say(outcome.line())
                continue
            if source is None:  # merged before, and this copy is intact: nothing to write
                target.unlink(missing_ok=True)
                outcome = FileOutcome(
                    package,
                    "skipped",
                    f"该文件已于 {beijing(str(merged_at))} 合并过，未作改动",
                    township=_township_of(package),
                )
                report.files.append(outcome)
                say(outcome.line())
                continue
            outcome = FileOutcome(
                package,
                "merged",
                township=source.township,
                township_code=source.township_code,
                signature=source.signature,
            )
            if source.sha256 in seen:
                target.unlink(missing_ok=True)
                outcome.status = "skipped"
                outcome.reason = "同一文件在本次已列出，未重复合并"
                say(outcome.line())
            else:
                seen.add(source.sha256)
                accepted.append((source, outcome))
                say(
                    f"检查通过 {package.name}（{source.township}，{source.signature}）："
                    f"SHA-256 一致，数据版本 {source.manifest['schema_version']}"
                )
            report.files.append(outcome)
        if accepted:
            _write(county, accepted, progress, say, len(packages), total)
    with db_files.connect(county, readonly=False) as connection:  # read-write: lets SQLite tidy its WAL files
        report.reviews = _read_reviews(connection)
    progress(total, total)
    return report


def _write(
    county: Path,
    accepted: list[tuple[Source, FileOutcome]],
    progress: Progress,
    say: Log,
    done: int,
    total: int,
) -> None:
    connection = cipher.connect(str(county), timeout=60, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous = FULL")
        # References are checked once, in full, before the commit (foreign_key_check below, which refuses the
        # whole merge): checking them row by row as well took a third of a merge's time.
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # one transaction over the county's indexes
        connection.execute("BEGIN IMMEDIATE")
        try:
            expected = _county_columns(connection)
            now = str(utc_now())
            written = 0
            for number, (source, outcome) in enumerate(accepted):
                say(f"正在合并 {source.path.name}（{source.township}）…")
                connection.execute("SAVEPOINT one_file")
                try:
                    refused = _merge_checked(
                        connection, source, outcome, expected, progress, done + number, total, now
                    )
                except BaseException:
                    connection.execute("ROLLBACK TO one_file")
                    raise
                if refused:
                    connection.execute("ROLLBACK TO one_file")
                    outcome.status, outcome.reason, outcome.rows_changed = "refused", refused, 0
                else:
                    written += 1
                connection.execute("RELEASE one_file")
                source.db.unlink(missing_ok=True)  # the work copy goes as soon as its file is merged
            if not written:
                connection.execute("ROLLBACK")
                return
            _apply_purges(connection)
            _refresh_reviews(connection, now)
            broken = db_files.foreign_key_problems(connection)
            if broken:
                raise KnownDatabaseError(
                    f"合并后有 {len(broken)} 条记录引用了不存在的记录（表 {broken[0][0]}），已全部撤销。"
                )
            progress(total - 1, total)
            connection.execute("PRAGMA analysis_limit = 0")  # read in full, see db.refresh_statistics
            connection.execute("ANALYZE")  # the planner's statistics for the merged county
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        connection.close()
        for _source, outcome in accepted:
            say(outcome.line())


def _merge_checked(
    connection: sqlite3.Connection,
    source: Source,
    outcome: FileOutcome,
    expected: dict[str, list[str]],
    progress: Progress,
    step: int,
    total: int,
    now: str,
) -> str:
    """Merge one checked file inside the run's transaction; the reason when it must be refused after all
    (its township cannot be trusted, or it carries rows of another township), else ''."""
    try:
        township = county_trust.resolve_township(connection, source.manifest)
    except ExchangeFileError as exc:
        return str(exc)
    with db_files.connect(source.db) as reader:
        foreign = county_trust.foreign_rows(connection, reader, township.rename_from or township.name)
    if foreign:
        return county_trust.refusal(foreign, township.name)
    county_trust.register(connection, township, now)
    if township.rename_from:
        outcome.result = f"乡镇改名：{township.rename_from} → {township.name}"
    outcome.rows_changed = _merge_one(connection, source, expected, progress, step, total)
    _log_merge(connection, source, outcome, now, township.township_id)
    return ""


def _upsert_sql(table: str, columns: Sequence[str], rows_from: str) -> str:
    """Write every row of rows_from (a table with the columns, in order) into the county's table: new rows are
    added, a known row is replaced only by a newer edit of the same township."""
    names = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    # The newest edit wins; on a tie a deletion wins, then the larger township name (any order, same result).
    newer = (
        f"(excluded.updated_at, excluded.deleted_at IS NOT NULL, COALESCE(excluded.\"{ORIGIN}\", '')) > "
        f'("{table}".updated_at, "{table}".deleted_at IS NOT NULL, COALESCE("{table}"."{ORIGIN}", \'\'))'
    )
    own = f'"{table}"."{ORIGIN}" IS excluded."{ORIGIN}"'  # never another township's row (checked before, too)
    # (WHERE true: SQLite's rule for an upsert whose rows come from a SELECT)
    return (
        f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM {rows_from} WHERE true '
        f'ON CONFLICT("id") DO UPDATE SET {updates} WHERE {own} AND {newer}'
    )


def _merge_one(
    connection: sqlite3.Connection,
    source: Source,
    expected: dict[str, list[str]],
    progress: Progress,
    step: int,
    total: int,
) -> int:
    """Each table's rows are read into a staging table (models.base.staging_table) and written by one upsert
    (the bench's 20 files: 23 s → 21 s, against a statement a row)."""
    changed = 0
    with db_files.connect(source.db) as reader:
        for model in all_models():
            table = model._meta.table_name
            columns = [c for c in expected[table] if c != ORIGIN]
            names = [*columns, ORIGIN]
            listed = ", ".join(f'"{c}"' for c in names)
            with staging_table(connection, table, listed) as stage:
                insert = f"INSERT INTO {stage} VALUES ({', '.join('?' for _ in names)})"
                cursor = reader.execute(  # each row read with its township, as the upsert writes it
                    f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)}, ? FROM "{table}"',
                    (source.township,),
                )
                while rows := cursor.fetchmany(BATCH):
                    connection.executemany(insert, rows)
                    progress(step, total)  # lets a user cancel: the transaction rolls back
                result = connection.execute(_upsert_sql(table, names, stage))
                changed += max(result.rowcount, 0)
    return changed


def _log_merge(
    connection: sqlite3.Connection, source: Source, outcome: FileOutcome, now: str, township_id: str
) -> None:
    manifest = source.manifest
    connection.execute(
        "INSERT OR REPLACE INTO merge_log (sha256, file_name, township, township_code, schema_version, "
        "exported_at, merged_at, rows_changed, manifest, township_id, signature, result) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source.sha256,
            source.path.name,
            source.township,
            source.township_code,
            int(manifest["schema_version"]),
            str(manifest.get("exported_at", "")),
            now,
            outcome.rows_changed,
            json.dumps(manifest, ensure_ascii=False),
            township_id,
            source.signature,
            f"已合并（{outcome.result}）" if outcome.result else "已合并",
        ),
    )
    from township_desk.services import audit

    audit.log_on(
        connection,
        "合并",
        f"{source.township}：{source.path.name}，{outcome.rows_changed} 行有变化",
        subject="合并乡镇文件",
        record_id=source.sha256[:32],
    )  # one line per file, not one per row


def _apply_purges(connection: sqlite3.Connection) -> None:
    """A row purged in its township stays in the county, deleted as of the purge (unless edited later)."""
    marker = PurgedRow._meta.table_name
    for model in _data_models():
        table = model._meta.table_name
        latest = (
            f'(SELECT max(p.purged_at) FROM "{marker}" p WHERE p.table_name = ? AND p.row_id = "{table}".id '
            f'AND p."{ORIGIN}" IS "{table}"."{ORIGIN}")'
        )
        connection.execute(
            f'UPDATE "{table}" SET deleted_at = COALESCE(deleted_at, {latest}), updated_at = {latest} '
            f'WHERE id IN (SELECT row_id FROM "{marker}" WHERE table_name = ?) AND {latest} > updated_at',
            (table, table, table, table),
        )


def _data_models() -> list[type[BaseModel]]:
    return [m for m in all_models() if m is not PurgedRow]


def _refresh_reviews(connection: sqlite3.Connection, now: str) -> None:
    """List every live person whose ID number another live person (from another file) also has."""
    person = Person._meta.table_name
    review = IdNumberReview._meta.table_name
    current = connection.execute(
        f'SELECT p.id_number, p.id, COALESCE(p."{ORIGIN}", \'\'), p.name FROM "{person}" p '
        f"WHERE p.deleted_at IS NULL AND p.id_number IN ("
        f"  SELECT id_number FROM \"{person}\" WHERE deleted_at IS NULL AND COALESCE(id_number, '') != '' "
        f"  GROUP BY id_number HAVING count(*) > 1)"
    ).fetchall()
    keys = {(str(r[0]), str(r[1])) for r in current}
    for number, person_id in connection.execute(f'SELECT id_number, person_id FROM "{review}"').fetchall():
        if (str(number), str(person_id)) not in keys:
            connection.execute(
                f'DELETE FROM "{review}" WHERE id_number = ? AND person_id = ?', (number, person_id)
            )
    connection.executemany(
        f'INSERT INTO "{review}" (id_number, person_id, township, name, listed_at) VALUES (?, ?, ?, ?, ?) '
        f"ON CONFLICT(id_number, person_id) DO UPDATE SET township = excluded.township, name = excluded.name",
        [(*row, now) for row in current],
    )


def _read_reviews(connection: sqlite3.Connection) -> list[ReviewItem]:
    rows = connection.execute(
        f'SELECT id_number, person_id, township, name FROM "{IdNumberReview._meta.table_name}" '
        "ORDER BY id_number, township, name"
    )
    return [ReviewItem(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]
