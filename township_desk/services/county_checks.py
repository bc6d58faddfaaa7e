"""Checking a township file before anything is written (county mode): manifest, signature, SHA-256,
schema, quick_check, foreign keys, contents, edit times; an older file is upgraded in its work copy."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.db import SCHEMA_VERSION, KnownDatabaseError, database, read_header_version
from township_desk.models.base import all_models
from township_desk.services import county_keys, county_trust, db_files
from township_desk.services.exchange import (
    COUNTY,
    KIND_KEY,
    ExchangeFileError,
    extract_database,
    read_manifest,
    read_township,
)

SIGNED, UNSIGNED = "已签名", "未签名"


@dataclass(frozen=True)
class Source:
    """A township file that passed every check, unpacked (and upgraded) into a work folder."""

    path: Path
    db: Path
    manifest: dict[str, Any]

    @property
    def sha256(self) -> str:
        return str(self.manifest["sha256"]).lower()

    @property
    def township(self) -> str:
        return str(self.manifest["township"])

    @property
    def township_code(self) -> str:
        return str(self.manifest.get("township_code", ""))

    @property
    def signature(self) -> str:
        return SIGNED if self.manifest.get("signed_by") else UNSIGNED


def _county_columns(connection: sqlite3.Connection) -> dict[str, list[str]]:
    present = db_files.tables(connection)
    return {
        m._meta.table_name: db_files.columns(connection, m._meta.table_name)
        for m in all_models()
        if m._meta.table_name in present
    }


def _require_county(connection: sqlite3.Connection, path: Path) -> None:
    version = db_files.schema_version(connection)
    if version != SCHEMA_VERSION:
        raise KnownDatabaseError(
            f"“{path.name}”的数据版本（{version}）与本程序（{SCHEMA_VERSION}）不同，请先用本程序打开它。"
        )
    if read_township(connection)[KIND_KEY] != COUNTY:
        raise KnownDatabaseError(f"“{path.name}”不是县级汇总数据库，不能把乡镇文件合并进去。")


def inspect_package(
    package: Path, work: Path, expected: dict[str, list[str]], keyring: county_keys.Keyring | None = None
) -> Source:
    """Check everything about a township file before anything is written; raise ExchangeFileError if refused.

    Manifest, SHA-256, schema version (not newer than ours), quick_check, foreign keys, township name,
    row counts and table structure. An older file is upgraded in the work copy, never in place.
    """
    manifest = read_manifest(package)
    version = int(manifest["schema_version"])
    if version > SCHEMA_VERSION:
        raise ExchangeFileError(
            f"文件由更新版本的程序导出（数据版本 {version}，本程序支持到 {SCHEMA_VERSION}），请升级软件后再合并"
        )
    if manifest.get(KIND_KEY) == COUNTY:
        raise ExchangeFileError("这是县级汇总文件，不是乡镇上报文件")
    if not str(manifest["township"]).strip():
        raise ExchangeFileError("清单中没有乡镇名称")
    try:
        (keyring or county_keys.Keyring()).check(manifest)
    except county_keys.SealError as exc:
        raise ExchangeFileError(str(exc)) from exc
    extract_database(package, work, manifest, keyring)
    try:
        header = read_header_version(work)
    except KnownDatabaseError as exc:
        raise ExchangeFileError("压缩包中的数据库不是 SQLite 数据库") from exc
    if header != version:
        raise ExchangeFileError("清单中的数据版本与数据库不符")
    problems = db_files.quick_check(work, readonly=False)
    if problems:
        raise ExchangeFileError("数据库已损坏（quick_check：" + "；".join(problems[:2]) + "）")
    with db_files.connect(work, readonly=False) as connection:
        _check_contents(connection, manifest)
        county_trust.check_times(connection, manifest)
    if version < SCHEMA_VERSION:
        upgrade_copy(work)
    with db_files.connect(work) as connection:
        for table, wanted in expected.items():
            if table not in db_files.tables(connection):
                raise ExchangeFileError(f"缺少数据表{_label(table)}，不是本软件的数据库")
            if set(db_files.columns(connection, table)) != set(wanted):
                raise ExchangeFileError(f"数据表{_label(table)}的结构与本程序不符，不是本软件导出的文件")
    return Source(package, work, manifest)


def _merged_before(
    package: Path, work: Path, merged_before: dict[str, str], keyring: county_keys.Keyring
) -> str | None:
    """When the file was merged before, if it was: its bytes are checked first (a damaged copy is refused)."""
    manifest = read_manifest(package)
    merged_at = merged_before.get(str(manifest["sha256"]).lower())
    if merged_at is None:
        return None
    extract_database(package, work, manifest, keyring)  # raises when the copy is damaged
    return merged_at


def _township_of(package: Path) -> str:
    """The township a refused file says it comes from, when its manifest can be read at all."""
    try:
        return str(read_manifest(package)["township"])
    except ExchangeFileError:
        return ""


def _label(table: str) -> str:
    for model in all_models():
        if model._meta.table_name == table and model.TABLE_LABEL:
            return f"“{model.TABLE_LABEL}”（{table}）"
    return table


def _check_contents(connection: sqlite3.Connection, manifest: dict[str, Any]) -> None:
    present = db_files.tables(connection)
    if not {"setting", "person", "village"} <= present:
        raise ExchangeFileError("不是乡镇党建工作台的数据库（缺少基本数据表）")
    broken = db_files.foreign_key_problems(connection)
    if broken:
        raise ExchangeFileError(
            f"有 {len(broken)} 条记录引用了不存在的记录（foreign_key_check，表 {broken[0][0]}）"
        )
    settings = read_township(connection)
    if settings["township"] != str(manifest["township"]).strip():
        raise ExchangeFileError("清单中的乡镇名称与数据库不符")
    if settings[KIND_KEY] == COUNTY:
        raise ExchangeFileError("这是县级汇总文件，不是乡镇上报文件")
    identity = str(manifest.get("township_id") or "")
    if identity and db_files.read_settings(connection).get("township_id", "") != identity:
        raise ExchangeFileError("清单中的乡镇标识与数据库不符")
    actual = {c.table: c.rows for c in db_files.table_counts(connection)}
    for table, info in dict(manifest["tables"]).items():
        if actual.get(table) != int(info.get("rows", -1)):
            raise ExchangeFileError(f"清单中的记录数与数据不符：{_label(table)}")


_UPGRADE_LOCK = threading.Lock()


def upgrade_copy(path: Path) -> None:
    """Run the schema steps on an unpacked older file (a work copy) so that its tables match ours.

    The steps are written against the shared database proxy, so it points at the copy for the few
    moments this takes and is then put back.
    """
    import peewee

    from township_desk.db import MIGRATIONS

    with _UPGRADE_LOCK:
        copy = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 0})
        previous = database.obj
        database.initialize(copy)
        try:
            copy.connect()
            current = int(copy.execute_sql("PRAGMA user_version").fetchone()[0])
            for migration in MIGRATIONS:
                if migration.version > current:
                    with copy.atomic():
                        migration.apply(copy)
                        copy.execute_sql(f"PRAGMA user_version = {migration.version:d}")
        except peewee.DatabaseError as exc:
            raise ExchangeFileError(f"无法把旧版本的文件升级到当前数据版本（{exc}）") from exc
        finally:
            copy.close()
            database.initialize(previous)
