"""The cadre file (干部档案): one person's whole record on one page — basic data, 简历, education, posts and
terms, reserve history, mentoring, assessments, talks, rewards and penalties, family — gathered from every
subject. Other subjects add their own section (training days, work teams …) with `register_section`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from township_desk.models.assessments import Assessment, AssessmentEntry, DemocraticTally
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.elections import (
    EducationRecord,
    Election,
    ElectionResult,
    FamilyMember,
    PersonPhoto,
    ResumeLine,
    RewardPenalty,
)
from township_desk.models.mentoring import Mentorship
from township_desk.models.people import Person, Village
from township_desk.models.talks import Talk
from township_desk.services import clock
from township_desk.services.people import age_on
from township_desk.services.records import ValidationError

NOW = "至今"


def month(day: date | None) -> str:
    """1975.03, as rosters write months."""
    return f"{day.year}.{day.month:02d}" if day else ""


def span(start: date | None, end: date | None) -> str:
    return f"{month(start) or '    '}—{month(end) or NOW}"


@dataclass
class CadreFile:
    """Everything the cadre file prints, as plain data (the PDF and the window read the same)."""

    person_id: str
    basics: dict[str, str]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, lines); empty ones left out
    photo: bytes | None = None

    def text(self) -> str:
        parts = [f"{k}：{v}" for k, v in self.basics.items() if v]
        for title, lines in self.sections:
            parts.append(f"【{title}】")
            parts.extend(lines)
        return "\n".join(parts)


Section = Callable[[Person], list[str]]
_EXTRA_SECTIONS: list[tuple[int, str, Section]] = []


def register_section(order: int, title: str, lines: Section) -> None:
    """Another subject's part of the file (e.g. 培训情况 at 55): `lines(person)` gives its text lines."""
    if not any(t == title for _o, t, _f in _EXTRA_SECTIONS):
        _EXTRA_SECTIONS.append((order, title, lines))


def find_people(name: str) -> list[Person]:
    """Live people of that exact name, for choosing one."""
    return list(Person.live().where(Person.name == name.strip()).order_by(Person.birth_date))


def describe_person(person: Person) -> str:
    """Name with village and birth year, to tell two 张伟 apart."""
    village = person.village.name if person.village_id else "未填村(社区)"
    born = f"{person.birth_date.year}年生" if person.birth_date else "出生年份未填"
    return f"{person.name}（{village}，{born}）"


def person_by_name(name: str) -> Person:
    """The one live person of that name; a ValidationError listing them when there are several or none."""
    people = find_people(name)
    if not people:
        raise ValidationError("person", f"没有名为“{name}”的人员。")
    if len(people) > 1:
        raise ValidationError(
            "person",
            f"有 {len(people)} 人名为“{name}”，请指明是哪一位："
            + "；".join(describe_person(p) for p in people),
        )
    return people[0]


def _posts(person: Person) -> list[str]:
    rows = (
        CadrePost.live()
        .where(CadrePost.person == person.id)
        .order_by(CadrePost.started_on.desc(nulls="LAST"))
    )
    elected = {r.cadre_post_id: r for r in ElectionResult.live().where(ElectionResult.person == person.id)}
    lines = []
    for post in rows:
        village = post.village.name if post.village_id else ""
        marks = [m for m, on in (("新任", post.is_new), ("现任", post.ended_on is None)) if on]
        result = elected.get(post.id)
        if result is not None:
            election = Election.get_by_id(result.election_id)
            marks.append(
                f"{election.held_on.year}年{election.method or '选举'}当选"
                + (f"，任期至{month(election.term_ends_on)}" if election.term_ends_on else "")
            )
        lines.append(
            f"{span(post.started_on, post.ended_on)}  {village}{post.post}"
            + (f"（{'，'.join(marks)}）" if marks else "")
        )
    return lines


def _resume(person: Person) -> list[str]:
    entered = list(ResumeLine.live().where(ResumeLine.person == person.id).order_by(ResumeLine.started_on))
    if entered:
        return [f"{span(r.started_on, r.ended_on)}  {r.unit}{r.post}" for r in entered]
    posts = (
        CadrePost.live()
        .where(CadrePost.person == person.id)
        .order_by(CadrePost.started_on.asc(nulls="FIRST"))
    )
    return [
        f"{span(p.started_on, p.ended_on)}  {p.village.name if p.village_id else ''}{p.post}" for p in posts
    ]


def _education(person: Person) -> list[str]:
    rows = (
        EducationRecord.live()
        .where(EducationRecord.person == person.id)
        .order_by(EducationRecord.graduated_on)
    )
    return [
        f"{r.mode}：{r.level} {r.school} {r.major}".rstrip()
        + (f"（{month(r.graduated_on)}毕业）" if r.graduated_on else "")
        for r in rows
    ]


def _reserve(person: Person) -> list[str]:
    lines = []
    for reserve in (
        ReserveCadre.live().where(ReserveCadre.person == person.id).order_by(ReserveCadre.registered_on)
    ):
        text = f"{month(reserve.registered_on)}入库 {reserve.programme} {reserve.nomination} 状态：{reserve.status}"
        if reserve.appointed_on:
            text += f"，{month(reserve.appointed_on)}任用为{reserve.appointed_post}"
        lines.append(text.strip())
    return lines


