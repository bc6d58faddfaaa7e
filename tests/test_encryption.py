"""Encryption at rest (issue 23): a file encrypted with SQLCipher cannot be read by plain sqlite3, opens with a
password or the recovery key, refuses a wrong password in Chinese, keeps access after a password change
without re-encrypting, and its backups, restore and county export work on the encrypted file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from township_desk import cipher, session
from township_desk.cli import main
from township_desk.db import ACCESS, EncryptedFileError, close_database, open_database
from township_desk.models.people import Person
from township_desk.services import backups, encryption, users
from township_desk.services.records import ValidationError

PASSWORD = "正确的密码123"


@pytest.fixture(autouse=True)
def fresh_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts holding no key, signed out; argon2id made cheap (the parameters travel in the file)."""
    monkeypatch.setattr(encryption, "KDF", {**encryption.KDF, "memory_cost": 8192, "time_cost": 1})
    cipher.forget()
    session.sign_out()
    yield
    close_database()
    cipher.forget()
    session.sign_out()


def people_count() -> int:
    return Person.select().count()


def encrypted_demo(demo_db: Path) -> tuple[int, str]:
    """Encrypt the demo file (no users: the file's own password); returns its people count, recovery key."""
    count = people_count()
    close_database()
    done = encryption.encrypt_database(demo_db, PASSWORD)
    cipher.forget()  # a new start: the key is known only after a password
    return count, done.recovery_key


def test_an_encrypted_file_cannot_be_read_by_plain_sqlite_and_opens_with_the_password(demo_db):
    count, recovery = encrypted_demo(demo_db)
    assert not demo_db.read_bytes()[:16].startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(demo_db).execute("SELECT count(*) FROM person").fetchone()
    assert b"\xe6\xbc\xb3\xe6\xb1\x9f" not in demo_db.read_bytes()  # 漳江 nowhere in the bytes
    with pytest.raises(EncryptedFileError, match="已加密"):
        open_database(demo_db)
    encryption.unlock(demo_db, "", PASSWORD)
    open_database(demo_db)
    assert people_count() == count
    assert len(recovery.split("-")) == 13


def test_a_wrong_password_is_refused_in_chinese_and_nothing_opens(demo_db):
    encrypted_demo(demo_db)
    with pytest.raises(ValidationError, match="密码不正确"):
        encryption.unlock(demo_db, "", "wrong-password")
    with pytest.raises(EncryptedFileError):
        open_database(demo_db)


def test_the_recovery_key_opens_the_file_when_the_password_is_lost(demo_db):
    count, recovery = encrypted_demo(demo_db)
    with pytest.raises(ValidationError, match="恢复密钥"):
        encryption.unlock_with_recovery(demo_db, "AAAA-" * 12 + "AAAA")
    encryption.unlock_with_recovery(demo_db, recovery.lower().replace("-", " "))
    open_database(demo_db)
    assert people_count() == count


def test_users_passwords_open_the_file_and_change_without_re_encrypting(demo_db):
    count, _ = encrypted_demo(demo_db)
    encryption.unlock(demo_db, "", PASSWORD)
    open_database(demo_db)
    users.add_user("老王", users.ADMIN, "laowang-1")
    users.authenticate("老王", "laowang-1")
    users.add_user("小李", users.CLERK, "xiaoli-1")
    assert encryption.wraps_of(demo_db) == ["小李", "老王"]  # the file's own password no longer opens it
    close_database()
    before = demo_db.read_bytes()

    cipher.forget()
    with pytest.raises(ValidationError, match="请指定用户名"):
        encryption.unlock(demo_db, "", PASSWORD)
    encryption.unlock(demo_db, "小李", "xiaoli-1")
    open_database(demo_db)
    users.authenticate("小李", "xiaoli-1")
    users.set_password("小李", "xiaoli-2")
    close_database()
    assert demo_db.read_bytes()[:4096] == before[:4096]  # the same key: the pages were not re-encrypted

    cipher.forget()
    with pytest.raises(ValidationError, match="密码不正确"):
        encryption.unlock(demo_db, "小李", "xiaoli-1")
    encryption.unlock(demo_db, "小李", "xiaoli-2")
    open_database(demo_db)
    assert people_count() == count


