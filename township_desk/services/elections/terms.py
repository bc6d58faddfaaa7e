"""Terms and elections (换届) of the village committees: committees of a post, 新任 computed from the post
history, terms ending, villages whose election is overdue, and the township-wide progress of an election."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import peewee

from township_desk.db import database
from township_desk.models.cadres import CadrePost
from township_desk.models.elections import Election, ElectionResult
from township_desk.models.people import Village
from township_desk.services import clock, vocab
from township_desk.services.settings import get_setting

PARTY = "党组织"
VILLAGERS = "村(居)委会"
SUPERVISION = "监委会"
COMMITTEES = (PARTY, VILLAGERS, SUPERVISION)
TERM_YEARS = 5
METHODS = ("两推一选", "直接选举", "公推直选", "等额选举", "差额选举", "补选")

#: The general election of the village committees before elections were recorded here (2021, the last one).
LAST_GENERAL_ELECTION_KEY = "last_general_election"
LAST_GENERAL_ELECTION_DEFAULT = "2021-01-01"

#: Which committee(s) each post of vocab.CADRE_POSTS sits on (一肩挑 sits on both 两委).
_COMMITTEES_OF_POST: dict[str, tuple[str, ...]] = {
    "党组织书记、主任": (PARTY, VILLAGERS),
    "党组织书记": (PARTY,),
    "党组织副书记": (PARTY,),
    "党组织委员": (PARTY,),
    "村(居)委会主任": (VILLAGERS,),
    "村(居)委会副主任": (VILLAGERS,),
    "村(居)委会委员": (VILLAGERS,),
    "村务监督委员会主任": (SUPERVISION,),
    "村务监督委员会委员": (SUPERVISION,),
}
TWO_COMMITTEES = (PARTY, VILLAGERS)


def committees_of(post: str) -> tuple[str, ...]:
    """The committees a post (any spelling) belongs to; () for posts outside them (妇联主席, 报账员 …)."""
    label = vocab.CADRE_POSTS.normalize(post) or post
    return _COMMITTEES_OF_POST.get(label, ())


def two_committee_posts() -> list[str]:
    """Post labels on the Party committee or the villagers' committee (“两委”)."""
    return [
        label for label, committees in _COMMITTEES_OF_POST.items() if set(committees) & set(TWO_COMMITTEES)
    ]


def add_years(day: date, years: int) -> date:
    """The same day `years` later (28 February for a 29 February that does not come again)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_general_election() -> date:
    """The general election before any was recorded here (a setting; 2021 by default)."""
    text = get_setting(LAST_GENERAL_ELECTION_KEY) or LAST_GENERAL_ELECTION_DEFAULT
    try:
        return date.fromisoformat(text)
    except ValueError:
        return date.fromisoformat(LAST_GENERAL_ELECTION_DEFAULT)


def latest_election(village_id: str, committee: str | None = None, on: date | None = None) -> Election | None:
    """The village's most recent general election held on or before `on` (of one committee, or any)."""
    on = on or clock.today()
    query = Election.live().where(
        (Election.village == village_id) & (Election.held_on <= on) & (Election.general == True)  # noqa: E712
    )
    if committee:
        query = query.where(Election.committee == committee)
    return query.order_by(Election.held_on.desc()).first()


def latest_terms(committees: tuple[str, ...], on: date) -> dict[tuple[str, str], tuple[date, date | None]]:
    """What latest_election gives terms_ending, for every village and each of the committees in one query:
    (village id, committee) → (held_on, term_ends_on) of the most recent general election on or before `on`.
    (SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.)"""
    held_on = peewee.fn.MAX(Election.held_on).python_value(Election.held_on.python_value)
    query = (
        Election.live(Election.village, Election.committee, held_on, Election.term_ends_on)
        .where(
            (Election.held_on <= on)
            & (Election.general == True)  # noqa: E712
            & Election.committee.in_(list(committees))
        )
        .group_by(Election.village, Election.committee)
        .tuples()
    )
    return {(str(village), str(committee)): (held, ends) for village, committee, held, ends in query}


def term_start(village_id: str, on: date | None = None) -> date:
    """When the village's current term began: its latest recorded general election, else the last general
    election of the whole country (the 2021 data keep their meaning)."""
    election = latest_election(village_id, on=on)
    return election.held_on if election is not None else last_general_election()


def round_start(election: Election) -> date:
    """When the election round of `election` began: the village's earliest general election in the twelve
    months up to it (the Party committee usually elects a few weeks before the villagers' committee)."""
    first = (
        Election.live()
        .where(
            (Election.village == election.village_id)
            & (Election.general == True)  # noqa: E712
            & (Election.held_on <= election.held_on)
            & (Election.held_on > add_years(election.held_on, -1))
        )
        .order_by(Election.held_on)
        .first()
    )
    return first.held_on if first is not None else election.held_on


