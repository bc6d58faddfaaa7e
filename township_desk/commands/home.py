"""Command-line face of the home page: settings township, villages, todo."""

from __future__ import annotations

import argparse
from pathlib import Path

from township_desk.commands.registry import TopCommand, register_command
from township_desk.paths import default_database_path

EXIT_OK = 0


def _say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- settings township


def _settings_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="what", metavar="设置", required=True)
    township = what.add_parser("township", help="本乡镇信息（不带参数时显示）")
    township.add_argument("--name", help="乡镇(街道)名称，如 漳江镇")
    township.add_argument("--code", help="乡镇代码（统计用区划代码前 9 位）")
    township.add_argument("--committee", help="党委名称，如 中共漳江镇委员会")
    township.add_argument("--unit", help="填报单位（打印在表格上）")
    township.add_argument("--contact", help="联系人")
    township.add_argument("--phone", help="联系电话")


def _settings(args: argparse.Namespace) -> int:
    from township_desk.services.home import township

    given = {
        "township": args.name,
        "township_code": args.code,
        "party_committee": args.committee,
        "unit": args.unit,
        "contact": args.contact,
        "contact_phone": args.phone,
    }
    given = {key: value for key, value in given.items() if value is not None}
    if given:
        township.save_info(given)
        _say("已保存本乡镇信息。")
    info = township.load_info()
    for field in township.FIELDS:
        _say(f"{field.label}：{info[field.key] or '（未填写）'}")
    return EXIT_OK


# ---------------------------------------------------------------- villages


def _villages_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="action", metavar="操作", required=True)
    what.add_parser("list", help="列出村(社区)，含已撤并的")
    add = what.add_parser("add", help="添加村(社区)")
    add.add_argument("name")
    add.add_argument("--community", action="store_true", help="是社区（默认按名称判断）")
    rename = what.add_parser("rename", help="改名")
    rename.add_argument("old")
    rename.add_argument("new")
    merge = what.add_parser("merge", help="把 FROM 并入 INTO：全部记录转到 INTO，FROM 标为撤并")
    merge.add_argument("source", metavar="FROM")
    merge.add_argument("target", metavar="INTO")
    order = what.add_parser("order", help="排序：按给出的顺序排在前面，其余在后")
    order.add_argument("names", nargs="+", metavar="NAME")


def _villages(args: argparse.Namespace) -> int:
    from township_desk.services.home import villages

    if args.action == "add":
        villages.add_village(args.name, True if args.community else None)
        _say(f"已添加“{args.name.strip()}”。")
    elif args.action == "rename":
        villages.rename_village(args.old, args.new)
        _say(f"已把“{args.old.strip()}”改名为“{args.new.strip()}”。")
    elif args.action == "merge":
        _say(villages.merge_villages(args.source, args.target).text())
    elif args.action == "order":
        villages.order_villages(args.names)
        _say("已调整顺序。")
    found = villages.list_villages()
    if not found:
        _say("还没有村(社区)。用 villages add 名称 添加。")
    for position, village in enumerate(found, start=1):
        _say(f"{position:>3}. {village.label()}")
    return EXIT_OK


# ---------------------------------------------------------------- todo


def _todo(args: argparse.Namespace) -> int:
    from township_desk.services.home.setup import needs_setup, setup_steps
    from township_desk.services.home.todo import todo_items, todo_lines

    db_path = Path(args.db or default_database_path())
    if needs_setup(db_path):
        _say("尚未完成初始设置：")
        for step in setup_steps(db_path):
            _say(f"  [{'✓' if step.done else ' '}] {step.label}：{step.detail}")
    items = todo_items(db_path=db_path)
    _say("今日待办：")
    for line in todo_lines(items):
        _say(f"  {line}")
    return EXIT_OK


register_command(
    "settings",
    TopCommand("本乡镇信息：settings township --name 名称 [--code 代码] …", _settings_arguments, _settings),
)
register_command(
    "villages", TopCommand("村(社区)：list | add | rename | merge | order", _villages_arguments, _villages)
)
register_command("todo", TopCommand("今日待办", lambda parser: None, _todo))
