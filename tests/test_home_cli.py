"""The home page's commands: settings township, villages, todo; and printing refused without a name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from township_desk.cli import main
from township_desk.db import close_database


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_settings_and_villages_from_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "新乡镇.db")
    code, out, err = run(capsys, "--db", db, "print", "roster", "--out", str(tmp_path / "r.pdf"))
    assert code == 2 and "找不到数据库文件" in err and not Path(db).exists()  # printing creates no database
    code, out, _ = run(capsys, "--db", db, "settings", "township")
    assert code == 0 and "乡镇(街道)名称：（未填写）" in out
    code, out, err = run(capsys, "--db", db, "print", "roster", "--out", str(tmp_path / "r.pdf"))
    assert code == 2 and "乡镇(街道)名称" in err and not (tmp_path / "r.pdf").exists()  # no name, no paper
    code, _, err = run(capsys, "--db", db, "settings", "township", "--name", "漳江镇", "--code", "43-07")
    assert code == 2 and "数字" in err
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "settings",
        "township",
        "--name",
        "漳江镇",
        "--code",
        "430725100",
        "--contact",
        "李明",
    )
    assert code == 0 and "乡镇(街道)名称：漳江镇" in out and "联系人：李明" in out

    assert (
        run(capsys, "--db", db, "villages", "list")[1].strip()
        == "还没有村(社区)。用 villages add 名称 添加。"
    )
    for name in ("岗湖村", "岗胡村"):
        assert run(capsys, "--db", db, "villages", "add", name)[0] == 0
    code, out, _ = run(capsys, "--db", db, "villages", "add", "城南", "--community")
    assert code == 0 and "城南（社区）" in out
    code, _, err = run(capsys, "--db", db, "villages", "add", "岗湖村")
    assert code == 2 and "已有“岗湖村”" in err
    code, out, _ = run(capsys, "--db", db, "villages", "merge", "岗胡村", "岗湖村")
    assert code == 0 and "已把“岗胡村”并入“岗湖村”" in out and "岗胡村（已撤并，并入岗湖村）" in out
    code, _, err = run(capsys, "--db", db, "villages", "merge", "无此村", "岗湖村")
    assert code == 2 and "没有名为“无此村”" in err
    code, out, _ = run(capsys, "--db", db, "villages", "rename", "城南", "城北社区")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "villages", "order", "城北社区")
    assert code == 0 and out.splitlines()[1:3] == ["  1. 城北社区", "  2. 岗湖村"]
    close_database()
    rows = (
        sqlite3.connect(db).execute("SELECT name, kind, status FROM village ORDER BY sort_order").fetchall()
    )
    assert ("岗胡村", "村", "撤并") in rows and ("城北社区", "社区", "") in rows


def test_todo_prints_the_list_with_exit_0(demo_template, tmp_path, capsys, today):
    import shutil

    db = tmp_path / "demo.db"
    shutil.copyfile(demo_template, db)
    code, out, _ = run(capsys, "--db", str(db), "todo")
    assert code == 0
    assert out.splitlines()[0] == "今日待办："
    assert "次谈话待进行" in out and "下次向县委组织部报送上报文件" in out and "还没有备份" in out


def test_todo_on_a_new_file_shows_the_checklist(tmp_path, capsys, today):
    code, out, _ = run(capsys, "--db", str(tmp_path / "空.db"), "todo")
    assert code == 0 and out.startswith("尚未完成初始设置：") and "[ ] 填写本乡镇信息" in out
