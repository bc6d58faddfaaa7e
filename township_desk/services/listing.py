"""A list of records read from SQL a page at a time: columns, search, filters and sorting in SQL."""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import peewee

from township_desk.services.normalize import format_month

Row = dict[str, Any]
ALL = "全部"
ORIGIN = "origin_township"  # every row's source township (models/base.py)
ARRIVED = "_last_arrived"  # a county row's 最近报送 (services.county_view), read beside its township


@dataclass(frozen=True)
class Column:
    """A column of a list: key into the row dict, Chinese label, the SQL to sort by."""

    key: str
    label: str
    sort: Any = None  # a peewee expression; None makes the column unsortable
    align: str = "left"
    width: int = 90  # pixels, a hint for the table view
    format: str = ""  # "month" shows a date as 1975.03; "percent", "decimal", "decimal2": see display()


@dataclass(frozen=True)
class Filter:
    """A drop-down filter: its choices come from the database; ALL means no filtering."""

    key: str
    label: str
    choices: Callable[[], Sequence[str]]
    where: Callable[[str], Any] | None = None  # the SQL condition for a chosen value (no apply_filter branch)


@dataclass
class ListState:
    """What the user has asked to see."""

    search: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort_key: str | None = None
    descending: bool = False

    def active_filters(self) -> dict[str, str]:
        return {k: v for k, v in self.filters.items() if v and v != ALL}


