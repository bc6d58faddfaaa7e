"""Talks: settings, the declared fields, the list and the form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.people import Person, Village
from township_desk.models.talks import Talk
from township_desk.services import clock, vocab
from township_desk.services.fields import Fields, of
from township_desk.services.listing import (
    Filter,
    Listing,
    Row,
    distinct_values,
    in_listed_order,
)
from township_desk.services.normalize import clean_name, clean_text
from township_desk.services.people import PERSON, person_options, person_search
from township_desk.services.records import (
    FormSpec,
    Section,
    ValidationError,
    Values,
    find,
    require,
    write_record,
)
from township_desk.services.settings import get_setting, set_setting, township_name

STATUS_PENDING = "待谈话"
STATUS_DONE = "已完成"
STATUSES = (STATUS_PENDING, STATUS_DONE)
SECRETARY_SETTING = "party_secretary"
PLACES = ("镇党委书记办公室", "镇党委会议室", "镇纪委谈话室", "村党群服务中心")
BLANK_WHEN = "          年      月      日      时      分"


# ---------------------------------------------------------------- settings and snapshots


def party_secretary() -> str:
    """The name of the township Party secretary, who holds the reminder talks ("" when not set)."""
    return get_setting(SECRETARY_SETTING).strip()


def secretary_title() -> str:
    """The secretary's post as printed on a talk record, e.g. 漳江镇党委书记."""
    return f"{township_name()}党委书记"


def set_party_secretary(name: str) -> None:
    set_setting(SECRETARY_SETTING, clean_name(name))


def post_snapshot(person_id: str) -> str:
    """A person's village and current post as text (kept on the talk as it was at the time)."""
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        return ""
    post = (
        CadrePost.live()
        .where((CadrePost.person == person_id) & CadrePost.ended_on.is_null())
        .order_by(CadrePost.started_on.desc())
        .first()
    )
    village = person.village.name if person.village_id else ""
    return " ".join(part for part in (village, post.post if post else "") if part)


def _status(talk_date: date | None, content: str) -> str:
    return STATUS_DONE if talk_date is not None and content.strip() else STATUS_PENDING


# ---------------------------------------------------------------- the list


def _kind_rank() -> Any:
    return in_listed_order(Talk.kind, vocab.TALK_KINDS.labels())


def _pending_first() -> Any:
    return peewee.Case(Talk.status, [(STATUS_PENDING, 0)], 1)


def talk_years() -> list[str]:
    query = Talk.live(Talk.year).distinct().order_by(Talk.year.desc())
    return distinct_values(query)


# ---------------------------------------------------------------- the fields, declared once

TALK = Fields(
    of(
        Talk.kind,
        "choice",
        required=True,
        vocabulary=vocab.TALK_KINDS,
        editable_choice=False,
        sort=_kind_rank(),
    ),
    of(
        Talk.person,
        "ref",
        required=True,
        options=lambda: talk_person_options(),
        tooltip="在任干部、后备干部和已有谈话记录的人员；可输入姓名查找",
    ),
    of(Talk.person, key="name", sort=Person.pinyin, width=80),  # the list shows the name
    of(
        Talk.person_post,
        label="谈话时职务",
        placeholder="选择谈话对象后自动填写，可修改",
        sort=Talk.person_post,
        width=180,
    ),
    of(Talk.reason, "multiline", heading="事由", sort=Talk.reason, width=280),
    of(Talk.source, "readonly", sort=Talk.source, width=170),
    of(
        Talk.talkers,
        "choice",
        choices=lambda: _talker_suggestions(),
        placeholder="多人用“、”分隔",
        sort=Talk.talkers,
        width=75,
    ),
    of(Talk.talker_post, placeholder="如 镇党委书记"),
    of(Talk.recorder),
    of(Talk.reviewer, placeholder="审阅谈话记录的领导，如 镇纪委书记"),
    of(
        Talk.record_no,
        placeholder="留空则填写谈话内容后自动编号，如 2026-007",
        tooltip="谈话记录的编号：年度-序号，印在谈话记录表上",
        sort=Talk.record_no,
        width=80,
    ),
    of(Talk.talk_date, "date", placeholder="如 2024-03-05", sort=Talk.talk_date, align="center", width=85),
    of(Talk.talk_time, heading="时间", placeholder="如 上午9:30"),
    of(
        Talk.place, "choice", heading="地点", choices=lambda: _place_suggestions(), sort=Talk.place, width=115
    ),
    of(Talk.content, "multiline"),
    of(Talk.response, "multiline"),
    of(Talk.follow_up, "multiline"),
    of(Talk.status, sort=_pending_first(), align="center", width=60),
    PERSON["village"],
)


