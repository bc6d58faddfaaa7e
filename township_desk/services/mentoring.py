"""导师帮带: mentor–mentee pairs, growth plans, exchanges, coverage of new cadres and stale mentors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.cadres import CadrePost
from township_desk.models.mentoring import GrowthPlan, MentorExchange, Mentorship
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import Column, Filter, Listing, ListState, Row
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    age_on,
    clean_person,
    parse_date_field,
    person_label,
    person_options,
    person_search,
    save_person,
    village_names,
    vocab_field,
)
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, require
from township_desk.services.settings import report_context, unit_name

ACTIVE = "帮带中"
ENDED = "已结束"
STALE_DAYS = 90
STALE_FLAG = f"导师超{STALE_DAYS}天未交流"
STALE_MARK = f"⚠ 超{STALE_DAYS}天未交流"
# Mentor kinds whose unit must be written on the pair (people from outside the village).
KINDS_NEEDING_UNIT = frozenset({"乡镇干部", "县直单位干部"})

Mentor = Person.alias("mentor_person")
Mentee = Person.alias("mentee_person")
MenteeVillage = Village.alias("mentee_village")


def _as_date(value: Any) -> date | None:
    """A date from a date or the ISO text an SQL aggregate returns."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def serving_post_of(person_id: str) -> CadrePost | None:
    """A person's current (serving) post, the most recently started one."""
    return (
        CadrePost.live()
        .where((CadrePost.person == person_id) & CadrePost.ended_on.is_null())
        .order_by(CadrePost.started_on.desc(nulls="LAST"))
        .first()
    )


def _post_subquery(person_field: Any) -> Any:
    """The current post's label of the person in person_field, as a scalar SQL subquery."""
    post = CadrePost.alias()
    return (
        post.select(post.post)
        .where((post.person == person_field) & post.ended_on.is_null() & post.deleted_at.is_null())
        .order_by(post.started_on.desc())
        .limit(1)
    )


def _exchange_count_subquery() -> Any:
    exchange = MentorExchange.alias()
    return exchange.select(peewee.fn.COUNT(exchange.id)).where(
        (exchange.mentorship == Mentorship.id) & exchange.deleted_at.is_null()
    )


def _last_exchange_subquery() -> Any:
    exchange = MentorExchange.alias()
    return exchange.select(peewee.fn.MAX(exchange.date)).where(
        (exchange.mentorship == Mentorship.id) & exchange.deleted_at.is_null()
    )


def live_pairs() -> peewee.ModelSelect:
    """Pairs not in the recycle bin whose mentor and mentee are not either."""
    return (
        Mentorship.select(Mentorship, Mentor, Mentee)
        .join(Mentor, on=(Mentorship.mentor == Mentor.id), attr="mentor")
        .switch(Mentorship)
        .join(Mentee, on=(Mentorship.mentee == Mentee.id), attr="mentee")
        .where(Mentorship.deleted_at.is_null() & Mentor.deleted_at.is_null() & Mentee.deleted_at.is_null())
    )


# ---------------------------------------------------------------- stale mentors


@dataclass(frozen=True)
class MentorActivity:
    """A mentor with pairs 帮带中: how many, since when, the last exchange, whether it is overdue."""

    person_id: str
    name: str
    unit: str
    mentees: int
    first_start: date | None
    last_exchange: date | None
    stale: bool