class Listing(ABC):
    """A subject's list. Subclasses give columns, filters, the base query and how a row reads."""

    title: str = ""
    columns: Sequence[Column] = ()
    filters: Sequence[Filter] = ()
    default_sort: Sequence[Any] = ()
    row_numbers: bool = True  # the table numbers its rows (False: the list has a number column, 排名)
    # County mode (a merged county database): None on a township's own file; "" lists every township with a
    # 乡镇 column; a name lists that township only. Set with set_county.
    county_township: str | None = None

    @abstractmethod
    def base_query(self) -> peewee.ModelSelect:
        """Every record of the list, with the fields that to_row needs."""

    @abstractmethod
    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        """Narrow the query to what a typed search text finds."""

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        """A declared filter's condition; subclasses branch only for what a condition cannot say."""
        for spec in self.filters:
            if spec.key == key and spec.where is not None:
                return query.where(spec.where(value))
        raise KeyError(key)

    @abstractmethod
    def to_row(self, record: Any) -> Row:
        """A plain dict with 'id' and one value per column key."""

    # ---- county mode: something every list knows
    def set_county(self, county: bool, township: str = "") -> None:
        """On a county database every list shows a 乡镇 column and can be narrowed to one township; off again on
        a township's own file. A list not over one of our models stays as it is."""
        own = self.__dict__.get("_own_columns", self.columns)
        self._own_columns = own
        field = self.origin_field() if county else None
        self.county_township = township if field is not None else None
        if field is None:
            self.columns = own
            return
        updated = getattr(field.model, "updated_at", None)
        self.columns = (
            *own,
            Column(ORIGIN, "乡镇", field, width=90),
            Column(ARRIVED, "最近报送", updated, width=150),
        )

    def origin_field(self) -> Any:
        """The origin_township field of the list's main model, or None."""
        try:
            return getattr(self.base_query().model, ORIGIN)
        except Exception:  # noqa: BLE001 - a list over something else
            return None

    def scope(self, query: peewee.ModelSelect, counting: bool = False) -> peewee.ModelSelect:
        """County mode: read each row's township, keep the chosen township's rows only."""
        if self.county_township is None:
            return query
        field = self.origin_field()
        if not counting:
            from township_desk.services.county_view import arrivals

            self._arrivals = arrivals()  # the merge log is small: read with every list query
            query = query.select_extend(field.alias(ORIGIN), field.model.updated_at.alias(ARRIVED))
        return query.where(field == self.county_township) if self.county_township else query

    def row(self, record: Any) -> Row:
        """to_row, plus the township in county mode."""
        return self.with_origin(self.to_row(record), record)

    def with_origin(self, row: Row, record: Any) -> Row:
        if self.county_township is not None:
            value = record.get(ORIGIN) if isinstance(record, dict) else getattr(record, ORIGIN, None)
            row[ORIGIN] = value or ""
            # 最近报送: when the file that brought this version of the row was merged (services.county_view)
            edited = record.get(ARRIVED) if isinstance(record, dict) else getattr(record, ARRIVED, None)
            found = self.__dict__.get("_arrivals")
            row[ARRIVED] = found.of(value, edited) if found is not None else ""
        return row

    def filtered(self, state: ListState) -> peewee.ModelSelect:
        query = self.scope(self.base_query())
        text = state.search.strip()
        if text:
            query = self.apply_search(query, text)
        for key, value in state.active_filters().items():
            query = self.apply_filter(query, key, value)
        return query

    def count(self, state: ListState) -> int:
        return int(self.filtered(state).order_by().count())

    def ordered(self, state: ListState) -> peewee.ModelSelect:
        query = self.filtered(state)
        order: list[Any] = []
        column = self.column(state.sort_key) if state.sort_key else None
        if column is not None and column.sort is not None:
            order.append(column.sort.desc() if state.descending else column.sort.asc())
        order.extend(self.default_sort)
        # Last, the row's id: rows equal in every sort key keep one order, so that the first page (read with
        # its total) and the pages after it (read by offset) neither repeat nor skip a row.
        primary_key = getattr(getattr(query, "model", None), "_meta", None)
        if primary_key is not None and primary_key.primary_key is not None:
            order.append(primary_key.primary_key)
        return query.order_by(*order)

    def fetch(self, state: ListState, offset: int, limit: int) -> list[Row]:
        return self.rows_of(list(self.ordered(state).offset(offset).limit(limit)))

    def rows_of(self, records: list[Any]) -> list[Row]:
        """A page of records as rows. A listing that reads more for a page at once (counts, scores) overrides
        this, not fetch, so that its first page still comes with the total in one query."""
        return [self.row(record) for record in records]

    def first_page(self, state: ListState, limit: int) -> tuple[int, list[Row]]:
        """The total and the first rows, in one query (COUNT(*) OVER ()) where the listing counts the
        plain way: a search keystroke then costs one scan instead of two."""
        if type(self).count is not Listing.count or type(self).fetch is not Listing.fetch:
            return self.count(state), self.fetch(state, 0, limit)  # the listing counts or reads its own way
        total_column = peewee.fn.COUNT(peewee.SQL("*")).over().alias("_total")
        query = self.ordered(state).select_extend(total_column).limit(limit)
        records = list(query)
        if not records:
            return 0, []
        first = records[0]
        total = first["_total"] if isinstance(first, dict) else first._total
        return int(total), self.rows_of(records)

    def iter_rows(self, state: ListState, batch: int = 2000) -> Iterator[Row]:
        """All rows in order (for export and printing): one query read through one cursor, a batch of records
        at a time through rows_of; or, for a listing that fetches its own way, its fetch a batch at a time."""
        if type(self).fetch is Listing.fetch:
            records = self.ordered(state).iterator()
            while chunk := list(itertools.islice(records, batch)):
                yield from self.rows_of(chunk)
            return
        offset = 0
        while True:
            rows = self.fetch(state, offset, batch)
            yield from rows
            if len(rows) < batch:
                return
            offset += batch

    def column(self, key: str | None) -> Column | None:
        for column in self.columns:
            if column.key == key:
                return column
        return None


# One number format per column (issue 22: "84%" beside "84.6%", "69" beside "65.90"): a column declares its
# format and every cell of it is written the same way, whatever the row holds (a number or its text).
NUMBER_FORMATS = {"percent": "{:.1f}%", "decimal": "{:.1f}", "decimal2": "{:.2f}"}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().removesuffix("%").removesuffix("％").strip()
    try:
        return float(text)
    except ValueError:
        return None


def display(value: Any, format: str = "") -> str:
    """A row value as the table shows it."""
    if value is None:
        return ""
    pattern = NUMBER_FORMATS.get(format)
    if pattern is not None:
        number = _number(value)
        return str(value) if number is None else pattern.format(number)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return format_month(value) if format == "month" else value.isoformat()
    return str(value)


def in_listed_order(expr: Any, labels: Sequence[str]) -> Any:
    """An SQL expression that orders values as a vocabulary lists them (unknown values last)."""
    return peewee.Case(expr, [(label, index) for index, label in enumerate(labels)], len(labels))


def distinct_values(query: peewee.ModelSelect) -> list[str]:
    """The non-empty values of a one-column query, as strings."""
    return [str(v) for (v,) in query.tuples() if v]
