"""Export for the county (导出上报文件): a consistent copy of the database and its manifest in one file.

The file (.tdx) is the VACUUM INTO copy itself, followed by manifest.json and a 32-byte footer
(FOOTER_MAGIC, database size, manifest size): the copy is written once and hashed once, which is what
makes an export of a 450 MB county file cost little more than the copy (a zip wrapper wrote it twice).
Files made by the first version, a .zip holding township.db and manifest.json, are still read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from township_desk import __version__
from township_desk.db import SCHEMA_VERSION, KnownDatabaseError
from township_desk.services import county_keys, db_files, township_identity, workspace
from township_desk.services.county_file import COUNTY as COUNTY  # KIND_KEY "database_kind" = COUNTY: 县级汇总
from township_desk.services.county_file import KIND_KEY as KIND_KEY
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import DEFAULTS

FORMAT = "township-desk-county-export"
FORMAT_VERSION = 3  # 1: a zip; 2: the copy, manifest and footer; 3: signed and sealed (services.county_keys)
PLAIN_VERSION = 2  # what an unsigned export writes
MANIFEST_NAME = "manifest.json"
DATABASE_NAME = "township.db"
SUFFIX = ".tdx"
FOOTER_MAGIC = b"TDESK-COUNTY-V2\n"  # 16 bytes
SEALED_MAGIC = b"TDESK-COUNTY-V3\n"  # the database part is encrypted (services.county_keys)
FOOTER = struct.Struct(">16sQQ")  # magic, database size, manifest size
# PRAGMA application_id of an exported copy ("TDX1"): one more mark that the file is ours.
APPLICATION_ID = 0x54445831
EXPORT_PREFIX = ".导出-"  # work folder beside the target, named with the process id
PLAIN_PREFIX = "township-export-"  # a sealed export's plain copy, in this computer's temporary folder


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def sha256(self) -> str:
        return str(self.manifest["sha256"])

    def summary(self) -> str:
        rows = sum(int(t["rows"]) for t in self.manifest["tables"].values())
        return (
            f"已导出“{self.manifest['township']}”的上报文件：{self.path.name}，"
            f"共 {rows} 条记录，SHA-256 {self.sha256[:16]}…"
        )


def suggested_name(township: str, when: datetime | None = None) -> str:
    when = when or datetime.now()
    return f"{township or '乡镇'}-上报-{when:%Y%m%d}{SUFFIX}"


def _utc_text(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_manifest(copy: Path, exported_at: datetime) -> dict[str, Any]:
    """The manifest of an exported copy: who, which schema, when, how many rows (size and SHA-256 are
    added while the copy is written into the package)."""
    with db_files.connect(copy) as connection:
        settings = read_township(connection)
        version = db_files.schema_version(connection)
        counts = db_files.table_counts(connection)
        identity = township_identity._setting(connection, township_identity.ID_KEY)
        former = township_identity.former_names(connection)
    return {
        "format": FORMAT,
        "format_version": PLAIN_VERSION,
        "app_version": __version__,
        "township": settings["township"],
        "township_code": settings["township_code"],
        "township_id": identity,
        "former_names": former,
        "unit": settings["unit"],
        "database_kind": settings[KIND_KEY],
        "schema_version": version,
        "exported_at": _utc_text(exported_at),
        "database_file": DATABASE_NAME,
        "tables": {c.table: {"label": c.label, "rows": c.rows, "live": c.live} for c in counts},
    }


def read_township(connection: Any) -> dict[str, str]:
    """Township name, unit, code and database kind of a file, with the program's defaults."""
    stored = db_files.read_settings(connection)
    values = {key: stored.get(key, default) for key, default in DEFAULTS.items()}
    values[KIND_KEY] = stored.get(KIND_KEY, "")
    return {key: value.strip() for key, value in values.items()}