class TalkListing(Listing):
    """Every talk, pending ones first, then the newest."""

    title = "谈话"
    columns = TALK.columns(
        "status", "kind", "name", "person_post", "talkers", "talk_date", "place", "reason", "source"
    )
    default_sort = (_pending_first(), Talk.talk_date.desc(), Person.pinyin)

    def __init__(self) -> None:
        self.filters = (
            TALK.filter("kind"),
            TALK.filter("status", choices=lambda: list(STATUSES)),
            Filter(
                "year",
                "年度",
                talk_years,
                where=lambda value: Talk.year == int(value) if value.isdigit() else peewee.SQL("1 = 1"),
            ),
            TALK.filter("village", where=lambda value: Village.name == value),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            Talk.select(Talk, Person, Village)
            .join(Person, on=(Talk.person == Person.id))
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
            .where(Talk.deleted_at.is_null() & Person.deleted_at.is_null())
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        text = clean_text(text)
        return query.where(
            person_search(text)
            | Talk.talkers.contains(text)
            | Talk.reason.contains(text)
            | Talk.place.contains(text)
        )

    def to_row(self, talk: Any) -> Row:
        return talk_row(talk)


def talk_row(talk: Talk) -> Row:
    person = talk.person
    return {
        "id": talk.id,
        "person_id": person.id,
        "status": talk.status,
        "kind": talk.kind,
        "name": person.name,
        "village": person.village.name if person.village_id else "",
        "person_post": talk.person_post,
        "talkers": talk.talkers,
        "talker_post": talk.talker_post,
        "recorder": talk.recorder,
        "reviewer": talk.reviewer,
        "record_no": talk.record_no,
        "talk_date": talk.talk_date,
        "talk_time": talk.talk_time,
        "place": talk.place,
        "reason": talk.reason,
        "content": talk.content,
        "response": talk.response,
        "follow_up": talk.follow_up,
        "source": talk.source,
        "year": talk.year,
    }


def talks_of(person_id: str) -> list[Row]:
    """A person's talks, pending first, then the newest (for their record)."""
    query = (
        TalkListing()
        .base_query()
        .where(Talk.person == person_id)
        .order_by(_pending_first(), Talk.talk_date.desc(), Talk.created_at.desc())
    )
    return [talk_row(talk) for talk in query]


def pending_count() -> int:
    return int(TalkListing().base_query().where(Talk.status == STATUS_PENDING).count())


def first_pending_id() -> str | None:
    talk = TalkListing().base_query().where(Talk.status == STATUS_PENDING).order_by(Talk.created_at).first()
    return str(talk.id) if talk is not None else None


# ---------------------------------------------------------------- the form


def talk_person_options() -> list[tuple[str, str]]:
    """Whom a talk can be with: serving cadres, reserve cadres and anyone already talked to."""
    serving = CadrePost.live(CadrePost.person).where(CadrePost.ended_on.is_null())
    reserves = ReserveCadre.live(ReserveCadre.person)
    talked = Talk.live(Talk.person)
    query = Person.live().where(Person.id.in_(serving) | Person.id.in_(reserves) | Person.id.in_(talked))
    return person_options(query)


def _talker_suggestions() -> list[str]:
    names = [party_secretary()] if party_secretary() else []
    used = Talk.live(Talk.talkers).where(Talk.talkers != "").distinct().order_by(Talk.talkers).limit(50)
    for value in distinct_values(used):
        if value not in names:
            names.append(value)
    return names


def _place_suggestions() -> list[str]:
    used = distinct_values(
        Talk.live(Talk.place).where(Talk.place != "").distinct().order_by(Talk.place).limit(50)
    )
    return list(dict.fromkeys([*PLACES, *used]))


TALK_FORM_FIELDS = (
    Section("谈话对象与事由", TALK.form("record_no", "kind", "person", "person_post", "reason", "source")),
    Section(
        "谈话安排",
        TALK.form("talkers", "talker_post", "recorder", "reviewer", "talk_date", "talk_time", "place"),
    ),
    Section(
        "谈话记录（填写谈话日期和谈话内容后即为“已完成”）", TALK.form("content", "response", "follow_up")
    ),
)


def load_talk(talk_id: str | None) -> Values:
    if not talk_id:
        return {"kind": "", "person": "", "talk_date": ""}
    talk = Talk.get_by_id(talk_id)
    return {
        "kind": talk.kind,
        "person": talk.person_id,
        "person_post": talk.person_post,
        "reason": talk.reason,
        "source": talk.source,
        "talkers": talk.talkers,
        "talker_post": talk.talker_post,
        "recorder": talk.recorder,
        "reviewer": talk.reviewer,
        "record_no": talk.record_no,
        "talk_date": talk.talk_date.isoformat() if talk.talk_date else "",
        "talk_time": talk.talk_time,
        "place": talk.place,
        "content": talk.content,
        "response": talk.response,
        "follow_up": talk.follow_up,
    }


def _multiline(values: Mapping[str, Any], key: str) -> str:
    return str(values.get(key) or "").replace("\r\n", "\n").strip()


def clean_talk(talk_id: str | None, values: Mapping[str, Any]) -> Values:
    """Validated Talk fields; raises ValidationError naming the field."""
    kind_text = require(values, "kind", TALK.label("kind"))
    kind = vocab.TALK_KINDS.normalize(kind_text)
    if kind is None:
        raise ValidationError("kind", f"谈话类型“{kind_text}”无法识别，请从列表中选择。")
    person_id = clean_text(values.get("person"))
    if not person_id:
        raise ValidationError("person", "请选择“谈话对象”。")
    person = Person.live().where(Person.id == person_id).first()
    if person is None:
        raise ValidationError("person", "所选的谈话对象不存在或已被删除。")
    talk_date = TALK["talk_date"].date(values)
    content = _multiline(values, "content")
    talkers = clean_text(values.get("talkers")).replace(",", "、").replace("，", "、")
    if content and talk_date is None:
        raise ValidationError("talk_date", "已填写谈话内容，请同时填写“谈话日期”。")
    if content and talk_date is not None and talk_date > clock.today():
        raise ValidationError("talk_date", "谈话日期晚于今天：尚未进行的谈话请先不要填写谈话内容。")
    status = _status(talk_date, content)
    if status == STATUS_DONE and not talkers:
        raise ValidationError("talkers", "请填写“谈话人”。")
    talk_time = clean_text(values.get("talk_time"))
    if len(talk_time) > 20:
        raise ValidationError("talk_time", "“谈话时间”太长，请只写时刻，如 上午9:30。")
    existing = find(Talk, talk_id)
    year = talk_date.year if talk_date else (existing.year if existing is not None else clock.today().year)
    person_post = clean_text(values.get("person_post")) or post_snapshot(person_id)
    record_no = clean_text(values.get("record_no"))
    if record_no and len(record_no) > 30:
        raise ValidationError("record_no", "“编号”太长，请写成 年度-序号，如 2026-007。")
    if record_no:
        clash = Talk.live().where((Talk.record_no == record_no) & (Talk.year == year))
        if talk_id:
            clash = clash.where(Talk.id != talk_id)
        if clash.exists():
            raise ValidationError("record_no", f"编号“{record_no}”已用于{year}年的另一次谈话，请换一个。")
    elif status == STATUS_DONE:
        record_no = next_record_no(year)
    return {
        "record_no": record_no,
        "reviewer": clean_text(values.get("reviewer")),
        "kind": kind,
        "person": person.id,
        "person_post": person_post,
        "reason": _multiline(values, "reason"),
        "talkers": talkers,
        "talker_post": clean_text(values.get("talker_post")),
        "recorder": clean_text(values.get("recorder")),
        "talk_date": talk_date,
        "talk_time": talk_time,
        "place": clean_text(values.get("place")),
        "content": content,
        "response": _multiline(values, "response"),
        "follow_up": _multiline(values, "follow_up"),
        "status": status,
        "year": year,
    }


def next_record_no(year: int) -> str:
    """The next talk-record number of a year: 2026-001, 2026-002 … (after the highest one used)."""
    prefix = f"{year}-"
    used = Talk.select(Talk.record_no).where(Talk.record_no.startswith(prefix))
    highest = max((int(n[len(prefix) :]) for (n,) in used.tuples() if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:03d}"


def save_talk(talk_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or update one talk in one transaction; returns its id."""
    fields = clean_talk(talk_id, values)
    with database.atomic():
        talk = write_record(Talk, talk_id, fields)
    return str(talk.id)


def derive_talk(values: Mapping[str, Any]) -> Values:
    """Fill the person's post at the time once a person is chosen."""
    person_id = clean_text(values.get("person"))
    if person_id and not clean_text(values.get("person_post")):
        return {"person_post": post_snapshot(person_id)}
    return {}


TALK_FORM = FormSpec(
    title="谈话记录", sections=TALK_FORM_FIELDS, load=load_talk, save=save_talk, derive=derive_talk
)
