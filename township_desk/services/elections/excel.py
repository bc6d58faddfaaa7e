"""Excel of the elections subject: import election results, export every post with its term."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from township_desk.db import database
from township_desk.models.cadres import CadrePost
from township_desk.models.elections import Election, ElectionResult
from township_desk.models.people import Person, Village
from township_desk.services import vocab
from township_desk.services.elections.terms import (
    COMMITTEES,
    PARTY,
    SUPERVISION,
    TERM_YEARS,
    VILLAGERS,
    add_years,
    committees_of,
    refresh_new_marks,
)
from township_desk.services.excel_export import write_workbook
from township_desk.services.excel_import import ImportColumn, ImportPlan, RowRefused, plan_import
from township_desk.services.normalize import DateParseError, clean_text, parse_date
from township_desk.services.progress import Progress, no_progress

RESULT_COLUMNS = (
    ImportColumn("village", "村(社区)", ("村", "社区", "村（社区）", "村居"), required=True),
    ImportColumn("committee", "组织", ("选举组织", "委员会", "班子")),
    ImportColumn("held_on", "选举日期", ("选举时间", "日期"), required=True),
    ImportColumn("term_number", "届次", ("第几届",)),
    ImportColumn("method", "选举方式", ("方式",)),
    ImportColumn("name", "姓名", (), required=True),
    ImportColumn("id_number", "身份证号", ("身份证号码", "公民身份号码")),
    ImportColumn("post", "当选职务", ("职务", "拟任职务"), required=True),
    ImportColumn("votes", "得票", ("得票数", "票数")),
)

_COMMITTEE_WORDS = {
    PARTY: ("党组织", "党支部", "党总支", "党委", "支部委员会", "党组织委员会"),
    VILLAGERS: ("村(居)委会", "村委会", "居委会", "村民委员会", "居民委员会"),
    SUPERVISION: ("监委会", "村务监督委员会", "居务监督委员会", "村监委"),
}


@dataclass(frozen=True)
class ResultRecord:
    village_id: str
    village: str
    committee: str
    held_on: date
    term_number: int | None
    method: str
    person_id: str
    name: str
    post: str
    votes: int | None


def _committee(text: str, post: str) -> str:
    text = clean_text(text).replace("（", "(").replace("）", ")")
    for committee, words in _COMMITTEE_WORDS.items():
        if text in words:
            return committee
    if text:
        raise RowRefused(f"“{text}”不是可选的组织（{'、'.join(COMMITTEES)}）")
    found = committees_of(post)
    if not found:
        raise RowRefused(f"职务“{post}”不属于村(社区)“两委”或监委会，请填写“组织”列")
    return found[0]


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _chinese_number(text: str) -> int | None:
    """十二 → 12, 二十一 → 21, 九 → 9 (numbers below 100, as 届次 are written); None otherwise."""
    if text and all(c in _DIGITS or c == "十" for c in text) and text.count("十") <= 1:
        tens, _, ones = text.partition("十") if "十" in text else ("", "", text)
        if "十" in text:
            return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
        return _DIGITS[ones] if len(ones) == 1 else None
    return None


def _number(value: Any, label: str) -> int | None:
    text = clean_text(value).removeprefix("第").removesuffix("届").removesuffix("票")
    if not text:
        return None
    if _chinese_number(text) is not None:
        return _chinese_number(text)
    try:
        return int(float(text))
    except ValueError:
        raise RowRefused(f"“{label}”应为数字：{value}") from None


def _convert(raw: dict[str, Any]) -> ResultRecord:
    village_name = clean_text(raw.get("village"))
    village = Village.get_or_none((Village.name == village_name) & Village.deleted_at.is_null())
    if village is None:
        raise RowRefused(f"没有名为“{village_name}”的村(社区)")
    try:
        held_on = parse_date(raw.get("held_on"))
    except DateParseError as exc:
        raise RowRefused(f"选举日期：{exc}") from None
    if held_on is None:
        raise RowRefused("缺少选举日期")
    post_text = clean_text(raw.get("post"))
    post = vocab.CADRE_POSTS.normalize(post_text)
    if post is None:
        raise RowRefused(f"“{post_text}”不是村(社区)“两委”职务")
    committee = _committee(clean_text(raw.get("committee")), post)
    if committee not in committees_of(post):
        raise RowRefused(f"“{post}”不是{committee}的职务")
    name = clean_text(raw.get("name"))
    id_number = clean_text(raw.get("id_number")).upper()
    query = Person.live().where(Person.name == name)
    people = (
        list(query.where(Person.id_number == id_number))
        if id_number
        else list(query.where(Person.village == village.id))
    )
    if not people:
        raise RowRefused(
            f"库中没有此人（{name}{'，' + id_number if id_number else '，' + village_name}），请先登记"
        )
    if len(people) > 1:
        raise RowRefused(f"{village_name}有 {len(people)} 人名为“{name}”，请填写身份证号")
    return ResultRecord(
        village.id,
        village.name,
        committee,
        held_on,
        _number(raw.get("term_number"), "届次"),
        clean_text(raw.get("method")),
        people[0].id,
        name,
        post,
        _number(raw.get("votes"), "得票"),
    )


def _key(record: ResultRecord) -> str:
    return f"{record.village_id}|{record.committee}|{record.held_on.isoformat()}|{record.person_id}|{record.post}"


def _existing(key: str) -> str | None:
    village_id, committee, held_on, person_id, post = key.split("|")
    found = (
        ElectionResult.live()
        .join(Election, on=(ElectionResult.election == Election.id))
        .where(
            (Election.village == village_id)
            & (Election.committee == committee)
            & (Election.held_on == date.fromisoformat(held_on))
            & (ElectionResult.person == person_id)
            & (ElectionResult.post == post)
            & Election.deleted_at.is_null()
        )
    )
    return f"{held_on}选举结果已登记" if found.exists() else None


def plan_results(path: Path, progress: Progress = no_progress) -> ImportPlan[ResultRecord]:
    """Read an election-results workbook; nothing is written."""
    return plan_import(
        path, RESULT_COLUMNS, _convert, _key, _existing, lambda raw: clean_text(raw.get("name")), progress
    )


def apply_results(plan: ImportPlan[ResultRecord], progress: Progress = no_progress) -> int:
    """Write the accepted rows in one transaction: elections, results and posts; 新任 recomputed."""
    groups: dict[tuple[str, str, date], list[ResultRecord]] = defaultdict(list)
    for _row, record in plan.accepted:
        groups[(record.village_id, record.committee, record.held_on)].append(record)
    with database.atomic():
        for (village_id, committee, held_on), records in groups.items():
            election = Election.get_or_none(
                (Election.village == village_id)
                & (Election.committee == committee)
                & (Election.held_on == held_on)
                & Election.deleted_at.is_null()
            )
            if election is None:
                first = records[0]
                election = Election.create(
                    village=village_id,
                    committee=committee,
                    held_on=held_on,
                    term_number=first.term_number,
                    method=first.method or "",
                    term_ends_on=add_years(held_on, TERM_YEARS),
                    general=True,
                )
            for record in records:
                post = (
                    CadrePost.live()
                    .where(
                        (CadrePost.person == record.person_id)
                        & (CadrePost.village == village_id)
                        & (CadrePost.post == record.post)
                        & CadrePost.ended_on.is_null()
                    )
                    .first()
                )
                if post is None:
                    post = CadrePost.create(
                        person=record.person_id,
                        village=village_id,
                        post=record.post,
                        started_on=held_on,
                        notes=f"{held_on.year}年换届当选",
                    )
                ElectionResult.create(
                    election=election,
                    person=record.person_id,
                    post=record.post,
                    votes=record.votes,
                    cadre_post=post,
                )
        refresh_new_marks(sorted({key[0] for key in groups}))
    return len(plan.accepted)


POST_COLUMNS = (
    ("village", "村(社区)"),
    ("name", "姓名"),
    ("post", "职务"),
    ("committees", "所在组织"),
    ("started_on", "任职时间"),
    ("ended_on", "离任时间"),
    ("is_new", "新任"),
    ("held_on", "当选选举日期"),
    ("method", "选举方式"),
    ("term_ends_on", "任期届满"),
)


def export_posts_with_terms(path: Path, progress: Progress = no_progress) -> int:
    """Every post (serving and ended) with the election it came from and the end of its term."""
    elected = {
        r.cadre_post_id: r.election
        for r in ElectionResult.live()
        .join(Election, on=(ElectionResult.election == Election.id))
        .where(Election.deleted_at.is_null())
    }
    rows = []
    query = (
        CadrePost.live()
        .join(Person, on=(CadrePost.person == Person.id))
        .where(Person.deleted_at.is_null())
        .order_by(CadrePost.village, CadrePost.started_on)
    )
    for post in query:
        election = elected.get(post.id)
        rows.append(
            {
                "village": post.village.name if post.village_id else "",
                "name": post.person.name,
                "post": post.post,
                "committees": "、".join(committees_of(post.post)),
                "started_on": post.started_on,
                "ended_on": post.ended_on,
                "is_new": bool(post.is_new),
                "held_on": election.held_on if election else None,
                "method": election.method if election else "",
                "term_ends_on": election.term_ends_on if election else None,
            }
        )
    return write_workbook(path, "任职和任期", POST_COLUMNS, rows, len(rows), progress)