def export_for_county(
    db_path: Path, out: Path, progress: Progress = no_progress, now: datetime | None = None
) -> ExportResult:
    """Write the county file: a consistent copy (VACUUM INTO) followed by its manifest, checked back.

    The file appears under its name only when complete (written beside it, then renamed).
    """
    db_path, out = Path(db_path), Path(out)
    exported_at = now or datetime.now(UTC)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not db_path.exists():
        raise KnownDatabaseError(f"数据库文件不存在：{db_path}")
    with db_files.connect(db_path, readonly=False) as live:
        live.execute("BEGIN IMMEDIATE")
        try:
            township_identity.prepare_export(live)
            live.execute("COMMIT")
        except BaseException:
            live.execute("ROLLBACK")
            raise
        key = _installed_key(live)
    workspace.clean_stale(EXPORT_PREFIX, out.parent)
    workspace.clean_stale(PLAIN_PREFIX)
    with contextlib.ExitStack() as stack:
        work = stack.enter_context(workspace.work_folder(EXPORT_PREFIX, out.parent))
        # a sealed file's plain copy is made on this computer, never beside the target (a USB stick)
        plain = stack.enter_context(workspace.work_folder(PLAIN_PREFIX)) if key else work
        copy = Path(plain) / DATABASE_NAME
        progress(0, 4)
        # the county file: plain SQLite, sealed below; flushed to disk once final (a sealed file is written anew)
        db_files.consistent_copy(db_path, copy, plain=True, flush=False)
        progress(1, 4)
        with db_files.connect(copy, readonly=False) as connection:
            named = db_files.read_settings(connection).get("township", "").strip()
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
            connection.execute("PRAGMA secure_delete = ON")  # no trace left in a free page
            # the installed signing key stays at home: the county issued it and never needs it back
            connection.execute("DELETE FROM setting WHERE key = ?", (township_identity.INSTALLED_KEY,))
            from township_desk.services.audit import strip_for_county

            strip_for_county(connection)  # users and the operation log stay at home
        if not named:  # never set: the program's placeholder name must not reach the county
            raise ValidationError("township", "请先在 文件 ▸ 本乡镇信息 中填写乡镇名称，再导出上报文件。")
        manifest = build_manifest(copy, exported_at)
        if manifest["schema_version"] != SCHEMA_VERSION:
            raise KnownDatabaseError("数据库尚未升级到本程序的数据版本，请先用本程序打开一次再导出。")
        if key and key.get("township") != manifest["township"]:
            raise ValidationError(
                "township",
                f"已安装的密钥是发给“{key.get('township')}”的，本库现在是"
                f"“{manifest['township']}”；请向县委组织部申请新的密钥。",
            )
        progress(2, 4)
        # The copy becomes the package: hash it, append the manifest and the footer, flush, rename.
        manifest["size"] = copy.stat().st_size
        hashing = functools.partial(db_files.file_sha256, copy)
        # a plain package is this very file: its pages go to disk while they are hashed (0.4 s less on a county)
        manifest["sha256"] = hashing() if key else db_files.flushed_while(copy, hashing)
        if key:
            package = Path(work) / "sealed.tdx"
            with package.open("wb") as sink:
                manifest = county_keys.seal(copy, sink, manifest, key)
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
                sink.write(data)
                sink.write(FOOTER.pack(SEALED_MAGIC, manifest["sealed"]["size"], len(data)))
            copy.unlink()
        else:
            package = copy
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            with copy.open("ab") as sink:
                sink.write(data)
                sink.write(FOOTER.pack(FOOTER_MAGIC, manifest["size"], len(data)))
        db_files.fsync_file(package)
        progress(3, 4)
        if read_manifest(package) != manifest:
            raise KnownDatabaseError("上报文件写入后读不回清单，请换一个位置重新导出。")
        shutil.move(str(package), str(out))
        db_files.fsync_folder(out.parent)
    progress(4, 4)
    from township_desk.services import audit

    audit.record("导出", f"上报县委组织部的文件 → {out.name}", subject="上报文件", file=db_path)
    return ExportResult(out, manifest)


def _installed_key(connection: Any) -> dict[str, str] | None:
    row = connection.execute(
        "SELECT value FROM setting WHERE key = ?", (township_identity.INSTALLED_KEY,)
    ).fetchone()
    if not row or not row[0]:
        return None
    try:
        key = json.loads(row[0])
    except json.JSONDecodeError:
        return None
    return {str(k): str(v) for k, v in key.items()} if isinstance(key, dict) else None


def _footer(package: Path) -> tuple[int, int] | None:
    """(database part size, manifest size) from a .tdx file's footer; None when the file has no such footer."""
    try:
        with package.open("rb") as handle:
            handle.seek(0, 2)
            length = handle.tell()
            if length < FOOTER.size:
                return None
            handle.seek(length - FOOTER.size)
            magic, db_size, manifest_size = FOOTER.unpack(handle.read(FOOTER.size))
    except (OSError, struct.error):
        return None
    if magic not in (FOOTER_MAGIC, SEALED_MAGIC) or db_size + manifest_size + FOOTER.size != length:
        return None
    return db_size, manifest_size


