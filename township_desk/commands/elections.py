"""Command-line face of 换届 and the cadre file: elections list/progress/terms, election-result import,
the posts-with-terms export, the cadre file and the secretary co-review form."""

from __future__ import annotations

import argparse
from pathlib import Path

from township_desk.commands.registry import (
    ExportCommand,
    ImportCommand,
    PrintCommand,
    TopCommand,
    register_command,
    register_export,
    register_import,
    register_print,
)
from township_desk.services import clock
from township_desk.services.elections import cadre_file, file_records, paper, terms
from township_desk.services.elections.excel import (
    RESULT_COLUMNS,
    apply_results,
    export_posts_with_terms,
    plan_results,
)
from township_desk.services.records import ValidationError


def _elections_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=["list", "progress", "terms"],
        help="list 选举记录；progress 换届进度；terms 任期将满或已届满的村(社区)",
    )
    parser.add_argument("--year", type=int, help="年度（list、progress；默认：本次换届年度）")
    parser.add_argument("--months", type=int, default=6, help="terms：几个月内届满（默认 6）")


def _run_elections(args: argparse.Namespace) -> int:
    from township_desk.models.elections import Election
    from township_desk.models.people import Village

    if args.action == "progress":
        progress = terms.election_progress(args.year or terms.year_of_general_election())
        print(progress.line())
        if progress.to_do:
            print("尚未完成：" + "、".join(progress.to_do))
        return 0
    if args.action == "terms":
        ending = terms.terms_ending(args.months, clock.today())
        for item in ending:
            print(item.line())
        if not ending:
            print(f"{args.months}个月内没有届满的村(社区)“两委”。")
        return 0
    query = (
        Election.live()
        .join(Village, on=(Election.village == Village.id))
        .order_by(Election.held_on.desc(), Village.sort_order, Village.name)
    )
    if args.year:
        query = query.where(Election.held_on.year == args.year)
    count = 0
    for election in query:
        count += 1
        ends = f"，任期至{election.term_ends_on.isoformat()}" if election.term_ends_on else ""
        term = f"第{election.term_number}届" if election.term_number else ""
        print(
            f"{election.held_on.isoformat()}  {election.village.name}{election.committee}{term}"
            f"（{election.method or '未填选举方式'}{ends}），当选 {election.results.count()} 人"
        )
    if not count:
        print("没有登记选举记录。")
    return 0


def _person_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--person", required=True, help="姓名（重名时列出各人，请改用 --id-number）")
    parser.add_argument("--id-number", help="身份证号（重名时用来指明是哪一位）")


def _chosen_person(args: argparse.Namespace) -> str:
    if args.id_number:
        from township_desk.models.people import Person

        person = Person.get_or_none(
            (Person.id_number == args.id_number.strip().upper()) & Person.deleted_at.is_null()
        )
        if person is None or person.name != args.person.strip():
            raise ValidationError("person", f"没有身份证号为 {args.id_number} 的“{args.person}”。")
        return str(person.id)
    return str(cadre_file.person_by_name(args.person).id)


def _review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--blank", action="store_true", help="打印空白协审表")
    parser.add_argument("--person", help="人选姓名")
    parser.add_argument("--id-number", help="身份证号（重名时）")
    parser.add_argument("--reason", default="", help="推荐理由")


def _print_review(args: argparse.Namespace, out: Path) -> Path:
    if args.blank:
        return paper.print_secretary_review(out, None)
    if not args.person:
        raise ValidationError("person", "请用 --person 指明人选，或用 --blank 打印空白表。")
    return paper.print_secretary_review(out, _chosen_person(args), reasons=args.reason)


register_command("elections", TopCommand("换届选举：记录、进度和任期", _elections_arguments, _run_elections))
register_import(
    "election-results", ImportCommand("换届选举结果", plan_results, apply_results, columns=RESULT_COLUMNS)
)
register_export("posts-with-terms", ExportCommand("任职和任期（含已离任）", export_posts_with_terms))
register_print(
    "cadre-file",
    PrintCommand(
        "干部档案（一人一份）",
        _person_arguments,
        lambda args, out: paper.print_cadre_file(out, _chosen_person(args)),
    ),
)
register_print(
    "secretary-review",
    PrintCommand("村党组织书记人选协审表（报县委组织部）", _review_arguments, _print_review),
)

register_import(
    "resume-lines",
    ImportCommand(
        "干部简历（姓名、起止时间、单位、职务）",
        file_records.plan_resume,
        file_records.apply_resume,
        columns=file_records.RESUME_COLUMNS,
    ),
)