def mentor_activity(today: date | None = None) -> list[MentorActivity]:
    """Every mentor with pairs 帮带中; stale when no exchange in the last 90 days (counting from the
    earliest pairing when there was none yet), so a mentor paired last week is not flagged."""
    cutoff = (today or clock.today()) - timedelta(days=STALE_DAYS)
    active = Mentorship.status == ACTIVE
    pairs = (
        live_pairs()
        .select(
            Mentor.id,
            Mentor.name,
            peewee.fn.COUNT(Mentorship.id),
            peewee.fn.MIN(Mentorship.started_on),
            peewee.fn.MAX(Mentorship.mentor_unit),
        )
        .where(active)
        .group_by(Mentor.id)
        .tuples()
    )
    last: dict[str, date | None] = {
        str(mentor_id): _as_date(value)
        for mentor_id, value in (
            MentorExchange.select(Mentorship.mentor, peewee.fn.MAX(MentorExchange.date))
            .join(Mentorship)
            .where(MentorExchange.deleted_at.is_null() & Mentorship.deleted_at.is_null() & active)
            .group_by(Mentorship.mentor)
            .tuples()
        )
    }
    found = []
    for mentor_id, name, count, first, unit in pairs:
        first_start = _as_date(first)
        last_exchange = last.get(str(mentor_id))
        reference = last_exchange or first_start
        stale = reference is None or reference < cutoff
        found.append(
            MentorActivity(
                str(mentor_id), str(name), str(unit or ""), int(count), first_start, last_exchange, stale
            )
        )
    found.sort(key=lambda a: (not a.stale, a.last_exchange or date.min, a.name))
    return found


def stale_mentors(today: date | None = None) -> list[MentorActivity]:
    """Mentors with pairs 帮带中 and no exchange in the last 90 days, the longest silent first."""
    return [a for a in mentor_activity(today) if a.stale]


def stale_mentor_ids(today: date | None = None) -> set[str]:
    return {a.person_id for a in stale_mentors(today)}


# ---------------------------------------------------------------- the pairs list


