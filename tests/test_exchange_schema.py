"""Schema step 6 (origin township on every table, exchange bookkeeping) on files of the previous version."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from township_desk.db import SCHEMA_VERSION, close_database, open_database
from township_desk.models.base import all_models

TABLES_OF_STEP_6 = ("purged_row", "merge_log", "id_number_review")
FIXTURES = Path(__file__).parent / "fixtures" / "schemas"


def tables_of_version_5() -> list[str]:
    """The tables a file written by version 5 has (from the saved schema-5 file)."""
    connection = sqlite3.connect(sorted(FIXTURES.glob("v5-*.db"))[0])
    try:
        return [
            n
            for (n,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
    finally:
        connection.close()


def as_version_5(path, *, half_done: bool = False) -> None:
    """Turn a current file into what version 5 wrote: no origin column, no exchange tables, none of the
    tables later steps add.

    half_done keeps the column on the first tables, as an upgrade interrupted midway would.
    """
    connection = sqlite3.connect(path)
    old = set(tables_of_version_5())
    tables = [m._meta.table_name for m in all_models() if m._meta.table_name in old]
    for index, table in enumerate(tables):
        if half_done and index < 2:
            continue
        connection.execute(f'DROP INDEX IF EXISTS "{table}_origin_township"')
        connection.execute(f'ALTER TABLE "{table}" DROP COLUMN origin_township')
    connection.execute("PRAGMA foreign_keys = OFF")
    for table in [m._meta.table_name for m in all_models() if m._meta.table_name not in old]:
        connection.execute(f'DROP TABLE IF EXISTS "{table}"')
    for table in TABLES_OF_STEP_6:
        connection.execute(f'DROP TABLE IF EXISTS "{table}"')
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    connection.close()


@pytest.mark.skipif(
    SCHEMA_VERSION < 6 or sqlite3.sqlite_version_info < (3, 35),
    reason="step 6 not present, or no DROP COLUMN",
)
@pytest.mark.parametrize("half_done", [False, True])
def test_a_version_5_file_opens_keeps_its_data_and_gains_the_origin_column(
    demo_template, tmp_path, half_done
):
    path = tmp_path / "v5.db"
    shutil.copyfile(demo_template, path)
    old = set(tables_of_version_5())
    before = {
        t: sqlite3.connect(path).execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in (m._meta.table_name for m in all_models())
        if t in old
    }
    as_version_5(path, half_done=half_done)
    open_database(path)
    close_database()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    for table, count in before.items():
        assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count
        assert "origin_township" in [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')]
        indexes = [r[1] for r in connection.execute(f'PRAGMA index_list("{table}")')]
        assert f"{table}_origin_township" in indexes
    for table in TABLES_OF_STEP_6:
        connection.execute(f'SELECT count(*) FROM "{table}"')
    connection.close()
    assert list((tmp_path / "v5-备份").glob("v5-升级前-v5-*.db"))
