"""The pair form: loading, checking and saving a mentoring pair."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.models.cadres import CadrePost
from township_desk.models.mentoring import Mentorship
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.mentoring.coverage import suggest_mentor
from township_desk.services.mentoring.pairs import (
    ACTIVE,
    ENDED,
    KINDS_NEEDING_UNIT,
    live_pairs,
    serving_post_of,
)
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    clean_person,
    parse_date_field,
    person_options,
    save_person,
    vocab_field,
)
from township_desk.services.records import (
    Field,
    FormSpec,
    Section,
    ValidationError,
    Values,
    require,
    write_record,
)

# ---------------------------------------------------------------- the pair form


def mentor_options() -> list[tuple[str, str]]:
    """Who can be chosen as a mentor: serving cadres and everyone who already mentors someone."""
    serving = CadrePost.live().where(CadrePost.ended_on.is_null()).select(CadrePost.person)
    mentors = Mentorship.live().select(Mentorship.mentor)
    return person_options(Person.live().where(Person.id.in_(serving) | Person.id.in_(mentors)))


def mentee_options() -> list[tuple[str, str]]:
    """Who can be mentored: serving cadres and people who already have a pair."""
    serving = CadrePost.live().where(CadrePost.ended_on.is_null()).select(CadrePost.person)
    mentees = Mentorship.live().select(Mentorship.mentee)
    return person_options(Person.live().where(Person.id.in_(serving) | Person.id.in_(mentees)))


def mentee_summary(person_id: str) -> str:
    """村(社区) · current post · 新任, as the pair form shows the chosen mentee."""
    person = Person.get_or_none(Person.id == person_id) if person_id else None
    if person is None:
        return ""
    post = serving_post_of(person_id)
    parts = [person.village.name if person.village_id else ""]
    if post is not None:
        parts.append(post.post)
        if post.is_new:
            parts.append("新任")
    else:
        parts.append("无现任职务")
    return " · ".join(p for p in parts if p)


def mentor_defaults(person_id: str) -> Values:
    """Kind, unit and post for a chosen mentor: from their last pair, else their village post."""
    if not person_id:
        return {}
    last = (
        Mentorship.live()
        .where((Mentorship.mentor == person_id) & (Mentorship.mentor_kind != ""))
        .order_by(Mentorship.started_on.desc())
        .first()
    )
    if last is not None:
        return {
            "mentor_kind": last.mentor_kind,
            "mentor_unit": last.mentor_unit,
            "mentor_post": last.mentor_post,
        }
    post = serving_post_of(person_id)
    if post is not None:
        village = post.village.name if post.village_id else ""
        kind = "村党组织书记" if vocab.is_secretary(post.post) else "其他"
        return {"mentor_kind": kind, "mentor_unit": village, "mentor_post": post.post}
    return {}


PAIR_MENTOR_FIELDS = (
    Field(
        "mentor",
        "导师",
        "ref",
        options=mentor_options,
        tooltip="从在任干部和已有导师中选择；可输入姓名或拼音查找",
    ),
    Field("new_mentor_name", "或新增导师姓名", placeholder="导师不在列表中时填写（如县直单位干部）"),
    Field("new_mentor_phone", "新增导师电话"),
    Field(
        "mentor_kind",
        "导师类别",
        "choice",
        required=True,
        choices=vocab.MENTOR_KINDS.labels,
        editable_choice=False,
    ),
    Field("mentor_unit", "工作单位", placeholder="如 县农业农村局、漳江镇党委、桃花村"),
    Field("mentor_post", "职务", placeholder="如 副局长、党委委员、党组织书记"),
)
PAIR_MENTEE_FIELDS = (
    Field(
        "mentee",
        "帮带对象",
        "ref",
        required=True,
        options=mentee_options,
        tooltip="新任村(社区)干部；可输入姓名或拼音查找",
    ),
    Field("mentee_info", "村(社区)及职务", "readonly"),
)
PAIR_FIELDS = (
    Field("started_on", "结对时间", "date", required=True, placeholder="如 2021.07 或 2021-07-15"),
    Field("ended_on", "结束时间", "date", placeholder="帮带结束时填写"),
    Field("status", "帮带状态", "choice", choices=vocab.MENTORSHIP_STATUS.labels, editable_choice=False),
    Field("notes", "备注", "multiline"),
)


def load_pair(pair_id: str | None) -> Values:
    if not pair_id:
        return {"status": ACTIVE, "started_on": clock.today().isoformat()}
    pair = Mentorship.get_by_id(pair_id)
    return {
        "mentor": pair.mentor_id,
        "new_mentor_name": "",
        "new_mentor_phone": "",
        "mentor_kind": pair.mentor_kind,
        "mentor_unit": pair.mentor_unit,
        "mentor_post": pair.mentor_post,
        "mentee": pair.mentee_id,
        "mentee_info": mentee_summary(pair.mentee_id),
        "started_on": pair.started_on.isoformat() if pair.started_on else "",
        "ended_on": pair.ended_on.isoformat() if pair.ended_on else "",
        "status": pair.status,
        "notes": pair.notes,
    }


def derive_pair(values: Mapping[str, Any]) -> Values:
    """The mentee's village and post; the mentor's kind, unit and post when still empty."""
    derived: Values = {"mentee_info": mentee_summary(str(values.get("mentee") or ""))}
    mentor_id = str(values.get("mentor") or "")
    if mentor_id and not any(
        clean_text(values.get(k)) for k in ("mentor_kind", "mentor_unit", "mentor_post")
    ):
        derived.update(mentor_defaults(mentor_id))
    return derived


def _pair_person(person_id: str, field: str, label: str) -> Person:
    person = Person.get_or_none((Person.id == person_id) & Person.deleted_at.is_null())
    if person is None:
        raise ValidationError(field, f"所选“{label}”已不存在（可能已被删除），请重新选择。")
    return person


def save_pair(pair_id: str | None, values: Mapping[str, Any]) -> str:
    """Save a pair in one transaction (creating a new mentor person when a name is given); returns its id."""
    mentor_id = clean_text(values.get("mentor"))
    new_name = clean_text(values.get("new_mentor_name"))
    if mentor_id and new_name:
        raise ValidationError(
            "new_mentor_name", "请只指定一位导师：从列表中选择，或填写新增导师姓名，不要两者都填。"
        )
    if not mentor_id and not new_name:
        raise ValidationError("mentor", "请选择“导师”，或在“或新增导师姓名”中填写。")
    mentee_id = require(values, "mentee", "帮带对象")
    mentee = _pair_person(mentee_id, "mentee", "帮带对象")
    mentor = _pair_person(mentor_id, "mentor", "导师") if mentor_id else None
    new_mentor = (
        clean_person({"name": new_name, "phone": values.get("new_mentor_phone")}, None) if new_name else None
    )
    if mentor is not None and mentor.id == mentee.id:
        raise ValidationError("mentor", "导师和帮带对象不能是同一人。")
    kind = vocab_field(values, "mentor_kind", vocab.MENTOR_KINDS)
    if not kind:
        raise ValidationError("mentor_kind", "请选择“导师类别”。")
    unit = clean_text(values.get("mentor_unit"))
    post = clean_text(values.get("mentor_post"))
    if kind in KINDS_NEEDING_UNIT and not unit:
        raise ValidationError("mentor_unit", f"导师是{kind}，请填写导师的“工作单位”。")
    started = parse_date_field(values, "started_on", "结对时间")
    if started is None:
        raise ValidationError("started_on", "请填写“结对时间”。")
    if started > clock.today():
        raise ValidationError("started_on", "结对时间不能晚于今天。")
    ended = parse_date_field(values, "ended_on", "结束时间")
    status = vocab_field(values, "status", vocab.MENTORSHIP_STATUS) or (ENDED if ended else ACTIVE)
    if ended is not None and ended < started:
        raise ValidationError("ended_on", "结束时间早于结对时间，请核对。")
    if status == ENDED and ended is None:
        raise ValidationError("ended_on", "帮带状态为“已结束”时，请填写“结束时间”。")
    if status == ACTIVE and ended is not None:
        raise ValidationError("status", "填写了结束时间，帮带状态应为“已结束”；仍在帮带请清空结束时间。")
    if status == ACTIVE:
        others = live_pairs().where((Mentorship.mentee == mentee.id) & (Mentorship.status == ACTIVE))
        if pair_id:
            others = others.where(Mentorship.id != pair_id)
        other = others.first()
        if other is not None:
            raise ValidationError(
                "mentee", f"“{mentee.name}”已由导师“{other.mentor.name}”帮带中，请先结束原结对再重新结对。"
            )
    with database.atomic():
        if new_mentor is not None:
            mentor = save_person(None, new_mentor)
        assert mentor is not None
        if mentor.id == mentee.id:
            raise ValidationError("mentor", "导师和帮带对象不能是同一人。")
        pair = write_record(
            Mentorship,
            pair_id,
            dict(
                mentor=mentor,
                mentee=mentee,
                mentor_kind=kind,
                mentor_unit=unit,
                mentor_post=post,
                started_on=started,
                ended_on=ended,
                status=status,
                notes=str(values.get("notes") or "").strip(),
            ),
        )
    return str(pair.id)


PAIR_FORM = FormSpec(
    title="导师帮带结对",
    sections=(
        Section("帮带对象与结对", PAIR_MENTEE_FIELDS + PAIR_FIELDS),
        Section("导师", PAIR_MENTOR_FIELDS),
    ),
    load=load_pair,
    save=save_pair,
    derive=derive_pair,
)


def pair_initial(mentee_id: str) -> Values:
    """What the pair form starts with when 结对 is clicked for an unpaired cadre: mentee, a suggested mentor."""
    initial: Values = {
        "mentee": mentee_id,
        "mentee_info": mentee_summary(mentee_id),
        "status": ACTIVE,
        "started_on": clock.today().isoformat(),
    }
    suggestion = suggest_mentor(mentee_id)
    if suggestion is not None:
        initial.update(
            mentor=suggestion.person_id,
            mentor_kind=suggestion.kind,
            mentor_unit=suggestion.unit,
            mentor_post=suggestion.post,
        )
    return initial


def end_pair(pair_id: str, on: date | None = None) -> None:
    """Close a pair (status 已结束) on a date, today by default."""
    pair = Mentorship.get_by_id(pair_id)
    on = on or clock.today()
    if pair.started_on and on < pair.started_on:
        raise ValidationError("ended_on", "结束时间早于结对时间，请核对。")
    with database.atomic():
        pair.status = ENDED
        pair.ended_on = on
        pair.save()