class MentorshipListing(Listing):
    """Mentor–mentee pairs with units, posts, dates, status and the exchange count."""

    title = "导师帮带"

    def __init__(self, today: date | None = None) -> None:
        self.today = today
        self._stale: set[str] = set()
        self.columns = (
            Column("mentor", "导师", Mentor.pinyin, width=62),
            Column("mentor_kind", "导师类别", Mentorship.mentor_kind, width=88),
            Column("mentor_unit", "导师单位", Mentorship.mentor_unit, width=80),
            Column("mentor_post", "导师职务", Mentorship.mentor_post, width=92),
            Column("mentee", "帮带对象", Mentee.pinyin, width=62),
            Column("village", "村(社区)", MenteeVillage.sort_order, width=68),
            Column(
                "mentee_post",
                "帮带对象职务",
                peewee.fn.COALESCE(_post_subquery(Mentorship.mentee), ""),
                width=108,
            ),
            Column("started_on", "结对时间", Mentorship.started_on, align="center", width=78),
            Column("ended_on", "结束时间", Mentorship.ended_on, align="center", width=78),
            Column("status", "状态", Mentorship.status, align="center", width=55),
            Column("flag", "提醒", None, width=124),
            Column(
                "exchanges",
                "交流次数",
                peewee.fn.COALESCE(_exchange_count_subquery(), 0),
                align="center",
                width=58,
            ),
            Column(
                "last_exchange",
                "最近交流",
                peewee.fn.COALESCE(_last_exchange_subquery(), ""),
                align="center",
                width=80,
            ),
        )
        self.default_sort = (Mentor.pinyin, Mentorship.started_on, Mentee.pinyin)
        self.filters = (
            Filter("status", "状态", vocab.MENTORSHIP_STATUS.labels),
            Filter("kind", "导师类别", vocab.MENTOR_KINDS.labels),
            Filter("village", "村(社区)", village_names),
            Filter("flag", "提醒", lambda: [STALE_FLAG]),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            live_pairs()
            .select(
                Mentorship,
                Mentor,
                Mentee,
                MenteeVillage,
                _post_subquery(Mentorship.mentee).alias("mentee_post_label"),
                _exchange_count_subquery().alias("exchange_count"),
                _last_exchange_subquery().alias("last_exchange_on"),
            )
            .switch(Mentee)
            .join(
                MenteeVillage,
                peewee.JOIN.LEFT_OUTER,
                on=(Mentee.village == MenteeVillage.id),
                attr="mentee_village",
            )
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        mentor_ids = Person.select(Person.id).where(person_search(text))
        return query.where(
            Mentorship.mentor.in_(mentor_ids)
            | Mentorship.mentee.in_(mentor_ids)
            | Mentorship.mentor_unit.contains(clean_text(text))
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "status":
            return query.where(Mentorship.status == value)
        if key == "kind":
            return query.where(Mentorship.mentor_kind == value)
        if key == "village":
            return query.where(MenteeVillage.name == value)
        if key == "flag" and value == STALE_FLAG:
            ids = sorted(stale_mentor_ids(self.today))
            return query.where(Mentorship.mentor.in_(ids) & (Mentorship.status == ACTIVE))
        if key == "mentee":
            return query.where(Mentorship.mentee == value)
        return super().apply_filter(query, key, value)

    def fetch(self, state: ListState, offset: int, limit: int) -> list[Row]:
        self._stale = stale_mentor_ids(self.today)
        return super().fetch(state, offset, limit)

    def to_row(self, pair: Any) -> Row:
        village = getattr(pair.mentee, "mentee_village", None)
        stale = pair.status == ACTIVE and str(pair.mentor_id) in self._stale
        return {
            "id": pair.id,
            "mentor_id": pair.mentor_id,
            "mentee_id": pair.mentee_id,
            "mentor": pair.mentor.name,
            "mentor_phone": pair.mentor.phone,
            "mentor_kind": pair.mentor_kind,
            "mentor_unit": pair.mentor_unit,
            "mentor_post": pair.mentor_post,
            "mentee": pair.mentee.name,
            "mentee_sex": pair.mentee.sex,
            "mentee_age": age_on(pair.mentee.birth_date),
            "mentee_phone": pair.mentee.phone,
            "village": village.name if village is not None and village.id else "",
            "mentee_post": getattr(pair, "mentee_post_label", None) or "",
            "started_on": pair.started_on,
            "ended_on": pair.ended_on,
            "status": pair.status,
            "exchanges": int(getattr(pair, "exchange_count", 0) or 0),
            "last_exchange": _as_date(getattr(pair, "last_exchange_on", None)),
            "flag": STALE_MARK if stale else "",
            "stale": stale,
            "remark": pair.notes,
        }


# ---------------------------------------------------------------- coverage of new cadres


@dataclass(frozen=True)
class UnpairedCadre:
    """A serving new cadre without any mentor."""

    person_id: str
    name: str
    village: str
    post: str
    started_on: date | None

    def label(self) -> str:
        where = "，".join(x for x in (self.village, self.post) if x)
        return f"{self.name}（{where}）" if where else self.name


@dataclass(frozen=True)
class Coverage:
    """已结对 paired of total new cadres; the unpaired ones by village and post."""

    total: int
    paired: int
    unpaired: tuple[UnpairedCadre, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.paired / self.total if self.total else 100.0

    def text(self) -> str:
        if not self.total:  # no 0/0 (100 %): say what to do first
            return "还没有标为“新任”的干部（在 干部 页标注后再结对导师）"
        return f"新任干部已结对 {self.paired}/{self.total}（{self.percent:.0f}%）"


def _new_cadre_posts() -> peewee.ModelSelect:
    """Current posts marked 新任 of live people."""
    return (
        CadrePost.select(CadrePost, Person, Village)
        .join(Person, on=(CadrePost.person == Person.id))
        .switch(CadrePost)
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(CadrePost.village == Village.id))
        .where(
            CadrePost.deleted_at.is_null()
            & CadrePost.ended_on.is_null()
            & (CadrePost.is_new == True)  # noqa: E712
            & Person.deleted_at.is_null()
        )
    )


def _paired_people() -> peewee.ModelSelect:
    """People who have a pair (帮带中 or 已结束) that is not in the recycle bin."""
    return live_pairs().select(Mentorship.mentee)


def coverage() -> Coverage:
    """How many serving new cadres have (or had) a mentor; a pairing that ended normally still counts."""
    people = _new_cadre_posts().select(peewee.fn.COUNT(peewee.fn.DISTINCT(CadrePost.person))).scalar() or 0
    paired = (
        _new_cadre_posts()
        .select(peewee.fn.COUNT(peewee.fn.DISTINCT(CadrePost.person)))
        .where(CadrePost.person.in_(_paired_people()))
        .scalar()
        or 0
    )
    return Coverage(int(people), int(paired), tuple(unpaired_cadres()))


def unpaired_count() -> int:
    """How many serving new cadres have no mentor (coverage's total − paired, in one query; for the 首页)."""
    return int(
        _new_cadre_posts()
        .select(peewee.fn.COUNT(peewee.fn.DISTINCT(CadrePost.person)))
        .where(CadrePost.person.not_in(_paired_people()))
        .scalar()
        or 0
    )


def unpaired_cadres() -> list[UnpairedCadre]:
    """Serving new cadres without a mentor, by village and post."""
    from township_desk.services.cadres import post_rank

    query = (
        _new_cadre_posts()
        .where(CadrePost.person.not_in(_paired_people()))
        .order_by(Village.sort_order, post_rank(), Person.pinyin)
    )
    seen: set[str] = set()
    found = []
    for post in query:
        if post.person_id in seen:
            continue
        seen.add(post.person_id)
        village = post.village.name if post.village_id and post.village else ""
        found.append(
            UnpairedCadre(
                str(post.person_id), str(post.person.name), village, str(post.post), post.started_on
            )
        )
    return found


@dataclass(frozen=True)
class MentorSuggestion:
    """Who could mentor a new cadre, with the kind, unit and post to write on the pair."""

    person_id: str
    name: str
    kind: str
    unit: str
    post: str


def suggest_mentor(mentee_id: str) -> MentorSuggestion | None:
    """The village's Party secretary (when the mentee is not the secretary); else the township or
    county mentor with the fewest mentees 帮带中; None when there is no one to suggest."""
    mentee = Person.get_or_none(Person.id == mentee_id)
    if mentee is None:
        return None
    own = serving_post_of(mentee_id)
    village_id = own.village_id if own is not None and own.village_id else mentee.village_id
    is_secretary = own is not None and vocab.is_secretary(own.post)
    if village_id and not is_secretary:
        secretaries = (
            CadrePost.live()
            .join(Person)
            .where(
                (CadrePost.village == village_id)
                & CadrePost.ended_on.is_null()
                & CadrePost.post.in_(["党组织书记、主任", "党组织书记"])
                & (CadrePost.person != mentee_id)
                & Person.deleted_at.is_null()
            )
            .order_by(CadrePost.is_new, CadrePost.started_on)
        )
        secretary = secretaries.first()
        if secretary is not None:
            village = Village.get_by_id(village_id)
            return MentorSuggestion(
                str(secretary.person_id),
                str(secretary.person.name),
                "村党组织书记",
                str(village.name),
                str(secretary.post),
            )
    busy = (
        live_pairs()
        .select(
            Mentorship.mentor,
            Mentor.name,
            peewee.fn.COUNT(Mentorship.id).alias("load"),
            peewee.fn.MAX(Mentorship.mentor_kind),
            peewee.fn.MAX(Mentorship.mentor_unit),
            peewee.fn.MAX(Mentorship.mentor_post),
        )
        .where(
            (Mentorship.status == ACTIVE)
            & Mentorship.mentor_kind.in_(sorted(KINDS_NEEDING_UNIT))
            & (Mentorship.mentor != mentee_id)
        )
        .group_by(Mentorship.mentor)
        .order_by(peewee.SQL("load"), Mentor.pinyin)
        .tuples()
    )
    for mentor_id, name, _load, kind, unit, post in busy:
        return MentorSuggestion(str(mentor_id), str(name), str(kind or ""), str(unit or ""), str(post or ""))
    return None


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
        pair = Mentorship.get_by_id(pair_id) if pair_id else Mentorship()
        pair.mentor = mentor
        pair.mentee = mentee
        pair.mentor_kind = kind
        pair.mentor_unit = unit
        pair.mentor_post = post
        pair.started_on = started
        pair.ended_on = ended
        pair.status = status
        pair.notes = str(values.get("notes") or "").strip()
        pair.save(force_insert=pair_id is None)
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


# ---------------------------------------------------------------- growth plans


def live_plan(pair_id: str) -> GrowthPlan | None:
    return (
        GrowthPlan.live()
        .where(GrowthPlan.mentorship == pair_id)
        .order_by(GrowthPlan.created_at.desc())
        .first()
    )


def _pair_title(pair: Mentorship) -> str:
    return f"导师 {pair.mentor.name} — 帮带对象 {pair.mentee.name}"


PLAN_FIELDS = (
    Field("pair", "结对", "readonly"),
    Field("period_start", "计划开始", "date", placeholder="如 2021.07"),
    Field("period_end", "计划结束", "date", placeholder="如 2024.06"),
    Field("goals", "成长目标", "multiline", required=True),
    Field("measures", "帮带措施", "multiline", required=True),
    Field("plan_notes", "备注", "multiline"),
)


def load_plan(pair_id: str | None) -> Values:
    if not pair_id:
        raise ValidationError(None, "请先选择一个导师帮带结对。")
    pair = Mentorship.get_by_id(pair_id)
    plan = live_plan(pair_id)
    start = plan.period_start if plan else pair.started_on
    end = plan.period_end if plan else None
    return {
        "pair": _pair_title(pair),
        "period_start": start.isoformat() if start else "",
        "period_end": end.isoformat() if end else "",
        "goals": plan.goals if plan else "",
        "measures": plan.measures if plan else "",
        "plan_notes": plan.notes if plan else "",
    }


def save_plan(pair_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or update the pair's growth plan; returns the pair's id."""
    if not pair_id:
        raise ValidationError(None, "请先选择一个导师帮带结对。")
    goals = str(values.get("goals") or "").strip()
    measures = str(values.get("measures") or "").strip()
    if not goals:
        raise ValidationError("goals", "请填写“成长目标”。")
    if not measures:
        raise ValidationError("measures", "请填写“帮带措施”。")
    start = parse_date_field(values, "period_start", "计划开始")
    end = parse_date_field(values, "period_end", "计划结束")
    if start and end and end < start:
        raise ValidationError("period_end", "计划结束早于计划开始，请核对。")
    with database.atomic():
        plan = live_plan(pair_id)
        created = plan is None
        plan = plan or GrowthPlan(mentorship=pair_id)
        plan.goals = goals
        plan.measures = measures
        plan.period_start = start
        plan.period_end = end
        plan.notes = str(values.get("plan_notes") or "").strip()
        plan.save(force_insert=created)
    return pair_id


PLAN_FORM = FormSpec(
    title="成长计划",
    sections=(Section("成长计划", PLAN_FIELDS),),
    load=load_plan,
    save=save_plan,
)


def period_text(start: date | None, end: date | None) -> str:
    def month(d: date | None) -> str:
        return f"{d.year}年{d.month}月" if d else ""

    if not start and not end:
        return ""
    return f"{month(start)}至{month(end)}" if end else f"{month(start)}起"


# ---------------------------------------------------------------- exchanges


class ExchangeListing(Listing):
    """The exchange log: every pair's, or one pair's (filter "pair")."""

    title = "帮带交流记录"

    def __init__(self) -> None:
        self.columns = (
            Column("date", "交流日期", MentorExchange.date, align="center", width=90),
            Column("form", "交流方式", MentorExchange.form, align="center", width=75),
            Column("mentor", "导师", Mentor.pinyin, width=70),
            Column("mentee", "帮带对象", Mentee.pinyin, width=70),
            Column("content", "交流内容", MentorExchange.content, width=260),
            Column("outcome", "成效", MentorExchange.outcome, width=200),
        )
        self.default_sort = (MentorExchange.date.desc(), MentorExchange.created_at.desc())
        self.filters = (Filter("form", "交流方式", vocab.EXCHANGE_FORMS.labels),)

    def base_query(self) -> peewee.ModelSelect:
        return (
            MentorExchange.select(MentorExchange, Mentorship, Mentor, Mentee, MenteeVillage)
            .join(Mentorship)
            .join(Mentor, on=(Mentorship.mentor == Mentor.id), attr="mentor")
            .switch(Mentorship)
            .join(Mentee, on=(Mentorship.mentee == Mentee.id), attr="mentee")
            .join(
                MenteeVillage,
                peewee.JOIN.LEFT_OUTER,
                on=(Mentee.village == MenteeVillage.id),
                attr="mentee_village",
            )
            .where(
                MentorExchange.deleted_at.is_null()
                & Mentorship.deleted_at.is_null()
                & Mentor.deleted_at.is_null()
                & Mentee.deleted_at.is_null()
            )
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        people = Person.select(Person.id).where(person_search(text))
        return query.where(
            Mentorship.mentor.in_(people)
            | Mentorship.mentee.in_(people)
            | MentorExchange.content.contains(clean_text(text))
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "pair":
            return query.where(MentorExchange.mentorship == value)
        if key == "form":
            return query.where(MentorExchange.form == value)
        return super().apply_filter(query, key, value)

    def to_row(self, exchange: Any) -> Row:
        pair = exchange.mentorship
        village = getattr(pair.mentee, "mentee_village", None)
        return {
            "id": exchange.id,
            "date": exchange.date,
            "form": exchange.form,
            "mentor": pair.mentor.name,
            "mentor_unit": pair.mentor_unit,
            "mentee": pair.mentee.name,
            "village": village.name if village is not None and village.id else "",
            "content": exchange.content,
            "outcome": exchange.outcome,
        }


EXCHANGE_FIELDS = (
    Field("pair", "结对", "readonly"),
    Field("date", "交流日期", "date", required=True, placeholder="如 2024-03-15"),
    Field(
        "form",
        "交流方式",
        "choice",
        required=True,
        choices=vocab.EXCHANGE_FORMS.labels,
        editable_choice=False,
    ),
    Field("content", "交流内容", "multiline", required=True),
    Field("outcome", "成效", "multiline"),
)


def exchange_form(pair_id: str) -> FormSpec:
    """The form of one exchange of a given pair (new exchanges are added to that pair)."""

    def load(exchange_id: str | None) -> Values:
        pair = Mentorship.get_by_id(pair_id)
        if not exchange_id:
            return {"pair": _pair_title(pair), "date": clock.today().isoformat(), "form": "面谈"}
        exchange = MentorExchange.get_by_id(exchange_id)
        return {
            "pair": _pair_title(pair),
            "date": exchange.date.isoformat(),
            "form": exchange.form,
            "content": exchange.content,
            "outcome": exchange.outcome,
        }

    def save(exchange_id: str | None, values: Mapping[str, Any]) -> str:
        return save_exchange(pair_id, exchange_id, values)

    return FormSpec(
        title="帮带交流记录", sections=(Section("交流记录", EXCHANGE_FIELDS),), load=load, save=save
    )


def save_exchange(pair_id: str, exchange_id: str | None, values: Mapping[str, Any]) -> str:
    """Add or change one exchange of a pair; returns the exchange's id."""
    pair = Mentorship.get_or_none((Mentorship.id == pair_id) & Mentorship.deleted_at.is_null())
    if pair is None:
        raise ValidationError(None, "该导师帮带结对已不存在（可能已被删除）。")
    day = parse_date_field(values, "date", "交流日期")
    if day is None:
        raise ValidationError("date", "请填写“交流日期”。")
    if day > clock.today():
        raise ValidationError("date", "交流日期不能晚于今天。")
    if pair.started_on and day < pair.started_on:
        raise ValidationError("date", f"交流日期早于结对时间（{pair.started_on.isoformat()}），请核对。")
    if pair.ended_on and day > pair.ended_on:
        raise ValidationError("date", f"交流日期晚于帮带结束时间（{pair.ended_on.isoformat()}），请核对。")
    form = vocab_field(values, "form", vocab.EXCHANGE_FORMS)
    if not form:
        raise ValidationError("form", "请选择“交流方式”。")
    content = str(values.get("content") or "").strip()
    if not content:
        raise ValidationError("content", "请填写“交流内容”。")
    with database.atomic():
        exchange = MentorExchange.get_by_id(exchange_id) if exchange_id else MentorExchange(mentorship=pair)
        exchange.date = day
        exchange.form = form
        exchange.content = content
        exchange.outcome = str(values.get("outcome") or "").strip()
        exchange.save(force_insert=exchange_id is None)
    return str(exchange.id)


# ---------------------------------------------------------------- one pair, for the detail panel and paper


def plan_record(pair_id: str) -> Values:
    """Everything the growth-plan form prints for one pair (plain values)."""
    pair = live_pairs().where(Mentorship.id == pair_id).get()
    mentee, mentor = pair.mentee, pair.mentor
    post = serving_post_of(mentee.id)
    plan = live_plan(pair_id)
    exchanges = (
        MentorExchange.live().where(MentorExchange.mentorship == pair_id).order_by(MentorExchange.date.desc())
    )
    total = exchanges.count()
    recent = [f"{e.date.isoformat()} {e.form}：{e.content}" for e in exchanges.limit(4)]
    if total > len(recent):
        recent.append(f"（共 {total} 次交流，此处列出最近 {len(recent)} 次）")
    village = mentee.village.name if mentee.village_id else ""
    mentor_post = "，".join(x for x in (pair.mentor_unit, pair.mentor_post) if x)
    return {
        "id": pair.id,
        "mentee": mentee.name,
        "sex": mentee.sex,
        "birth_date": mentee.birth_date,
        "age": age_on(mentee.birth_date),
        "education": mentee.education,
        "political": mentee.political,
        "phone": mentee.phone,
        "village": village,
        "mentee_post": post.post if post is not None else "",
        "post_start": post.started_on if post is not None else None,
        "mentor": mentor.name,
        "mentor_kind": pair.mentor_kind,
        "mentor_unit": pair.mentor_unit,
        "mentor_post": pair.mentor_post,
        "mentor_unit_post": mentor_post,
        "mentor_phone": mentor.phone,
        "started_on": pair.started_on,
        "ended_on": pair.ended_on,
        "status": pair.status,
        "period": period_text(plan.period_start, plan.period_end) if plan else "",
        "goals": plan.goals if plan else "",
        "measures": plan.measures if plan else "",
        "plan_notes": plan.notes if plan else "",
        "has_plan": plan is not None,
        "exchanges": "\n".join(recent) if recent else "（暂无交流记录）",
        "exchange_count": total,
    }


def find_mentee_pair(text: str) -> Mentorship:
    """The pair to print for a mentee given by name (or ID number): the one 帮带中, else the latest.

    No such mentee, or several people of that name, raise ValidationError with a Chinese message
    (the candidates listed with their village and ID-number ending, so the user can pick one).
    """
    name = clean_text(text)
    if not name:
        raise ValidationError("mentee", "请给出帮带对象的姓名（--mentee 姓名）。")
    upper = name.upper()
    people = list(
        Person.live().where((Person.name == name) | (Person.id_number == upper)).order_by(Person.pinyin)
    )
    if not people and len(upper) >= 4 and upper.isalnum() and not upper.isalpha():
        people = list(Person.live().where(Person.id_number.endswith(upper)))
    with_pairs = [p for p in people if live_pairs().where(Mentorship.mentee == p.id).exists()]
    if not people:
        raise ValidationError("mentee", f"没有找到名为“{name}”的人员，请核对姓名。")
    if not with_pairs:
        raise ValidationError("mentee", f"“{name}”没有导师帮带结对记录，无法打印成长计划。")
    if len(with_pairs) > 1:
        lines = "\n".join(
            f"  {person_label(p)}" + (f"  身份证号 {p.id_number}" if p.id_number else "") for p in with_pairs
        )
        raise ValidationError(
            "mentee",
            f"有 {len(with_pairs)} 位名为“{name}”的帮带对象，请改用身份证号（或身份证号后几位）指定：\n{lines}",
        )
    person = with_pairs[0]
    pair = (
        live_pairs()
        .where(Mentorship.mentee == person.id)
        .order_by((Mentorship.status == ACTIVE).desc(), Mentorship.started_on.desc())
        .first()
    )
    assert pair is not None
    return pair


# ---------------------------------------------------------------- export and paper

PAIR_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("mentor", "导师"),
    ("mentor_kind", "导师类别"),
    ("mentor_unit", "导师工作单位"),
    ("mentor_post", "导师职务"),
    ("mentor_phone", "导师电话"),
    ("mentee", "帮带对象"),
    ("village", "村(社区)"),
    ("mentee_post", "帮带对象职务"),
    ("mentee_phone", "帮带对象电话"),
    ("started_on", "结对时间"),
    ("ended_on", "结束时间"),
    ("status", "帮带状态"),
    ("exchanges", "交流次数"),
    ("last_exchange", "最近交流"),
    ("flag", "提醒"),
)
EXCHANGE_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "交流日期"),
    ("form", "交流方式"),
    ("mentor", "导师"),
    ("mentor_unit", "导师工作单位"),
    ("mentee", "帮带对象"),
    ("village", "村(社区)"),
    ("content", "交流内容"),
    ("outcome", "成效"),
)


