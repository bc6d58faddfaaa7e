"""Signed and sealed county files: issue, install, sign and seal, verify; a changed byte, another township's
key, a revoked key and an unsigned file to a keyed county are refused; without keys merging works as before."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from exchange_helpers import county, export, id_number, make_township

from township_desk.cli import main
from township_desk.services.merge import merge_files


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def keyed(tmp_path, capsys):
    """A county that issued keys to 漳江镇 and 桃花乡; 漳江镇 installed its key."""
    target = county(tmp_path / "county.db")
    a = make_township(tmp_path / "a.db", "漳江镇", [("张三", id_number(1)), ("李四", id_number(2))])
    b = make_township(tmp_path / "b.db", "桃花乡", [("王五", id_number(3))])
    for name in ("漳江镇", "桃花乡"):
        assert (
            main(
                [
                    "--db",
                    str(target),
                    "county-keys",
                    "issue",
                    "--township",
                    name,
                    "--out",
                    str(tmp_path / f"{name}.key"),
                ]
            )
            == 0
        )
    assert main(["--db", str(a), "county-keys", "install", str(tmp_path / "漳江镇.key")]) == 0
    capsys.readouterr()
    return target, a, b


def test_a_signed_file_is_sealed_and_merges(keyed, tmp_path):
    target, a, _b = keyed
    package = export(a, tmp_path / "a.tdx")
    raw = package.read_bytes()
    assert id_number(1).encode() not in raw and "张三".encode() not in raw  # a lost stick leaks nothing
    assert b"signing_key" not in raw
    report = merge_files(target, [package])
    outcome = report.files[0]
    assert outcome.status == "merged", outcome.reason
    assert outcome.signature == "已签名" and "已签名" in outcome.line()
    import sqlite3

    assert sqlite3.connect(target).execute(
        "SELECT count(*), min(signature) FROM person, merge_log WHERE origin_township = '漳江镇'"
    ).fetchone() == (2, "已签名")


def test_one_changed_byte_anywhere_is_refused(keyed, tmp_path):
    target, a, _b = keyed
    package = export(a, tmp_path / "a.tdx")
    raw = package.read_bytes()
    before = digest(target)
    for position in (100, len(raw) // 2, len(raw) - 300):  # ciphertext, middle, manifest
        tampered = bytearray(raw)
        tampered[position] ^= 0x01
        bad = tmp_path / f"bad{position}.tdx"
        bad.write_bytes(bytes(tampered))
        outcome = merge_files(target, [bad]).files[0]
        assert outcome.status == "refused", position
        assert any(word in outcome.reason for word in ("改动", "损坏")), outcome.reason
    assert digest(target) == before


def test_another_townships_key_and_unsigned_files_of_a_keyed_township_are_refused(keyed, tmp_path, capsys):
    target, a, b = keyed
    # 桃花乡 installs 漳江镇's key: refused at install (the key names its township)
    assert main(["--db", str(b), "county-keys", "install", str(tmp_path / "漳江镇.key")]) != 0
    assert "漳江镇" in capsys.readouterr().err
    # a file of 桃花乡 signed with 漳江镇's key (installed by hand) is refused at the county
    import sqlite3

    key = (tmp_path / "漳江镇.key").read_text(encoding="utf-8")
    connection = sqlite3.connect(b)
    connection.execute(
        "INSERT OR REPLACE INTO setting VALUES ('county_key', ?)", (key.replace("漳江镇", "桃花乡"),)
    )
    connection.commit()
    connection.close()
    wrong = export(b, tmp_path / "wrong.tdx")
    outcome = merge_files(target, [wrong]).files[0]
    assert outcome.status == "refused" and "签名" in outcome.reason
    # unsigned file of a township that was issued a key
    sqlite3.connect(b).execute("DELETE FROM setting WHERE key = 'county_key'").connection.commit()
    unsigned = export(b, tmp_path / "unsigned.tdx")
    outcome = merge_files(target, [unsigned]).files[0]
    assert outcome.status == "refused" and "未签名" in outcome.reason


def test_revoked_key_refused_reissued_key_works(keyed, tmp_path, capsys):
    target, a, _b = keyed
    assert main(["--db", str(target), "county-keys", "revoke", "--township", "漳江镇"]) == 0
    outcome = merge_files(target, [export(a, tmp_path / "old-key.tdx")]).files[0]
    assert outcome.status == "refused" and "作废" in outcome.reason
    assert (
        main(
            [
                "--db",
                str(target),
                "county-keys",
                "issue",
                "--township",
                "漳江镇",
                "--out",
                str(tmp_path / "new.key"),
            ]
        )
        == 0
    )
    assert main(["--db", str(a), "county-keys", "install", str(tmp_path / "new.key")]) == 0
    assert merge_files(target, [export(a, tmp_path / "new-key.tdx")]).files[0].status == "merged"
    assert main(["--db", str(target), "county-keys", "list"]) == 0
    listed = capsys.readouterr().out
    assert "已作废" in listed and "有效" in listed


def test_without_keys_files_merge_unsigned(tmp_path):
    target = county(tmp_path / "county.db")
    c = make_township(tmp_path / "c.db", "石门乡", [("赵六", id_number(30))])
    outcome = merge_files(target, [export(c, tmp_path / "c.tdx")]).files[0]
    assert outcome.status == "merged" and outcome.signature == "未签名" and "未签名" in outcome.line()
