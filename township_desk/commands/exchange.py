"""Command-line face of the county exchange and the backups: export-county, merge, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from township_desk.commands.registry import TopCommand, register_command
from township_desk.paths import default_database_path

EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE = 0, 1, 2


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
    from township_desk.db import KnownDatabaseError
    from township_desk.file_lock import FileInUseError, refuse_if_open_elsewhere
    from township_desk.services.merge import merge_files, open_county_database
    from township_desk.services.records import ValidationError

    try:  # the county file itself unusable (open elsewhere, a township's data, newer, foreign): exit 2
        refuse_if_open_elsewhere(args.into, "合并")
        open_county_database(args.into, args.name)
    except (KnownDatabaseError, ValidationError, FileInUseError) as exc:
        print(str(exc), file=sys.stderr, flush=True)
        return EXIT_UNUSABLE
    report = merge_files(args.into, args.files, log=_say)
    groups = report.review_groups()
    if groups:
        _say(f"身份证号相同、来自不同乡镇的人员 {len(groups)} 组，已列入待核对清单（均已保留，未覆盖）：")
        for number, items in groups.items():
            _say(f"  {number}：" + "、".join(f"{i.name}（{i.township}）" for i in items))
    changed = sum(f.rows_changed for f in report.merged)
    _say(f"合并完成：{len(report.merged)} 个文件，新增或更新 {changed} 条记录，写入 {args.into}。")
    if report.refused:
        print(
            f"有 {len(report.refused)} 个文件被拒绝（这些文件的数据一条也没有写入）：",
            file=sys.stderr,
            flush=True,
        )
        for outcome in report.refused:
            print(f"  {outcome.path}：{outcome.reason}", file=sys.stderr, flush=True)
        return EXIT_REFUSED
    return EXIT_OK


# ---------------------------------------------------------------- rekey


def _rekey_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rename", action="store_true", help="不换标识，只确认本乡镇改了名（县里的数据随之改名）"
    )


def _rekey(args: argparse.Namespace) -> int:
    from township_desk.services import township_identity

    if args.rename:
        old = township_identity.open_confirm_rename()
        from township_desk.services.settings import township_name

        if old and old != township_name():
            _say(
                f"已确认改名：“{old}” → “{township_name()}”。下次导出的文件将把县里“{old}”的数据改为新名称。"
            )
        else:
            _say(f"名称未变（{township_name()}），无需确认改名。")
        return EXIT_OK
    result = township_identity.open_rekey()
    _say(result.summary())
    return EXIT_OK


# ---------------------------------------------------------------- county-keys


def _keys_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
    issue = actions.add_parser("issue", help="（县级汇总数据库）为乡镇发放密钥文件；该乡镇原有的密钥作废")
    issue.add_argument("--township", required=True, help="乡镇名称（与乡镇数据库中的名称一致）")
    issue.add_argument(
        "--out", type=Path, required=True, help="密钥文件，如 漳江镇.key（交乡镇安装，妥善保管）"
    )
    install = actions.add_parser("install", help="（乡镇数据库）安装县里发放的密钥：此后导出的文件签名并加密")
    install.add_argument("file", type=Path, help="密钥文件")
    revoke = actions.add_parser("revoke", help="（县级汇总数据库）作废乡镇的密钥（密钥文件丢失时）")
    revoke.add_argument("--township", required=True)
    actions.add_parser("list", help="（县级汇总数据库）列出已发放的密钥")


def _keys(args: argparse.Namespace) -> int:
    from township_desk.services import county_keys
    from township_desk.services.county_trust import beijing

    if args.action == "issue":
        issued = county_keys.issue_key(args.township, args.out)
        _say(f"已为“{issued.township}”发放密钥（编号 {issued.key_id}）：{args.out}")
        _say(
            "请把密钥文件交给该乡镇，在乡镇运行 township-desk county-keys install 文件 安装；该乡镇原有的密钥已作废。"
        )
    elif args.action == "install":
        body = county_keys.install_key(args.file)
        _say(
            f"已安装“{body.get('county', '')}”发放给“{body['township']}”的密钥（编号 {body['key_id']}）："
            "此后导出的上报文件都签名并加密，只有县里能打开。"
        )
    elif args.action == "revoke":
        count = county_keys.revoke_keys(args.township)
        _say(f"已作废“{args.township}”的 {count} 个密钥；用这些密钥签名的文件将被拒收。可用 issue 重新发放。")
    else:
        keys = county_keys.issued_keys()
        if not keys:
            _say("还没有发放任何密钥；各乡镇的文件按未签名文件合并。")
        for key in keys:
            state = f"已作废（{beijing(key.revoked_at)}）" if key.revoked_at else "有效"
            _say(f"{key.township}　编号 {key.key_id}　发放于 {beijing(key.issued_at)}　{state}")
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
        return EXIT_OK if db_path.exists() else EXIT_UNUSABLE
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


register_command(
    "export-county",
    TopCommand("导出上报县委组织部的文件（一致的数据库副本和清单）", _export_arguments, _export),
)
register_command(
    "merge",
    TopCommand("把各乡镇的上报文件合并进县级汇总数据库", _merge_arguments, _merge, opens_database=False),
)
register_command(
    "rekey",
    TopCommand(
        "重新生成本库的乡镇标识和全部记录编号（从别的乡镇的文件复制来时用；--rename 只确认改名）",
        _rekey_arguments,
        _rekey,
    ),
)
register_command(
    "county-keys", TopCommand("签名和加密的上报文件：县里发放、乡镇安装、作废密钥", _keys_arguments, _keys)
)
register_command(
    "backup",
    TopCommand(
        "备份数据库（校验后保存；--list 列出已有备份）", _backup_arguments, _backup, opens_database=False
    ),
)
register_command(
    "restore",
    TopCommand("用备份文件恢复数据库（原文件另行保留）", _restore_arguments, _restore, opens_database=False),
)
