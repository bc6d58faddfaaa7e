"""The 换届 tab's list: every recorded election with its village, committee, term and how many were elected."""

from __future__ import annotations

from typing import Any

import peewee

from township_desk.models.elections import Election, ElectionResult
from township_desk.models.people import Village
from township_desk.services.elections.terms import COMMITTEES
from township_desk.services.listing import Column, Filter, Listing, Row, distinct_values
from township_desk.services.people import village_names


def _years() -> list[str]:
    years = distinct_values(
        Election.live(Election.held_on.year).distinct().order_by(Election.held_on.year.desc())
    )
    return [f"{y}年" for y in years]


class ElectionListing(Listing):
    title = "换届选举"
    columns = (
        Column("held_on", "选举日期", Election.held_on, align="center", width=90),
        Column("village", "村(社区)", Village.sort_order, width=110),
        Column("committee", "组织", Election.committee, width=90),
        Column("term", "届次", Election.term_number, align="center", width=60),
        Column("method", "选举方式", Election.method, width=90),
        Column("term_ends_on", "任期届满", Election.term_ends_on, align="center", width=90),
        Column("elected", "当选人数", None, align="center", width=70),
        Column("from_reserve", "其中后备干部", None, align="center", width=90),
    )
    filters = (
        Filter("village", "村(社区)", village_names),
        Filter("committee", "组织", lambda: list(COMMITTEES)),
        Filter("year", "年度", _years),
    )
    default_sort = (Election.held_on.desc(), Village.sort_order, Election.committee)

    def base_query(self) -> peewee.ModelSelect:
        elected = ElectionResult.select(peewee.fn.COUNT(ElectionResult.id)).where(
            (ElectionResult.election == Election.id) & ElectionResult.deleted_at.is_null()
        )
        from_reserve = elected.where(ElectionResult.from_reserve == True)  # noqa: E712
        return (
            Election.select(
                Election,
                Village.name.alias("village_name"),
                elected.alias("elected"),
                from_reserve.alias("reserve_count"),
            )
            .join(Village, on=(Election.village == Village.id))
            .where(Election.deleted_at.is_null())
            .objects()
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(
            Village.name.contains(text) | Election.committee.contains(text) | Election.method.contains(text)
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "village":
            return query.where(Village.name == value)
        if key == "committee":
            return query.where(Election.committee == value)
        if key == "year":
            return query.where(Election.held_on.year == int(value.rstrip("年")))
        raise KeyError(key)

    def to_row(self, record: Any) -> Row:
        return {
            "id": record.id,
            "held_on": record.held_on,
            "village": record.village_name,
            "committee": record.committee,
            "term": f"第{record.term_number}届" if record.term_number else "",
            "method": record.method,
            "term_ends_on": record.term_ends_on,
            "elected": record.elected,
            "from_reserve": record.reserve_count or "",
        }