def _mentoring(person: Person) -> list[str]:
    lines = []
    for pair in Mentorship.live().where((Mentorship.mentee == person.id) | (Mentorship.mentor == person.id)):
        role, other = ("帮带对象", pair.mentor) if pair.mentee_id == person.id else ("导师", pair.mentee)
        relation = f"导师：{other.name}" if role == "帮带对象" else f"帮带：{other.name}"
        lines.append(f"{span(pair.started_on, pair.ended_on)}  {relation}（{pair.status}）")
    return lines


def _assessments(person: Person) -> list[str]:
    rows = (
        AssessmentEntry.live()
        .join(Assessment, on=(AssessmentEntry.assessment == Assessment.id))
        .where((AssessmentEntry.person == person.id) & Assessment.deleted_at.is_null())
        .order_by(Assessment.year.desc())
    )
    lines = []
    for entry in rows:
        tallies = {t.grade: t.count for t in DemocraticTally.live().where(DemocraticTally.entry == entry.id)}
        text = f"{entry.assessment.year}年度：{entry.grade or '未评定'}"
        if entry.total is not None:
            text += f"，总分{entry.total:g}，第{entry.rank}名"
        marks = [m for m, on in (("优先推荐", entry.recommended), ("提醒谈话", entry.bottom)) if on]
        if marks:
            text += f"（{'、'.join(marks)}）"
        if any(tallies.values()):
            text += "；民主测评 " + " ".join(f"{g}{n}票" for g, n in tallies.items() if n)
        lines.append(text)
    return lines


def _training(person: Person) -> list[str]:
    from township_desk.services.training import days

    lines = []
    for course in days.person_training(person.id):
        start = str(course["start_on"] or "")[:10]
        done = "" if course["completed"] else "（未结业）"
        result = f"，{course['result']}" if course["result"] else ""
        lines.append(
            f"{start} {course['course']}（{course['level']}{course['mode']}）{course['days']}天{done}{result}"
        )
    return lines


def _talks(person: Person) -> list[str]:
    rows = Talk.live().where(Talk.person == person.id).order_by(Talk.talk_date.desc(nulls="FIRST"))
    return [
        f"{t.talk_date.isoformat() if t.talk_date else '（待谈话）'} {t.kind} {t.reason}".strip()
        for t in rows
    ]


def _rewards(person: Person) -> list[str]:
    rows = RewardPenalty.live().where(RewardPenalty.person == person.id).order_by(RewardPenalty.given_on)
    return [
        f"{month(r.given_on)} {r.kind}：{r.title}" + (f"（{r.given_by}）" if r.given_by else "") for r in rows
    ]


def _family(person: Person) -> list[str]:
    rows = FamilyMember.live().where(FamilyMember.person == person.id)
    return [
        " ".join(
            x
            for x in (f.relation, f.name, f"{f.birth_year}年生" if f.birth_year else "", f.political, f.work)
            if x
        )
        for f in rows
    ]


CORE_SECTIONS: tuple[tuple[int, str, Section], ...] = (
    (10, "简历", _resume),
    (20, "学历学位", _education),
    (30, "任职和任期", _posts),
    (40, "后备干部经历", _reserve),
    (50, "导师帮带", _mentoring),
    (55, "培训情况", _training),
    (60, "年度考评和民主测评", _assessments),
    (70, "谈话", _talks),
    (80, "奖惩情况", _rewards),
    (90, "家庭主要成员", _family),
)


def cadre_file(person_id: str, today: date | None = None) -> CadreFile:
    """The file of one live person."""
    person = Person.get_or_none((Person.id == person_id) & Person.deleted_at.is_null())
    if person is None:
        raise ValidationError("person", "该人员已不存在（可能已被删除）。")
    today = today or clock.today()
    current = (
        CadrePost.live()
        .where((CadrePost.person == person.id) & CadrePost.ended_on.is_null())
        .order_by(CadrePost.started_on)
    )
    age = age_on(person.birth_date, today)
    village: Village | None = person.village if person.village_id else None
    basics: dict[str, Any] = {
        "姓名": person.name,
        "性别": person.sex,
        "出生年月": month(person.birth_date) + (f"（{age}岁）" if age is not None else ""),
        "民族": person.ethnicity,
        "政治面貌": person.political,
        "入党时间": month(person.party_joined_on),
        "学历": person.education,
        "身份证号": person.id_number or "",
        "联系电话": person.phone,
        "村(社区)": village.name if village else "",
        "现任职务": "、".join(p.post for p in current),
    }
    result = CadreFile(person.id, {k: str(v or "") for k, v in basics.items()})
    for _order, title, lines in sorted((*CORE_SECTIONS, *_EXTRA_SECTIONS), key=lambda s: s[0]):
        found = [line for line in lines(person) if line.strip()]
        if found:
            result.sections.append((title, found))
    photo = (
        PersonPhoto.live()
        .where(PersonPhoto.person == person.id)
        .order_by(PersonPhoto.updated_at.desc())
        .first()
    )
    result.photo = bytes(photo.image) if photo is not None else None
    return result