def read_manifest(package: Path) -> dict[str, Any]:
    """The manifest of a county file; raises ExchangeFileError when the file is not one."""
    footer = _footer(package) if package.is_file() else None
    if footer is not None:
        with package.open("rb") as handle:
            handle.seek(footer[0])
            return _check_manifest(handle.read(footer[1]))
    try:
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
            if MANIFEST_NAME not in names or DATABASE_NAME not in names:
                raise ExchangeFileError("不是乡镇党建工作台的上报文件（压缩包中没有清单或数据库）")
            raw = archive.read(MANIFEST_NAME)
    except zipfile.BadZipFile as exc:
        raise ExchangeFileError(_not_a_package(package)) from exc
    except FileNotFoundError as exc:
        raise ExchangeFileError("文件不存在") from exc
    except IsADirectoryError as exc:
        raise ExchangeFileError("这是文件夹，不是上报文件") from exc
    except (OSError, zipfile.LargeZipFile) as exc:
        raise ExchangeFileError(f"无法读取文件：{exc}") from exc
    return _check_manifest(raw)


def _check_manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeFileError("清单（manifest.json）已损坏，无法读取") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ExchangeFileError("不是乡镇党建工作台的上报文件（清单格式不符）")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise ExchangeFileError("上报文件由更新版本的程序生成，请升级软件后再合并")
    for key in ("township", "schema_version", "sha256", "size", "tables"):
        if key not in manifest:
            raise ExchangeFileError(f"清单缺少“{key}”，不是完整的上报文件")
    return manifest


def _not_a_package(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError:
        head = b""
    if head.startswith(b"SQLite format 3"):
        if len(head) == 100 and struct.unpack(">I", head[68:72])[0] == APPLICATION_ID:
            # An exported copy whose manifest and footer are missing: cut short on the way.
            return "上报文件不完整或已损坏（可能在复制中被截断），请让乡镇重新导出"
        return "这是数据库文件，不是上报文件；请在乡镇用 文件 ▸ 导出上报文件 生成"
    return "不是乡镇党建工作台的上报文件（无法读取，可能已损坏）"


@contextlib.contextmanager
def _database_blocks(
    package: Path, manifest: dict[str, Any], keyring: county_keys.Keyring | None
) -> Iterator[Iterator[bytes]]:
    """The database bytes of a package, a block at a time (a .tdx file's head, decrypted when sealed, or a
    .zip's member)."""
    footer = _footer(package)
    if footer is not None and manifest.get("sealed"):
        if keyring is None or not keyring.secret:
            raise ExchangeFileError("这是加密的上报文件，只有发放密钥的县级汇总数据库才能打开")
        with package.open("rb") as handle:
            yield keyring.blocks(manifest, handle, footer[0])
        return
    if footer is not None:
        with package.open("rb") as handle:

            def blocks(remaining: int = footer[0]) -> Iterator[bytes]:
                while remaining > 0:
                    block = handle.read(min(db_files.CHUNK, remaining))
                    if not block:
                        raise EOFError("文件比清单所写的短")
                    remaining -= len(block)
                    yield block

            yield blocks()
        return
    with zipfile.ZipFile(package) as archive:
        if archive.getinfo(DATABASE_NAME).file_size > int(manifest["size"]):
            raise ExchangeFileError("压缩包中的数据库比清单所写的大，未解开（可能是恶意文件）")
        with archive.open(DATABASE_NAME) as source:
            yield iter(lambda: source.read(db_files.CHUNK), b"")


def extract_database(
    package: Path, target: Path, manifest: dict[str, Any], keyring: county_keys.Keyring | None = None
) -> None:
    """Unpack the database, checking its size and SHA-256 against the manifest while writing; never more
    than the declared size is written (a zip bomb is refused after that many bytes)."""
    digest = hashlib.sha256()
    size = 0
    declared = int(manifest["size"])
    try:
        with _database_blocks(package, manifest, keyring) as blocks, target.open("wb") as sink:
            for block in blocks:
                size += len(block)
                if size > declared:
                    raise ExchangeFileError("数据库比清单所写的大：文件已损坏或被改动过，未解开")
                digest.update(block)
                sink.write(block)
    except county_keys.SealError as exc:
        target.unlink(missing_ok=True)
        raise ExchangeFileError(str(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        target.unlink(missing_ok=True)
        raise ExchangeFileError(f"文件已损坏，无法读取（{exc}）") from exc
    except ExchangeFileError:
        target.unlink(missing_ok=True)
        raise
    if size != int(manifest["size"]) or digest.hexdigest() != str(manifest["sha256"]).lower():
        raise ExchangeFileError("SHA-256 校验不符：文件在复制或传输中损坏，或被改动过")


class ExchangeFileError(Exception):
    """A county file that cannot be taken; str() is the Chinese reason."""
