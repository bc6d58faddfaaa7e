"""Small township files for the exchange, merge and backup tests: made quickly, dumped for comparison."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from township_desk.db import close_database, open_database
from township_desk.services.id_numbers import make_id_number


def id_number(n: int, male: bool = True) -> str:
    return make_id_number("430725", dt.date(1960, 1, 1) + dt.timedelta(days=97 * n), n % 100, male)


def identity(township: str) -> str:
    """A township identity fixed by its name (for files made from one template)."""
    import hashlib

    return hashlib.md5(township.encode("utf-8")).hexdigest()


def make_township(
    path: Path,
    name: str,
    people: Iterable[tuple[str, str]] = (),
    code: str = "",
    villages: Iterable[str] = ("桃花村",),
) -> Path:
    """A township database with villages and (name, ID number) people in its first village."""
    from township_desk.models.people import Person, Village
    from township_desk.services.settings import set_setting

    open_database(path)
    try:
        set_setting("township", name)
        set_setting("township_code", code)
        made = [Village.create(name=v, sort_order=i) for i, v in enumerate(villages)]
        for person_name, number in people:
            Person.create(name=person_name, id_number=number, village=made[0] if made else None)
    finally:
        close_database()
    return path


def export(db_path: Path, out: Path) -> Path:
    from township_desk.services.exchange import export_for_county

    return export_for_county(db_path, out).path


def county(path: Path, name: str = "桃源县县级汇总") -> Path:
    from township_desk.services.merge import open_county_database

    open_county_database(path, name)
    return path


def dump(path: Path, tables: Iterable[str] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the data tables (or the given ones), sorted, for before/after comparisons."""
    from township_desk.models.base import all_models

    names = list(tables) if tables is not None else [m._meta.table_name for m in all_models()]
    connection = sqlite3.connect(path)
    try:
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in names}
    finally:
        connection.close()


def write_package(target: Path, manifest: dict[str, Any], database: bytes) -> Path:
    """A county file in the current format: the database, then the manifest, then the footer."""
    from township_desk.services.exchange import FOOTER, FOOTER_MAGIC

    data = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    target.write_bytes(database + data + FOOTER.pack(FOOTER_MAGIC, len(database), len(data)))
    return target


def read_package(path: Path) -> tuple[dict[str, Any], bytes]:
    """(manifest, database bytes) of a county file, read without the program's own reader."""
    from township_desk.services.exchange import FOOTER, FOOTER_MAGIC

    raw = path.read_bytes()
    magic, db_size, manifest_size = FOOTER.unpack(raw[-FOOTER.size :])
    assert magic == FOOTER_MAGIC
    return json.loads(raw[db_size : db_size + manifest_size]), raw[:db_size]


def rewrite_package(
    source: Path, target: Path, *, manifest: dict[str, Any] | None = None, database: bytes | None = None
) -> Path:
    """A copy of a county file with its manifest and/or database replaced (to make damaged or foreign files)."""
    old_manifest, old_db = read_package(source)
    return write_package(
        target,
        manifest if manifest is not None else old_manifest,
        database if database is not None else old_db,
    )


def copy_file(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target
