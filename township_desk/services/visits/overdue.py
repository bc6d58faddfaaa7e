"""Overdue pairings and stale matters at a glance."""

from __future__ import annotations

from datetime import date
from typing import Any

import peewee

from township_desk.models.households import (
    Household,
    HouseholdMatter,
    HouseholdPairing,
)
from township_desk.models.people import Person, Village
from township_desk.services import clock
from township_desk.services.households import (
    live,
    overdue_cutoff,
    plain,
    stale_cutoff,
)
from township_desk.services.listing import Column, Listing, ListState, Row
from township_desk.services.normalize import clean_text
from township_desk.services.visits.records import OPEN_STATUSES, _as_date

# ---------------------------------------------------------------- overdue at a glance


def _days_since(day: date | None, today: date) -> int | None:
    return (today - day).days if day else None


def _rowid(model: Any) -> Any:
    return peewee.Column(model, "rowid")


def _of_village(name: str) -> peewee.ModelSelect:
    """The ids of a village's households (a few hundred at most: the fastest way in)."""
    return Household.select(Household.id).where(
        Household.village.in_(Village.select(Village.id).where(Village.name == name))
    )


class OverduePairingListing(Listing):
    """Current pairings whose member has not visited for N days (N: the overdue setting).

    A page walks the (ended_on, last_visit_on) index from the longest-unvisited pairing and stops
    after a page; the count asks the same index for its two ranges (never visited, visited before
    the cut-off); with a village chosen both start from the village's households instead.
    """

    title = "超期未走访"
    columns = (
        Column("member", "联系党员", None, width=65),
        Column("head", "户主", None, width=65),
        Column("village", "村(社区)", None, width=80),
        Column("started_on", "结对时间", None, align="center", width=85),
        Column("last_visit_on", "最近走访", HouseholdPairing.last_visit_on, align="center", width=85),
        Column("days", "未走访天数", None, align="center", width=70),
    )
    default_sort = (HouseholdPairing.last_visit_on, _rowid(HouseholdPairing))

    def __init__(self) -> None:
        self.village: str | None = None
        self.member: str | None = None

    def _overdue(self, query: peewee.ModelSelect, *, counting: bool) -> peewee.ModelSelect:
        pairing = HouseholdPairing
        cutoff = overdue_cutoff()
        started = pairing.started_on.is_null() | (pairing.started_on < cutoff)
        if self.village or self.member:
            query = query.where(
                live(pairing)
                & plain(pairing.ended_on).is_null()
                & (
                    (plain(pairing.last_visit_on) < cutoff)
                    | (plain(pairing.last_visit_on).is_null() & started)
                )
            )
            if self.village:
                query = query.where(pairing.household.in_(_of_village(self.village)))
            if self.member:
                query = query.where(pairing.member == self.member)
            return query
        if counting:  # two index ranges: visited before the cut-off, never visited
            return query.where(
                (pairing.ended_on.is_null() & (pairing.last_visit_on < cutoff) & live(pairing))
                | (pairing.ended_on.is_null() & pairing.last_visit_on.is_null() & live(pairing) & started)
            )
        return query.where(
            pairing.ended_on.is_null()
            & live(pairing)
            & ((plain(pairing.last_visit_on) < cutoff) | (pairing.last_visit_on.is_null() & started))
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            HouseholdPairing.select(
                HouseholdPairing.id,
                HouseholdPairing.household,
                HouseholdPairing.started_on,
                HouseholdPairing.last_visit_on,
                Person.name.alias("member"),
                Household.head_name.alias("head"),
                Village.name.alias("village"),
            )
            .join(Person, on=(HouseholdPairing.member == Person.id))
            .switch(HouseholdPairing)
            .join(Household, on=(HouseholdPairing.household == Household.id))
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Household.village == Village.id))
            .dicts()
        )

    def filtered(self, state: ListState) -> peewee.ModelSelect:
        query = self._overdue(self.scope(self.base_query()), counting=False)
        return self.apply_search(query, state.search) if state.search.strip() else query

    def count(self, state: ListState) -> int:
        query = self._overdue(HouseholdPairing.select(peewee.fn.COUNT(peewee.SQL("*"))), counting=True)
        if state.search.strip():
            query = self.apply_search(
                query.join(Person, on=(HouseholdPairing.member == Person.id))
                .switch(HouseholdPairing)
                .join(Household, on=(HouseholdPairing.household == Household.id)),
                state.search,
            )
        return int(query.scalar() or 0)

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        text = clean_text(text)
        return query.where(
            (peewee.fn.instr(Person.name, text) > 0) | (peewee.fn.instr(Household.head_name, text) > 0)
        )

    def to_row(self, record: Any) -> Row:
        today = clock.today()
        last = _as_date(record["last_visit_on"])
        started = _as_date(record["started_on"])
        days = _days_since(last or started, today)
        return {
            "id": record["id"],
            "household_id": record["household"],
            "member": record["member"],
            "head": record["head"],
            "village": record["village"] or "",
            "started_on": started,
            "last_visit_on": last or "从未走访",
            "days": days if days is not None else "",
        }


