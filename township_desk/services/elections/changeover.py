"""The 换届 assistant for one committee of one village: who is re-elected, who leaves (and why), who is newly
elected (in a click from the reserve pool), what the result looks like against the rules, then one write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from township_desk.db import database
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.elections import Election, ElectionResult
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.elections.terms import (
    COMMITTEES,
    PARTY,
    TERM_YEARS,
    TWO_COMMITTEES,
    VILLAGERS,
    add_years,
    committees_of,
    refresh_new_marks,
)
from township_desk.services.people import age_on
from township_desk.services.records import ValidationError

LEAVING_REASONS = ("届满离任", "未当选", "辞职", "罢免", "调离", "去世", "其他")
OLDEST_WITHOUT_WARNING = 60


@dataclass(frozen=True)
class Member:
    """A serving post of the committee before the election."""

    post_id: str
    person_id: str
    name: str
    post: str
    sex: str
    age: int | None
    birth_date: date | None = None


@dataclass(frozen=True)
class Leaving:
    post_id: str
    reason: str = "届满离任"


@dataclass(frozen=True)
class Reelected:
    post_id: str
    post: str = ""  # empty: the same post again


@dataclass(frozen=True)
class Newcomer:
    person_id: str
    post: str
    reserve_id: str | None = None
    votes: int | None = None


@dataclass
class ChangeoverPlan:
    """What the clerk has said about one committee's election."""

    village_id: str
    committee: str
    held_on: date
    method: str = "两推一选"
    term_number: int | None = None
    reelected: list[Reelected] = field(default_factory=list)
    leaving: list[Leaving] = field(default_factory=list)
    newcomers: list[Newcomer] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    level: Literal["error", "warning", "info"]
    text: str


def current_members(village_id: str, committee: str) -> list[Member]:
    """Serving posts of the committee (一肩挑 counts on both 两委), in official order."""
    if committee not in COMMITTEES:
        raise ValidationError("committee", f"“{committee}”不是可选的组织（{'、'.join(COMMITTEES)}）。")
    rows = (
        CadrePost.live()
        .join(Person, on=(CadrePost.person == Person.id))
        .where((CadrePost.village == village_id) & CadrePost.ended_on.is_null() & Person.deleted_at.is_null())
    )
    order = vocab.CADRE_POSTS.labels()
    members = [
        Member(
            p.id,
            p.person_id,
            p.person.name,
            p.post,
            p.person.sex,
            age_on(p.person.birth_date),
            p.person.birth_date,
        )
        for p in rows
        if committee in committees_of(p.post)
    ]
    return sorted(members, key=lambda m: (order.index(m.post) if m.post in order else len(order), m.name))


@dataclass(frozen=True)
class _Seat:
    person_id: str
    name: str
    post: str
    sex: str
    age: int | None


def result_of(plan: ChangeoverPlan) -> list[_Seat]:
    """The committee as it will be after the election."""
    members = {m.post_id: m for m in current_members(plan.village_id, plan.committee)}
    seats: list[_Seat] = []
    for again in plan.reelected:
        member = members.get(again.post_id)
        if member is not None:
            seats.append(
                _Seat(
                    member.person_id,
                    member.name,
                    _post_label(again.post) or member.post,
                    member.sex,
                    age_on(member.birth_date, plan.held_on),
                )
            )
    for new in plan.newcomers:
        person = Person.get_or_none((Person.id == new.person_id) & Person.deleted_at.is_null())
        if person is not None:
            seats.append(
                _Seat(
                    person.id,
                    person.name,
                    _post_label(new.post) or new.post,
                    person.sex,
                    age_on(person.birth_date, plan.held_on),
                )
            )
    return seats


def _post_label(text: str) -> str:
    return vocab.CADRE_POSTS.normalize(text) or "" if text else ""


def check(plan: ChangeoverPlan) -> list[Finding]:
    """The result against the rules: errors stop the write, warnings and notes are shown."""
    findings: list[Finding] = []
    members = {m.post_id: m for m in current_members(plan.village_id, plan.committee)}
    said = [a.post_id for a in plan.reelected] + [b.post_id for b in plan.leaving]
    for post_id in set(said):
        if said.count(post_id) > 1:
            findings.append(
                Finding("error", f"“{members[post_id].name}”既被列为连任又被列为离任，请核对。")
                if post_id in members
                else Finding("error", "同一职务被列了两次。")
            )
    for post_id in set(members) - set(said):
        member = members[post_id]
        findings.append(Finding("error", f"请说明“{member.name}（{member.post}）”是连任还是离任。"))
    for leaving in plan.leaving:
        if leaving.reason not in LEAVING_REASONS:
            findings.append(
                Finding("error", f"离任原因“{leaving.reason}”无效，可选：{'、'.join(LEAVING_REASONS)}。")
            )
    for new in plan.newcomers:
        label = _post_label(new.post)
        if not label:
            findings.append(Finding("error", f"“{new.post}”不是村(社区)“两委”职务。"))
        elif plan.committee not in committees_of(label):
            findings.append(Finding("error", f"“{label}”不是{plan.committee}的职务。"))
        if any(m.person_id == new.person_id for m in members.values()):
            findings.append(Finding("error", "新当选的人已在本届组织中任职，请改列为连任。"))
    if plan.held_on > clock.today():
        findings.append(Finding("error", "选举日期不能晚于今天。"))
    seats = result_of(plan)
    names = [s.name for s in seats]
    for name in set(names):
        if names.count(name) > 1 and len({s.person_id for s in seats if s.name == name}) == 1:
            findings.append(Finding("error", f"“{name}”在同一组织中当选了两个职务。"))
    if plan.committee == PARTY:
        secretaries = [s for s in seats if vocab.is_secretary(s.post)]
        if len(secretaries) != 1:
            findings.append(Finding("error", f"党组织应有且只有一名书记（现为 {len(secretaries)} 名）。"))
        elif _directs_villagers(secretaries[0], plan):
            findings.append(Finding("info", f"书记“{secretaries[0].name}”同时任村(居)委会主任（一肩挑）。"))
        else:
            findings.append(Finding("warning", "书记未兼任村(居)委会主任（未实现“一肩挑”）。"))
    if plan.committee in TWO_COMMITTEES:
        other = VILLAGERS if plan.committee == PARTY else PARTY
        on_other = {m.person_id for m in current_members(plan.village_id, other)}
        crossed = [s.name for s in seats if s.person_id in on_other or len(committees_of(s.post)) > 1]
        if seats:
            findings.append(
                Finding(
                    "info",
                    f"交叉任职 {len(crossed)} 人（{len(crossed) * 100 // len(seats)}%）"
                    + (f"：{'、'.join(crossed)}" if crossed else ""),
                )
            )
    if seats and not any(s.sex == "女" for s in seats):
        findings.append(Finding("warning", "新一届成员中没有女性。"))
    old = [s for s in seats if s.age is not None and s.age > OLDEST_WITHOUT_WARNING]
    if old:
        findings.append(
            Finding("warning", "年龄超过60岁：" + "、".join(f"{s.name}（{s.age}岁）" for s in old))
        )
    ages = [s.age for s in seats if s.age is not None]
    if ages:
        findings.append(Finding("info", f"平均年龄 {sum(ages) / len(ages):.1f} 岁，共 {len(seats)} 人。"))
    return findings