def test_backups_of_an_encrypted_file_are_encrypted_and_restore(demo_db):
    count, _ = encrypted_demo(demo_db)
    assert backups.list_backups(demo_db), "a verified backup was made before encrypting"
    for info in backups.list_backups(demo_db):  # the backup taken before is encrypted as well
        assert not info.path.read_bytes()[:16].startswith(b"SQLite format 3")
        assert cipher.keys_path(info.path).exists()
    encryption.unlock(demo_db, "", PASSWORD)
    open_database(demo_db)
    person = Person.select().order_by(Person.id).first()
    Person.update(name="改过的名字").where(Person.id == person.id).execute()
    close_database()
    info = backups.make_backup(demo_db, "手动")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(info.path).execute("SELECT 1 FROM sqlite_master").fetchone()
    first = backups.list_backups(demo_db)[-1]  # the one before encrypting, with every person
    backups.restore_backup(demo_db, first.path)
    cipher.forget()
    encryption.unlock(demo_db, "", PASSWORD)
    open_database(demo_db)
    assert people_count() == count
    assert Person.get_by_id(person.id).name == person.name


def test_the_county_export_reads_the_encrypted_file_and_writes_the_county_file(demo_db, tmp_path):
    from township_desk.services.exchange import export_for_county, read_manifest

    count, _ = encrypted_demo(demo_db)
    encryption.unlock(demo_db, "", PASSWORD)
    open_database(demo_db)
    result = export_for_county(demo_db, tmp_path / "乡镇.tdx")
    close_database()
    assert result.path.read_bytes()[:16] == b"SQLite format 3\x00"  # the county reads it without our key
    manifest = read_manifest(result.path)
    assert manifest["township"] == "漳江镇"
    assert manifest["tables"]["person"]["rows"] == count


def test_decrypt_turns_the_file_and_its_backups_back_into_plain_sqlite(demo_db):
    count, _ = encrypted_demo(demo_db)
    encryption.unlock(demo_db, "", PASSWORD)
    encryption.decrypt_database(demo_db)
    assert demo_db.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not cipher.keys_path(demo_db).exists()
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM person").fetchone()[0] == count
    for info in backups.list_backups(demo_db):
        assert info.path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_encrypt_refuses_a_file_open_in_another_window_and_leaves_it_plain(demo_db, monkeypatch):
    from township_desk.file_lock import FileInUseError

    close_database()

    def refuse(path, action):
        raise FileInUseError("该文件已在另一窗口中打开")

    monkeypatch.setattr("township_desk.file_lock.refuse_if_open_elsewhere", refuse)
    with pytest.raises(FileInUseError):
        encryption.encrypt_database(demo_db, PASSWORD)
    assert demo_db.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not cipher.keys_path(demo_db).exists()
    assert not list(demo_db.parent.glob(".*converting*"))


def test_command_line_encrypt_check_and_wrong_password(demo_db, monkeypatch, capsys):
    close_database()
    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", PASSWORD)
    assert (
        main(["--db", str(demo_db), "encrypt", "--recovery-pdf", str(demo_db.parent / "恢复密钥.pdf")]) == 0
    )
    out = capsys.readouterr().out
    assert "已加密" in out and "恢复密钥" in out
    assert (demo_db.parent / "恢复密钥.pdf").exists()
    cipher.forget()
    assert main(["--db", str(demo_db), "check"]) == 0
    cipher.forget()
    monkeypatch.setenv("TOWNSHIP_DESK_PASSWORD", "wrong-password")
    assert main(["--db", str(demo_db), "check"]) == 2
    assert "密码不正确" in capsys.readouterr().err
    assert ACCESS.path is None


def test_salvage_and_check_of_an_encrypted_file_keep_it_encrypted(demo_db, tmp_path):
    from township_desk.services.check import check_database
    from township_desk.services.salvage import salvage

    count, _ = encrypted_demo(demo_db)
    encryption.unlock(demo_db, "", PASSWORD)
    assert check_database(demo_db).ok
    out = tmp_path / "抢救.db"
    report = salvage(demo_db, out)
    assert report.complete
    assert not out.read_bytes()[:16].startswith(b"SQLite format 3")  # nothing rescued lies about in plain
    cipher.forget()
    encryption.unlock(out, "", PASSWORD)  # the same password opens the rescued file
    open_database(out)
    assert people_count() == count


def test_a_merge_into_an_encrypted_county_database(demo_db, tmp_path):
    from township_desk.services.exchange import export_for_county
    from township_desk.services.merge import merge_files, open_county_database

    close_database()
    township_file = export_for_county(demo_db, tmp_path / "乡镇.tdx").path
    county = tmp_path / "县.db"
    open_county_database(county, "桃源县县级汇总")
    close_database()
    encryption.encrypt_database(county, PASSWORD)
    report = merge_files(county, [township_file])
    assert any(outcome.status == "merged" for outcome in report.files)
    assert not county.read_bytes()[:16].startswith(b"SQLite format 3")
    open_database(county)
    assert people_count() > 0