class StaleMatterListing(Listing):
    """Matters still open (待办 or 办理中) more than 30 days after they were raised, oldest first."""

    title = "超期未办结诉求"
    columns = (
        Column("raised_on", "提出日期", HouseholdMatter.raised_on, align="center", width=85),
        Column("days", "已过天数", None, align="center", width=60),
        Column("head", "户主", None, width=65),
        Column("village", "村(社区)", None, width=80),
        Column("status", "状态", None, align="center", width=55),
        Column("content", "诉求内容", None, width=200),
        Column("responsible", "责任人", None, width=80),
    )
    default_sort = (HouseholdMatter.raised_on, _rowid(HouseholdMatter))

    def __init__(self) -> None:
        self.village: str | None = None

    def _stale(self, query: peewee.ModelSelect, *, counting: bool) -> peewee.ModelSelect:
        matter = HouseholdMatter
        cutoff = stale_cutoff()
        if self.village:
            return query.where(
                live(matter)
                & plain(matter.status).in_(OPEN_STATUSES)
                & (plain(matter.raised_on) < cutoff)
                & matter.household.in_(_of_village(self.village))
            )
        if counting:  # the (status, raised_on) index
            return query.where(live(matter) & matter.status.in_(OPEN_STATUSES) & (matter.raised_on < cutoff))
        # a page walks the raised_on index from the oldest matter
        return query.where(
            live(matter) & plain(matter.status).in_(OPEN_STATUSES) & (matter.raised_on < cutoff)
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            HouseholdMatter.select(
                HouseholdMatter.id,
                HouseholdMatter.household,
                HouseholdMatter.raised_on,
                HouseholdMatter.content,
                HouseholdMatter.status,
                HouseholdMatter.responsible,
                Household.head_name.alias("head"),
                Village.name.alias("village"),
            )
            .join(Household, on=(HouseholdMatter.household == Household.id))
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Household.village == Village.id))
            .dicts()
        )

    def filtered(self, state: ListState) -> peewee.ModelSelect:
        query = self._stale(self.scope(self.base_query()), counting=False)
        return self.apply_search(query, state.search) if state.search.strip() else query

    def count(self, state: ListState) -> int:
        query = self._stale(HouseholdMatter.select(peewee.fn.COUNT(peewee.SQL("*"))), counting=True)
        if state.search.strip():
            query = self.apply_search(
                query.join(Household, on=(HouseholdMatter.household == Household.id)), state.search
            )
        return int(query.scalar() or 0)

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        text = clean_text(text)
        return query.where(
            (peewee.fn.instr(Household.head_name, text) > 0)
            | (peewee.fn.instr(HouseholdMatter.content, text) > 0)
            | (peewee.fn.instr(HouseholdMatter.responsible, text) > 0)
        )

    def to_row(self, record: Any) -> Row:
        raised = _as_date(record["raised_on"])
        return {
            "id": record["id"],
            "household_id": record["household"],
            "raised_on": raised,
            "head": record["head"],
            "village": record["village"] or "",
            "content": record["content"],
            "status": record["status"],
            "responsible": record["responsible"],
            "days": _days_since(raised, clock.today()),
        }


def overdue_counts() -> dict[str, int]:
    """How many pairings are overdue for a visit and how many matters are open too long (the 首页's line;
    the same numbers as OverduePairingListing and StaleMatterListing count).

    Counted from the indexes alone: the rows in range, less those of them in the recycle bin (found through
    the deleted_at index: few). Checking each row's deleted_at instead reads every row from the file, 60 ms
    on a county file when the window has just opened it."""
    pairing, matter = HouseholdPairing, HouseholdMatter
    cutoff, stale = overdue_cutoff(), stale_cutoff()

    def count(query: peewee.ModelSelect) -> int:
        return int(query.scalar() or 0)

    def binned(model: Any) -> peewee.Expression:
        # deleted_at IS NOT NULL written as a range (every value, of any type, is ≥ −∞; NULL is not), which
        # the planner serves from the deleted_at index; it reads IS NOT NULL as "most rows" and scans.
        return model.deleted_at >= peewee.SQL("-9e999")

    visited = pairing.ended_on.is_null() & (
        pairing.last_visit_on < cutoff
    )  # the (ended_on, last_visit_on) index
    visited_binned = (
        plain(pairing.ended_on).is_null() & (plain(pairing.last_visit_on) < cutoff) & binned(pairing)
    )
    never = (  # never visited: few rows, read one by one
        pairing.ended_on.is_null()
        & pairing.last_visit_on.is_null()
        & live(pairing)
        & (pairing.started_on.is_null() | (pairing.started_on < cutoff))
    )
    open_long = matter.status.in_(OPEN_STATUSES) & (matter.raised_on < stale)  # the (status, raised_on) index
    open_binned = plain(matter.status).in_(OPEN_STATUSES) & (plain(matter.raised_on) < stale) & binned(matter)
    rows = peewee.fn.COUNT(peewee.SQL("*"))
    return {
        "pairings": count(pairing.select(rows).where(visited))
        - count(pairing.select(rows).where(visited_binned))
        + count(pairing.select(rows).where(never)),
        "matters": count(matter.select(rows).where(open_long))
        - count(matter.select(rows).where(open_binned)),
    }
