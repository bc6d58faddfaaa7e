"""Opening database files: pragmas, migrations, backups, and refusing what is not ours."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from township_desk.cli import main
from township_desk.db import (
    SCHEMA_VERSION,
    KnownDatabaseError,
    NewerVersionError,
    NotADatabaseError,
    backups_dir,
    close_database,
    database,
    open_database,
    translate_error,
)

FIXTURES = Path(__file__).parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_has_pragmas_and_current_version(db):
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_opening_twice_runs_no_migration_again(db_path):
    open_database(db_path)
    close_database()
    open_database(db_path)
    close_database()
    assert not backups_dir(db_path).exists()  # a fresh file needs no backup before its first steps


@pytest.mark.skipif(SCHEMA_VERSION == 1, reason="no step after the first yet")
def test_old_version_file_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "township_v1.db", path)
    original = digest(path)
    open_database(path)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        from township_desk.models.people import Person

        assert Person.live().count() > 100  # the data survived every step
    finally:
        close_database()
    backups = list(backups_dir(path).glob("*升级前-v1*.db"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == 1
    assert digest(backups[0]) != original or backups[0].stat().st_size > 0


def test_each_migration_step_is_idempotent(tmp_path):
    """Running every step again on a migrated file (a half-done upgrade) changes nothing and fails nothing."""
    from township_desk.db import MIGRATIONS

    path = tmp_path / "again.db"
    db = open_database(path)
    try:
        for migration in MIGRATIONS:
            with db.atomic():
                migration.apply(db)
    finally:
        close_database()


def test_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE x (a)")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(NewerVersionError, match="更新版本"):
        open_database(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.db"]


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04 not a database at all" * 10, "姓名,身份证号\n张三,1".encode()]
)
def test_foreign_file_is_refused_untouched(tmp_path, content):
    path = tmp_path / "foreign.db"
    path.write_bytes(content)
    with pytest.raises(NotADatabaseError, match="不是"):
        open_database(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foreign.db"]


def test_check_command_refuses_foreign_and_newer_files_untouched(tmp_path, capsys):
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"hello" * 100)
    assert main(["--db", str(foreign), "check"]) != 0
    assert foreign.read_bytes() == b"hello" * 100
    assert "不是" in capsys.readouterr().out


def test_check_command_passes_a_sound_file_without_changing_it(demo_db, capsys):
    close_database()
    before = digest(demo_db)
    assert main(["--db", str(demo_db), "check"]) == 0
    assert digest(demo_db) == before
    out = capsys.readouterr().out
    assert "完整性检查通过" in out and "人员" in out


def _raised(action) -> BaseException:
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the error itself is what is tested
        return exc
    raise AssertionError("no error")


def test_sqlite_errors_become_plain_chinese_by_their_code(tmp_path):
    path = tmp_path / "t.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0)
    busy = _raised(lambda: other.execute("INSERT INTO t VALUES (1)"))
    holder.execute("ROLLBACK")
    ro = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    readonly = _raised(lambda: ro.execute("INSERT INTO t VALUES (1)"))
    other.execute("PRAGMA max_page_count = 2")
    full = _raised(lambda: other.execute("INSERT INTO t VALUES (zeroblob(20000))"))
    (tmp_path / "x.db").write_bytes(b"not a database at all, just some text" * 100)
    notadb = _raised(lambda: sqlite3.connect(tmp_path / "x.db").execute("SELECT * FROM sqlite_master"))
    for connection in (holder, other, ro):
        connection.close()
    assert "写入" in str(translate_error(busy))
    assert "只读" in str(translate_error(readonly))
    assert "磁盘" in str(translate_error(full))
    assert isinstance(translate_error(notadb), KnownDatabaseError)
    assert translate_error(ValueError("a bug")) is None
    # the text alone decides nothing: an error without SQLite's code is not taken for a known one
    assert translate_error(sqlite3.OperationalError("database is locked")) is None


def test_readonly_file_gives_a_clear_message(demo_db):
    from township_desk.models.people import Person
    from township_desk.services.cadres import save_cadre

    close_database()
    uri = f"{demo_db.as_uri()}?mode=ro"
    ro = sqlite3.connect(uri, uri=True)
    ro.close()
    import peewee

    readonly = peewee.SqliteDatabase(f"file:{demo_db}?mode=ro", uri=True)
    database.initialize(readonly)
    try:
        with pytest.raises(peewee.OperationalError) as caught:
            save_cadre(None, {"name": "王五", "village": "新村", "post": "党组织委员"})
        assert "只读" in str(translate_error(caught.value))
        assert not Person.select().where(Person.name == "王五").exists()
    finally:
        readonly.close()
