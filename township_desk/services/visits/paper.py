"""The visit ledger, the visit export and the 五个到户登记表 of one household."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.households import (
    Household,
    HouseholdPairing,
    HouseholdVisit,
    HouseholdVisitor,
)
from township_desk.models.people import Person, Village
from township_desk.services import vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.households import (
    find_person,
    live,
)
from township_desk.services.listing import Row
from township_desk.services.normalize import clean_text
from township_desk.services.people import village_names
from township_desk.services.prefetch import prefetched
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context
from township_desk.services.visits.records import (
    DONE,
    _as_date,
    _companion_names,
    _visit_matters,
    item_key,
    item_labels,
    matter_rows,
    visit_rows,
    visitors_text,
)

# ---------------------------------------------------------------- the visit ledger and the visit export


@dataclass(frozen=True)
class LedgerQuery:
    """Which visits a ledger or export covers: a village, a member (a person id), a date range."""

    village: str | None = None
    member_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def for_member(cls, member: str | None, **fields: Any) -> LedgerQuery:
        """A query naming its member by name or ID number (refused when ambiguous or unknown)."""
        member_id = str(find_person(member, members_only=True).id) if member and member.strip() else None
        return cls(member_id=member_id, **fields)

    def member_name(self) -> str:
        if not self.member_id:
            return ""
        person = Person.get_or_none(Person.id == self.member_id)
        return str(person.name) if person is not None else ""

    def describe(self) -> dict[str, str]:
        period = "全部"
        if self.date_from or self.date_to:
            start = (
                f"{self.date_from.year}年{self.date_from.month}月{self.date_from.day}日"
                if self.date_from
                else "…"
            )
            end = f"{self.date_to.year}年{self.date_to.month}月{self.date_to.day}日" if self.date_to else "…"
            period = f"{start}至{end}"
        return {"village": self.village or "全部", "member": self.member_name() or "全部", "period": period}


def _ledger_select(ledger: LedgerQuery) -> peewee.ModelSelect:
    if ledger.village and ledger.village not in village_names():
        raise ValidationError("village", f"没有名为“{ledger.village}”的村(社区)。")
    if ledger.date_from and ledger.date_to and ledger.date_to < ledger.date_from:
        raise ValidationError("date_to", "结束日期早于开始日期。")
    visitor = Person.alias("lv")
    query = (
        HouseholdVisit.select(
            HouseholdVisit.id,
            HouseholdVisit.visited_on,
            HouseholdVisit.form,
            HouseholdVisit.items,
            HouseholdVisit.situation,
            HouseholdVisit.other_visitors,
            visitor.name.alias("visitor"),
            _companion_names().alias("companions"),
            _visit_matters().alias("matters"),
            Household.head_name.alias("head"),
            Household.head_id_number.alias("head_id_number"),
            Household.group_name.alias("group"),
            Household.category,
            Village.name.alias("village"),
        )
        .join(visitor, on=(HouseholdVisit.visitor == visitor.id))
        .switch(HouseholdVisit)
        .join(Household, on=(HouseholdVisit.household == Household.id))
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(Household.village == Village.id))
        .where(live(HouseholdVisit) & live(Household))
    )
    if ledger.village:
        query = query.where(
            Household.village.in_(Village.select(Village.id).where(Village.name == ledger.village))
        )
    if ledger.member_id:
        along = HouseholdVisitor.select(HouseholdVisitor.visit).where(
            (HouseholdVisitor.person == ledger.member_id) & HouseholdVisitor.deleted_at.is_null()
        )
        query = query.where((HouseholdVisit.visitor == ledger.member_id) | HouseholdVisit.id.in_(along))
    if ledger.date_from:
        query = query.where(HouseholdVisit.visited_on >= ledger.date_from)
    if ledger.date_to:
        query = query.where(HouseholdVisit.visited_on <= ledger.date_to)
    # "+visited_on": not walked along the date index, which visits the households in random order (9.7 s of
    # SQLite's time for the county's 317k visits); households scanned in turn and one sort take 2 s.
    return query.order_by(
        peewee.NodeList((peewee.SQL("+"), HouseholdVisit.visited_on), glue=""),
        Household.village_order,
        peewee.Cast(Household.group_name, "INTEGER"),
        Household.head_pinyin,
    ).dicts()


def _ledger_row(record: Mapping[str, Any]) -> Row:
    return {
        "id": record["id"],
        "visited_on": _as_date(record["visited_on"]),
        "village": record["village"] or "",
        "group": record["group"],
        "head": record["head"],
        "head_id_number": record["head_id_number"],
        "category": record["category"],
        "visitors": visitors_text(record["visitor"], record["companions"], record["other_visitors"]),
        "visitor": record["visitor"],
        "companions": record["companions"] or "",
        "other_visitors": record["other_visitors"],
        "form": record["form"],
        "items": item_labels(record["items"], short=True),
        "items_full": item_labels(record["items"]),
        "situation": record["situation"],
        "matters": record["matters"] or "",
    }


def ledger_rows(ledger: LedgerQuery) -> Iterator[Row]:
    """The visits a ledger covers, oldest first, through one cursor."""
    for record in _ledger_select(ledger).iterator():
        yield _ledger_row(record)


def ledger_count(ledger: LedgerQuery) -> int:
    return int(_ledger_select(ledger).order_by().count())


def print_visit_ledger(out: Path, ledger: LedgerQuery, progress: Progress = no_progress) -> Path:
    """The 走访台账 PDF (per village, per member, for a date range)."""
    from township_desk.reports.table import render_table_stream

    context = report_context(**ledger.describe())
    count = ledger_count(ledger)  # read through one cursor and printed a page at a time: any length
    return render_table_stream("visit_ledger", ledger_rows(ledger), count, out, context, progress=progress)


VISIT_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("visited_on", "走访日期"),
    ("village", "村(社区)"),
    ("group", "村民小组"),
    ("head", "户主"),
    ("head_id_number", "户主身份证号"),
    ("category", "户类型"),
    ("visitor", "走访人"),
    ("companions", "同行党员"),
    ("other_visitors", "其他人员"),
    ("form", "走访方式"),
    ("items_full", "五个到户"),
    ("situation", "走访情况"),
    ("matters", "反映诉求"),
)


def export_rows(ledger: LedgerQuery) -> Iterator[tuple[Any, ...]]:
    """The visits of the export as tuples in VISIT_EXPORT_COLUMNS' order, through one plain cursor.

    A county exports ~318,000 visits: rows are built from the cursor's tuples (no dict per row, no peewee
    row conversion), the labels of the five items looked up once per combination, and SQLite reads ahead
    in a helper thread (services.prefetch)."""
    sql, params = _ledger_select(ledger).sql()
    cursor = database.execute_sql(sql, params)
    at = {column[0]: index for index, column in enumerate(cursor.description)}
    when, items, village, group, head = (at[k] for k in ("visited_on", "items", "village", "group", "head"))
    head_id, category, visitor, companions = (
        at[k] for k in ("head_id_number", "category", "visitor", "companions")
    )
    others, form, situation, matters = (at[k] for k in ("other_visitors", "form", "situation", "matters"))
    labels: dict[int, str] = {}
    day = _as_date
    for record in prefetched(cursor):  # SQLite reads ahead on another core while the writer writes
        bits = record[items] or 0
        text = labels.get(bits)
        if text is None:
            text = labels[bits] = item_labels(bits)
        yield (
            day(record[when]),
            record[village] or "",
            record[group],
            record[head],
            record[head_id],
            record[category],
            record[visitor],
            record[companions],
            record[others],
            record[form],
            text,
            record[situation],
            record[matters],
        )


def export_visits(path: Path, progress: Progress = no_progress, ledger: LedgerQuery | None = None) -> int:
    """Write every visit (or those a ledger query covers) to a workbook; returns the row count."""
    ledger = ledger or LedgerQuery()
    return write_workbook(
        path, "走访记录", VISIT_EXPORT_COLUMNS, export_rows(ledger), ledger_count(ledger), progress
    )


# ---------------------------------------------------------------- the 五个到户登记表 of one household


def find_household(head: str, village: str | None = None) -> Household:
    """The one live household whose head has this name (or ID number); refuses ambiguous names."""
    text = clean_text(head)
    if not text:
        raise ValidationError("head", "请填写户主姓名或身份证号。")
    query = Household.live()
    if any(ch.isdigit() for ch in text):
        query = query.where(Household.head_id_number == text.upper())
    else:
        query = query.where(Household.head_name == text)
    if village:
        query = query.where(Household.village.in_(Village.select(Village.id).where(Village.name == village)))
    found = list(query.limit(20))
    if not found:
        raise ValidationError("head", f"没有户主为“{text}”的联系户。")
    if len(found) > 1:
        names = "；".join(f"{h.describe()} 身份证尾号{(h.head_id_number or '????')[-4:]}" for h in found[:8])
        raise ValidationError(
            "head", f"有 {len(found)} 户户主名为“{text}”：{names}。请加 --village 或改用身份证号。"
        )
    return found[0]


def household_card(household_id: str) -> dict[str, Any]:
    """The values of a household's 五个到户登记表: the household, its members and what each visit served."""
    household = Household.get_by_id(household_id)
    pairings = (
        HouseholdPairing.select(HouseholdPairing, Person)
        .join(Person, on=(HouseholdPairing.member == Person.id))
        .where((HouseholdPairing.household == household_id) & HouseholdPairing.deleted_at.is_null())
        .order_by(HouseholdPairing.started_on)
    )
    paired = []
    for p in pairings:
        since = f"{p.started_on.year}.{p.started_on.month:02d}起" if p.started_on else ""
        until = f"至{p.ended_on.year}.{p.ended_on.month:02d}" if p.ended_on else ""
        phone = f" {p.member.phone}" if p.member.phone else ""
        paired.append(f"{p.member.name}{phone}（{since}{until or '至今'}）")
    visits = list(reversed(visit_rows(household_id)))
    values: dict[str, Any] = {
        "head": household.head.name,
        "id_number": household.head.id_number or "",
        "village": (household.village.name if household.village_id else "") + household.group_name,
        "phone": household.head.phone,
        "address": household.address,
        "member_count": f"{household.member_count}人" if household.member_count else "",
        "category": household.category,
        "members": household.members,
        "members_paired": "；".join(paired),
        "notes": household.notes,
    }
    for entry in vocab.FIVE_ITEMS:
        bit = int(entry.code)
        served = [v for v in visits if entry.label in v["items_full"].split("、")]
        if bit == 1:  # 党员联系到户: who keeps in touch and when, in one paragraph
            contacts = "；".join(f"{v['visited_on']:%Y.%m.%d} {v['visitors']}（{v['form']}）" for v in served)
            values[item_key(bit)] = f"共联系 {len(served)} 次：{contacts}。" if served else ""
        else:
            values[item_key(bit)] = "\n".join(
                f"{v['visited_on']:%Y.%m.%d} {v['visitors']}（{v['form']}）：{v['situation']}" for v in served
            )
    matters = sorted(matter_rows(household_id), key=lambda m: m["raised_on"])
    values["matters"] = "\n".join(
        f"{m['raised_on']:%Y.%m.%d} {m['content']}（{m['status']}"
        + (
            f"，{m['resolved_on']:%Y.%m.%d}办结：{m['resolution']}"
            if m["status"] == DONE and m["resolved_on"]
            else ""
        )
        + (f"，责任人：{m['responsible']}" if m["responsible"] and m["status"] != DONE else "")
        + "）"
        for m in matters
    )
    return values


def print_household_card(out: Path, household_id: str) -> Path:
    from township_desk.reports.form import render_form

    household = Household.get_by_id(household_id)
    village = household.village.name if household.village_id else ""
    return render_form("household_card", household_card(household_id), out, report_context(village=village))