def refresh_new_marks(village_ids: list[str] | None = None) -> int:
    """Recompute 新任 for the posts taken in a recorded election; returns how many marks changed.

    新任 = the first time in a “两委” post in the current term: the post was taken in its committee's latest
    general election and the person held no “两委” post (in any village) that began before that election
    round. Posts from before elections were recorded keep the mark entered for them. One transaction.
    """
    villages = village_ids or [v.id for v in Village.live(Village.id)]
    changed = 0
    with database.atomic():
        for village_id in villages:
            latest = {
                committee: latest_election(village_id, committee, on=date.max) for committee in COMMITTEES
            }
            results = (
                ElectionResult.live()
                .join(Election, on=(ElectionResult.election == Election.id))
                .where((Election.village == village_id) & Election.deleted_at.is_null())
            )
            for result in results:
                post = (
                    CadrePost.get_or_none(CadrePost.id == result.cadre_post_id)
                    if result.cadre_post_id
                    else None
                )
                if post is None or post.deleted_at is not None:
                    continue
                election = result.election
                current = latest.get(election.committee)
                new = (
                    current is not None
                    and election.id == current.id
                    and not _served_before(result.person_id, post, round_start(election))
                )
                if bool(post.is_new) != new:
                    CadrePost.update(is_new=new).where(CadrePost.id == post.id).execute()
                    changed += 1
    return changed


def _served_before(person_id: str, post: CadrePost, start: date) -> bool:
    """Whether the person held a “两委” post that began before the round started (this post too: a re-elected
    cadre keeps serving in the same post)."""
    query = CadrePost.live().where(
        (CadrePost.person == person_id)
        & CadrePost.post.in_(two_committee_posts())
        & ((CadrePost.started_on < start) | CadrePost.started_on.is_null())
    )
    return query.exists()


@dataclass(frozen=True)
class TermEnd:
    """A village committee whose term ends soon or has ended without a new election."""

    village: str
    committee: str
    held_on: date | None
    term_ends_on: date
    overdue: bool

    def line(self) -> str:
        when = f"{self.term_ends_on.year}年{self.term_ends_on.month}月{self.term_ends_on.day}日"
        elected = f"{self.held_on.year}年选举" if self.held_on else "未登记选举"
        state = "已届满，尚未换届" if self.overdue else "任期将满"
        return f"{self.village}{self.committee}（{elected}）：{when}{state}"


def terms_ending(within_months: int = 6, today: date | None = None) -> list[TermEnd]:
    """The 两委 of every village whose term ends within `within_months`, or has ended without a new
    election (overdue first). Villages with no election recorded count from the last general election."""
    today = today or clock.today()
    horizon = _month_shift(today, within_months)
    default_end = add_years(last_general_election(), TERM_YEARS)
    latest = latest_terms(TWO_COMMITTEES, on=today)
    out: list[TermEnd] = []
    for village in Village.live().order_by(Village.sort_order, Village.name):
        if getattr(village, "status", "") == "撤并":  # a village merged away elects no more
            continue
        for committee in TWO_COMMITTEES:
            held, term_ends = latest.get((village.id, committee), (None, None))
            ends = (term_ends or add_years(held, TERM_YEARS)) if held is not None else default_end
            if ends <= horizon:
                out.append(TermEnd(village.name, committee, held, ends, overdue=ends < today))
    out.sort(key=lambda t: (not t.overdue, t.term_ends_on, t.village))
    return out


def _month_shift(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it is shorter."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


@dataclass(frozen=True)
class ElectionProgress:
    """The township-wide progress of a general election year: villages done and to do."""

    year: int
    done: list[str]
    to_do: list[str]

    def line(self) -> str:
        total = len(self.done) + len(self.to_do)
        return f"{self.year}年换届：已完成 {len(self.done)}/{total} 个村(社区)"


def election_progress(year: int) -> ElectionProgress:
    """Villages whose two committees both held a general election in `year`, and those still to do."""
    done: list[str] = []
    to_do: list[str] = []
    held: dict[str, set[str]] = {}  # village id → committees that held a general election that year
    query = Election.live(Election.village, Election.committee).where(
        (Election.general == True)  # noqa: E712
        & (Election.held_on >= date(year, 1, 1))
        & (Election.held_on <= date(year, 12, 31))
    )
    for village_id, committee in query.tuples():
        held.setdefault(str(village_id), set()).add(str(committee))
    for village in Village.live().order_by(Village.sort_order, Village.name):
        if getattr(village, "status", "") == "撤并":
            continue
        (done if set(TWO_COMMITTEES) <= held.get(village.id, set()) else to_do).append(village.name)
    return ElectionProgress(year, done, to_do)


def year_of_general_election(today: date | None = None) -> int:
    """The year of the general election now due (2026 for terms begun in 2021)."""
    today = today or clock.today()
    due = add_years(last_general_election(), TERM_YEARS).year
    return due if today.year <= due + 1 else today.year
