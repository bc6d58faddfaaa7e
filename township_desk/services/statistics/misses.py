"""The villages (or, in a county file, the villages of the townships) that miss a target: a list to filter."""

from __future__ import annotations

from typing import Any

import peewee

from township_desk.models.people import Village
from township_desk.services.listing import Column, Filter, Listing, Row
from township_desk.services.statistics.report import Report


class MissListing(Listing):
    """Villages missing at least one target of the last computed report; the filter picks one target."""

    title = "未达标"
    columns = (
        Column("name", "村(社区)", Village.sort_order, width=120),
        Column("kind", "类型", Village.kind, align="center", width=50),
        Column("missed", "未达标指标", None, width=420),
    )
    default_sort = (Village.sort_order, Village.name)

    def __init__(self) -> None:
        self.by_target: dict[str, tuple[str, ...]] = {}  # target label → units missing it
        self.county = False
        self.filters = (Filter("target", "未达标指标", lambda: [k for k, v in self.by_target.items() if v]),)

    def use(self, report: Report) -> None:
        self.by_target = {t.label: t.misses for t in report.targets}
        self.county = report.scope.county

    def _unit(self) -> Any:
        return Village.origin_township if self.county else Village.name

    def _missing(self, units: set[str]) -> peewee.Expression:
        return self._unit().in_(sorted(units))

    def base_query(self) -> peewee.ModelSelect:
        every = {unit for units in self.by_target.values() for unit in units}
        return (
            Village.live(Village.id, Village.name, Village.kind, Village.origin_township)
            .where(self._missing(every))
            .dicts()
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(Village.name.contains(text))

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "target":
            return query.where(self._missing(set(self.by_target.get(value, ()))))
        return super().apply_filter(query, key, value)

    def to_row(self, record: Any) -> Row:
        unit = record["origin_township"] if self.county else record["name"]
        missed = [label for label, units in self.by_target.items() if unit in units]
        return {
            "id": record["id"],
            "name": record["name"],
            "kind": record["kind"],
            "missed": "、".join(missed),
        }
