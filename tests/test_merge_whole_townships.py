"""Merging whole demo townships (every subject's tables): the county holds exactly each township's rows,
each with its township, whatever the order of the files; a second merge of the same files changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from exchange_helpers import county, dump, export

from township_desk.models.base import all_models
from township_desk.services.merge import merge_files


def _tables() -> list[str]:
    return [m._meta.table_name for m in all_models()]


def _rows_with_origin(path: Path, township: str) -> dict[str, set[tuple[object, ...]]]:
    """Every row of a township database as the county should hold it: its township as origin_township."""
    connection = sqlite3.connect(path)
    try:
        out = {}
        for table in _tables():
            columns = [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')]
            listed = ", ".join("? AS origin" if c == "origin_township" else f'"{c}"' for c in columns)
            query = f'SELECT {listed} FROM "{table}"'
            out[table] = set(connection.execute(query, (township,) * listed.count("?")))
        return out
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo_townships(tmp_path_factory, demo_template):
    """The session's demo township, and a second township made from a copy of it with fresh identities."""
    from township_desk.cli import main

    folder = tmp_path_factory.mktemp("townships")
    first, second = folder / "a.db", folder / "b.db"
    shutil.copyfile(demo_template, first)
    shutil.copyfile(demo_template, second)
    assert main(["--db", str(second), "settings", "township", "--name", "桃花乡"]) == 0
    assert main(["--db", str(second), "rekey"]) == 0
    return [
        (first, "漳江镇", export(first, folder / "a.tdx")),
        (second, "桃花乡", export(second, folder / "b.tdx")),
    ]


def test_the_county_holds_every_row_of_every_table_with_its_township(demo_townships, tmp_path):
    expected: dict[str, set[tuple[object, ...]]] = {t: set() for t in _tables()}
    for path, township, _file in demo_townships:
        for table, rows in _rows_with_origin(path, township).items():
            expected[table] |= rows
    assert sum(len(rows) for rows in expected.values()) > 10_000  # every subject, not a handful of people

    forward, backward = county(tmp_path / "forward.db"), county(tmp_path / "backward.db")
    files = [file for _path, _township, file in demo_townships]
    report = merge_files(forward, files)
    assert [f.status for f in report.files] == ["merged", "merged"]
    assert sum(f.rows_changed for f in report.files) == sum(len(rows) for rows in expected.values())
    merge_files(backward, list(reversed(files)))

    merged = dump(forward, _tables())
    for table in _tables():
        assert set(merged[table]) == expected[table], table
    assert dump(backward, _tables()) == merged

    again = merge_files(forward, files)
    assert [f.status for f in again.files] == ["skipped", "skipped"]
    assert dump(forward, _tables()) == merged
