"""Coverage of new cadres by mentors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee

from township_desk.models.cadres import CadrePost
from township_desk.models.mentoring import Mentorship
from township_desk.models.people import Person, Village
from township_desk.services import vocab
from township_desk.services.mentoring.pairs import (
    ACTIVE,
    KINDS_NEEDING_UNIT,
    Mentor,
    live_pairs,
    serving_post_of,
)

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
