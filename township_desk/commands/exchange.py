"""Command-line face of the county exchange and the backups: export-county, merge, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from township_desk.commands.registry import TopCommand, register_command
from township_desk.paths import default_database_path

EXIT_OK, EXIT_REFUSED, EXIT_UNREADABLE = 0, 1, 2


def _say(text: str) -> None:
    print(text, flush=True)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db or default_database_path())


# ---------------------------------------------------------------- export-county

def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="上报文件（.tdx），交县委组织部合并")


def _export(args: argparse.Namespace) -> int:
    from township_desk.services.exchange import export_for_county

    result = export_for_county(_db_path(args), args.out)
    _say(result.summary())
    _say(f"文件：{result.path}")
    _say(f"SHA-256：{result.sha256}")
    return EXIT_OK


# ---------------------------------------------------------------- merge

def _merge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--into", type=Path, required=True, help="县级汇总数据库（不存在时新建）")
    parser.add_argument("--name", default="县级汇总", help="新建县级汇总数据库时的名称")
    parser.add_argument("files", type=Path, nargs="+", help="各乡镇的上报文件（.tdx，或旧版的 .zip）")


def _merge(args: argparse.Namespace) -> int:
    from township_desk.file_lock import refuse_if_open_elsewhere
    from township_desk.services.merge import merge_files, open_county_database

    refuse_if_open_elsewhere(args.into, "合并")  # the county file open in a window: refused, untouched
    open_county_database(args.into, args.name)
    report = merge_files(args.into, args.files, log=_say)
    groups = report.review_groups()
    if groups:
        _say(f"身份证号相同、来自不同乡镇的人员 {len(groups)} 组，已列入待核对清单（均已保留，未覆盖）：")
        for number, items in groups.items():
            _say(f"  {number}：" + "、".join(f"{i.name}（{i.township}）" for i in items))
    changed = sum(f.rows_changed for f in report.merged)
    _say(f"合并完成：{len(report.merged)} 个文件，新增或更新 {changed} 条记录，写入 {args.into}。")
    if report.refused:
        print(f"有 {len(report.refused)} 个文件被拒绝（这些文件的数据一条也没有写入）：", file=sys.stderr, flush=True)
        for outcome in report.refused:
            print(f"  {outcome.path}：{outcome.reason}", file=sys.stderr, flush=True)
        return EXIT_REFUSED
    return EXIT_OK


# ---------------------------------------------------------------- backup and restore

def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help="备份到这个文件（默认：数据库旁的“<名称>-备份”文件夹）")
    parser.add_argument("--list", action="store_true", help="只列出已有的备份")


def _backup(args: argparse.Namespace) -> int:
    from township_desk.db import KnownDatabaseError
    from township_desk.services import backups

    db_path = _db_path(args)
    if args.list:
        found = backups.list_backups(db_path)
        if not db_path.exists():  # nothing is created; backups of a lost file are still listed
            print(f"找不到数据库文件：{db_path}", file=sys.stderr, flush=True)
        if not found:
            _say(f"还没有备份（{backups.folder(db_path)}）。")
        for info in found:
            try:
                counts = backups.counts_text(backups.backup_counts(info.path))
            except Exception:  # noqa: BLE001 - an unreadable backup is listed as such
                counts = "（无法读取）"
            _say(f"{info.label()}　{counts}　{info.path}")
        return EXIT_OK if db_path.exists() else EXIT_UNREADABLE
    if not db_path.exists():
        raise KnownDatabaseError(f"数据库文件不存在：{db_path}")
    if args.out:
        out = backups.backup_to(db_path, args.out)
    else:
        out = backups.make_backup(db_path, "手动").path
    _say(f"已备份并校验（quick_check 通过）：{out}")
    _say("内容：" + backups.counts_text(backups.backup_counts(out), limit=20))
    return EXIT_OK


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="要恢复的备份文件")


def _restore(args: argparse.Namespace) -> int:
    from township_desk.services import backups

    db_path = _db_path(args)
    aside = backups.restore_backup(db_path, args.file)
    _say(f"已用备份“{args.file.name}”恢复 {db_path}。")
    if aside is not None:
        _say(f"恢复前的数据库已保留为：{aside}")
    _say("内容：" + backups.counts_text(backups.backup_counts(db_path), limit=20))
    return EXIT_OK


register_command("export-county", TopCommand("导出上报县委组织部的文件（一致的数据库副本和清单）",
                                             _export_arguments, _export))
register_command("merge", TopCommand("把各乡镇的上报文件合并进县级汇总数据库", _merge_arguments, _merge,
                                     opens_database=False))
register_command("backup", TopCommand("备份数据库（校验后保存；--list 列出已有备份）", _backup_arguments, _backup,
                                      opens_database=False))
register_command("restore", TopCommand("用备份文件恢复数据库（原文件另行保留）", _restore_arguments, _restore,
                                       opens_database=False))
