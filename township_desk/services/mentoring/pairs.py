"""Mentoring pairs: the shared rules, stale mentors and the 导师帮带 list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import peewee

from township_desk.db import write_mark
from township_desk.models.cadres import CadrePost
from township_desk.models.mentoring import MentorExchange, Mentorship
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.listing import Column, Filter, Listing, Row
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    age_on,
    person_search,
    village_names,
)

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
        self._stale_key: tuple[Any, ...] | None = None
        self.columns = (
            Column("mentor", "导师", Mentor.pinyin, width=62),
            Column("mentor_kind", "导师类别", Mentorship.mentor_kind, width=88),
            Column("mentor_unit", "导师单位", Mentorship.mentor_unit, width=80),
            Column("mentor_post", "导师职务", Mentorship.mentor_post, width=140),
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
            Column("flag", "提醒", None, width=110),
            Column(
                "exchanges",
                "交流次数",
                peewee.fn.COALESCE(_exchange_count_subquery(), 0),
                align="center",
                width=72,
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
        return query.where(  # on the joined mentor and mentee: no scan of every person per keystroke
            person_search(text, Mentor)
            | person_search(text, Mentee)
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

    def stale_ids(self) -> set[str]:
        """The silent mentors, read again only after a write or on another day (not on every keystroke)."""
        key = (write_mark(), self.today or clock.today())
        if key != self._stale_key:
            self._stale, self._stale_key = stale_mentor_ids(self.today), key
        return self._stale

    def to_row(self, pair: Any) -> Row:
        village = getattr(pair.mentee, "mentee_village", None)
        stale = pair.status == ACTIVE and str(pair.mentor_id) in self.stale_ids()
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