def export_mentorships(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """The pairs (all, or as the tab shows them) to a workbook; returns rows written."""
    listing = MentorshipListing()
    state = state or ListState()
    rows = [{**row, "flag": STALE_FLAG if row["stale"] else ""} for row in listing.iter_rows(state)]
    return write_workbook(path, "导师帮带", PAIR_EXPORT_COLUMNS, rows, len(rows), progress)


def export_exchanges(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """The exchange log (all pairs, or what state selects) to a workbook; returns rows written."""
    listing = ExchangeListing()
    state = state or ListState()
    return write_workbook(
        path,
        "帮带交流记录",
        EXCHANGE_EXPORT_COLUMNS,
        listing.iter_rows(state),
        listing.count(state),
        progress,
    )


def roster_rows(state: ListState | None = None) -> list[Row]:
    """Pairs for the printed 导师帮带花名册: mentor with unit and post, mentee with village and post."""
    rows = []
    for row in MentorshipListing().iter_rows(state or ListState()):
        mentor_unit_post = "，".join(x for x in (row["mentor_unit"], row["mentor_post"]) if x)
        rows.append({**row, "mentor_unit_post": mentor_unit_post})
    return rows


def print_mentoring_roster(
    out: Path, progress: Progress = no_progress, state: ListState | None = None
) -> Path:
    """The 导师帮带花名册 PDF."""
    from township_desk.reports.table import render_table

    rows = roster_rows(state)
    cover = coverage()
    context = report_context(unit=unit_name(), coverage=cover.text())
    return render_table("mentoring_roster", rows, out, context, progress=progress)


def print_growth_plan(out: Path, pair_id: str) -> Path:
    """One pair's growth plan on one A4 page with signature lines for mentor and mentee."""
    from township_desk.reports.form import render_form

    return render_form("growth_plan", plan_record(pair_id), out, report_context())


def print_growth_plans(out: Path, pair_ids: Sequence[str], progress: Progress = no_progress) -> Path:
    """Several growth plans, one page each, in one PDF."""
    from township_desk.reports.form import render_forms

    if not pair_ids:
        raise ValidationError(None, "没有要打印的成长计划。")
    records = []
    for index, pair_id in enumerate(pair_ids):
        records.append(plan_record(pair_id))
        progress(index, len(pair_ids))
    return render_forms("growth_plan", records, out, report_context())


def print_growth_plan_for(out: Path, mentee: str) -> Path:
    """The growth plan of the mentee named (CLI: print growth-plan --mentee NAME)."""
    return print_growth_plan(out, find_mentee_pair(mentee).id)


def mentoring_summary() -> str:
    """The status-bar text: coverage and stale mentors."""
    cover = coverage()
    stale = len(stale_mentors())
    return cover.text() + (f" · {stale} 名导师超{STALE_DAYS}天未交流" if stale else "")
