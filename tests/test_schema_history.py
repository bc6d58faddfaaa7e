"""Every released schema version upgrades to exactly the schema of a new file, and keeps every row.

tests/fixtures/schemas/vN-<commit>.db holds a file written by the program at that commit (its demo data, trimmed):
the last release of schema 1, both releases of schema 5 (the first without the Party days of step 3), both of
schema 6 (the first without the households of step 4) and schema 7. Schemas 2 to 4 were never a file's version:
steps were numbered by subject and shipped out of order. Add the file of each new schema version here.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from township_desk.db import SCHEMA_VERSION, close_database, open_database

FIXTURES = Path(__file__).parent / "fixtures"
OLD_FILES = sorted((FIXTURES / "schemas").glob("v*.db")) + [FIXTURES / "township_v1.db"]
MIGRATIONS = Path(__file__).parents[1] / "township_desk" / "migrations"


def schema(path: Path) -> dict[str, dict[str, object]]:
    """Tables with their columns (name, type, not null, default, primary key), indexes and triggers."""
    connection = sqlite3.connect(path)
    try:
        master = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        tables = {
            name: sorted(tuple(r[1:]) for r in connection.execute(f'PRAGMA table_info("{name}")'))
            for kind, name, _, _ in master
            if kind == "table"
        }
        indexes = {
            name: (
                table,
                [r[2] for r in connection.execute(f'PRAGMA index_xinfo("{name}")') if r[5]],
                " ".join(sql.split()),
            )
            for kind, name, table, sql in master
            if kind == "index" and sql
        }
        triggers = {name: " ".join(sql.split()) for kind, name, _, sql in master if kind == "trigger"}
    finally:
        connection.close()
    return {"tables": tables, "indexes": indexes, "triggers": triggers}


def row_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        names = [
            n
            for (n,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        connection.close()


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    path = tmp_path_factory.mktemp("fresh") / "fresh.db"
    open_database(path)
    close_database()
    return schema(path)


@pytest.mark.parametrize("old", OLD_FILES, ids=lambda p: p.name)
def test_old_file_upgrades_to_a_new_files_schema_without_losing_rows(old, tmp_path, fresh_schema):
    path = tmp_path / old.name
    shutil.copy(old, path)
    before = row_counts(path)
    assert sum(before.values()) > 100  # the file holds data worth keeping

    open_database(path)
    close_database()

    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    upgraded = schema(path)
    for part in ("tables", "indexes", "triggers"):
        assert upgraded[part] == fresh_schema[part], part
    after = row_counts(path)
    # No row lost; the only rows an upgrade adds are settings (schema 8 gives the file its township identity).
    assert {t: after[t] for t in before if t != "setting"} == {
        t: n for t, n in before.items() if t != "setting"
    }
    assert before.get("setting", 0) <= after.get("setting", 0) <= before.get("setting", 0) + 1


def test_upgraded_households_keep_their_counts_up_to_date(tmp_path):
    """Triggers from a step that a schema-6 file skipped are there after the upgrade, and they work."""
    path = tmp_path / "v6.db"
    shutil.copy(FIXTURES / "schemas" / "v6-6f678f3.db", path)
    open_database(path)
    try:
        from township_desk.models.households import Household, HouseholdVisit
        from township_desk.models.people import Person, Village

        village = Village.create(name="测试村", kind="行政村", sort_order=99)
        head = Person.create(name="王大山", initials="wds", pinyin="wangdashan", village=village)
        household = Household.create(head=head, village=village)
        assert Household.get_by_id(household.id).head_name == "王大山"
        HouseholdVisit.create(household=household, visited_on="2026-03-01", visitor=head)
        assert Household.get_by_id(household.id).visit_count == 1
    finally:
        close_database()


def test_steps_state_their_own_sql():
    """A released step must not read today's models: a changed model would never reach an existing file."""
    for step in sorted(MIGRATIONS.glob("v*.py")):
        text = step.read_text(encoding="utf-8")
        assert not re.search(r"township_desk\.models|all_models|create_triggers|create_tables\(", text), (
            step.name
        )