def _directs_villagers(secretary: _Seat, plan: ChangeoverPlan) -> bool:
    if VILLAGERS in committees_of(secretary.post):
        return True
    return any(
        m.person_id == secretary.person_id and vocab.CADRE_POSTS.normalize(m.post) == "村(居)委会主任"
        for m in current_members(plan.village_id, VILLAGERS)
    )


def apply(plan: ChangeoverPlan) -> Election:
    """Record the election in one transaction: the election, ended posts, new posts, reserves marked
    已任用, results; then 新任 recomputed. Refused (nothing written) while check() finds an error."""
    errors = [f.text for f in check(plan) if f.level == "error"]
    if errors:
        raise ValidationError(None, "换届结果有误，未保存：\n" + "\n".join(errors))
    from township_desk.services.reserves import appoint_reserve

    village = Village.get_by_id(plan.village_id)
    with database.atomic():
        election = Election.create(
            village=village,
            committee=plan.committee,
            held_on=plan.held_on,
            term_number=plan.term_number,
            method=plan.method,
            term_ends_on=add_years(plan.held_on, TERM_YEARS),
            general=True,
        )
        for leaving in plan.leaving:
            post = CadrePost.get_by_id(leaving.post_id)
            post.ended_on = plan.held_on
            post.notes = f"{post.notes}；{plan.held_on.year}年换届{leaving.reason}".lstrip("；")
            post.save()
        for again in plan.reelected:
            post = CadrePost.get_by_id(again.post_id)
            label = _post_label(again.post)
            if label and label != post.post:  # elected to another post: the old one ends that day
                post.ended_on = plan.held_on
                post.save()
                post = CadrePost.create(
                    person=post.person_id,
                    village=village,
                    post=label,
                    started_on=plan.held_on,
                    notes=f"{plan.held_on.year}年换届当选",
                )
            ElectionResult.create(election=election, person=post.person_id, post=post.post, cadre_post=post)
        for new in plan.newcomers:
            label = _post_label(new.post)
            reserve = ReserveCadre.get_or_none(ReserveCadre.id == new.reserve_id) if new.reserve_id else None
            if reserve is not None:
                appointment = appoint_reserve(
                    reserve.id, label, plan.held_on, village.name, notes=f"{plan.held_on.year}年换届当选"
                )
                post = appointment.cadre_post
            else:
                post = CadrePost.create(
                    person=new.person_id,
                    village=village,
                    post=label,
                    started_on=plan.held_on,
                    notes=f"{plan.held_on.year}年换届当选",
                )
            ElectionResult.create(
                election=election,
                person=new.person_id,
                post=label,
                votes=new.votes,
                from_reserve=reserve is not None,
                cadre_post=post,
            )
        refresh_new_marks([village.id])
    return election


@dataclass(frozen=True)
class Candidate:
    """Someone who may be newly elected: reserves of the village first (in a click), then its other people."""

    person_id: str
    label: str
    reserve_id: str | None


def candidates(village_id: str, committee: str) -> list[Candidate]:
    serving = {m.person_id for m in current_members(village_id, committee)}
    out: list[Candidate] = []
    reserves = (
        ReserveCadre.live()
        .join(Person, on=(ReserveCadre.person == Person.id))
        .where(
            (ReserveCadre.village == village_id)
            & (ReserveCadre.status == "培养中")
            & Person.deleted_at.is_null()
        )
        .order_by(Person.pinyin)
    )
    for reserve in reserves:
        if reserve.person_id not in serving:
            out.append(
                Candidate(
                    reserve.person_id,
                    f"{reserve.person.name}（后备干部，{reserve.person.political}）",
                    reserve.id,
                )
            )
    taken = serving | {c.person_id for c in out}
    others = Person.live().where(Person.village == village_id).order_by(Person.pinyin)
    if committee == PARTY:
        others = others.where(Person.political.in_(("中共党员", "中共预备党员")))
    for other in others.limit(500):
        if other.id not in taken:
            out.append(Candidate(other.id, f"{other.name}（{other.political or '政治面貌未填'}）", None))
    return out
