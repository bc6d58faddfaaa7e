"""A township database's own identity (设置 township_id): rename or a different township, and rekey.

Every township database has a random identity from its creation (schema 8). The county knows each township
by it: a file whose identity it knows under another name is either that township renamed (confirmed here,
and the file says so) or a copy of that township's file made into a new township, which must first be
given fresh identities (`rekey`): a new township identity and a new UUID for every row.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass

from township_desk.db import database
from township_desk.services.records import ValidationError

ID_KEY = "township_id"
EXPORTED_AS = "exported_as"  # the township name under which this file was last exported
FORMER_NAMES = "former_names"  # JSON list: names this township had before a confirmed rename
INSTALLED_KEY = "county_key"  # the key file installed from the county (services.county_keys)
REKEY_COMMAND = "township-desk --db 本乡镇数据库 rekey（或 文件 ▸ 重新生成本库标识）"


def new_identity() -> str:
    return uuid.uuid4().hex


def _setting(connection: sqlite3.Connection, key: str) -> str:
    row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return str(row[0]).strip() if row and row[0] is not None else ""


def _set(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))


def former_names(connection: sqlite3.Connection) -> list[str]:
    try:
        names = json.loads(_setting(connection, FORMER_NAMES) or "[]")
    except json.JSONDecodeError:
        return []
    return [str(n) for n in names if str(n).strip()] if isinstance(names, list) else []


def rename_question(connection: sqlite3.Connection, new_name: str) -> str | None:
    """The question to ask when the township's name becomes new_name; None when nothing needs asking."""
    exported = _setting(connection, EXPORTED_AS)
    new_name = new_name.strip()
    if not exported or not new_name or new_name == exported:
        return None
    return (
        f"本数据库曾以“{exported}”的名义向县里报送。现在的名称“{new_name}”是：\n"
        f"· “{exported}”改名为“{new_name}”（同一个乡镇）：请确认改名，县里的数据随之改名；\n"
        f"· 另一个乡镇（本库是从“{exported}”的文件复制来的）：请先重新生成本库标识（{REKEY_COMMAND}），"
        f"否则县里会拒收。"
    )


def prepare_export(connection: sqlite3.Connection) -> None:
    """Before an export, on the live file: make sure it has an identity, and that its name was not changed
    since the last export without saying whether this is a rename or another township."""
    if not _setting(connection, ID_KEY):
        _set(connection, ID_KEY, new_identity())
    name = _setting(connection, "township")
    question = rename_question(connection, name)
    if question is not None:
        raise ValidationError(
            "township",
            question + "\n确认改名：township-desk --db 本乡镇数据库 rekey --rename"
            "（或在 文件 ▸ 本乡镇信息 中保存时选择“改名”）。",
        )
    if name and not _setting(connection, EXPORTED_AS):
        _set(connection, EXPORTED_AS, name)


def confirm_rename(connection: sqlite3.Connection) -> str:
    """The township was renamed (same township): keep the identity, remember the old name for the county."""
    exported = _setting(connection, EXPORTED_AS)
    name = _setting(connection, "township")
    if not name:
        raise ValidationError("township", "乡镇名称为空，请先填写乡镇名称。")
    if exported and exported != name:
        names = former_names(connection)
        if exported not in names:
            names.append(exported)
        _set(connection, FORMER_NAMES, json.dumps(names, ensure_ascii=False))
    _set(connection, EXPORTED_AS, name)
    return exported


@dataclass(frozen=True)
class RekeyResult:
    township_id: str
    rows: int
    markers_dropped: int

    def summary(self) -> str:
        return (
            f"已为本库生成新的乡镇标识，并为 {self.rows} 条记录换了新编号"
            f"（丢弃了 {self.markers_dropped} 条属于原文件的彻底删除标记）；现在导出的文件将作为新乡镇合并。"
        )


def rekey_connection(connection: sqlite3.Connection) -> RekeyResult:
    """Fresh identities in one transaction: township identity, every row's UUID (and every reference to it).

    Purge markers name rows of the file this one was copied from: they are dropped, as is an installed key
    and the record of earlier exports and names.
    """
    from township_desk.models.base import all_models
    from township_desk.models.exchange import PurgedRow

    if _setting(connection, "database_kind") == "county":
        raise ValidationError(None, "这是县级汇总数据库，不能重新生成标识。")
    models = [m for m in all_models() if m is not PurgedRow]
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("PRAGMA defer_foreign_keys = ON")
        connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS rekey_map (old TEXT PRIMARY KEY, new TEXT NOT NULL)"
        )
        connection.execute("DELETE FROM temp.rekey_map")
        rows = 0
        for model in models:
            table = model._meta.table_name
            ids = [r[0] for r in connection.execute(f'SELECT id FROM "{table}"')]
            connection.executemany(
                "INSERT OR IGNORE INTO temp.rekey_map (old, new) VALUES (?, ?)",
                [(i, new_identity()) for i in ids],
            )
            rows += len(ids)
        mapped = "(SELECT new FROM temp.rekey_map WHERE old = {0})"
        for model in models:
            table = model._meta.table_name
            connection.execute(
                f'UPDATE "{table}" SET id = {mapped.format(chr(34) + table + chr(34) + ".id")}'
            )
            for field in model._meta.fields.values():
                if hasattr(field, "rel_model") and field.rel_model is not None:
                    column = field.column_name
                    connection.execute(
                        f'UPDATE "{table}" SET "{column}" = COALESCE({mapped.format(chr(34) + column + chr(34))}, '
                        f'"{column}") WHERE "{column}" IS NOT NULL'
                    )
        markers = connection.execute(f'DELETE FROM "{PurgedRow._meta.table_name}"').rowcount
        identity = new_identity()
        _set(connection, ID_KEY, identity)
        for key in (EXPORTED_AS, FORMER_NAMES, INSTALLED_KEY):
            connection.execute("DELETE FROM setting WHERE key = ?", (key,))
        connection.execute("DELETE FROM temp.rekey_map")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return RekeyResult(identity, rows, max(markers, 0))


# ---------------------------------------------------------------- on the open database (window, CLI)


def _open_connection() -> sqlite3.Connection:
    return database.connection()  # type: ignore[no-any-return]


def open_rename_question(new_name: str) -> str | None:
    return rename_question(_open_connection(), new_name)


def open_confirm_rename() -> str:
    with database.atomic():
        return confirm_rename(_open_connection())


def open_rekey() -> RekeyResult:
    """Rekey the open database (peewee's connection: commits what it holds first)."""
    connection = _open_connection()
    if connection.in_transaction:
        connection.execute("COMMIT")
    return rekey_connection(connection)
