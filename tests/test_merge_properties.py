"""Properties of merging (hypothesis): order does not matter, twice is a no-op, the newest version wins,
and a deletion wins over every older edit."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from exchange_helpers import county, dump, identity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from township_desk.db import close_database, open_database
from township_desk.services.exchange import export_for_county
from township_desk.services.merge import merge_files

# Two townships, each with its own row keys (UUIDs never cross townships).
KEYS = {"漳江镇": ["a" * 32, "b" * 32], "桃花乡": ["c" * 32, "d" * 32]}

# One version of a row: (minute of its last edit, deleted?). Its content follows from that, as in real life
# a row's content is fixed by its key and the moment it was last saved.
version = st.tuples(st.integers(0, 4), st.booleans())
# One exported file: a township and the versions of some of its rows.
township_file = st.sampled_from(sorted(KEYS)).flatmap(
    lambda town: st.tuples(st.just(town), st.dictionaries(st.sampled_from(KEYS[town]), version, min_size=1))
)
files = st.lists(township_file, min_size=1, max_size=4)

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """An empty township file and an empty county file at the current schema, copied for every example."""
    folder = tmp_path_factory.mktemp("templates")
    township = folder / "township.db"
    open_database(township)
    close_database()
    return township, county(folder / "county.db")


def stamp(minute: int) -> str:
    return f"2024-06-01 10:0{minute}:00"


def content(key: str, minute: int, deleted: bool) -> tuple[str, str | None]:
    return f"{key[:1]}{minute}{'删' if deleted else ''}", stamp(minute) if deleted else None


def make_file(
    template: Path, folder: Path, index: int, town: str, rows: dict[str, tuple[int, bool]], unit: str = ""
) -> Path:
    path = folder / f"{index}.db"
    shutil.copyfile(template, path)
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO setting (key, value) VALUES ('township', ?), ('unit', ?)", (town, unit))
    # each township its own identity (the template's would make them copies of one another)
    connection.execute(
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('township_id', ?)", (identity(town),)
    )
    for key, (minute, deleted) in rows.items():
        name, deleted_at = content(key, minute, deleted)
        connection.execute(
            "INSERT INTO village (id, created_at, updated_at, deleted_at, name, kind, sort_order) "
            "VALUES (?, ?, ?, ?, ?, '村', 0)",
            (key, stamp(0), stamp(minute), deleted_at, name),
        )
    connection.commit()
    connection.close()
    return export_for_county(path, folder / f"{index}.tdx").path


def merged(county_template: Path, folder: Path, name: str, packages: list[Path], one_run: bool) -> Path:
    target = folder / name
    shutil.copyfile(county_template, target)
    if one_run:
        merge_files(target, packages)
    else:
        for package in packages:
            merge_files(target, [package])
    return target


def villages(path: Path) -> list[tuple[object, ...]]:
    return dump(path, ["village"])["village"]


def expected(
    generated: list[tuple[str, dict[str, tuple[int, bool]]]],
) -> dict[str, tuple[str, object, object]]:
    """Per key: the version with the latest edit (on a tie, the deletion), as (township, name, deleted_at)."""
    best: dict[str, tuple[tuple[int, bool], str]] = {}
    for town, rows in generated:
        for key, ver in rows.items():
            if key not in best or ver > best[key][0]:
                best[key] = (ver, town)
    return {key: (town, *content(key, *ver)) for key, (ver, town) in best.items()}


@SETTINGS
@given(generated=files, data=st.data())
def test_any_order_gives_the_newest_version_of_every_row(templates, generated, data):
    township_template, county_template = templates
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        packages = [
            make_file(township_template, folder, i, town, rows) for i, (town, rows) in enumerate(generated)
        ]
        shuffled = data.draw(st.permutations(packages))
        first = merged(county_template, folder, "one.db", packages, one_run=True)
        second = merged(county_template, folder, "two.db", list(shuffled), one_run=False)
        assert villages(first) == villages(second)
        rows = {
            r[0]: r
            for r in sqlite3.connect(first).execute(
                "SELECT id, origin_township, name, deleted_at FROM village"
            )
        }
        assert {key: row[1:] for key, row in rows.items()} == expected(generated)


@SETTINGS
@given(generated=files)
def test_merging_again_changes_nothing(templates, generated):
    township_template, county_template = templates
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        packages = [
            make_file(township_template, folder, i, town, rows) for i, (town, rows) in enumerate(generated)
        ]
        target = merged(county_template, folder, "county.db", packages, one_run=True)
        before = dump(target, ["village", "merge_log", "id_number_review"])
        merge_files(target, packages)  # the same files again: recognised and skipped
        assert dump(target, ["village", "merge_log", "id_number_review"]) == before
        # files with the same rows but a different checksum (a setting changed) are merged again: no row changes
        again = [
            make_file(township_template, folder, 100 + i, town, rows, unit="新单位")
            for i, (town, rows) in enumerate(generated)
        ]
        report = merge_files(target, again)
        assert "merged" in {
            f.status for f in report.files
        }  # (identical files in one run: the second is skipped)
        assert sum(f.rows_changed for f in report.files) == 0
        assert villages(target) == before["village"]


@SETTINGS
@given(
    edits=st.lists(st.integers(0, 3), min_size=1, max_size=3), deleted_at=st.integers(1, 4), data=st.data()
)
def test_a_deletion_wins_over_every_older_edit(templates, edits, deleted_at, data):
    township_template, county_template = templates
    key = KEYS["漳江镇"][0]
    older = [m for m in edits if m < deleted_at]
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        files_ = [
            make_file(township_template, folder, i, "漳江镇", {key: (m, False)}) for i, m in enumerate(older)
        ]
        files_.append(make_file(township_template, folder, 99, "漳江镇", {key: (deleted_at, True)}))
        for order in itertools.islice(itertools.permutations(files_), 3):
            target = merged(county_template, folder, "c.db", list(order), one_run=data.draw(st.booleans()))
            deleted = (
                sqlite3.connect(target)
                .execute("SELECT deleted_at FROM village WHERE id = ?", (key,))
                .fetchone()
            )
            assert deleted == (stamp(deleted_at),)
            target.unlink()
